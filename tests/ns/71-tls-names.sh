#!/usr/bin/env bash
# --tls and names (issue 17, bugs 4, 5, 7), each against CPython 3.11 and
# Python 2.7 run at the same moment: server_hostname as each interpreter
# hands it to _ssl (3.11 IDNA-encodes a str, 2.7 passes the bytes), names
# it cannot encode, 2.7's match_hostname over every name of a certificate
# (NULs included), and --expect for ssl.* outcomes and TLS timeouts.
. "$TOP/tests/lib.sh"
. "$TOP/tests/tlspki.sh"

if ! command -v openssl >/dev/null; then
	skip all "no openssl command"
	exit 0
fi
PKI=$T/pki
mkdir -p "$PKI"
if ! make_pki "$PKI" || ! make_names_pki "$PKI"; then
	fail setup "openssl could not make the test PKI"
	exit 0
fi
PORT=24600
. "$TOP/tests/tlsrun.sh"

# bücher.test resolves from the hosts file: its A-label for CPython 3,
# its UTF-8 bytes for 2.7 (glibc's files backend takes them as given).
HOSTS_SAVED=$(cat "$NS/hosts")
printf '%s\n127.0.0.1 xn--bcher-kva.test\n127.0.0.1 bücher.test\n' \
	"$HOSTS_SAVED" >"$NS/hosts"
cleanup_hook() {
	local p
	printf '%s\n' "$HOSTS_SAVED" >"$NS/hosts"
	for p in "${SERVER_PIDS[@]}"; do kill "$p" 2>/dev/null; done
}

CA=(--cafile "$PKI/root.pem")
s_server IDN -cert idn.pem -key idn.key -cert_chain int.pem
s_server UCN -cert ucn.pem -key ucn.key -cert_chain int.pem
s_server WRONG -cert wrongname.pem -key wrongname.key -cert_chain int.pem
s_server MANY -cert many.pem -key many.key -cert_chain int.pem
s_server MANYCN -cert manycn.pem -key manycn.key -cert_chain int.pem
s_server NULSAN -cert nulsan.pem -key nulsan.key -cert_chain int.pem
s_server NULCN -cert nulcn.pem -key nulcn.key -cert_chain int.pem
s_server GOOD -cert good.pem -key good.key -cert_chain int.pem
s_server EXPIRED -cert expired.pem -key expired.key -cert_chain int.pem
peer HTTP http
peer EOF eof
peer SILENT silent
peer HOLD tls-hold

# Bug 4: server_hostname.  3.11 sends and verifies the A-label (its
# mismatch line names it); 2.7 the bytes (repr'd in its CertificateError).
L60=$(printf 'a%.0s' {1..60})
same "IDNA: --servername as a U-label" 127.0.0.1 "$IDN" "${CA[@]}" --servername bücher.example
same "IDNA: --servername in capitals" 127.0.0.1 "$IDN" "${CA[@]}" --servername BÜCHER.Example
same "IDNA: --servername as the A-label" 127.0.0.1 "$IDN" "${CA[@]}" --servername xn--bcher-kva.example
same "IDNA: --servername with a trailing dot" 127.0.0.1 "$IDN" "${CA[@]}" --servername bücher.example.
same "IDNA: U-label, a certificate for another name" 127.0.0.1 "$WRONG" "${CA[@]}" --servername bücher.example
same "IDNA: U-label, a unicode CN" 127.0.0.1 "$UCN" "${CA[@]}" --servername bücher.example
same "IDNA: the host as server_hostname" bücher.test "$IDN" "${CA[@]}"
same "IDNA: the host, a certificate for another name" bücher.test "$WRONG" "${CA[@]}"
same "IDNA: the host, -k" bücher.test "$WRONG" "${CA[@]}" -k
# names 3.11 cannot use: UnicodeError (the idna codec), ValueError (the
# encoded name starts with a dot: U+2024 maps to "."), SNI over 255 bytes
same "IDNA: --servername with an empty label" 127.0.0.1 "$IDN" "${CA[@]}" --servername bü..example
same "IDNA: --servername with a label of 64" 127.0.0.1 "$IDN" "${CA[@]}" --servername "${L60}aaaa.example"
same "IDNA: --servername with a prohibited character" 127.0.0.1 "$IDN" "${CA[@]}" --servername "$(printf 'a\302\200b.example')"
same "IDNA: --servername not UTF-8" 127.0.0.1 "$IDN" "${CA[@]}" --servername "$(printf 'b\374cher.example')"
same "IDNA: --servername encoded to a leading dot" 127.0.0.1 "$IDN" "${CA[@]}" --servername "$(printf '\342\200\244x.example')"
same "IDNA: --servername of 304 bytes (SNI refused)" 127.0.0.1 "$IDN" "${CA[@]}" --servername "$L60.$L60.$L60.$L60.$L60"
same "IDNA: --servername of 304 bytes, EOF peer" 127.0.0.1 "$EOF" "${CA[@]}" --servername "$L60.$L60.$L60.$L60.$L60"
same "IDNA: --servername of 255 bytes" 127.0.0.1 "$IDN" "${CA[@]}" --servername "$L60.$L60.$L60.$L60.${L60:0:11}"

