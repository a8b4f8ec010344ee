# A peer that accepts and resets at once (SO_LINGER 0), against CPython
# 3.11 and Python 2.7 (issue 17, N1 and N6 of the differential fuzzer).
#
# Python's blocking connect() returns once the handshake is done, before
# the RST comes: "ok".  The RST is then the socket's pending error, which
# the next send, recv or handshake raises; 2.7's wrap_socket() first asks
# getpeername(), gets ENOTCONN and makes no handshake and no error.
# sockerr checks a non-blocking connect by asking again (connect(), or
# SO_ERROR), which may already return that ECONNRESET: it must read it as
# "connected, the reset waits for the next step", never as the connect's
# failure (nor go on to a name's next address).
#
# Whether the RST is in before the next step is a race in Python too, so
# the steps after the connect run under strace with the RST made certain
# first, for both sides alike: the connect() calls return 150 ms late
# (after the reset; -t: Python's poll and SO_ERROR then see it too), or
# getpeername() does (the reset comes after the connect's check, before
# the TLS stage's).
. "$TOP/tests/lib.sh"
fixture reset tcp --reset
fixture reset6 tcp --reset --host ::1	# dual.test: ::1 first, 127.0.0.1 refuses

# 1. No -t: connect only, 10 tries each (the RST raced sockerr's second
# look at the connect in 4 to 8 of 10 before the fix).
for fmt in python3 python; do
	interp=$PY3
	[ $fmt = python ] && interp=$PY2
	py "$interp" connect 127.0.0.1 "$reset"
	want=$PYLINE
	bad=0 seen=
	for i in 1 2 3 4 5 6 7 8 9 10; do
		sk -f $fmt 127.0.0.1 "$reset"
		case $OUT in ok\ *) [ "$RC" = 0 ] || bad=$((bad + 1)) ;; *) bad=$((bad + 1)) seen=$OUT ;; esac
	done
	if [ "$want" != ok ]; then
		fail "connect, no -t ($fmt)" "setup: Python says <$want>"
	elif [ $bad = 0 ]; then
		pass "connect, no -t ($fmt): ok, as Python, 10 of 10"
	else
		fail "connect, no -t ($fmt)" "$bad of 10 printed <$seen>, Python <ok>"
	fi
done

# 2. The RST certain before the next step: both sides under strace.
if ! command -v strace >/dev/null || ! strace -f --seccomp-bpf -qq -o /dev/null \
	-e trace=connect -e inject=connect:delay_exit=1 true 2>/dev/null; then
	skip "the reset before the next step" "no strace with delay injection"
	exit 0
fi
# (--seccomp-bpf: only these calls stop; a traced Python starts slowly
# otherwise.  The ASan pass: LeakSanitizer cannot run under ptrace.)
NOLEAK=(env "ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0")
LATE_CONNECT=("${NOLEAK[@]}" strace -f --seccomp-bpf -qq -o /dev/null -e trace=connect
	-e inject=connect:delay_exit=150000)
LATE_PEERNAME=("${NOLEAK[@]}" strace -f --seccomp-bpf -qq -o /dev/null -e trace=getpeername
	-e inject=getpeername:delay_enter=150000)

# Each case: wrapper, name, sockerr's arguments, tests/pyserve.py's
# scenario (JSON).  One pyserve per interpreter and wrapper runs them all
# (an interpreter takes most of a second to start); then sockerr, under
# the same wrapper, must print the same line, and with -f json the same
# stage as CPython 3.11.
CASES=()
case_() { CASES+=("$1" "$2" "$3" "$4"); }
sc() {	# a scenario on 127.0.0.1: op, then more keys
	printf '{"op":"%s","host":"127.0.0.1","port":%s%s}' "$1" "$reset" "${2:+,$2}"
}
r="127.0.0.1 $reset"
case_ LATE_CONNECT "connect" "$r" "$(sc exchange)"
case_ LATE_CONNECT "--max-time (Python blocks)" "--max-time 5 $r" "$(sc exchange)"
case_ LATE_CONNECT "--send" "--send=ping $r" "$(sc exchange '"send":"70696e67"')"
case_ LATE_CONNECT "--send= (sendall of nothing)" "--send= $r" "$(sc exchange '"send":""')"
case_ LATE_CONNECT "--recv" "--recv $r" "$(sc exchange '"recv":4096')"
case_ LATE_CONNECT "-r" "-r $r" "$(sc exchange '"reverse":true')"
case_ LATE_CONNECT "--tls" "--tls -k $r" "$(sc tls '"insecure":true')"
case_ LATE_CONNECT "--tls --send" "--tls -k --send=x $r" "$(sc tls '"insecure":true,"send":"78"')"
case_ LATE_CONNECT "--tls --recv" "--tls -k --recv $r" "$(sc tls '"insecure":true,"recv":4096')"
case_ LATE_CONNECT "-t: SO_ERROR says the reset" "-t 2 $r" "$(sc exchange '"timeout":2')"
# a name whose first address resets: Python's create_connection() returns
# there; with -t, SO_ERROR has the reset: it goes on to the next address
d='{"op":"exchange","host":"dual.test","port":'$reset6
case_ LATE_CONNECT "a name, its first address resets" "dual.test $reset6" "$d}"
case_ LATE_CONNECT "a name, its first address resets, -t" "-t 2 dual.test $reset6" "$d"',"timeout":2}'
case_ LATE_PEERNAME "--tls, the reset after the connect" "--tls -k $r" "$(sc tls '"insecure":true')"
case_ LATE_PEERNAME "--tls --recv, the reset after the connect" "--tls -k --recv $r" \
	"$(sc tls '"insecure":true,"recv":4096')"
