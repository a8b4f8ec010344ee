# The routed lab: builds network namespaces named for this run,
#   4 clients (192.0.2.2-5, 2001:db8:1::2-5) -- bridge in the router --
#   router -- server (198.51.100.2-8, 2001:db8:2::2)
# runs the scenario scripts given with LAB_C1..LAB_C4/LAB_R/LAB_S naming
# them (LAB_C = LAB_C1), and tears everything down on exit.  Four clients,
# so that sockerr and the two Pythons run side by side from addresses of
# their own: a router rate-limits its ICMP errors per source (ip_error(),
# not tunable in a namespace).  Only documentation addresses, on veths and
# a bridge this script makes; nothing is linked to the machine's interfaces.
set -u
TOP=${TOP:?}
. "$TOP/tests/timing.sh"
ID=$$
export LAB_C1=skc${ID}a LAB_C2=skc${ID}b LAB_C3=skc${ID}c LAB_C4=skc${ID}d
export LAB_C=$LAB_C1 LAB_R=skr$ID LAB_S=sks$ID
CLIENTS=("$LAB_C1" "$LAB_C2" "$LAB_C3" "$LAB_C4")
LAB=$(mktemp -d /tmp/sockerr-lab.XXXXXX)
export LAB
PIDS=()

lab_down() {
	local p n
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
	for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null; done
	for n in "${CLIENTS[@]}" "$LAB_R" "$LAB_S"; do
		ip netns pids "$n" 2>/dev/null | while read -r p; do kill "$p" 2>/dev/null; done
		ip netns del "$n" 2>/dev/null
		rm -rf "/etc/netns/$n"
	done
	rm -rf "$LAB"
}
trap lab_down EXIT
trap 'exit 143' TERM INT HUP

in_c() { ip netns exec "$LAB_C" "$@"; }
in_r() { ip netns exec "$LAB_R" "$@"; }
in_s() { ip netns exec "$LAB_S" "$@"; }

die() { echo "FAIL lab: setup: $*"; exit 1; }

# Each namespace gets its own resolv.conf, hosts and nsswitch.conf: ip netns
# exec bind-mounts /etc/netns/NAME/* over /etc.
for n in "${CLIENTS[@]}" "$LAB_R" "$LAB_S"; do
	ip netns add "$n" || die "ip netns add $n"
	mkdir -p "/etc/netns/$n"
	printf 'nameserver 198.51.100.2\noptions timeout:1 attempts:1\n' >"/etc/netns/$n/resolv.conf"
	printf '127.0.0.1 localhost\n::1 localhost6\n' >"/etc/netns/$n/hosts"
	printf 'hosts: files dns\nservices: files\nprotocols: files\n' >"/etc/netns/$n/nsswitch.conf"
	ip netns exec "$n" ip link set lo up
	# no ICMP rate limit: every scenario gets its error
	ip netns exec "$n" sysctl -qw net.ipv4.icmp_ratelimit=0 net.ipv6.icmp.ratelimit=0 \
		net.ipv4.icmp_msgs_per_sec=100000 net.ipv4.icmp_msgs_burst=100000
done
in_r ip link add br0 type bridge
for k in 0 1 2 3; do
	ip link add c0 netns "${CLIENTS[k]}" type veth peer name "r0$k" netns "$LAB_R" || die "veth c0"
	in_r ip link set "r0$k" master br0 up
done
ip link add s0 netns "$LAB_S" type veth peer name r1 netns "$LAB_R" || die "veth s0"

for n in "${CLIENTS[@]}" "$LAB_R" "$LAB_S"; do
	# no duplicate address detection (addresses usable at once); a
	# neighbour that never answers is given up after 3 x 100 ms
	ip netns exec "$n" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
	for i in c0 br0 r1 s0; do
		ip netns exec "$n" test -e "/proc/sys/net/ipv4/neigh/$i" || continue
		ip netns exec "$n" sysctl -qw "net.ipv4.neigh.$i.retrans_time_ms=100" \
			"net.ipv6.neigh.$i.retrans_time_ms=100" \
			"net.ipv4.neigh.$i.mcast_solicit=3" "net.ipv6.neigh.$i.mcast_solicit=3"
	done