# the formats that emulate CPython 3 connect with the U-label too
sk --tls "${CA[@]}" -f json --servername bücher.example 127.0.0.1 "$IDN"
if [ "$RC" = 0 ] && jq -e '.ok == true and .tls.subject == "CN=xn--bcher-kva.example"' <<<"$OUT" >/dev/null; then
	pass "IDNA: json connects with --servername bücher.example"
else
	fail "IDNA: json connects with --servername bücher.example" "exit $RC: $OUT"
fi
sk --tls "${CA[@]}" -f nagios --servername bücher.example 127.0.0.1 "$IDN"
case "$RC $OUT" in
"0 SOCKERR OK - "*) pass "IDNA: nagios OK with --servername bücher.example" ;;
*) fail "IDNA: nagios OK with --servername bücher.example" "exit $RC: $OUT" ;;
esac
sk --tls "${CA[@]}" -f prometheus --servername bücher.example "127.0.0.1:$IDN"
if [ "$RC" = 0 ] && grep -q '^sockerr_probe_success{.*} 1$' <<<"$OUT"; then
	pass "IDNA: prometheus success with --servername bücher.example"
else
	fail "IDNA: prometheus success with --servername bücher.example" "exit $RC: $(grep probe_success <<<"$OUT")"
fi
sk --tls "${CA[@]}" -f json --servername bücher.example 127.0.0.1 "$WRONG"
if [ "$RC" = 5 ] && jq -e '.message | contains("valid for '"'"'xn--bcher-kva.example'"'"'")' <<<"$OUT" >/dev/null; then
	pass "IDNA: json's message names the A-label"
else
	fail "IDNA: json's message names the A-label" "exit $RC: $OUT"
fi

# Bug 5: 2.7's match_hostname reads every DNS name (or every CN), and a
# NUL inside a name is part of it.
same "70 DNS names, the last localhost" localhost "$MANY" "${CA[@]}"
same "70 DNS names, none matches" 127.0.0.1 "$MANY" "${CA[@]}" --servername other.example
same "20 CNs, the last localhost" localhost "$MANYCN" "${CA[@]}"
same "20 CNs, none matches" 127.0.0.1 "$MANYCN" "${CA[@]}" --servername other.example
same "a DNS name with a NUL" 127.0.0.1 "$NULSAN" "${CA[@]}" --servername good.example
same "a DNS name with a NUL, the name after it" 127.0.0.1 "$NULSAN" "${CA[@]}" --servername other
same "a CN with a NUL" 127.0.0.1 "$NULCN" "${CA[@]}" --servername good.example

# Bug 7: --expect.  A class matches what "except CLASS:" catches in the
# interpreter emulated, a reason the exception's reason: both checked
# against the real interpreters (py_expects); a TLS timeout is a timeout.
# py_expects PYTHON HOST PORT CLASS OPTIONS...: what tests/pyref.py's tls
# ends with: "ok" when it connects, else "match" or "other" (whether the
# exception is an instance of ssl.CLASS) and the exception's .reason (-
# when it has none): "other KRB5_S_TKT_NYV".
py_expects() {
	local py=$1 host=$2 port=$3 what=$4
	shift 4
	timeout 30 "$py" - "$TOP/tests" "$host" "$port" "$what" "$@" 2>/dev/null <<'PY'
import ssl, sys
sys.path.insert(0, sys.argv[1])
import pyref
cls = getattr(ssl, sys.argv[4][4:], None) if sys.argv[4].startswith("ssl.") else None
try:
    pyref.tls(sys.argv[2], int(sys.argv[3]), sys.argv[5:])
    print("ok")
except Exception as e:
    hit = cls is not None and isinstance(e, cls)
    print("%s %s" % ("match" if hit else "other", getattr(e, "reason", None) or "-"))
PY
}