case_ LATE_PEERNAME "--tls --send, the reset after the connect" "--tls -k --send=x $r" \
	"$(sc tls '"insecure":true,"send":"78"')"

for wrap in LATE_CONNECT LATE_PEERNAME; do
	declare -n wr=$wrap
	for interp in "$PY3" "$PY2"; do
		for ((i = 0; i < ${#CASES[@]}; i += 4)); do
			[ "${CASES[i]}" = $wrap ] && jq -c --argjson id $i '. + {id: $id}' <<<"${CASES[i + 3]}"
		done | timeout 120 "${wr[@]}" "$interp" "$TOP/tests/pyserve.py" >"$T/ref.$wrap.$(basename "$(dirname "$(dirname "$interp")")")"
	done
	unset -n wr
done
ref_of() {	# WRAP INTERP ID: that result
	jq -c --argjson id "$3" 'select(.id == $id)' "$T/ref.$1.$(basename "$(dirname "$(dirname "$2")")")"
}
for ((i = 0; i < ${#CASES[@]}; i += 4)); do
	wrap=${CASES[i]} name=${CASES[i + 1]} skargs=${CASES[i + 2]}
	declare -n wr=$wrap
	for fmt in python3 python json; do
		interp=$PY3
		[ $fmt = python ] && interp=$PY2
		ref=$(ref_of $wrap "$interp" $i)
		want=$(jq -r 'if .lines == [] then "ok \(.result.peer[0])" else .lines[0] end' <<<"$ref")
		stage=$(jq -r .stage <<<"$ref")
		WRAP=("${wr[@]}")
		# shellcheck disable=SC2086
		sk -f $fmt $skargs
		WRAP=()
		if [ $fmt = json ]; then
			OUT=$(jq -r .stage <<<"$OUT")
			want=$stage
		elif [ "$RC" = 0 ]; then
			OUT=$(sed -E 's/^(ok [^ ]+) port .*/\1/' <<<"$OUT")
		fi
		if [ -n "$want" ] && [ "$OUT" = "$want" ]; then
			pass "$name ($fmt): <$want>"
		else
			fail "$name ($fmt)" "sockerr <$OUT> exit $RC, Python <$want> (stage $stage)"
		fi
	done
	unset -n wr
done

# -a: every address; the one that resets counts as connected
WRAP=("${LATE_CONNECT[@]}")
sk -a -f json dual.test "$reset6"
py "$PY3" attempts dual.test "$reset6"
WRAP=()
got=$(jq -c '[.ok, [.attempts[] | [.address, .ok, .code]]]' <<<"$OUT" 2>/dev/null)
pyw=$(jq -sc '[any(.[]; .ok), [.[] | [.address, .ok, .code]]]' "$T/py.out" 2>/dev/null)
if [ "$got" = "$pyw" ] && [ "$RC" = 0 ] && [ "$pyw" = '[true,[["::1",true,null],["127.0.0.1",false,111]]]' ]; then
	pass "-a: ::1 (resets at once) connected, 127.0.0.1 refused, as Python"
else
	fail "-a: ::1 resets at once" "sockerr $got exit $RC; CPython 3 $pyw"
fi

# json: a connection reset before the handshake has no tls object
WRAP=("${LATE_PEERNAME[@]}")
sk -f json --tls -k --recv 127.0.0.1 "$reset"
WRAP=()
got=$(jq -c '[.stage, .py3_class, .code, .tls]' <<<"$OUT" 2>/dev/null)
if [ "$got" = '["tls","ConnectionResetError",104,null]' ]; then
	pass "json: the reset before the handshake: stage tls, ConnectionResetError 104"
else
	fail "json: the reset before the handshake" "$got (exit $RC)"
fi
