# Stalls: sockerr stopped (SIGSTOP) and continued at seeded random moments
# around every kind of deadline, single checks and a batch of 1,000, and
# a batch with both CPUs busy; CPython 3.11 and 2.7 stalled alike.  The
# rule and how the test tells a stall that spans a deadline with no event
# before it from one that does not: tests/stall.py.
#   STALL_SEED=N (default 1717) draws other moments; STALL_POINTS=N per kind.
. "$TOP/tests/lib.sh"

seed=${STALL_SEED:-1717}
points=${STALL_POINTS:-8}
batch=${STALL_BATCH:-1000}
extra=()
case $SUITE in
asan/*)	# the sanitizer pass: fewer points, no busy batch (time)
	points=${STALL_POINTS:-2}
	extra=(--no-busy) ;;
esac
if ! openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-subj /CN=localhost -days 2 -keyout "$T/key.pem" -out "$T/cert.pem" 2>/dev/null; then
	skip all "openssl could not make a certificate"
	exit 0
fi
saved=$(cat "$NS/resolv.conf")
printf 'nameserver 127.0.0.2\noptions timeout:5 attempts:1\n' >"$NS/resolv.conf"
# 127.9/16 with an MTU of 1500, where a send of 100 KB has to wait for its
# reader (loopback's 64 KiB MTU gives a send buffer of megabytes)
ip route add local 127.9.0.0/16 dev lo table local mtu lock 1500 advmss 1460
"$PY3" "$TOP/tests/stall.py" --seed "$seed" --points "$points" --batch "$batch" \
	--sockerr "$SOCKERR" --py3 "$PY3" --py2 "$PY2" --cert "$T/cert.pem" \
	--key "$T/key.pem" --tmp "$T" "${extra[@]}" ||
	fail "stalls" "tests/stall.py exited with status $?"
ip route del local 127.9.0.0/16 dev lo table local
printf '%s\n' "$saved" >"$NS/resolv.conf"