# expect_same NAME HOST PORT OUTCOME OPTIONS...: sockerr --expect OUTCOME
# exits 0 exactly when the interpreter's exception is an instance of the
# class OUTCOME, or has the reason OUTCOME by its own name or by
# OpenSSL's (CPython 3.11's, whose table is OpenSSL 3's: 2.7's names
# some reasons wrongly); 7 when Python connected; else not 0.
expect_same() {
	local name=$1 host=$2 port=$3 what=$4 fmt v3 v2 verdict want
	shift 4
	local pids=()
	py_expects "$PY3" "$host" "$port" "$what" "$@" >"$T/v3" &
	pids+=($!)
	if [ -n "$PY2" ]; then
		py_expects "$PY2" "$host" "$port" "$what" "$@" >"$T/v2" &
		pids+=($!)
	fi
	wait "${pids[@]}"
	v3=$(cat "$T/v3")
	[ -n "$PY2" ] && v2=$(cat "$T/v2")
	for fmt in python3 python; do
		if [ "$fmt" = python ] && [ -z "$PY2" ]; then
			skip "$name ($fmt)" "no Python 2.7 on this machine"
			continue
		fi
		verdict=$v3
		[ "$fmt" = python ] && verdict=$v2
		sk --tls -q -f "$fmt" --expect "$what" "$@" "$host" "$port"
		case "$what $verdict" in
		*" ok") want=7 ;;
		"ssl."*" match "*) want=0 ;;
		"ssl."*) want=other ;;
		*" $what") want=0 ;;
		*" -") want=other ;;
		*) [ "${v3#* }" = "$what" ] && want=0 || want=other ;;
		esac
		if [ "$want" = other ] && [ "$RC" != 0 ] && [ "$RC" != 7 ]; then
			pass "$name ($fmt): not expected, exit $RC"
		elif [ "$RC" = "$want" ]; then
			pass "$name ($fmt): exit $RC"
		else
			fail "$name ($fmt)" "exit $RC, Python says <$verdict> (3.11: <$v3>)"
		fi
	done
}

expect_same "--expect ssl.SSLError, expired" localhost "$EXPIRED" ssl.SSLError "${CA[@]}"
expect_same "--expect ssl.SSLError, name mismatch" localhost "$WRONG" ssl.SSLError "${CA[@]}"
expect_same "--expect ssl.SSLError, plain HTTP" localhost "$HTTP" ssl.SSLError "${CA[@]}"
expect_same "--expect ssl.SSLError, connected" localhost "$GOOD" ssl.SSLError "${CA[@]}"
expect_same "--expect ssl.CertificateError, name mismatch" localhost "$WRONG" ssl.CertificateError "${CA[@]}"
expect_same "--expect ssl.CertificateError, expired" localhost "$EXPIRED" ssl.CertificateError "${CA[@]}"
expect_same "--expect ssl.SSLEOFError, EOF" localhost "$EOF" ssl.SSLEOFError "${CA[@]}"
expect_same "--expect ssl.SSLEOFError, expired" localhost "$EXPIRED" ssl.SSLEOFError "${CA[@]}"
expect_same "--expect CERTIFICATE_VERIFY_FAILED, expired" localhost "$EXPIRED" CERTIFICATE_VERIFY_FAILED "${CA[@]}"
expect_same "--expect CERTIFICATE_VERIFY_FAILED, connected" localhost "$GOOD" CERTIFICATE_VERIFY_FAILED "${CA[@]}"
expect_same "--expect CERTIFICATE_VERIFY_FAILED, plain HTTP" localhost "$HTTP" CERTIFICATE_VERIFY_FAILED "${CA[@]}"
expect_same "--expect WRONG_VERSION_NUMBER, plain HTTP" localhost "$HTTP" WRONG_VERSION_NUMBER "${CA[@]}"
expect_same "--expect UNEXPECTED_EOF_WHILE_READING, EOF" localhost "$EOF" UNEXPECTED_EOF_WHILE_READING "${CA[@]}"
expect_same "--expect KRB5_S_TKT_NYV (2.7's name), EOF" localhost "$EOF" KRB5_S_TKT_NYV "${CA[@]}"
expect_same "--expect SSL3_EXT_INVALID_SERVERNAME" 127.0.0.1 "$IDN" SSL3_EXT_INVALID_SERVERNAME "${CA[@]}" --servername "$L60.$L60.$L60.$L60.$L60"

