#!/usr/bin/env bash
# --tls: every scenario against CPython 3.11 and Python 2.7 run at the same
# moment (create_connection + create_default_context().wrap_socket, via
# tests/pyref.py tls): the same line and the status of its class.  The PKI
# is made here by openssl (tests/tlspki.sh); servers are openssl s_server
# and tests/tlspeer.py, on loopback in this private namespace (helpers:
# tests/tlsrun.sh).
. "$TOP/tests/lib.sh"
. "$TOP/tests/tlspki.sh"
. "$TOP/tests/tlsrun.sh"

if ! command -v openssl >/dev/null; then
	skip all "no openssl command"
	exit 0
fi
PKI=$T/pki
mkdir -p "$PKI"
if ! make_pki "$PKI"; then
	fail setup "openssl could not make the test PKI"
	exit 0
fi

CA=(--cafile "$PKI/root.pem")
s_server GOOD -cert good.pem -key good.key -cert_chain int.pem
s_server EXPIRED -cert expired.pem -key expired.key -cert_chain int.pem
s_server FUTURE -cert future.pem -key future.key -cert_chain int.pem
s_server SELF -cert self.pem -key self.key
s_server WRONG -cert wrongname.pem -key wrongname.key -cert_chain int.pem
s_server IPONLY -cert ipv4only.pem -key ipv4only.key -cert_chain int.pem
s_server CNONLY -cert cnonly.pem -key cnonly.key -cert_chain int.pem
s_server WILD -cert wildcard.pem -key wildcard.key -cert_chain int.pem
s_server PARTIAL -cert partial.pem -key partial.key -cert_chain int.pem
s_server UNKNOWN -cert unknown.pem -key unknown.key
s_server NOCHAIN -cert good.pem -key good.key
s_server WEAK -cert weak.pem -key weak.key -cert_chain int.pem -cipher DEFAULT@SECLEVEL=0
s_server SHA1 -cert sha1.pem -key sha1.key -cert_chain int.pem -cipher DEFAULT@SECLEVEL=0
s_server SOON -cert soon.pem -key soon.key -cert_chain int.pem
s_server TLS10 -cert good.pem -key good.key -cert_chain int.pem -tls1 -cipher DEFAULT@SECLEVEL=0
s_server CCERT12 -cert good.pem -key good.key -cert_chain int.pem -Verify 1 -CAfile root.pem -no_tls1_3
s_server CCERT13 -cert good.pem -key good.key -cert_chain int.pem -Verify 1 -CAfile root.pem
peer HTTP http
peer EOF eof
peer SILENT silent
peer ALERT alert
peer RESET reset
peer HOLD tls-hold
peer TLSEOF tls-eof
peer TLSRESET tls-reset
s_server WWW -cert good.pem -key good.key -cert_chain int.pem -www

