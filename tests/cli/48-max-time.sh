# --max-time and -w bound every step, also one with a longer -t: a wait
# for the socket ends at the hard deadline, with the line CPython 3.11
# prints when its own timeout runs out there (-t of the deadline), in
# about that time.  Loopback only: a full accept queue (connect waits), a
# server that never sends (recv waits).
. "$TOP/tests/lib.sh"

fixture full tcp --backlog-full
fixture quiet tcp

# bounded NAME "PYREF ARGS" SOCKERR ARGS...: sockerr's line is Python's
# with -t 0.5, and it took 0.5 to 0.8 s (its own elapsed_ms).
bounded() {
	local name=$1 pyargs=$2 line el
	shift 2
	# shellcheck disable=SC2086
	py "$PY3" $pyargs
	sk -f python3 "$@"
	line=$OUT
	sk -f json "$@"
	el=$(jq '.elapsed_ms | floor' <<<"$OUT" 2>/dev/null)
	if [ "$line" = "$PYLINE" ] && [ "${el:-0}" -ge 500 ] && [ "$el" -lt 800 ]; then
		pass "$name: $line, in $el ms"
	else
		fail "$name" "sockerr <$line> in ${el:-?} ms, CPython 3 -t 0.5 <$PYLINE>: $OUT"
	fi
}

bounded "--max-time=0.5 -t 3: connect ends at the hard deadline" \
	"connect 127.0.0.1 $full -t 0.5" --max-time=0.5 -t 3 127.0.0.1 "$full"
bounded "--max-time=0.5 -t 3 --recv: recv ends at the hard deadline" \
	"exchange 127.0.0.1 $quiet -t 0.5 --recv 10" --max-time=0.5 -t 3 --recv=10 127.0.0.1 "$quiet"
bounded "-w 0.5 -t 3: connect ends at the wait's deadline" \
	"connect 127.0.0.1 $full -t 0.5" -w 0.5 -t 3 127.0.0.1 "$full"
