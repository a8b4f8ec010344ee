# N1: a peer that accepts and at once resets (SO_LINGER 0).  Python's
# connect() returns as soon as the handshake is done, before the RST
# comes: "ok" (and the RST shows at the first send or recv).  sockerr's
# non-blocking connect is checked by a second connect() about half a
# millisecond later, which returns the RST's ECONNRESET: it prints
# "Connection reset by peer" at stage connect (and, for a name with two
# addresses, goes on to the next one).  Timing-bound (the RST must come
# in that half millisecond; it does 4 to 8 times in 10 here): 10 tries
# each, all must agree with Python.
. "$TOP/tests/lib.sh"
fixture reset tcp --reset
fixture reset6 tcp --reset --host ::1
for fmt in python3 python; do
	interp=$PY3
	[ $fmt = python ] && interp=$PY2
	py "$interp" connect 127.0.0.1 "$reset"
	want=$PYLINE
	bad=0 seen=
	for i in 1 2 3 4 5 6 7 8 9 10; do
		sk -f $fmt 127.0.0.1 "$reset"
		case $OUT in ok\ *) ;; *) bad=$((bad + 1)) seen=$OUT ;; esac
	done
	if [ "$want" != ok ]; then
		fail "connect to a peer that resets at once ($fmt)" "setup: Python says <$want>"
	elif [ $bad = 0 ]; then
		pass "connect to a peer that resets at once ($fmt): ok, as Python, 10 of 10"
	else
		fail "connect to a peer that resets at once ($fmt)" "$bad of 10 printed <$seen>, Python <ok>"
	fi
done
# (with -t, Python too connects non-blocking, polls and reads SO_ERROR:
# both race the RST there, so only the blocking connect is compared)