same "good, by name" localhost "$GOOD" "${CA[@]}"
same "good, by address" 127.0.0.1 "$GOOD" "${CA[@]}"
same "good, --servername" 127.0.0.1 "$GOOD" "${CA[@]}" --servername tls.test
same "good, -t 3" localhost "$GOOD" "${CA[@]}" -t 3
same "system store only" localhost "$GOOD"
same "expired" localhost "$EXPIRED" "${CA[@]}"
same "not yet valid" localhost "$FUTURE" "${CA[@]}"
same "self-signed" localhost "$SELF" "${CA[@]}"
same "self-signed, -k" localhost "$SELF" "${CA[@]}" -k
same "wrong name" localhost "$WRONG" "${CA[@]}"
same "wrong name, by address" 127.0.0.1 "$WRONG" "${CA[@]}"
same "wrong name, -k" localhost "$WRONG" "${CA[@]}" -k
same "IP-only certificate, by address" 127.0.0.1 "$IPONLY" "${CA[@]}"
same "IP-only certificate, by name" localhost "$IPONLY" "${CA[@]}"
same "CN-only certificate" localhost "$CNONLY" "${CA[@]}"
same "CN-only certificate, other name" 127.0.0.1 "$CNONLY" "${CA[@]}" --servername other.test
same "wildcard" 127.0.0.1 "$WILD" "${CA[@]}" --servername a.tls.test
same "wildcard, two labels" 127.0.0.1 "$WILD" "${CA[@]}" --servername a.b.tls.test
same "wildcard, partial" 127.0.0.1 "$PARTIAL" "${CA[@]}" --servername xy.tls.test
same "unknown CA" localhost "$UNKNOWN" "${CA[@]}"
same "missing intermediate" localhost "$NOCHAIN" "${CA[@]}"
same "RSA-1024 leaf" localhost "$WEAK" "${CA[@]}"
same "SHA-1 leaf" localhost "$SHA1" "${CA[@]}"
same "expires in 10 days" localhost "$SOON" "${CA[@]}"
same "TLS 1.0 only" localhost "$TLS10" "${CA[@]}"
same "client certificate required, TLS 1.2" localhost "$CCERT12" "${CA[@]}"
same "client certificate required, TLS 1.3" localhost "$CCERT13" "${CA[@]}"
same "plain HTTP" localhost "$HTTP" "${CA[@]}"
same "EOF after the ClientHello" localhost "$EOF" "${CA[@]}"
same "fatal alert" localhost "$ALERT" "${CA[@]}"
same "reset after the ClientHello" localhost "$RESET" "${CA[@]}"
same "never speaks, -t 1" localhost "$SILENT" "${CA[@]}" -t 1
same "refused" localhost 1 "${CA[@]}"
# after the handshake: sendall() and recv() over TLS
GETHEX=474554202f20485454502f312e300d0a0d0a	# GET / HTTP/1.0 CR LF CR LF
same "HTTPS GET, answered" localhost "$WWW" "${CA[@]}" --send "$GETHEX" --recv 100 -t 3
same "client certificate required, TLS 1.3, first read" localhost "$CCERT13" "${CA[@]}" --send "$GETHEX" --recv 100 -t 3
same "read timeout" localhost "$HOLD" "${CA[@]}" --recv 100 -t 0.5
same "EOF without close_notify on read" localhost "$TLSEOF" "${CA[@]}" --send "$GETHEX" --recv 100 -t 3
same "reset on read" localhost "$TLSRESET" "${CA[@]}" --send "$GETHEX" --recv 100 -t 3
same "--send '' over TLS: an SSLSocket's sendall(b\"\") sends nothing, recv waits" localhost "$HOLD" "${CA[@]}" --send "" --recv 100 -t 1
SSL_CERT_FILE=$PKI/root.pem same "SSL_CERT_FILE" localhost "$GOOD"

# What only sockerr says: the certificate's facts, checked against
# openssl x509 reading the same file.
notafter() {
	date -u -d "$(openssl x509 -in "$PKI/$1.pem" -noout -enddate | cut -d= -f2)" +%s
}
enddate() { date -u -d "@$(notafter "$1")" +%F; }
days_left() { echo $((($(notafter "$1") - $(date +%s)) / 86400)); }

sk --tls "${CA[@]}" localhost "$GOOD"
want="expires $(enddate good), in $(days_left good) days"
case "$OUT" in
"ok 127.0.0.1 port $GOOD: connected in "*" ms, TLSv1.3 TLS_AES_256_GCM_SHA384 in "*" ms, subject CN=localhost, issuer O=sockerr,CN=sockerr test intermediate, $want")
	pass "ok line: protocol, cipher, subject, issuer, expiry" ;;
*) fail "ok line: protocol, cipher, subject, issuer, expiry" "<$OUT>, want ... $want" ;;
esac

sk --tls "${CA[@]}" localhost "$SOON" --cert-days 14
want="sockerr.CertificateExpiring: certificate expires $(enddate soon), in $(days_left soon) days (--cert-days=14)"
if [ "$RC" = 6 ] && [ "$OUT" = "$want" ]; then
	pass "--cert-days 14, expires in 10 days: exit 6"
else
	fail "--cert-days 14, expires in 10 days" "exit $RC <$OUT>, want 6 <$want>"
fi
# nagios: a certificate that --cert-days refuses is WARNING while it is
# valid (check_http -C), CRITICAL once expired
sk --tls "${CA[@]}" -f nagios localhost "$SOON" --cert-days 14
case "$RC $OUT" in
"1 SOCKERR WARNING - sockerr.CertificateExpiring: certificate expires $(enddate soon), in $(days_left soon) days (--cert-days=14) | "*)
	pass "nagios: --cert-days 14, expires in 10 days: WARNING" ;;
*) fail "nagios: --cert-days 14, expires in 10 days: WARNING" "exit $RC <$OUT>" ;;
esac
sk --tls "${CA[@]}" -f nagios localhost "$EXPIRED" -k --cert-days 0
case "$RC $OUT" in
"2 SOCKERR CRITICAL - sockerr.CertificateExpiring: "*) pass "nagios: --cert-days 0, expired, -k: CRITICAL" ;;
*) fail "nagios: --cert-days 0, expired, -k: CRITICAL" "exit $RC <$OUT>" ;;
esac
expect "--cert-days 9, expires in 10 days: ok" 0 "" --tls "${CA[@]}" localhost "$SOON" --cert-days 9 -q
expect "--cert-days 30, expires in 400 days: ok" 0 "" --tls "${CA[@]}" localhost "$GOOD" --cert-days 30 -q
expect "--cert-days 0, expired, -k: exit 6" 6 "" --tls "${CA[@]}" localhost "$EXPIRED" -k --cert-days 0 -q