done

# client: its LAN, and routes to the server's net and part of 203.0.113/24
for k in 0 1 2 3; do
	c() { ip netns exec "${CLIENTS[k]}" "$@"; }
	c sysctl -qw net.ipv4.tcp_syn_retries=1	# a SYN timeout in ~3 s
	c ip addr add "192.0.2.$((k + 2))/24" dev c0
	c ip addr add "2001:db8:1::$((k + 2))/64" dev c0 nodad
	c ip link set c0 up
	c ip route add 198.51.100.0/24 via 192.0.2.1
	c ip route add 203.0.113.0/25 via 192.0.2.1
	c ip -6 route add 2001:db8:2::/48 via 2001:db8:1::1
	c ip -6 route add 2001:db8:3::/48 via 2001:db8:1::1
done

# router: forwards, loops 203.0.113.0/27 to the server (which sends it
# back), prohibits 203.0.113.32/27, has no route for 203.0.113.64/26
in_r sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
in_r ip addr add 192.0.2.1/24 dev br0
in_r ip addr add 2001:db8:1::1/64 dev br0 nodad
in_r ip addr add 198.51.100.1/24 dev r1
in_r ip addr add 2001:db8:2::1/64 dev r1 nodad
in_r ip link set br0 up
in_r ip link set r1 up
in_r ip route add 203.0.113.0/27 via 198.51.100.2
in_r ip route add prohibit 203.0.113.32/27
in_r ip -6 route add 2001:db8:3:1::/64 via 2001:db8:2::2
in_r ip -6 route add prohibit 2001:db8:3:2::/64

# server: its addresses (each DNS behaviour has one), back to the router
in_s sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
for i in 2 3 4 5 6 7 8; do in_s ip addr add "198.51.100.$i/24" dev s0; done
in_s ip addr add 2001:db8:2::2/64 dev s0 nodad
in_s ip link set s0 up
in_s ip route add default via 198.51.100.1
in_s ip -6 route add default via 2001:db8:2::1

# The router's firewall: ports 1001-1009 (IPv4) and 1101-1109 (IPv6) are
# each refused one way, TCP and UDP; the server listens on all of them.
in_r nft -f - <<'NFT' || die "nft"
table inet sklab {
	chain forward {
		type filter hook forward priority 0; policy accept;
		ip daddr 198.51.100.2 th dport 1001 reject with icmp type net-unreachable
		ip daddr 198.51.100.2 th dport 1002 reject with icmp type host-unreachable
		ip daddr 198.51.100.2 th dport 1003 reject with icmp type prot-unreachable
		ip daddr 198.51.100.2 th dport 1004 reject with icmp type port-unreachable
		ip daddr 198.51.100.2 th dport 1005 reject with icmp type net-prohibited
		ip daddr 198.51.100.2 th dport 1006 reject with icmp type host-prohibited
		ip daddr 198.51.100.2 th dport 1007 reject with icmp type admin-prohibited
		ip daddr 198.51.100.2 tcp dport 1008 reject with tcp reset
		ip daddr 198.51.100.2 th dport 1009 drop
		ip6 daddr 2001:db8:2::2 th dport 1101 reject with icmpv6 type no-route
		ip6 daddr 2001:db8:2::2 th dport 1102 reject with icmpv6 type admin-prohibited
		ip6 daddr 2001:db8:2::2 th dport 1103 reject with icmpv6 type addr-unreachable
		ip6 daddr 2001:db8:2::2 th dport 1104 reject with icmpv6 type port-unreachable
		ip6 daddr 2001:db8:2::2 th dport 1105 reject with icmpv6 type policy-fail
		ip6 daddr 2001:db8:2::2 th dport 1106 reject with icmpv6 type reject-route
		ip6 daddr 2001:db8:2::2 tcp dport 1108 reject with tcp reset
		ip6 daddr 2001:db8:2::2 th dport 1109 drop
		# dual-stack where IPv6 is dropped
		ip6 daddr 2001:db8:2::2 tcp dport 2000 drop
		# established, then black-holed / then refused by ICMP
		tcp dport 3001 tcp flags & syn == 0 drop
		tcp dport 3002 tcp flags & syn == 0 reject with icmp type admin-prohibited
		# DNS: dropped at .7, refused (port unreachable) at .8, no TCP at .5
		ip daddr 198.51.100.7 udp dport 53 drop
		ip daddr 198.51.100.8 udp dport 53 reject with icmp type port-unreachable
		ip daddr 198.51.100.5 tcp dport 53 reject with tcp reset
	}
}
NFT

