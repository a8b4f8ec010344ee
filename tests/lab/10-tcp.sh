# TCP connects through the router: every ICMP reject type, a reset, a
# drop, ARP/ND failure, no route, a prohibit route, a routing loop and a
# dual-stack name whose IPv6 is dropped.  Each against CPython 3 and
# Python 2.7 at the same moment: line, exit status, time.
. "$TOP/tests/lab/lablib.sh"

S4=198.51.100.2
S6=2001:db8:2::2

race "connected" "connect $S4 80" $S4 80
race "connected, IPv6" "connect $S6 80" $S6 80
for spec in 1001:net-unreachable 1002:host-unreachable 1003:prot-unreachable \
	1004:port-unreachable 1005:net-prohibited 1006:host-prohibited 1007:admin-prohibited; do
	race "ICMP ${spec#*:}" "connect $S4 ${spec%%:*}" $S4 "${spec%%:*}"
done
for spec in 1101:no-route 1102:admin-prohibited 1103:addr-unreachable \
	1104:port-unreachable 1105:policy-fail 1106:reject-route; do
	race "ICMPv6 ${spec#*:}" "connect $S6 ${spec%%:*}" $S6 "${spec%%:*}"
done
race "ICMP admin-prohibited, -t 5" "connect $S4 1007 -t 5" -t 5 $S4 1007
race "ICMPv6 admin-prohibited, -t 5" "connect $S6 1102 -t 5" -t 5 $S6 1102
race "TCP reset" "connect $S4 1008" $S4 1008
race "TCP reset, IPv6" "connect $S6 1108" $S6 1108
race "dropped (SYN timeout)" "connect $S4 1009" $S4 1009
race "dropped, -t 1" "connect $S4 1009 -t 1" -t 1 $S4 1009
race "dropped, IPv6, -t 1" "connect $S6 1109 -t 1" -t 1 $S6 1109
# ARP/ND: the neighbour entry is shared, and Python starts later than
# sockerr (the interpreter's start-up), so it would find an entry half
# way to failing: one by one, each from empty neighbour tables.
flush_neigh() {
	local n
	for n in "$LAB_C1" "$LAB_C2" "$LAB_C3" "$LAB_C4" "$LAB_R"; do
		ip netns exec "$n" ip neigh flush all 2>/dev/null
	done
}
LAB_SERIAL=1 LAB_BEFORE=flush_neigh race "ARP failure on the client's LAN" "connect 192.0.2.99 80" 192.0.2.99 80
LAB_SERIAL=1 LAB_BEFORE=flush_neigh race "ND failure on the client's LAN" "connect 2001:db8:1::99 80" 2001:db8:1::99 80
LAB_SERIAL=1 LAB_BEFORE=flush_neigh race "ARP failure at the router" "connect 198.51.100.99 80" 198.51.100.99 80
race "no route at the router" "connect 203.0.113.70 80" 203.0.113.70 80
race "no route at the router, IPv6" "connect 2001:db8:3:3::1 80" 2001:db8:3:3::1 80
race "no route at the client" "connect 203.0.113.200 80" 203.0.113.200 80
race "no route at the client, IPv6" "connect 2001:db8:4::1 80" 2001:db8:4::1 80
race "prohibit route at the router" "connect 203.0.113.33 80" 203.0.113.33 80
race "prohibit route at the router, IPv6" "connect 2001:db8:3:2::1 80" 2001:db8:3:2::1 80
# A loop's 64 hops run in the softirq of the connect() that sent the SYN,
# so its ICMP mostly meets the first SYN while the socket is still locked
# (held back to the next SYN, as for every REJECT here) -- but when the
# hops outrun the softirq budget the ICMP comes late, and Python itself
# fails at once: chance, seen alone too.  The line is compared, not the time.
LAB_NOTIME=1 race "routing loop (time exceeded)" "connect 203.0.113.1 80" 203.0.113.1 80
LAB_NOTIME=1 race "routing loop, IPv6" "connect 2001:db8:3:1::1 80" 2001:db8:3:1::1 80
race "dual-stack, IPv6 dropped" "connect dual.test 2000" dual.test 2000
race "dual-stack, IPv6 dropped, -t 1" "connect dual.test 2000 -t 1" -t 1 dual.test 2000

# -a: every address tried, in Python's order; the dropped IPv6 one timed
# out, the IPv4 one connected, so the run succeeds.
out=$(ip netns exec "$LAB_C" "$SOCKERR" -a -t 1 -f json dual.test 2000)
rc=$?
json_log <<<"$out"
if [ $rc = 0 ] && jq -e '.ok and (.attempts | length == 2)
	and .attempts[0].address == "2001:db8:2::2" and .attempts[0].name == "timeout"
	and .attempts[1].address == "198.51.100.2" and .attempts[1].ok' >/dev/null <<<"$out"; then
	pass "dual-stack, IPv6 dropped, -a: IPv6 timed out, IPv4 connected"
else
	fail "dual-stack, IPv6 dropped, -a" "exit $rc: $out"
fi
