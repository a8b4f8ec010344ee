# The core scenarios of create_connection(), each compared with CPython 3
# (--format=python3) and Python 2.7 (--format=python): identical lines.
. "$TOP/tests/lib.sh"

closed=$(free_port)

# refused
same "refused IPv4" "connect 127.0.0.1 $closed" 127.0.0.1 "$closed"
same "refused IPv6" "connect ::1 $closed" "[::1]:$closed"
same "refused by name" "connect web.test $closed" web.test "$closed"
same "refused, HOST:PORT" "connect 127.0.0.1 $closed" "127.0.0.1:$closed"
same "refused dual-stack: the last address's error" "connect dual.test $closed" dual.test "$closed"

# timeouts
fixture full tcp --backlog-full
same "timeout (full accept queue)" "connect 127.0.0.1 $full -t 0.5" -t 0.5 127.0.0.1 "$full"
same "non-blocking connect (-t 0)" "connect 127.0.0.1 $full -t 0" --timeout=0 127.0.0.1 "$full"
same "kernel ETIMEDOUT without -t (tcp_syn_retries=1)" "connect 127.0.0.1 $full" 127.0.0.1 "$full"

# resolution
same "NXDOMAIN" "connect nx.test 80" nx.test 80
same "name with only a TXT record" "connect txtonly.test 80" txtonly.test 80
with_resolv 'nameserver 127.0.0.2\noptions timeout:1 attempts:1' \
	same "no DNS server" "connect web.test 80" web.test 80
same "unknown service" "connect 127.0.0.1 nosuchservice" 127.0.0.1 nosuchservice
same "-6 with an IPv4 literal" "connect 127.0.0.1 80 -6" -6 127.0.0.1 80
same "-4 with an IPv6 literal" "connect ::1 80 -4" -4 ::1 80
same "-6 with an IPv4-only name" "connect web.test 80 -6" -6 web.test 80

# routes
same "no route" "connect 10.1.2.3 80" 10.1.2.3 80
same "unreachable route" "connect 10.9.1.1 80" 10.9.1.1 80
same "prohibit route" "connect 10.9.2.1 80" 10.9.2.1 80
same "blackhole route" "connect 10.9.3.1 80" 10.9.3.1 80

# bind
fixture listening tcp
same "bind: address not on this host" "connect 127.0.0.1 $listening -s 10.1.1.1" -s 10.1.1.1 127.0.0.1 "$listening"
same "bind: address in use" "connect 127.0.0.1 $closed -s 127.0.0.1:$listening" -s "127.0.0.1:$listening" 127.0.0.1 "$closed"
same "bind: IPv6 source for an IPv4 target" "connect 127.0.0.1 $closed -s ::1" -s ::1 127.0.0.1 "$closed"
if command -v setpriv >/dev/null; then
	WRAP=(setpriv --bounding-set -net_bind_service)
	same "bind: port 80 without CAP_NET_BIND_SERVICE" "connect 127.0.0.1 $closed -s 127.0.0.1:80" -s 127.0.0.1:80 127.0.0.1 "$closed"
	WRAP=()
else
	skip "bind: port 80 without CAP_NET_BIND_SERVICE" "setpriv is missing"
fi

# unix sockets
U=$T/u
mkdir -p "$U"
fixture s unix "$U/stale.sock" --stale
fixture s unix "$U/dgram.sock" --dgram
fixture s unix "$U/live.sock"
long=$U/$(printf 'x%.0s' $(seq 1 120))
same "unix: no such file" "unix $U/missing.sock" "unix:$U/missing.sock"
same "unix: nobody listening" "unix $U/stale.sock" "unix:$U/stale.sock"
same "unix: a datagram socket" "unix $U/dgram.sock" "unix:$U/dgram.sock"
same "unix: not a directory" "unix /etc/passwd/x.sock" "unix:/etc/passwd/x.sock"
same "unix: path too long" "unix $long" "unix:$long"
same "unix: abstract, nobody listening" "unix @sockerr-test-$$" "unix:@sockerr-test-$$"

# success lines: "ok", the address, the port and the connect time
expect_ok() {
	local name=$1 re=$2
	shift 2
	sk "$@"
	if [ "$RC" = 0 ] && grep -Eq "$re" <<<"$OUT"; then pass "$name"; else fail "$name" "exit $RC, stdout <$OUT>"; fi
}
fixture l6 tcp --host ::1
expect_ok "connected IPv4" "^ok 127\.0\.0\.1 port $listening: connected in [0-9]+\.[0-9]{3} ms$" 127.0.0.1 "$listening"
expect_ok "connected by name" "^ok 127\.0\.0\.1 port $listening: connected in [0-9.]+ ms$" web.test "$listening"
expect_ok "connected IPv6" "^ok ::1 port $l6: connected in [0-9.]+ ms$" "[::1]:$l6"
expect_ok "connected unix" "^ok unix:$U/live.sock: connected in [0-9.]+ ms$" "unix:$U/live.sock"
expect_ok "connected with -s" "^ok 127\.0\.0\.1 port $listening: " -s 127.0.0.1 127.0.0.1 "$listening"
expect "quiet success" 0 "" -q 127.0.0.1 "$listening"
expect "quiet failure" 1 "" -q 127.0.0.1 "$closed"