# a class 2.7 lacks matches what CPython 3.11 raises it for: the same
# failure in every format (the documented rule, not 2.7's behaviour)
for fmt in python python3 json; do
	expect "--expect ssl.SSLCertVerificationError, expired ($fmt)" 0 "" \
		--tls "${CA[@]}" -q -f "$fmt" --expect ssl.SSLCertVerificationError localhost "$EXPIRED"
	expect "--expect ssl.SSLCertVerificationError, name mismatch ($fmt)" 0 "" \
		--tls "${CA[@]}" -q -f "$fmt" --expect ssl.SSLCertVerificationError localhost "$WRONG"
	expect "--expect ssl.SSLCertVerificationError, plain HTTP ($fmt)" 5 "" \
		--tls "${CA[@]}" -q -f "$fmt" --expect ssl.SSLCertVerificationError localhost "$HTTP"
done

# a TLS timeout is a timeout in every format (exit 4 without --expect)
for fmt in python python3 json nagios prometheus; do
	expect "--expect timeout, handshake past -t ($fmt)" 0 "" \
		--tls "${CA[@]}" -q -f "$fmt" -t 0.3 --expect timeout localhost "$SILENT"
	expect "--expect socket.timeout, handshake past -t ($fmt)" 0 "" \
		--tls "${CA[@]}" -q -f "$fmt" -t 0.3 --expect socket.timeout localhost "$SILENT"
done
expect "--expect timeout, read past -t" 0 "" --tls "${CA[@]}" -q -t 0.3 \
	--recv=10 --expect timeout localhost "$HOLD"
expect "--expect refused, handshake past -t: exit 4" 4 "" --tls "${CA[@]}" -q \
	-t 0.3 --expect refused localhost "$SILENT"
expect "--expect timeout, expired certificate: exit 5" 5 "" --tls "${CA[@]}" -q \
	--expect timeout localhost "$EXPIRED"
sk --tls "${CA[@]}" -f nagios --expect CERTIFICATE_VERIFY_FAILED localhost "$EXPIRED"
case "$RC $OUT" in
"0 SOCKERR OK - ssl."*"[SSL: CERTIFICATE_VERIFY_FAILED] "*"(expected) |"*) pass "nagios: an expected ssl outcome is OK" ;;
*) fail "nagios: an expected ssl outcome is OK" "exit $RC: $OUT" ;;
esac
sk --tls "${CA[@]}" -f prometheus --expect ssl.SSLError "localhost:$HTTP"
if [ "$RC" = 0 ] && grep -q '^sockerr_probe_success{.*} 1$' <<<"$OUT"; then
	pass "prometheus: an expected ssl outcome is success"
else
	fail "prometheus: an expected ssl outcome is success" "exit $RC: $(grep probe_success <<<"$OUT")"
fi
expect_err "--expect: a reason's prefix is refused" 64 "--expect" --expect CERTIFICATE_VERIFY localhost 1
expect_err "--expect: an unknown class is refused" 64 "--expect" --expect ssl.SSLErr localhost 1
expect_err "--expect: a class is case-sensitive" 64 "--expect" --expect ssl.sslerror localhost 1

# Under valgrind: the new paths (every name of a certificate, NULs, the
# server name encoded or refused) leak nothing and read nothing they
# should not.
case $SUITE in
asan/*) skip "valgrind" "not the ASan build" ;;
*)
	if ! command -v valgrind >/dev/null; then
		skip "valgrind" "valgrind is missing (make test-deps)"
	else
		vg_tls "2.7: 70 DNS names, none matches" 5 "${CA[@]}" --servername other.example 127.0.0.1 "$MANY"
		vg_tls "2.7: 20 CNs, NUL in a CN" 5 "${CA[@]}" --servername good.example \
			"127.0.0.1:$MANYCN" "127.0.0.1:$NULCN" "127.0.0.1:$NULSAN"
		vg_tls "3.11: a U-label, two targets" 0 "${CA[@]}" -f python3 \
			--servername bücher.example "127.0.0.1:$IDN" bücher.test:"$IDN"
		vg_tls "3.11: an empty label" 1 "${CA[@]}" -f json --servername bü..example 127.0.0.1 "$IDN"
		vg_tls "3.11: encoded to a leading dot" 1 "${CA[@]}" -f python3 \
			--servername "$(printf '\342\200\244x.example')" 127.0.0.1 "$IDN"
		vg_tls "3.11: SNI over 255 bytes, --expect" 0 "${CA[@]}" -f python3 \
			--expect SSL3_EXT_INVALID_SERVERNAME --servername "$L60.$L60.$L60.$L60.$L60" 127.0.0.1 "$IDN"
	fi
	;;
esac
