# Runs inside "unshare -mn": a private network namespace with only lo, and
# a private mount namespace, so /etc/resolv.conf and /etc/hosts can be
# replaced by bind mounts.  A dnsmasq on 127.0.0.1 serves the test zone
# (*.test).  Nothing here can reach the machine's network or its DNS.
set -u
TOP=${TOP:?}
NS=$(mktemp -d /tmp/sockerr-ns.XXXXXX)
export NS

ip link set lo up
sysctl -qw net.ipv4.tcp_syn_retries=1	# a kernel ETIMEDOUT in ~3 s
ip route add unreachable 10.9.1.0/24
ip route add prohibit 10.9.2.0/24
ip route add blackhole 10.9.3.0/24

printf 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n' >"$NS/resolv.conf"
printf '127.0.0.1 localhost\n::1 localhost6\n' >"$NS/hosts"
printf 'hosts: files dns\nservices: files\nprotocols: files\n' >"$NS/nsswitch.conf"
mount --bind "$NS/resolv.conf" /etc/resolv.conf
mount --bind "$NS/hosts" /etc/hosts
mount --bind "$NS/nsswitch.conf" /etc/nsswitch.conf

# The zone: web.test and friends, a TXT-only name, one PTR record; every
# other name under .test and every other reverse name is NXDOMAIN.
dnsmasq --keep-in-foreground --conf-file=/dev/null --no-resolv --no-hosts \
	--user=root --listen-address=127.0.0.1 --bind-interfaces \
	--local=/test/ --local=/in-addr.arpa/ --local=/ip6.arpa/ \
	--host-record=web.test,127.0.0.1 --host-record=v6.test,::1 \
	--host-record=dual.test,127.0.0.1,::1 \
	--txt-record=txtonly.test,only-text \
	--ptr-record=9.0.0.127.in-addr.arpa,host9.test \
	--pid-file="$NS/dnsmasq.pid" --log-facility="$NS/dnsmasq.log" &
DNSMASQ=$!
trap 'kill $DNSMASQ 2>/dev/null; wait 2>/dev/null; rm -rf "$NS"' EXIT
for ((i = 0; i < 100; i++)); do
	getent hosts web.test >/dev/null && break
	sleep 0.05
done
getent hosts web.test >/dev/null || echo "FAIL ns: setup: dnsmasq does not answer for web.test"

# with_resolv FILE-CONTENT CMD...: runs CMD with another resolv.conf.
with_resolv() {
	local saved
	saved=$(cat "$NS/resolv.conf")
	printf '%b\n' "$1" >"$NS/resolv.conf"
	shift
	"$@"
	printf '%s\n' "$saved" >"$NS/resolv.conf"
}
export -f with_resolv

for script in "$@"; do
	suite=${SUITE_PREFIX:-}$(basename "$script" .sh)
	SUITE=$suite timeout 600 bash "$script" || echo "FAIL $suite: exited with status $?"
done