# JSON: stage tls, the exception of CPython 3, and the tls object.
sk --tls "${CA[@]}" -f json localhost "$GOOD"
if echo "$OUT" | jq -e --arg day "$(enddate good)" --argjson days "$(days_left good)" '
	.ok == true and .stage == "tls" and .tls.version == "TLSv1.3" and
	.tls.subject == "CN=localhost" and
	.tls.subject_alt_names == ["DNS:localhost","DNS:tls.test","IP Address:127.0.0.1"] and
	(.tls.not_after | startswith($day)) and .tls.days_left == $days and
	.tls.verify_result == "ok" and .timings.tls_ms > 0' >/dev/null; then
	pass "json: the tls object"
else
	fail "json: the tls object" "$OUT (want $(enddate good), $(days_left good) days)"
fi
run_ref "$T/j.py3" "$PY3" localhost "$EXPIRED" "${CA[@]}"
sk --tls "${CA[@]}" -f json localhost "$EXPIRED"
if [ "$RC" = 5 ] && echo "$OUT" | jq -e --arg line "$(cat "$T/j.py3.line")" '
	.ok == false and .stage == "tls" and
	(.py3_class + ": " + .message) == $line and .class == "ssl.SSLError" and
	.name == "CERTIFICATE_VERIFY_FAILED" and .code == 1 and
	.tls.verify_code == 10 and .tls.days_left < 0' >/dev/null; then
	pass "json: a refused certificate, with its facts"
else
	fail "json: a refused certificate, with its facts" "exit $RC: $OUT"
fi
sk --tls "${CA[@]}" -f json -t 0.5 localhost "$SILENT"
if [ "$RC" = 4 ] && echo "$OUT" | jq -e '.stage == "tls" and .py3_class == "TimeoutError" and .tls == null' >/dev/null; then
	pass "json: handshake timeout, exit 4"
else
	fail "json: handshake timeout, exit 4" "exit $RC: $OUT"
fi

