# Bytes of a unix socket path are escaped exactly once, by the encoder
# that prints them: the terminal text escapes them as \xNN, JSON keeps
# UTF-8 and gives other bytes as \u00XX (issue 9, defect 2: JSON showed
# "caf\\xc3\\xa9", escaped for the terminal and then for JSON).  The
# expected text is computed here from the raw bytes, by the documented
# rules, not taken from sockerr.  Unix sockets only.
. "$TOP/tests/lib.sh"
. "$TOP/tests/bytes.sh"

# json_case NAME JQ-KEY RAW ARGS...: the JSON line parses and the string
# at JQ-KEY stands for RAW, byte for byte.
json_case() {
	local name=$1 key=$2 raw=$3
	shift 3
	sk -f json "$@"
	if ! jq -e . >/dev/null 2>&1 <<<"$OUT"; then
		fail "$name" "not JSON: $OUT"
	elif json_is "$OUT" "$key" "$raw"; then
		pass "$name"
	else
		fail "$name" "$key of <$OUT> is not the bytes $(bytes_hex "$raw")"
	fi
}

utf8="$T/caf"$'\xc3\xa9'	# café, UTF-8
latin="$T/caf"$'\xe9\xff'	# bytes that are not UTF-8
slash="$T/a"$'\\'"b"		# a backslash

# a failed connect: the address is the path
for p in "$utf8" "$latin"; do
	enc=UTF-8
	[ "$p" = "$latin" ] && enc=non-UTF-8
	json_case "json: address of a $enc path" .address "unix:$p" "unix:$p"
	json_case "json: -a attempts[].address of a $enc path" '.attempts[0].address' "unix:$p" -a "unix:$p"
	json_case "json: -n addresses[].address of a $enc path" '.addresses[0].address' "unix:$p" -n "unix:$p"
	expect "text: -a prints a $enc path escaped once" 1 \
		"$(term_esc "unix:$p"): socket.error: [Errno 2] No such file or directory" -a "unix:$p"
	expect "text: -n prints a $enc path escaped once" 0 \
		"ok $(term_esc "unix:$p"): $(term_esc "unix:$p") (AF_UNIX)" -n "unix:$p"
done
json_case "json: address with a backslash" .address "unix:$slash" "unix:$slash"
expect "text: a backslash is doubled, once" 1 \
	"$(term_esc "unix:$slash"): socket.error: [Errno 2] No such file or directory" -a "unix:$slash"

# -v: the connect line on stderr
sk -v "unix:$utf8"
want="* connect $(term_esc "unix:$utf8"): socket.error: [Errno 2] No such file or directory"
if grep -qF -- "$want (" <<<"$ERR"; then
	pass "-v: the path escaped once"
else
	fail "-v: the path escaped once" "no <$want> in <$ERR>"
fi

# a listener on an abstract name with UTF-8 and other bytes: success lines
name="@sockerr-$$-caf"$'\xc3\xa9\xff'
fixture started unix "$name"
if [ "$started" != ready ]; then
	fail "abstract listener" "the fixture did not start"
else
	json_case "json: ok, abstract address" .address "unix:$name" "unix:$name"
	sk "unix:$name"
	want="ok $(term_esc "unix:$name"): connected in "
	if [ "$RC" = 0 ] && [ "${OUT#"$want"}" != "$OUT" ]; then
		pass "text: ok line, abstract name escaped once"
	else
		fail "text: ok line, abstract name escaped once" "exit $RC, <$OUT>, want it to start <$want>"
	fi
fi
