# Host names with bytes outside ASCII are escaped exactly once, by the
# encoder that prints them: JSON strings that jq parses and that stand for
# the bytes given (UTF-8 kept, other bytes \u00XX), terminal text with
# \xNN.  Names under .test resolve in the test namespace (NXDOMAIN here).
# The unix socket paths are in tests/cli/25-escape-once.sh.
. "$TOP/tests/lib.sh"
. "$TOP/tests/bytes.sh"

closed=$(free_port)

for host in "caf"$'\xc3\xa9'".test" "caf"$'\xe9\xff'".test" 'a\b.test'; do
	what="<$(term_esc "$host")>"

	# one target, HOST PORT: the target text is "HOST PORT"
	sk -f json "$host" 80
	if ! jq -e . >/dev/null 2>&1 <<<"$OUT"; then
		fail "json: $what parses" "$OUT"
	elif json_is "$OUT" .target "$host 80"; then
		pass "json: target $what round-trips"
	else
		fail "json: target $what round-trips" "$OUT"
	fi

	# many targets: each line's target, in order
	sk -f json "$host:80" "127.0.0.1:$closed"
	if [ "$(jq -s length <<<"$OUT" 2>/dev/null)" != 2 ]; then
		fail "json: batch with $what" "not two JSON lines: $OUT"
	elif json_is "$(head -n 1 <<<"$OUT")" .target "$host:80" &&
		json_is "$(tail -n 1 <<<"$OUT")" .target "127.0.0.1:$closed"; then
		pass "json: batch target $what round-trips"
	else
		fail "json: batch target $what round-trips" "$OUT"
	fi

	# text: the prefix of a batch line and the -v resolve line
	sk "$host:80" "127.0.0.1:$closed"
	want="$(term_esc "$host:80"): socket.gaierror: [Errno -2] Name or service not known"
	if [ "$(head -n 1 <<<"$OUT")" = "$want" ]; then
		pass "text: batch prefix $what escaped once"
	else
		fail "text: batch prefix $what escaped once" "<$(head -n 1 <<<"$OUT")>, want <$want>"
	fi
	sk -v "$host" 80
	want="* resolve $(term_esc "$host") port 80 (AF_UNSPEC, SOCK_STREAM): socket.gaierror: "
	if grep -qF -- "$want" <<<"$ERR"; then
		pass "-v: resolve line $what escaped once"
	else
		fail "-v: resolve line $what escaped once" "no <$want> in <$ERR>"
	fi
done
