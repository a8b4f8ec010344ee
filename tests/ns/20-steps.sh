# Every step and every class: reverse lookups, resolve-only, UDP, data
# exchange, every address, raw socket() arguments.  Each failure is
# compared with what CPython 3 and Python 2.7 print for the same operation.
. "$TOP/tests/lib.sh"

closed=$(free_port)
expect_re() {
	local name=$1 rc=$2 re=$3
	shift 3
	sk "$@"
	if [ "$RC" = "$rc" ] && grep -Eq -- "$re" <<<"$OUT"; then
		pass "$name"
	else
		fail "$name" "exit $RC (want $rc), stdout <$OUT> !~ /$re/"
	fi
}

# -r, --reverse: gethostbyaddr, herror on failure
same "reverse: no PTR record" "reverse 127.0.0.10" -n -r 127.0.0.10
with_resolv 'nameserver 127.0.0.2\noptions timeout:1 attempts:1' \
	same "reverse: no DNS answer" "reverse 127.0.0.10" -n -r 127.0.0.10
py "$PY3" reverse 127.0.0.9
expect "reverse: the PTR name, as Python finds it" 0 "ok 127.0.0.9: 127.0.0.9 (AF_INET, $PYLINE)" -n -r 127.0.0.9
fixture p9 tcp --host 127.0.0.9
expect_re "reverse after connecting" 0 "^ok 127\.0\.0\.9 port $p9: connected in [0-9.]+ ms, name host9\.test$" -r 127.0.0.9 "$p9"
fixture p10 tcp --host 127.0.0.10
same "reverse after connecting: no PTR" "reverse 127.0.0.10" -r 127.0.0.10 "$p10"
sk -f json -r 127.0.0.10 "$p10"
[ "$(jq -r .stage <<<"$OUT")" = reverse ] && pass "reverse failure has stage reverse" || fail "reverse failure has stage reverse" "$OUT"

# -n, --resolve-only
expect "resolve-only: every address, in getaddrinfo's order" 0 "ok dual.test: ::1 (AF_INET6), 127.0.0.1 (AF_INET)" -n dual.test
expect "resolve-only with a port" 0 "ok web.test: 127.0.0.1 (AF_INET)" -n web.test 80
expect "resolve-only -4" 0 "ok dual.test: 127.0.0.1 (AF_INET)" -n -4 dual.test
same "resolve-only: NXDOMAIN" "resolve nx.test" -n nx.test
same "resolve-only: -6 with an IPv4 name" "resolve web.test -6" -n -6 web.test
sk -n -v dual.test
grep -q '^\* resolve dual.test port None (AF_UNSPEC, SOCK_STREAM): 2 addresses, canonical name dual.test (' <<<"$ERR" &&
	pass "resolve-only -v: the lookup, the canonical name and the time on stderr" || fail "resolve-only -v" "$ERR"
expect "resolve-only: a unix target is not connected to" 0 "ok unix:$T/none.sock: unix:$T/none.sock (AF_UNIX)" -n "unix:$T/none.sock"

# -u, --udp
fixture echo udp --echo
fixture silent udp
expect_re "udp: a reply" 0 "^ok 127\.0\.0\.1 port $echo/udp: sent 1 byte, received 1 byte in [0-9.]+ ms: \"\\\\x00\"$" -u 127.0.0.1 "$echo"
expect_re "udp: --send payload echoed, escaped" 0 "received 5 bytes in [0-9.]+ ms: \"ping\\\\n\"$" -u --send='ping\n' 127.0.0.1 "$echo"
same "udp: ICMP port unreachable" "udp 127.0.0.1 $closed -t 1" -u -t 1 127.0.0.1 "$closed"
same "udp: silence is a timeout" "udp 127.0.0.1 $silent -t 0.3" -u -t 0.3 127.0.0.1 "$silent"
start=$(date +%s%N)
sk -u 127.0.0.1 "$silent"
ms=$((($(date +%s%N) - start) / 1000000))
if [ "$RC" = 4 ] && [ $ms -ge 1900 ] && [ $ms -lt 4000 ]; then pass "udp without -t waits 2 s, then socket.timeout"; else fail "udp without -t waits 2 s" "exit $RC after $ms ms"; fi
same "udp: non-blocking recv (-t 0)" "udp 127.0.0.1 $silent -t 0" -u -t 0 127.0.0.1 "$silent"

