# make static: the binary runs alone in an empty root (as in a scratch
# container), connects, and prints Python's lines; with the /etc files a
# container runtime provides (hosts, resolv.conf) names resolve through the
# namespace's DNS server, as glibc's built-in files and dns sources do.
. "$TOP/tests/lib.sh"

closed=$(free_port)
fixture open tcp
unset MAKEFLAGS MFLAGS MAKELEVEL
# a copy of the tree, objects included, so only the link runs here
mkdir -p "$T/tree/tests" "$T/tree/build" && cp -rp "$TOP/src" "$TOP/Makefile" "$T/tree/" &&
	cp -p "$TOP/tests/tests.mk" "$T/tree/tests/" && cp -p "$TOP"/build/*.o "$T/tree/build/" 2>/dev/null
if ! make -s -C "$T/tree" static >"$T/static.log" 2>&1; then
	if grep -q 'cannot find -l' "$T/static.log"; then
		skip "make static" "no static library: $(grep -m1 'cannot find' "$T/static.log")"
	else
		fail "make static" "$(tail -3 "$T/static.log")"
	fi
	exit 0
fi
if readelf -l "$T/tree/sockerr-static" | grep -q INTERP; then
	fail "make static" "the binary has a program interpreter: it is dynamic"
else
	pass "make static: a binary without a program interpreter"
fi
root=$T/root
mkdir -p "$root/etc" && cp "$T/tree/sockerr-static" "$root/sockerr"
# in_root NAME RC WANT ARGS...: the static binary in the empty root
in_root() {
	local name=$1 rc=$2 want=$3
	shift 3
	OUT=$(timeout 30 chroot "$root" /sockerr "$@" 2>"$T/err")
	RC=$?
	[ "$RC" = "$rc" ] && [ "$OUT" = "$want" ] && pass "static: $name" ||
		fail "static: $name" "exit $RC <$OUT>, want $rc <$want>"
}
py "${PY2:-$PY3}" connect 127.0.0.1 "$closed"
[ -n "$PY2" ] || PYLINE=$("$SOCKERR" 127.0.0.1 "$closed")
in_root "no /etc: refused, Python's line" 1 "$PYLINE" 127.0.0.1 "$closed"
OUT=$(chroot "$root" /sockerr 127.0.0.1 "$open")
[ "${OUT:0:3}" = "ok " ] && pass "static: no /etc: connects" || fail "static: connects" "$OUT"
py "$PY3" connect 127.0.0.1 "$closed"	# -f nagios prints CPython 3's line
OUT=$(chroot "$root" /sockerr -f nagios 127.0.0.1 "$closed")
RC=$?
[ "$RC" = 2 ] && [ "${OUT%% | *}" = "SOCKERR CRITICAL - $PYLINE" ] && pass "static: no /etc: -f nagios" ||
	fail "static: -f nagios" "exit $RC: $OUT"
cp /etc/hosts /etc/resolv.conf "$root/etc/"
for host in web.test nx.test; do
	py "${PY2:-$PY3}" connect "$host" "$closed"
	[ -n "$PY2" ] || PYLINE=$("$SOCKERR" "$host" "$closed")
	in_root "hosts and resolv.conf: $host: $PYLINE" "$("$SOCKERR" -q "$host" "$closed"; echo $?)" "$PYLINE" "$host" "$closed"
done
# no /etc/services in the root: a service name is unknown, as it would be
# to Python there (the man page says so)
in_root "no /etc/services: service names fail" 3 \
	"socket.gaierror: [Errno -8] Servname not supported for ai_socktype" 127.0.0.1 http
