#!/usr/bin/env bash
# --tls: every scenario against CPython 3.11 and Python 2.7 run at the same
# moment (create_connection + create_default_context().wrap_socket, via
# tests/pyref.py tls): the same line and the status of its class.  The PKI
# is made here by openssl (tests/tlspki.sh); servers are openssl s_server
# and tests/tlspeer.py, on loopback in this private namespace.
. "$TOP/tests/lib.sh"
. "$TOP/tests/tlspki.sh"

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

SERVER_PIDS=()
cleanup_hook() {
	local p
	for p in "${SERVER_PIDS[@]}"; do kill "$p" 2>/dev/null; done
}
PORT=24400

# listening PORT: true once something listens there (at most 5 s).
listening() {
	local i
	for ((i = 0; i < 100; i++)); do
		ss -Hltn "sport = :$1" | grep -q . && return 0
		sleep 0.05
	done
	return 1
}

# s_server VAR ARGS...: openssl s_server on the next port; VAR = its port.
s_server() {
	local var=$1
	shift
	PORT=$((PORT + 1))
	(cd "$PKI" && exec openssl s_server -quiet -accept "127.0.0.1:$PORT" "$@") \
		>/dev/null 2>&1 </dev/null &
	SERVER_PIDS+=($!)
	listening "$PORT" || fail setup "s_server $* does not listen"
	printf -v "$var" '%s' "$PORT"
}

# peer VAR MODE: tests/tlspeer.py MODE on the next port.
peer() {
	local var=$1
	PORT=$((PORT + 1))
	"$PY3" "$TOP/tests/tlspeer.py" "$2" "$PORT" "$T/peer.$PORT" >/dev/null 2>&1 &
	SERVER_PIDS+=($!)
	listening "$PORT" || fail setup "tlspeer.py $2 does not listen"
	printf -v "$var" '%s' "$PORT"
}

# status_of LINE: the exit status the contract gives Python's line.
status_of() {
	case "$1" in
	ok) echo 0 ;;
	"TimeoutError: _ssl.c:"* | "ssl.SSLError: ('_ssl.c:"*"timed out',)") echo 4 ;;
	ssl.*) echo 5 ;;
	socket.timeout:* | "TimeoutError: timed out") echo 4 ;;
	*) echo 1 ;;
	esac
}

# run_ref OUT PYTHON ARGS...: pyref.py tls ARGS; OUT.line and OUT.rc.
run_ref() {
	local out=$1 py=$2
	shift 2
	timeout 30 "$py" "$TOP/tests/pyref.py" tls "$@" >"$out.o" 2>"$out.e"
	if [ $? = 0 ]; then tail -n 1 "$out.o"; else tail -n 1 "$out.e"; fi >"$out.line"
}

# run_sk OUT FORMAT ARGS...: sockerr --tls ARGS; OUT.line and OUT.rc.
run_sk() {
	local out=$1 fmt=$2
	shift 2
	timeout 30 "$SOCKERR" --tls --format="$fmt" "$@" >"$out.line" 2>"$out.e"
	echo $? >"$out.rc"
}

# compare NAME FORMAT REF SK: sockerr's line is Python's (or "ok ..."
# when Python's is "ok"), with the status of its class.
compare() {
	local name=$1 fmt=$2 ref sk rc want
	ref=$(cat "$3.line")
	sk=$(cat "$4.line")
	rc=$(cat "$4.rc")
	want=$(status_of "$ref")
	if [ "$ref" = ok ] && [ "${sk#ok }" = "$sk" ]; then
		fail "$name ($fmt)" "Python connected, sockerr <$sk>"
	elif [ "$ref" != ok ] && [ "$sk" != "$ref" ]; then
		fail "$name ($fmt)" "sockerr <$sk>, Python <$ref>"
	elif [ "$rc" != "$want" ]; then
		fail "$name ($fmt)" "exit $rc, expected $want for <$ref>"
	else
		pass "$name ($fmt): ${ref:0:110}"
	fi
}

# same NAME HOST PORT OPTIONS...: the four runs at the same moment.
same() {
	local name=$1 d=$T/run.$RANDOM pids=()
	shift
	run_ref "$d.py3" "$PY3" "$@" &
	pids+=($!)
	run_sk "$d.sk3" python3 "$@" &
	pids+=($!)
	if [ -n "$PY2" ]; then
		run_ref "$d.py2" "$PY2" "$@" &
		pids+=($!)
		run_sk "$d.sk2" python "$@" &
		pids+=($!)
	fi
	wait "${pids[@]}"
	compare "$name" python3 "$d.py3" "$d.sk3"
	if [ -n "$PY2" ]; then
		compare "$name" python "$d.py2" "$d.sk2"
	else
		skip "$name (python)" "no Python 2.7 on this machine"
	fi
}

CA=(--cafile "$PKI/root.pem")
s_server GOOD -cert good.pem -key good.key -cert_chain int.pem
s_server EXPIRED -cert expired.pem -key expired.key -cert_chain int.pem
s_server FUTURE -cert future.pem -key future.key -cert_chain int.pem
s_server SELF -cert self.pem -key self.key
s_server WRONG -cert wrongname.pem -key wrongname.key -cert_chain int.pem
s_server IPONLY -cert ipv4only.pem -key ipv4only.key -cert_chain int.pem
s_server CNONLY -cert cnonly.pem -key cnonly.key -cert_chain int.pem
s_server WILD -cert wildcard.pem -key wildcard.key -cert_chain int.pem
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
same "wildcard, partial" 127.0.0.1 "$WILD" "${CA[@]}" --servername xy.tls.test
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
same "never speaks, -t 1" localhost "$SILENT" "${CA[@]}" -t 1
same "refused" localhost 1 "${CA[@]}"
SSL_CERT_FILE=$PKI/root.pem same "SSL_CERT_FILE" localhost "$GOOD"
