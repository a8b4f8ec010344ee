# --max-time (and -w) cut a check short with the line the emulated Python
# prints for a timeout of the step that was running, as the man page says:
# a plain step's socket.timeout, a TLS handshake's or read's own timeout
# line.  Python has no --max-time: its line for that step past -t is the
# reference (tests/pyref.py with -t, against a peer that never speaks);
# the time only tells the cut from -t 5 (40-deadlines.sh times the cut).
. "$TOP/tests/lib.sh"
. "$TOP/tests/tlspki.sh"
. "$TOP/tests/tlsrun.sh"
fixture silent tcp	# accepts, never speaks
PKI=$T/pki
mkdir -p "$PKI"
if command -v openssl >/dev/null && make_pki "$PKI" >/dev/null 2>&1; then
	peer HOLD tls-hold	# a handshake, then silence
else
	HOLD=
fi

# cut NAME PYREF-ARGS -- SOCKERR-ARGS: with --max-time 0.3, each format's
# line is Python's for the same step past -t 0.3; exit 4
cut() {
	local name=$1 fmt interp pyargs=() t0 ms
	shift
	while [ "$1" != -- ]; do pyargs+=("$1"); shift; done
	shift
	for fmt in python python3; do
		interp=$PY3
		[ $fmt = python ] && interp=$PY2
		py "$interp" "${pyargs[@]}" -t 0.3
		t0=$(date +%s%N)
		sk -f $fmt --max-time 0.3 "$@"
		ms=$((($(date +%s%N) - t0) / 1000000))
		if [ "$OUT" = "$PYLINE" ] && [ "$RC" = 4 ] && [ $ms -lt 2500 ]; then
			pass "--max-time, $name ($fmt): <$OUT> in $ms ms, exit 4"
		else
			fail "--max-time, $name ($fmt)" "<$OUT> exit $RC in $ms ms; Python past -t <$PYLINE> (exit 4)"
		fi
	done
}
cut "recv" exchange 127.0.0.1 "$silent" --recv 10 -- --recv 127.0.0.1 "$silent"
cut "TLS handshake" tls 127.0.0.1 "$silent" -k -- --tls -k 127.0.0.1 "$silent"
# -t longer than --max-time: the cut, not -t, ends it, with the same line
cut "TLS handshake, -t 5" tls 127.0.0.1 "$silent" -k -- -t 5 --tls -k 127.0.0.1 "$silent"
if [ -n "$HOLD" ]; then
	cut "TLS read" tls 127.0.0.1 "$HOLD" -k --recv 10 -- --tls -k --recv 127.0.0.1 "$HOLD"
else
	skip "--max-time, TLS read" "no openssl to make the test PKI"
fi
# json keeps both classes: 2.7's ssl.SSLError, CPython 3's TimeoutError
sk -f json --max-time 0.3 --tls -k 127.0.0.1 "$silent"
got=$(jq -c '[.stage, .class, .py3_class, .message]' <<<"$OUT" 2>/dev/null)
want='["tls","ssl.SSLError","TimeoutError","_ssl.c:989: The handshake operation timed out"]'
[ "$got" = "$want" ] && [ "$RC" = 4 ] && pass "json --max-time in a handshake: $got, exit 4" ||
	fail "json --max-time in a handshake" "$got exit $RC, expected $want"
# -w: the same cut at its deadline
sk -f python3 -w 0.3 --tls -k 127.0.0.1 "$silent"
[ "$OUT" = "TimeoutError: _ssl.c:989: The handshake operation timed out" ] && [ "$RC" = 4 ] &&
	pass "-w in a handshake: <$OUT>, exit 4" || fail "-w in a handshake" "<$OUT> exit $RC"