# prometheus: the version, the cipher and the notAfter openssl reads,
# for a refused certificate too; no TLS families without --tls.
sk --tls "${CA[@]}" -f prometheus localhost:"$GOOD" localhost:"$EXPIRED"
want="sockerr_tls_info{target=\"localhost:$GOOD\",version=\"TLSv1.3\",cipher=\"TLS_AES_256_GCM_SHA384\"} 1
sockerr_tls_cert_expiry_timestamp_seconds{target=\"localhost:$GOOD\"} $(notafter good)
sockerr_tls_cert_expiry_timestamp_seconds{target=\"localhost:$EXPIRED\"} $(notafter expired)"
got=$(grep '^sockerr_tls_' <<<"$OUT" | grep -v "tls_info{target=\"localhost:$EXPIRED\"")
if [ "$RC" = 5 ] && [ "$got" = "$want" ] && promtool check metrics <<<"$OUT" >/dev/null 2>&1; then
	pass "prometheus: TLS version, cipher and the certificate's notAfter"
else
	fail "prometheus: TLS version, cipher and the certificate's notAfter" "exit $RC <$got>, want <$want>"
fi
sk -f prometheus localhost:"$GOOD"
grep -q 'sockerr_tls_' <<<"$OUT" && fail "prometheus: no TLS family without --tls" "$OUT" ||
	pass "prometheus: no TLS family without --tls"

# -v: the handshake is a step of its own, with its time.
sk -v --tls "${CA[@]}" localhost "$GOOD"
if grep -Eq '^\* connect 127\.0\.0\.1 port [0-9]+ \([0-9.]+ ms\)$' <<<"$ERR" &&
	grep -Eq '^\* tls TLSv1\.3 TLS_AES_256_GCM_SHA384 \([0-9.]+ ms\)$' <<<"$ERR"; then
	pass "-v: the handshake step and its time"
else
	fail "-v: the handshake step and its time" "$ERR"
fi

# -t bounds the handshake: it ends at the deadline, not before or long after.
start=$(date +%s%N)
sk --tls "${CA[@]}" -t 0.5 localhost "$SILENT"
ms=$((($(date +%s%N) - start) / 1000000))
if [ "$RC" = 4 ] && [ "$ms" -ge 450 ] && [ "$ms" -lt 1500 ]; then
	pass "-t 0.5 bounds the handshake (${ms} ms)"
else
	fail "-t 0.5 bounds the handshake" "exit $RC after $ms ms: $OUT"
fi

# Hostile names: neither the terminal nor JSON sees a raw control byte.
s_server EVIL -cert evil.pem -key evil.key -cert_chain int.pem
same "hostile names in the certificate" localhost "$EVIL" "${CA[@]}"
for f in python python3; do
	sk --tls "${CA[@]}" -k -v -f "$f" localhost "$EVIL"
	if LC_ALL=C grep -q '[[:cntrl:]]' <<<"$OUT$ERR"; then
		fail "hostile names: no control byte on the terminal ($f)" "$(printf %q "$OUT")"
	elif [[ "$OUT" != *'CN=ev\\1B[31mil\\07\\"q'* ]]; then
		fail "hostile names: shown escaped ($f)" "$OUT"
	else
		pass "hostile names: no control byte on the terminal ($f)"
	fi
done
sk --tls "${CA[@]}" -k -f json localhost "$EVIL"
if echo "$OUT" | jq -e '.tls.subject_alt_names[0] == "DNS:x\u001by"' >/dev/null &&
	! LC_ALL=C grep -q '[[:cntrl:]]' <<<"$OUT"; then
	pass "hostile names: valid JSON, the bytes kept"
else
	fail "hostile names: valid JSON, the bytes kept" "$OUT"
fi

# Many targets: the same state machine, every handshake in flight at once.
# openssl s_server (GOOD, EXPIRED) answers one handshake after the other:
# -t 3 leaves the fifty of each their turn on a loaded machine, and the
# run still ends near one -t, not fifty.
: >"$T/targets"
for ((i = 0; i < 50; i++)); do
	printf 'localhost:%s\nlocalhost:%s\nlocalhost:%s\nlocalhost:%s\n' \
		"$GOOD" "$EXPIRED" "$SILENT" "$HTTP" >>"$T/targets"
done
start=$(date +%s%N)
sk --tls "${CA[@]}" -f python3 -t 3 -c 200 -i "$T/targets"
ms=$((($(date +%s%N) - start) / 1000000))
bad=0 first=
while IFS= read -r line; do
	case "$line" in
	"localhost:$GOOD: ok 127.0.0.1 port $GOOD: connected in "*) ;;
	"localhost:$EXPIRED: ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: certificate has expired (_ssl.c:1006)") ;;
	"localhost:$SILENT: TimeoutError: _ssl.c:989: The handshake operation timed out") ;;
	"localhost:$HTTP: ssl.SSLError: [SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:1006)") ;;
	*) bad=$((bad + 1)); first=${first:-$line} ;;
	esac
done <<<"$OUT"
order=$(cut -d: -f1,2 <<<"$OUT")
if [ "$bad" = 0 ] && [ "$order" = "$(cat "$T/targets")" ] && [ "$RC" = 5 ] && [ "$ms" -lt 6000 ]; then
	pass "200 targets, 4 outcomes, in input order, exit 5 (${ms} ms)"
else
	fail "200 targets, 4 outcomes, in input order" "exit $RC, $bad unexpected lines ($first), $ms ms"
fi

expect_err "--servername without --tls" 64 "go with --tls" --servername x localhost "$GOOD"
expect_err "--tls with -u" 64 "excludes -u" --tls -u localhost "$GOOD"
expect_err "--cafile that cannot be read" 64 "--cafile" --tls --cafile "$T/none.pem" localhost "$GOOD"

# Under valgrind: the handshake's paths leak nothing and touch nothing
# they should not (the ASan pass runs the whole suite).
case $SUITE in
asan/*) skip "valgrind" "not the ASan build" ;;
*)
	if ! command -v valgrind >/dev/null; then
		skip "valgrind" "valgrind is missing (make test-deps)"
	else
		vg_tls "good, json" 0 "${CA[@]}" -f json localhost "$GOOD"
		vg_tls "expired, facts kept" 5 "${CA[@]}" -v localhost "$EXPIRED"
		vg_tls "2.7 hostname check" 5 "${CA[@]}" 127.0.0.1 "$WRONG"
		vg_tls "--cert-days" 6 "${CA[@]}" --cert-days 30 localhost "$SOON"
		vg_tls "timeout" 4 "${CA[@]}" -t 0.3 localhost "$SILENT"
		vg_tls "batch" 5 "${CA[@]}" -t 2 "localhost:$GOOD" "localhost:$HTTP" \
			"localhost:$EVIL" "localhost:$EOF" "localhost:$GOOD"
	fi
	;;
esac
