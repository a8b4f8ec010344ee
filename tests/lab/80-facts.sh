# What Python cannot tell, in JSON and -v (the line stays Python's, as the
# other lab suites check with -v on): the local address, the SYNs sent
# again, the ICMP error and who sent it, and the plain reading.
. "$TOP/tests/lab/lablib.sh"

# json_check NAME JQ-EXPR SOCKERR-ARGS...
json_check() {
	local name=$1 expr=$2 out
	shift 2
	out=$(ip netns exec "$LAB_C" "$SOCKERR" -f json "$@")
	json_log <<<"$out"
	if jq -e "$expr" >/dev/null 2>&1 <<<"$out"; then
		pass "json: $name"
	else
		fail "json: $name" "not ($expr): $out"
	fi
}

# why_check NAME REGEX SOCKERR-ARGS...: the last -v line before "total"
why_check() {
	local name=$1 re=$2 why
	shift 2
	why=$(ip netns exec "$LAB_C" "$SOCKERR" -v "$@" 2>&1 >/dev/null | grep '^\* why: ')
	if grep -Eq -- "$re" <<<"$why"; then
		pass "-v: $name: $why"
	else
		fail "-v: $name" "<$why> does not match /$re/"
	fi
}

S4=198.51.100.2
S6=2001:db8:2::2
json_check "ICMP admin-prohibited: from the router, type 3 code 13" \
	'.icmp.from == "192.0.2.1" and .icmp.type == 3 and .icmp.code == 13 and .icmp.code_text == "administratively prohibited" and .local == "192.0.2.2" and (.local_port > 0)' $S4 1007
json_check "ICMPv6 admin-prohibited: from the router, type 1 code 1" \
	'.icmp.from == "2001:db8:1::1" and .icmp.type == 1 and .icmp.code == 1 and .local == "2001:db8:1::2"' $S6 1102
json_check "ICMP time exceeded from the looping server" \
	'.icmp.from == "198.51.100.2" and .icmp.type == 11' 203.0.113.1 80
json_check "dropped: the SYN sent again, no ICMP" \
	'.retransmits >= 1 and (has("icmp") | not) and .code == 110' $S4 1009
json_check "reset: no retransmission, no ICMP" \
	'.retransmits == 0 and (has("icmp") | not) and .name == "ECONNREFUSED"' $S4 1008
json_check "connected: the local address" '.ok and .local == "192.0.2.2" and .local_port > 0' $S4 80
json_check "-a: local address per attempt" \
	'.attempts[0].local == "2001:db8:1::2" and .attempts[1].local == "192.0.2.2"' -a -t 1 dual.test 2000

why_check "reset" '^\* why: the host answered with a reset: nothing listens on port 1008' $S4 1008
why_check "router REJECT" '^\* why: a router, 192\.0\.2\.1, refused: administratively prohibited' $S4 1007
why_check "router REJECT, IPv6" '^\* why: a router, 2001:db8:1::1, refused: administratively prohibited' $S6 1102
why_check "drop" '^\* why: 3 SYNs went unanswered: a firewall drops them or the host is down' $S4 1009
why_check "drop, -t" '^\* why: no answer before the timeout' -t 0.5 $S4 1009
why_check "no host on the LAN" '^\* why: this host, 192\.0\.2\.2, gave up: nothing answered ARP' 192.0.2.99 80
why_check "routing loop" '^\* why: a router, 198\.51\.100\.2, reported: hop limit exceeded' 203.0.113.1 80
why_check "UDP closed port" '^\* why: port unreachable: nothing listens on UDP port 9' -u $S4 9
why_check "NXDOMAIN" '^\* why: .+' nx.test 80

# Once connected, IP_RECVERR is off again: with it on, an ICMP error to the
# data would end a blocking recv() at once, where Python's waits (for
# minutes, until TCP gives up).  Both are stopped after 1.5 s, still waiting.
ip netns exec "$LAB_C1" timeout 1.5 "$PY3" "$TOP/tests/pyref.py" exchange $S4 3002 --send 6869 --recv 2 >/dev/null 2>&1 &
pypid=$!
ip netns exec "$LAB_C3" timeout 1.5 "$SOCKERR" -v -f python3 --send=hi --recv=2 $S4 3002 >"$T/est.out" 2>&1
skrc=$?
wait $pypid
pyrc=$?
if [ "$pyrc" = 124 ] && [ "$skrc" = 124 ]; then
	pass "established, then ICMP, no -t: recv still waits after 1.5 s, as CPython 3's"
else
	fail "established, then ICMP, no -t" "CPython 3 exit $pyrc, sockerr exit $skrc: $(tail -n 1 "$T/est.out")"
fi
