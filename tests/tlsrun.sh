# Shared by the TLS suites (tests/ns/70-tls.sh, 71-tls-names.sh), sourced
# after tests/lib.sh with PKI set: servers on loopback and the runs of
# sockerr and tests/pyref.py tls at the same moment.  PORT: the last port
# used (each server takes the next).

SERVER_PIDS=()
cleanup_hook() {
	local p
	for p in "${SERVER_PIDS[@]}"; do kill "$p" 2>/dev/null; done
}
PORT=${PORT:-24400}

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

# peer VAR MODE: tests/tlspeer.py MODE on the next port (tls-*: with the
# good certificate).
peer() {
	local var=$1
	PORT=$((PORT + 1))
	"$PY3" "$TOP/tests/tlspeer.py" "$2" "$PORT" "$T/peer.$PORT" \
		"$PKI/good.chain.pem" "$PKI/good.key" >/dev/null 2>&1 &
	SERVER_PIDS+=($!)
	listening "$PORT" || fail setup "tlspeer.py $2 does not listen"
	printf -v "$var" '%s' "$PORT"
}

# status_of LINE: the exit status the contract gives Python's line.
status_of() {
	case "$1" in
	ok) echo 0 ;;
	TimeoutError:* | "ssl.SSLError: ('"*"timed out',)") echo 4 ;;
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
# pyref's --send HEX becomes sockerr's --send=\xNN...
run_sk() {
	local out=$1 fmt=$2 a args=()
	shift 2
	while [ $# -gt 0 ]; do
		a=$1
		shift
		if [ "$a" = --send ]; then
			a="--send=$(sed 's/../\\x&/g' <<<"$1")"
			shift
		elif [ "$a" = --recv ]; then	# its value is optional: --recv=N
			a="--recv=$1"
			shift
		fi
		args+=("$a")
	done
	timeout 30 "$SOCKERR" --tls --format="$fmt" "${args[@]}" >"$out.line" 2>"$out.e"
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

# vg_tls NAME STATUS ARGS...: sockerr --tls ARGS under valgrind exits
# STATUS with no error and no leak.
vg_tls() {
	local name=$1 rc=$2 log=$T/vg.$RANDOM
	shift 2
	timeout 120 valgrind --error-exitcode=86 --leak-check=full \
		--errors-for-leak-kinds=definite,indirect,possible \
		--show-leak-kinds=definite,indirect,possible --log-file="$log" \
		"$SOCKERR" --tls "$@" >"$log.out" 2>/dev/null </dev/null
	local got=$?
	json_log_if "$@" <"$log.out"
	if [ "$got" = "$rc" ] && grep -q 'ERROR SUMMARY: 0 errors' "$log"; then
		pass "valgrind: $name"
	else
		fail "valgrind: $name" "exit $got (want $rc): $(grep -E -m 3 'Invalid|uninitialised|lost in|ERROR SUMMARY' "$log" | tr '\n' ' ')"
	fi
}
