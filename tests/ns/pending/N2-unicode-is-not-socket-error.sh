# N2: CPython 3 raises UnicodeError for a name the idna codec refuses
# (a..b): not an OSError, so not socket.error.  sockerr's json says
# "class":"socket.error" (Python 2.7 raises socket.gaierror for that
# name; nothing raises socket.error), and --expect=error (socket.error)
# counts it as expected (exit 0).
. "$TOP/tests/lib.sh"
py "$PY3" resolve a..b 80
line3=$PYLINE
py "$PY2" resolve a..b 80
line2=$PYLINE
case $line3 in UnicodeError:*) ;; *) fail setup "CPython 3 says <$line3>" ;; esac
sk -f json a..b 80
cls=$(jq -r .class <<<"$OUT")
if [ "$cls" = UnicodeError ] || [ "$cls" = "${line2%%:*}" ]; then
	pass "json class for an IDNA failure: $cls (3.11 <$line3>, 2.7 <$line2>)"
else
	fail "json class for an IDNA failure" "\"class\":\"$cls\": neither UnicodeError nor 2.7's ${line2%%:*}"
fi
for fmt in python3 json; do
	for e in error socket.error; do
		sk -f $fmt --expect=$e a..b 80
		[ "$RC" = 1 ] && pass "--expect=$e -f $fmt: a UnicodeError is not expected (exit 1)" ||
			fail "--expect=$e -f $fmt: a UnicodeError is not a socket.error" "exit $RC, expected 1 (<$line3>)"
	done
done
