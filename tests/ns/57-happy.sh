# --happy-eyeballs on loopback (issue 19), against CPython 3.11's
# asyncio.open_connection(happy_eyeballs_delay=D) at the same moment:
# dual.test is ::1 and 127.0.0.1 here.  ::1 with a full accept queue
# (its SYNs dropped) while 127.0.0.1 answers: IPv4 wins after the delay;
# both refused: asyncio's "Multiple exceptions" line; the option's usage.
# The routed lab (tests/lab/90-dualstack.sh) has the rest.
. "$TOP/tests/lib.sh"
AIO=$TOP/tests/lab/aioref.py

# a port whose ::1 drops SYNs and whose 127.0.0.1 accepts
"$PY3" -c 'import socket, sys, time
a = socket.socket(socket.AF_INET6); a.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
a.bind(("::1", 0)); a.listen(0); port = a.getsockname()[1]
fill = [socket.create_connection(("::1", port))]
for _ in range(3):
    c = socket.socket(socket.AF_INET6); c.setblocking(False)
    try: c.connect(("::1", port))
    except BlockingIOError: pass
    fill.append(c)
b = socket.socket(); b.bind(("127.0.0.1", port)); b.listen(64)
open(sys.argv[1], "w").write("%d\n" % port); time.sleep(120)' "$T/half.ready" &
HALF=$!
cleanup_hook() { kill "$HALF" ${V4ONLY:-} 2>/dev/null; wait 2>/dev/null; }
for ((i = 0; i < 100; i++)); do [ -s "$T/half.ready" ] && break; sleep 0.05; done
half=$(cat "$T/half.ready")
closed=$(free_port)
# a port only 127.0.0.1 listens on: ::1 refuses it
"$PY3" -c 'import socket, sys, time
b = socket.socket(); b.bind(("127.0.0.1", 0)); b.listen(64)
open(sys.argv[1], "w").write("%d\n" % b.getsockname()[1]); time.sleep(120)' "$T/v4.ready" &
V4ONLY=$!
for ((i = 0; i < 100; i++)); do [ -s "$T/v4.ready" ] && break; sleep 0.05; done
v4only=$(cat "$T/v4.ready")

# he NAME DELAY PORT [HOST [TIMEOUT]]: asyncio and sockerr -f python3 at
# once (DELAY "-": --asyncio, without happy_eyeballs_delay; TIMEOUT:
# wait_for's, -t); the winner ("ok ADDRESS") or the line, the status (4
# for a timeout), the time within 0.2 s
he() {
	local name=$1 delay=$2 port=$3 host=${4:-dual.test} p1 l s skargs=()
	if [ "$delay" = - ]; then skargs=(--asyncio); else skargs=(--happy-eyeballs="$delay"); fi
	[ -z "${5:-}" ] || skargs+=(-t "$5")
	skargs+=(${HE_ARGS:-})
	"${HE_PY:-$PY3}" "$AIO" "$T/aio.time" "$host" "$port" "$delay" ${5:+"$5"} >"$T/aio.out" 2>"$T/aio.err" &
	p1=$!
	s=$EPOCHREALTIME
	"$SOCKERR" -f python3 "${skargs[@]}" "$host" "$port" >"$T/sk.out" 2>&1
	echo $? >"$T/sk.rc"
	awk -v a="$s" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.4f\n", b - a }' >"$T/sk.time"
	wait $p1
	l=$(tail -n 1 "$T/aio.out")
	[ -n "$l" ] || l=$(tail -n 1 "$T/aio.err")
	s=$(cat "$T/sk.out")
	case $s in ok\ *) s=${s#ok }; s="ok ${s%% port *}" ;; esac
	if [ "$s" != "$l" ]; then
		fail "$name" "sockerr <$s>, asyncio <$l>"
	elif [ "$(cat "$T/sk.rc")" != "$(case $l in ok*) echo 0 ;; *TimeoutError) echo 4 ;; *) echo 1 ;; esac)" ]; then
		fail "$name" "exit $(cat "$T/sk.rc") for <$l>"
	elif ! awk -v a="$(cat "$T/sk.time")" -v b="$(cat "$T/aio.time")" \
		'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= 0.2) }'; then
		fail "$name" "sockerr took $(cat "$T/sk.time") s, asyncio $(cat "$T/aio.time") s"
	else
		pass "$name: $l in $(cat "$T/aio.time") s, sockerr $(cat "$T/sk.time") s"
	fi
}
he "::1 drops the SYN, 127.0.0.1 answers" 0.25 "$half"
he "::1 drops the SYN, 127.0.0.1 answers, delay 0.6" 0.6 "$half"
he "both refused" 0.25 "$closed"
# a failure starts the next address at once, not at the delay
he "::1 refused, 127.0.0.1 answers, delay 1" 1 "$v4only"

