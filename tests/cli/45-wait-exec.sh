# -w SECONDS TARGET... -- CMD: CMD runs in sockerr's place once every
# target answers; never when the deadline passes.  And the last try of -w
# is made at the deadline.  Loopback only.
. "$TOP/tests/lib.sh"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
PIDS=()
cleanup_hook() { [ ${#PIDS[@]} -eq 0 ] || kill "${PIDS[@]}" 2>/dev/null; }

# serve PORT [DELAY]: a listener on PORT, up after DELAY seconds.
serve() {
	(sleep "${2:-0}"; exec python3 "$TOP/tests/fixture.py" tcp "$T/ready.$1" --port "$1" --seconds 20) >/dev/null 2>&1 &
	PIDS+=($!)
}
wait_ready() { local i; for ((i = 0; i < 100; i++)); do [ -s "$T/ready.$1" ] && return 0; sleep 0.05; done; return 1; }
ms_since() { echo $((($(date +%s%N) - $1) / 1000000)); }

up=$(free_port)
serve "$up"
wait_ready "$up" || fail "setup" "listener did not start"
closed=$(free_port)

sk -q -w 2 127.0.0.1 "$up" -- sh -c 'exit 5'
[ "$RC" = 5 ] && pass "exec: CMD's exit status is sockerr's" || fail "exec: CMD's exit status is sockerr's" "exit $RC ($ERR)"

rm -f "$T/ran"
t0=$(date +%s%N)
sk -q -w 0.3 127.0.0.1 "$closed" -- touch "$T/ran"
ms=$(ms_since "$t0")
if [ "$RC" = 1 ] && [ ! -e "$T/ran" ] && [ "$ms" -ge 280 ] && [ "$ms" -lt 1000 ]; then
	pass "exec: not run when the deadline passes; the last try's status ($ms ms)"
else
	fail "exec: not run when the deadline passes" "exit $RC, ran: $([ -e "$T/ran" ] && echo yes || echo no), $ms ms"
fi

rm -f "$T/ran"
sk -q -w 0.3 "127.0.0.1:$up" "127.0.0.1:$closed" -- touch "$T/ran"
[ "$RC" = 1 ] && [ ! -e "$T/ran" ] && pass "exec: every target must answer" ||
	fail "exec: every target must answer" "exit $RC"

out=$(echo hello | timeout 10 "$SOCKERR" -q -w 1 127.0.0.1 "$up" -- cat)
[ "$out" = hello ] && pass "exec: CMD inherits stdin and stdout" || fail "exec: CMD inherits stdin and stdout" "<$out>"

sk -w 1 127.0.0.1 "$up" -- echo after
if [ "$RC" = 0 ] && [ "$(sed -n 1p <<<"$OUT" | cut -c1-3)" = "ok " ] && [ "$(sed -n 2p <<<"$OUT")" = after ]; then
	pass "exec: sockerr's ok line, then CMD's output"
else
	fail "exec: sockerr's ok line, then CMD's output" "<$OUT>"
fi

sk -q -w 1 127.0.0.1 "$up" -- /nonexistent/cmd
[ "$RC" = 127 ] && grep -q '^sockerr: cannot run /nonexistent/cmd: No such file or directory$' <<<"$ERR" &&
	pass "exec: a missing CMD exits 127 with one line" || fail "exec: a missing CMD exits 127" "exit $RC: $ERR"
printf 'x' >"$T/noexec"
sk -q -w 1 127.0.0.1 "$up" -- "$T/noexec"
[ "$RC" = 126 ] && pass "exec: a CMD that cannot run exits 126" || fail "exec: a CMD that cannot run exits 126" "exit $RC: $ERR"

out=$(ulimit -Sn 200; timeout 10 "$SOCKERR" -q -w 1 127.0.0.1 "$up" -- sh -c 'ulimit -Sn')
[ "$out" = 200 ] && pass "exec: CMD gets the descriptor limit sockerr was given" ||
	fail "exec: CMD gets the descriptor limit sockerr was given" "<$out>"

# Without -w, -- keeps its usual meaning (the end of the options).
sk -q 127.0.0.1 -- "$up"
[ "$RC" = 0 ] && pass "-- without -w ends the options, runs nothing" || fail "-- without -w" "exit $RC: $ERR"

# The last try is made at the deadline: a service up at 1.3 s is caught by
# -w 1.5 with the default 1 s interval (tries at 0, 1 and 1.5 s).
late=$(free_port)
# Python starts now (its start-up is slow under load) and listens at 1.3 s.
t0=$(date +%s%N)
python3 -c '
import socket, sys, time
time.sleep(max(0, int(sys.argv[2]) / 1e9 + 1.3 - time.time()))
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1])))
s.listen(8)
time.sleep(10)
' "$late" "$t0" &
PIDS+=($!)
sk -f json -w 1.5 127.0.0.1 "$late"
ms=$(ms_since "$t0")
if [ "$RC" = 0 ] && [ "$ms" -ge 1300 ] && [ "$ms" -lt 1900 ] && [ "$(jq .tries <<<"$OUT")" = 3 ]; then
	pass "-w 1.5: a service up at 1.3 s is caught by the try at the deadline ($ms ms)"
else
	fail "-w 1.5: a service up at 1.3 s is caught by the try at the deadline" "exit $RC after $ms ms: $OUT"
fi

expect_err "--max-time: a bad value is a usage error" 64 '^sockerr: invalid --max-time "1x": ' --max-time=1x 127.0.0.1 "$up"
expect_err "--max-time: empty is a usage error" 64 '^sockerr: (invalid --max-time ""|option "--max-time=" requires an argument)' --max-time= 127.0.0.1 "$up"
