# How each Python reads an address it did not resolve itself, where the
# two interpreters part: a source address whose last number is over 255
# (2.7's sscanf() check fails, so it is a name to look up, as for CPython
# 3), and an IPv4 address connected from an IPv6 socket (--family=inet6:
# 2.7 connects to [::]:PORT, port and all; CPython 3 raises gaierror, or
# "address family mismatched" for the broadcast address).  Each line
# against CPython 3.11 and 2.7 at the same moment; "ok ..." as "ok".
. "$TOP/tests/lib.sh"

fixture open tcp
fixture any6 tcp --host ::

# same_ok NAME "PYREF ARGS" SOCKERR ARGS...
same_ok() {
	local name=$1 pyargs=$2 fmt interp
	shift 2
	for fmt in python3 python; do
		if [ $fmt = python3 ]; then interp=$PY3; else interp=$PY2; fi
		if [ -z "$interp" ]; then
			skip "$name ($fmt)" "no Python 2.7"
			continue
		fi
		# shellcheck disable=SC2086
		py "$interp" $pyargs
		sk -f $fmt "$@"
		if [ "$(sed 's/^ok .*/ok/' <<<"$OUT")" = "$PYLINE" ]; then
			pass "$name ($fmt): $PYLINE"
		else
			fail "$name ($fmt)" "sockerr <$OUT>, Python <$PYLINE>"
		fi
	done
}

same_ok "-s 127.0.0.256: a name to look up, not a dotted quad" \
	"connect 127.0.0.1 $open -s 127.0.0.256:0" -s 127.0.0.256 127.0.0.1 "$open"
same_ok "-s 127.0.0.255: a dotted quad" \
	"connect 127.0.0.1 $open -s 127.0.0.255:0" -s 127.0.0.255 127.0.0.1 "$open"
same_ok "--family=inet6 127.0.0.1, a listener on [::]" \
	"override 127.0.0.1 $any6 10 - -" --family=inet6 127.0.0.1 "$any6"
same_ok "--family=inet6 127.0.0.1, nothing on [::]" \
	"override 127.0.0.1 $open 10 - -" --family=inet6 127.0.0.1 "$open"
same_ok "--family=inet6 255.255.255.255, a listener on [::]" \
	"override 255.255.255.255 $any6 10 - -" --family=inet6 255.255.255.255 "$any6"