# The server's listeners, its zone (dnsmasq) and the bad DNS servers.
ports="80 2000 3000 3001 3002"
for p in $(seq 1001 1009) $(seq 1101 1109); do ports="$ports $p"; done
# shellcheck disable=SC2086
in_s python3 "$TOP/tests/lab/server.py" "$LAB/server.ready" $ports >"$LAB/server.log" 2>&1 &
PIDS+=($!)
in_s dnsmasq --keep-in-foreground --conf-file=/dev/null --no-resolv --no-hosts \
	--user=root --listen-address=198.51.100.2 --bind-interfaces \
	--local=/test/ --local=/in-addr.arpa/ --local=/ip6.arpa/ \
	--host-record=web.test,198.51.100.2 --host-record=v6.test,2001:db8:2::2 \
	--host-record=dual.test,198.51.100.2,2001:db8:2::2 \
	--host-record=loop.test,203.0.113.1 --host-record=xn--bcher-kva.test,198.51.100.2 \
	--txt-record=txtonly.test,only-text \
	--ptr-record=2.100.51.198.in-addr.arpa,web.test \
	--pid-file="$LAB/dnsmasq.pid" --log-facility="$LAB/dnsmasq.log" &
PIDS+=($!)
in_s python3 "$TOP/tests/lab/dnsresp.py" "$LAB/dns.ready" 198.51.100.3=refused \
	198.51.100.4=servfail 198.51.100.5=truncate 198.51.100.6=silent \
	>"$LAB/dnsresp.log" 2>&1 &
PIDS+=($!)

for ((i = 0; i < 100; i++)); do
	[ -s "$LAB/server.ready" ] && [ -s "$LAB/dns.ready" ] &&
		in_c getent hosts web.test >/dev/null && break
	sleep 0.05
done
[ -s "$LAB/server.ready" ] || die "server.py did not start: $(cat "$LAB/server.log")"
[ -s "$LAB/dns.ready" ] || die "dnsresp.py did not start: $(cat "$LAB/dnsresp.log")"
in_c getent hosts web.test >/dev/null || die "dnsmasq does not answer web.test"
# every client reaches the server over IPv4 and IPv6 before the first
# scenario (a fresh IPv6 path can fail its first neighbour discovery)
for n in "${CLIENTS[@]}"; do
	for a in 198.51.100.2 2001:db8:2::2; do
		for ((i = 0; i < 20; i++)); do
			ip netns exec "$n" timeout 1 bash -c "exec 3<>/dev/tcp/$a/80" 2>/dev/null && break
			sleep 0.1
		done
		ip netns exec "$n" timeout 1 bash -c "exec 3<>/dev/tcp/$a/80" 2>/dev/null ||
			die "$n does not reach $a port 80"
	done
done

[ $# -gt 0 ] || { echo "lab up: ${CLIENTS[*]} $LAB_R $LAB_S; Ctrl-D tears it down" >&2; cat >/dev/null; }
for script in "$@"; do
	suite=${SUITE_PREFIX:-}lab/$(basename "$script" .sh)
	SUITE=$suite timed "$suite" timeout 600 bash "$script" || echo "FAIL $suite: exited with status $?"
done