# --asyncio: asyncio.open_connection() without a delay, one address after
# another; -t is wait_for()'s
he "--asyncio: both refused" - "$closed"
he "--asyncio: one address refused" - "$closed" 127.0.0.1
he "--asyncio: ::1 refused, 127.0.0.1 answers" - "$v4only"
he "--asyncio -t 0.5: ::1 drops the SYN, 127.0.0.1 never tried" - "$half" dual.test 0.5
# --python: each interpreter's asyncio (wait_for()'s timeout class is
# concurrent.futures' in 3.6-3.7, asyncio.exceptions' in 3.8-3.10)
PYENV=${SK_PYENV:-/root/.pyenv/versions}
for rel in $("$SOCKERR" --version | grep -oE '3\.[0-9]+ \(3\.[0-9.]+\)' | tr -d '()' | awk '{ print $2 }'); do
	v=${rel%.*}
	if [ ! -x "$PYENV/$rel/bin/python" ]; then
		skip "--asyncio --python=$v" "NO INTERPRETER $PYENV/$rel/bin/python: not compared"
		continue
	fi
	HE_PY=$PYENV/$rel/bin/python HE_ARGS=--python=$v \
		he "--asyncio --python=$v -t 0.5: ::1 drops the SYN" - "$half" dual.test 0.5
	HE_PY=$PYENV/$rel/bin/python HE_ARGS=--python=$v \
		he "--asyncio --python=$v: both refused" - "$closed"
done
he "--happy-eyeballs -t 2 (wait_for): ::1 drops the SYN" 0.25 "$half" dual.test 2

# -v: when each attempt started, the one closed unanswered, the diagnosis
sk -v --happy-eyeballs dual.test "$half"
if grep -q "^\* connect ::1 port $half: no answer; closed, another address connected first" <<<"$ERR" &&
	grep -q "^\* dual-stack: IPv6 \[::1\]:$half did not answer the SYN in 2[5-9][0-9] ms" <<<"$ERR"; then
	pass "-v: the IPv6 attempt closed unanswered, the diagnosis"
else
	fail "-v" "$ERR"
fi
# -w: the last try is made at the deadline, and a refusal read at once
# (loopback) is its outcome, as without --happy-eyeballs (a numeric
# address: a name's lookup at the deadline is cut, a timeout)
"$PY3" "$AIO" "$T/aio.time" 127.0.0.1 "$closed" 0.25 >/dev/null 2>"$T/aio.err"
sk -f python3 -w 0.5 --interval 0.2 --happy-eyeballs 127.0.0.1 "$closed"
if [ "$OUT" = "$(tail -n 1 "$T/aio.err")" ] && [ "$RC" = 1 ]; then
	pass "-w 0.5: the last try's line is asyncio's"
else
	fail "-w 0.5" "<$OUT> exit $RC, asyncio <$(tail -n 1 "$T/aio.err")>"
fi

# every address refused: the why line reads the errors, not the
# Multiple exceptions text
sk -v -f python3 --happy-eyeballs dual.test "$closed"
if grep -q "^\* why: the host answered with a reset" <<<"$ERR"; then
	pass "-v, every address refused: the why line reads the reset"
else
	fail "-v, every address refused: why" "$(grep why <<<"$ERR")"
fi
# json: the same fact; without --happy-eyeballs, -t 0.5 waits for ::1 first
sk -f json -t 0.5 dual.test "$half"
if jq -e '.ok and .dualstack.broken_family == "IPv6" and .dualstack.failure == "no answer"
	and .dualstack.python_s == 0.5 and .dualstack.happy_eyeballs_s == 0.25' >/dev/null <<<"$OUT"; then
	pass "json without racing: IPv6 broken, Python 0.5 s, Happy Eyeballs 0.25 s"
else
	fail "json without racing" "$OUT"
fi
sk -v -c 2 --happy-eyeballs dual.test:"$half" dual.test:"$closed"
if grep -q "; 1 with a broken address family" <<<"$ERR"; then
	pass "-v summary: 1 target with a broken address family"
else
	fail "-v summary" "$(tail -n 1 <<<"$ERR")"
fi

# few descriptors: a racing probe holds three (its epoll set, a socket
# per family), and the run starts fewer at once rather than fail EMFILE
for i in $(seq 30); do echo "dual.test $half"; done >"$T/n30"
out=$(ulimit -n 64; "$SOCKERR" -f python3 --happy-eyeballs -c 30 -i "$T/n30" 2>&1)
n=$(grep -c ": ok 127.0.0.1 port $half: " <<<"$out")
if [ "$n" = 30 ]; then
	pass "ulimit -n 64, 30 at once: all 30 over IPv4"
else
	fail "ulimit -n 64, 30 at once" "$n of 30: $(grep -v ': ok ' <<<"$out" | sort | uniq -c | head -n 3)"
fi

# the python format: Python 2.7's create_connection() line
if [ -n "$PY2" ]; then
	py "$PY2" connect dual.test "$closed"
	sk --happy-eyeballs dual.test "$closed"
	if [ "$OUT" = "$PYLINE" ] && [ "$RC" = 1 ]; then
		pass "python format, every address refused: Python 2.7's <$OUT>"
	else
		fail "python format, every address refused" "<$OUT> exit $RC, Python 2.7 <$PYLINE>"
	fi
else
	skip "python format" "no Python 2.7"
fi

# usage: what goes without it, and a bad delay
for a in -a -u "-s 127.0.0.1" -n "--family=AF_INET" "--asyncio -f python" "--asyncio --tls"; do
	# shellcheck disable=SC2086
	sk --happy-eyeballs $a dual.test "$closed"
	[ "$RC" = 64 ] && pass "--happy-eyeballs $a: usage (64)" || fail "--happy-eyeballs $a" "exit $RC: $OUT $ERR"
done
sk --happy-eyeballs=x dual.test "$closed"
[ "$RC" = 64 ] && pass "--happy-eyeballs=x: usage (64)" || fail "--happy-eyeballs=x" "exit $RC"