# --send and --recv after a TCP connect
fixture greet tcp --greet $'SSH-2.0-Test\r\n\e[31m'
expect_re "recv: what the peer says, escaped" 0 "^ok 127\.0\.0\.1 port $greet: connected in [0-9.]+ ms, received 19 bytes in [0-9.]+ ms: \"SSH-2\.0-Test\\\\r\\\\n\\\\x1b\[31m\"$" --recv 127.0.0.1 "$greet"
if LC_ALL=C grep -q $'\e' <<<"$OUT"; then fail "recv: no escape byte reaches the terminal" "$OUT"; else pass "recv: no escape byte reaches the terminal"; fi
fixture long tcp --greet-hex "$(head -c 5000 /dev/zero | tr '\0' a | od -An -v -tx1 | tr -d ' \n')"
expect_re "recv without BYTES reads at most 4096" 0 "received 4096 bytes in" --recv 127.0.0.1 "$long"
expect_re "recv=BYTES reads at most BYTES" 0 "received 3 bytes in [0-9.]+ ms: \"SSH\"$" --recv=3 127.0.0.1 "$greet"
fixture quiet tcp
same "recv past --timeout" "exchange 127.0.0.1 $quiet -t 0.3 --recv 10" -t 0.3 --recv=10 127.0.0.1 "$quiet"
sk -f json -t 0.3 --recv 127.0.0.1 "$quiet"
[ "$(jq -r '.stage + " " + .class' <<<"$OUT")" = "recv socket.timeout" ] && pass "recv timeout has stage recv" || fail "recv timeout has stage recv" "$OUT"
fixture reset tcp --reset
same "recv: the peer resets" "exchange 127.0.0.1 $reset --recv 10" --recv=10 127.0.0.1 "$reset"
# A send that has to wait (small buffers on both sides) while the peer
# sends FIN, then RST: the socket is in CLOSE_WAIT, so the error is EPIPE.
head -c 100000 /dev/zero | tr '\0' A >"$T/big"
saved_wmem=$(sysctl -n net.ipv4.tcp_wmem)
sysctl -qw net.ipv4.tcp_wmem="4096 4096 4096"
fixture finreset tcp --fin-reset --rcvbuf 1024
same "send: the peer closed, then reset" "exchange 127.0.0.1 $finreset --send-file $T/big" --send="$(cat "$T/big")" 127.0.0.1 "$finreset"
sk -f json --send="$(cat "$T/big")" 127.0.0.1 "$finreset"
[ "$(jq -r '.stage + " " + .name' <<<"$OUT")" = "send EPIPE" ] && pass "broken pipe has stage send" || fail "broken pipe has stage send" "$OUT"
sysctl -qw net.ipv4.tcp_wmem="$saved_wmem"
expect_re "send and recv" 0 "sent 4 bytes, received 19 bytes" --send='ping' --recv 127.0.0.1 "$greet"

# -a, --all: every address, one line each
fixture l6 tcp --host ::1
fixture full tcp --backlog-full
sk -a -t 0.3 dual.test "$full"
want=$(printf '::1: socket.error: [Errno 111] Connection refused\n127.0.0.1: socket.timeout: timed out')
[ "$RC" = 4 ] && [ "$OUT" = "$want" ] && pass "all: one line per address, status of the last" || fail "all: one line per address" "exit $RC <$OUT>"
sk -a dual.test "$l6"
if [ "$RC" = 0 ] && grep -q "^::1: ok ::1 port $l6: connected" <<<"$OUT" &&
	grep -q "^127.0.0.1: socket.error: \[Errno 111\]" <<<"$OUT"; then
	pass "all: exit 0 when any address connected"
else
	fail "all: exit 0 when any address connected" "exit $RC <$OUT>"
fi
sk -a -f json dual.test "$l6"
[ "$(jq -c '[.ok, (.attempts | length), .attempts[0].ok, .attempts[1].name]' <<<"$OUT")" = '[true,2,true,"ECONNREFUSED"]' ] &&
	pass "all: JSON attempts array" || fail "all: JSON attempts array" "$OUT"

# --family, --type, --proto: socket() errors
same "socket: family not supported" "socket 999 1 0" --family=999 127.0.0.1 "$closed"
same "socket: protocol not supported" "socket 2 1 17" --proto=udp 127.0.0.1 "$closed"
same "socket: type not supported" "socket 2 5 6" --type=SOCK_SEQPACKET 127.0.0.1 "$closed"
WRAP=(setpriv --bounding-set -net_raw --inh-caps -net_raw)
same "socket: raw without CAP_NET_RAW" "socket 2 3 6" --type=raw 127.0.0.1 "$closed"
WRAP=()
sk -f json --family=999 127.0.0.1 "$closed"
[ "$(jq -r .stage <<<"$OUT")" = socket ] && pass "socket failure has stage socket" || fail "socket failure has stage socket" "$OUT"
# the smallest ulimit -n under which sockerr starts and reaches socket()
for n in 4 5 6 7 8 9 10 11 12; do
	SKWRAP=(bash -c "ulimit -n $n; exec \"\$@\"" _)
	sk 127.0.0.1 "$closed"
	case $OUT in socket.error:*) break ;; esac
done
same "socket: no descriptor left (ulimit -n $n)" "connect 127.0.0.1 $closed --no-fd-left" 127.0.0.1 "$closed"
# one fewer and sockerr cannot set up its event loop: exit 70, one line
SKWRAP=(bash -c "ulimit -n $((n - 1)); exec \"\$@\"" _)
sk 127.0.0.1 "$closed"
[ "$RC" = 70 ] && [ "$ERR" = "sockerr: internal error: Too many open files" ] && [ -z "$OUT" ] &&
	pass "no descriptor for the event loop (ulimit -n $((n - 1))): internal error, exit 70" ||
	fail "no descriptor for the event loop" "exit $RC <$OUT> <$ERR>"
SKWRAP=()

# -v: each step with its time, like curl -v
fixture g9 tcp --host 127.0.0.9 --greet hi
sk -v -s 127.0.0.1 --send=x --recv -r 127.0.0.9 "$g9"
for step in "resolve 127.0.0.9 port $g9" "socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)" "bind 127.0.0.1 port 0" "connect 127.0.0.9 port $g9" "send 1 byte" "recv" "reverse 127.0.0.9: host9.test" "total"; do
	if grep -qF "* $step" <<<"$ERR" && grep -F "* $step" <<<"$ERR" | grep -Eq '\([0-9]+\.[0-9]{3} ms\)$'; then
		pass "-v shows $step with its time"
	else
		fail "-v shows $step with its time" "$ERR"
	fi
done
