# An empty host (issue 17, N3 of the differential fuzzer): Python's
# create_connection(("", PORT)) asks getaddrinfo() and raises
# socket.gaierror: [Errno -2] (both interpreters), so sockerr tries it in
# every spelling that gives the empty host and a port: '' PORT, :PORT,
# []:PORT, -i lines.  What has no port stays a usage error (exit 64).  In
# this namespace the resolver is the test's own (glibc asks no server for
# the empty name anyway).
. "$TOP/tests/lib.sh"
closed=$(free_port)

# like PYREF_ARGS... -- SOCKERR_ARGS...: the line each interpreter prints,
# and the status of its class
like() {
	local name=$1 fmt interp want pyargs=() skargs=()
	shift
	while [ "$1" != -- ]; do pyargs+=("$1"); shift; done
	shift
	skargs=("$@")
	for fmt in python3 python; do
		interp=$PY3
		[ $fmt = python ] && interp=$PY2
		py "$interp" "${pyargs[@]}"
		want=$PYLINE
		sk -f $fmt "${skargs[@]}"
		case $want in socket.gaierror:*) ;; *) fail "$name ($fmt)" "setup: Python says <$want>"; continue ;; esac
		if [ "$OUT" = "$want" ] && [ "$RC" = 3 ]; then
			pass "$name ($fmt): <$want>"
		else
			fail "$name ($fmt)" "sockerr <$OUT> exit $RC, Python <$want> (exit 3)"
		fi
	done
}
like "'' PORT" connect "" "$closed" -- "" "$closed"
like ":PORT" connect "" "$closed" -- ":$closed"
like "[]:PORT" connect "" "$closed" -- "[]:$closed"
like ":SERVICE" connect "" http -- :http
like "'' PORT -t 1" connect "" "$closed" -t 1 -- -t 1 "" "$closed"
like "-u :PORT" udp "" "$closed" -- -u ":$closed"
like "-n ''" resolve "" -- -n ""
like "-n :PORT" resolve "" "$closed" -- -n ":$closed"

# json: the resolver's answer, at stage resolve
sk -f json ":$closed"
got=$(jq -c '[.target, .stage, .class, .code, .name]' <<<"$OUT" 2>/dev/null)
want="[\":$closed\",\"resolve\",\"socket.gaierror\",-2,\"EAI_NONAME\"]"
[ "$got" = "$want" ] && [ "$RC" = 3 ] && pass "json :PORT: $got" ||
	fail "json :PORT" "$got exit $RC, expected $want"

# -i: one line per target, the empty host tried there too
printf ':%s\n[]:%s\n127.0.0.1:%s\n' "$closed" "$closed" "$closed" >"$T/in"
py "$PY2" connect "" "$closed"
e=$PYLINE
py "$PY2" connect 127.0.0.1 "$closed"
r=$PYLINE
sk -i "$T/in"
want=$(printf ':%s: %s\n[]:%s: %s\n127.0.0.1:%s: %s' "$closed" "$e" "$closed" "$e" "$closed" "$r")
[ "$OUT" = "$want" ] && [ "$RC" = 3 ] && pass "-i: :PORT and []:PORT lines tried, as Python" ||
	fail "-i: :PORT and []:PORT lines" "exit $RC <$OUT>, expected <$want>"

# what has no port stays a usage error
for t in "''" ":" "'' ''" "[]"; do
	eval "sk $t"
	[ "$RC" = 64 ] && pass "usage error: sockerr $t (no port): exit 64, <$(head -n 1 <<<"$ERR")>" ||
		fail "usage error: sockerr $t" "exit $RC <$OUT>"
done
