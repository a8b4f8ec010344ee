#!/usr/bin/env bash
# The differential fuzzer's namespace: run as "unshare -mn bash
# tests/difffuzz/ns.sh [difffuzz.py ARGS...]" (make soak does).  A
# network namespace with only lo, a private mount namespace whose
# resolv.conf, hosts and nsswitch.conf are this run's, a tmpfs for the unix
# sockets and the PKI (under this run's own directory in /tmp, removed at
# the end: nothing is left on the machine), a dnsmasq serving the zone "fuzz" (and a slow server for
# slow.fuzz), the test PKI, the peers (peers.py), then tests/difffuzz.py.
# Nothing here reaches the machine's network or its DNS.
#   ns.sh --sh 'COMMAND': runs COMMAND there instead (to minimise a case).
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
export TOP
PY3=${PY3:-python3}
if [ "$(id -u)" != 0 ] || ip -o link show | grep -qv ': lo:'; then
	echo "difffuzz: run me inside unshare -mn (as root): only lo may be here" >&2
	exit 2
fi
W=$(mktemp -d /tmp/sockerr-fuzz.XXXXXX)
export FUZZ_DIR=$W/run
PIDS=()
cleanup() {
	local p
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	umount "$FUZZ_DIR" 2>/dev/null
	rm -rf "$W"	# (only after the umount: else rm empties the tmpfs only)
}
trap cleanup EXIT

ip link set lo up
sysctl -qw net.ipv4.tcp_syn_retries=1	# a kernel ETIMEDOUT in ~3 s
ip route add unreachable 10.9.1.0/24
ip route add prohibit 10.9.2.0/24
ip route add blackhole 10.9.3.0/24

printf 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n' >"$W/resolv.conf"
printf '127.0.0.1 localhost\n::1 localhost6\n' >"$W/hosts"
printf 'hosts: files dns\nservices: files\nprotocols: files\n' >"$W/nsswitch.conf"
mount --bind "$W/resolv.conf" /etc/resolv.conf
mount --bind "$W/hosts" /etc/hosts
mount --bind "$W/nsswitch.conf" /etc/nsswitch.conf
mkdir -p "$FUZZ_DIR"
mount -t tmpfs -o size=16m tmpfs "$FUZZ_DIR"
mkdir -p "$FUZZ_DIR/u"

# slow.fuzz: tests/dnsd.py on 127.0.0.3, answering after 0.4 s (silent*,
# servfail*, nx*, nodata* as dnsd.py says)
"$PY3" "$TOP/tests/dnsd.py" "$W/dnsd.ready" --address 127.0.0.3 --zone slow.fuzz \
	--delay 0.4 --seconds 86400 >/dev/null 2>&1 &
PIDS+=($!)
# the zone; no cache, so every lookup costs what it costs
dnsmasq --keep-in-foreground --conf-file=/dev/null --no-resolv --no-hosts \
	--user=root --listen-address=127.0.0.1 --bind-interfaces --cache-size=0 \
	--local=/fuzz/ --local=/in-addr.arpa/ --local=/ip6.arpa/ \
	--server=/slow.fuzz/127.0.0.3 \
	--host-record=a.fuzz,127.0.0.1 --host-record=six.fuzz,::1 \
	--host-record=dual.fuzz,127.0.0.1,::1 --host-record=nine.fuzz,127.0.0.9 \
	--host-record=multi.fuzz,127.0.0.2 --host-record=multi.fuzz,127.0.0.1 \
	--host-record=xn--bcher-kva.fuzz,127.0.0.1 --cname=cname.fuzz,a.fuzz \
	--txt-record=txt.fuzz,only-text \
	--pid-file="$W/dnsmasq.pid" --log-facility="$W/dnsmasq.log" &
PIDS+=($!)

# the PKI in the run's directory too (its name has a fixed length, so the
# unix paths of every run are as long; a scenario replayed with --only is
# drawn again with this run's paths)
. "$TOP/tests/tlspki.sh"
export FUZZ_PKI=$FUZZ_DIR/pki
mkdir -p "$FUZZ_PKI"
make_pki "$FUZZ_PKI" || { echo "difffuzz: openssl could not make the test PKI" >&2; exit 2; }

"$PY3" "$TOP/tests/difffuzz/peers.py" "$W/peers.ready" "$FUZZ_DIR/u" "$FUZZ_PKI" 2>"$W/peers.err" &
PIDS+=($!)
for ((i = 0; i < 200; i++)); do
	[ -s "$W/peers.ready" ] && [ -s "$W/dnsd.ready" ] && getent hosts a.fuzz >/dev/null && break
	sleep 0.05
done
if ! [ -s "$W/peers.ready" ] || ! getent hosts a.fuzz >/dev/null; then
	echo "difffuzz: setup failed (peers: $(cat "$W/peers.err"); dns: $(getent hosts a.fuzz))" >&2
	exit 2
fi
export FUZZ_PEERS=$W/peers.ready
if [ "${1:-}" = --sh ]; then	# a command in this namespace (minimising)
	shift
	bash -c "$*"
	exit
fi
"$PY3" "$TOP/tests/difffuzz.py" "$@"
