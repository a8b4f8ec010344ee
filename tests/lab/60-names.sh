# Names as each interpreter passes them: CPython 3 IDNA-encodes (IDNA 2003,
# encodings.idna) and raises UnicodeError for what it cannot encode; Python
# 2.7 passes the bytes.  Odd bytes go to the resolver, as Python sends them.
. "$TOP/tests/lab/lablib.sh"

resolv_default
long=$(printf 'a%.0s' $(seq 64))
race "IDNA: bücher.test (xn--bcher-kva.test)" "connect bücher.test 80" bücher.test 80
race "IDNA: full-width letters and ideographic dot" "connect ＷＥＢ。test 80" ＷＥＢ。test 80
race "IDNA: a 64-byte ASCII label" "connect $long.test 80" "$long.test" 80
race "IDNA: a 64-byte last label" "connect web.$long 80" "web.$long" 80
race "IDNA: an empty label" "connect web..test 80" web..test 80
race "IDNA: a label too long once encoded" "connect $(printf 'ü%.0s' $(seq 70)).test 80" "$(printf 'ü%.0s' $(seq 70)).test" 80
race "IDNA: ACE prefix and non-ASCII" "connect xn--ü.test 80" xn--ü.test 80
for spec in "a"$'\xef\xbf\xbd'"b.test:a prohibited character (U+FFFD)" \
	"a"$'\xc2\x85'"b.test:a prohibited control character (U+0085)" \
	"a"$'\xe2\x80\x8e'"b.test:a prohibited change of direction (U+200E)" \
	$'\xd8\xa7'"a.test:BIDI requirement 2" $'\xd8\xa7'"1.test:BIDI requirement 3"; do
	host=${spec%%:*}
	race "IDNA: ${spec#*:}" "connect $host 80" "$host" 80
done

# odd bytes: to the resolver, as Python sends them (not a usage error)
for spec in 'a"b.test:a double quote' 'a\b.test:a backslash' $'a\x01b.test:a control character' \
	$'web.test\x1b[31m:an escape sequence'; do
	host=${spec%%:*}
	race "odd bytes: ${spec#*:}" "connect $host 80" "$host" 80
done
out=$(ip netns exec "$LAB_C" "$SOCKERR" -i - <<<$'a\x01"\\b.test 80')
if [ "$out" = 'a\x01"\\b.test 80: socket.gaierror: [Errno -2] Name or service not known' ]; then
	pass "odd bytes: escaped on output only"
else
	fail "odd bytes: escaped on output only" "<$out>"
fi
