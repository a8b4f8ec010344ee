# -k is CPython's check_hostname = False with CERT_NONE: the name is no
# part of the verification, so json's verify_code is the chain's alone.
# CPython 3.11 with the same CA file, CERT_REQUIRED and check_hostname =
# False verifies the chain without the name and connects to a server whose
# certificate names another host; sockerr -k must say the chain verified
# (verify_code 0, "ok"), and without -k refuse the name as CPython does.
. "$TOP/tests/lib.sh"

if ! command -v openssl >/dev/null; then
	skip all "no openssl command"
	exit 0
fi
cd "$T" || exit 1
ec=(-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes)
if ! { openssl req -x509 "${ec[@]}" -subj /CN=sockerr-test-ca -days 2 -keyout ca.key \
	-out ca.pem -addext basicConstraints=critical,CA:TRUE \
	-addext keyUsage=critical,keyCertSign &&
	openssl req "${ec[@]}" -subj /CN=other.test -keyout leaf.key -out leaf.csr &&
	printf 'subjectAltName=DNS:other.test\n' >leaf.ext &&
	openssl x509 -req -in leaf.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 \
		-extfile leaf.ext -out leaf.pem; } >/dev/null 2>&1; then
	skip all "openssl could not make the certificates"
	exit 0
fi
port=$(free_port)
openssl s_server -quiet -accept "127.0.0.1:$port" -cert leaf.pem -key leaf.key \
	>/dev/null 2>&1 </dev/null &
FIXTURE_PIDS+=($!)
listening "$port" || fail setup "openssl s_server does not listen on $port"

chain=$(timeout 20 "$PY3" -c '
import socket, ssl, sys
ctx = ssl.create_default_context(cafile=sys.argv[2])
ctx.check_hostname = False
s = ctx.wrap_socket(socket.create_connection(("127.0.0.1", int(sys.argv[1]))),
                    server_hostname="localhost")
print("ok")' "$port" "$T/ca.pem" 2>&1 | tail -n 1)
sk -f json --tls -k --cafile "$T/ca.pem" localhost "$port"
got=$(jq -c '[.ok, .tls.verify_code, .tls.verify_result]' <<<"$OUT" 2>/dev/null)
if [ "$chain" = ok ] && [ "$got" = '[true,0,"ok"]' ]; then
	pass "-k, a certificate for another name: the chain alone verified, as CPython's check_hostname = False ($got)"
else
	fail "-k, a certificate for another name: the chain alone verified" \
		"sockerr $got, CPython 3 (CERT_REQUIRED, check_hostname = False) <$chain>: $OUT"
fi
# and without -k the name is checked, as CPython does
py "$PY3" tls localhost "$port" --cafile "$T/ca.pem"
sk -f python3 --tls --cafile "$T/ca.pem" localhost "$port"
if [ "$OUT" = "$PYLINE" ]; then
	pass "no -k, a certificate for another name: $OUT"
else
	fail "no -k, a certificate for another name" "sockerr <$OUT>, CPython 3 <$PYLINE>"
fi
