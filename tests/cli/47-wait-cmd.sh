# -w ... -- CMD, second opinions (45-wait-exec.sh has the first): CMD
# starts with the descriptor limits sockerr was given, as after Python's
# create_connection() and os.execvp(); its status when it cannot run is
# the one env(1) gives (127: not found, 126: found but cannot run); and the
# tries of -w on a closed port: every interval, and the last one at the
# deadline.  Loopback only.
. "$TOP/tests/lib.sh"

fixture up tcp
closed=$(free_port)

# Limits: soft and hard as given, through prlimit (not a shell's ulimit).
if command -v prlimit >/dev/null; then
	lim=(prlimit --nofile=123:4567)
	sk_lim=$(timeout 10 "${lim[@]}" "$SOCKERR" -q -w 1 127.0.0.1 "$up" -- \
		sh -c 'echo "$(ulimit -Sn) $(ulimit -Hn)"' 2>&1)
	py_lim=$(timeout 10 "${lim[@]}" "$PY3" -c '
import os, socket, sys
socket.create_connection(("127.0.0.1", int(sys.argv[1]))).close()
os.execvp("sh", ["sh", "-c", "echo \"$(ulimit -Sn) $(ulimit -Hn)\""])' "$up" 2>&1)
	if [ "$sk_lim" = "$py_lim" ] && [ "$sk_lim" = "123 4567" ]; then
		pass "-w -- CMD: CMD's descriptor limits are the ones given ($sk_lim), as after Python's execvp"
	else
		fail "-w -- CMD: CMD's descriptor limits are the ones given" "sockerr's CMD <$sk_lim>, Python's <$py_lim>"
	fi
else
	skip "-w -- CMD: descriptor limits" "no prlimit"
fi

# CMD that cannot run: sockerr's status and env's, for each way to fail.
printf 'x' >"$T/noexec"
mkdir -p "$T/dir"
printf '#!/nonexistent/interpreter\n' >"$T/badinterp"
chmod +x "$T/badinterp"
for cmd in /nonexistent/cmd "$T/noexec" "$T/dir" /etc/passwd/x "$T/badinterp" \
	no-such-command-anywhere; do
	sk -q -w 1 127.0.0.1 "$up" -- "$cmd"
	timeout 10 env "$cmd" >/dev/null 2>&1
	want=$?
	name="-w -- ${cmd#"$T"/}: the status env(1) gives"
	if [ "$RC" = "$want" ] && { [ "$RC" = 126 ] || [ "$RC" = 127 ]; }; then
		pass "$name ($RC)"
	else
		fail "$name" "sockerr $RC, env $want ($ERR)"
	fi
done

# The tries on a closed port: at 0, 1 and at the deadline, 1.5 s.
# (elapsed_ms: sockerr's own time, without its start-up)
sk -f json -w 1.5 127.0.0.1 "$closed"
tries=$(jq .tries <<<"$OUT" 2>/dev/null)
el=$(jq '.elapsed_ms | floor' <<<"$OUT" 2>/dev/null)
if [ "$RC" = 1 ] && [ "$tries" = 3 ] && [ "${el:-0}" -ge 1500 ] && [ "$el" -lt 1800 ]; then
	pass "-w 1.5, closed: tries at 0, 1 and 1.5 s (3 tries, $el ms)"
else
	fail "-w 1.5, closed: tries at 0, 1 and 1.5 s" "exit $RC, $tries tries: $OUT"
fi
# --interval 0.4 -w 1: at 0, 0.4, 0.8 and 1.0
sk -f json -w 1 --interval 0.4 127.0.0.1 "$closed"
tries=$(jq .tries <<<"$OUT" 2>/dev/null)
el=$(jq '.elapsed_ms | floor' <<<"$OUT" 2>/dev/null)
if [ "$RC" = 1 ] && [ "$tries" = 4 ] && [ "${el:-0}" -ge 1000 ] && [ "$el" -lt 1150 ]; then
	pass "-w 1 --interval 0.4, closed: tries at 0, 0.4, 0.8 and 1 s (4 tries, $el ms)"
else
	fail "-w 1 --interval 0.4, closed: tries at 0, 0.4, 0.8 and 1 s" "exit $RC, $tries tries: $OUT"
fi
