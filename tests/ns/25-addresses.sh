# A name with two addresses (dual.test: ::1, then 127.0.0.1): the fallback
# of create_connection() (a later address connects after the first fails),
# two addresses that fail differently (the last error is the one reported),
# -a's lines and JSON attempts[], -n's JSON addresses[], and no socket left
# behind by an -a attempt that worked.  Every expectation comes from
# CPython 3 and Python 2.7 doing the same thing at test time.
. "$TOP/tests/lib.sh"

closed=$(free_port)
fixture l4 tcp                  # 127.0.0.1 only: ::1 refuses
fixture full4 tcp --backlog-full # 127.0.0.1 hangs, ::1 refuses
fixture full6 tcp --host ::1 --backlog-full # ::1 hangs, 127.0.0.1 refuses (for now)

# connects NAME "PYREF ARGS" SOCKERR ARGS...: Python's create_connection()
# connects, to an address sockerr connects to as well; or both fail with
# the same line (as same does).
connects() {
	local name=$1 pyargs=$2 interp fmt want
	shift 2
	for interp in "$PY3" "$PY2"; do
		if [ -z "$interp" ]; then
			skip "$name (python)" "no Python 2.7 on this machine"
			continue
		fi
		fmt=python3
		[ "$interp" = "$PY3" ] || fmt=python
		# shellcheck disable=SC2086
		py "$interp" $pyargs --peer
		sk --format=$fmt "$@"
		if [ "$PYRC" != 0 ]; then
			fail "$name ($fmt)" "the reference did not connect: <$PYLINE>; sockerr: exit $RC <$OUT>"
			continue
		fi
		want=${PYLINE#ok }
		if [ "$RC" = 0 ] && [[ $OUT == "ok $want port "[0-9]*": connected in "* ]]; then
			pass "$name ($fmt): connected to $want"
		else
			fail "$name ($fmt)" "exit $RC <$OUT>; Python connected to $want"
		fi
	done
}

# every_address NAME "PYREF ARGS" SOCKERR ARGS...: -a prints one line per
# address Python's loop tries, "ADDRESS: " and the line Python prints for
# that address (or "ok ADDRESS port ..."), and exits 0 when one connected,
# else with the status of the last address's class.
every_address() {
	local name=$1 pyargs=$2 interp fmt want got ok rc
	shift 2
	for interp in "$PY3" "$PY2"; do
		if [ -z "$interp" ]; then
			skip "$name (python)" "no Python 2.7 on this machine"
			continue
		fi
		fmt=python3
		[ "$interp" = "$PY3" ] || fmt=python
		# shellcheck disable=SC2086
		timeout 30 "$interp" "$TOP/tests/pyref.py" attempts $pyargs >"$T/att" 2>"$T/att.err"
		want=$(jq -r '.address + ": " + if .ok then "ok \(.address) port \(.port): connected in "
			else .class + ": " + (if .code == null then "" else "[Errno \(.code)] " end) + .message end' "$T/att")
		ok=$(jq -s 'any(.ok)' "$T/att")
		rc=$(jq -rs 'if any(.ok) then 0 else .[-1].class | if test("herror") then 2
			elif test("gaierror") then 3 elif test("timeout|TimeoutError") then 4 else 1 end end' "$T/att")
		sk --format=$fmt -a "$@"
		got=$(paste -d '\n' <(printf '%s\n' "$want") <(printf '%s\n' "$OUT") | awk '
			NR % 2 { w = $0; next }
			w ~ /: connected in $/ ? index($0, w) != 1 : $0 != w { print "line " NR / 2 ": <" $0 ">, Python: <" w ">"; exit }')
		if [ -z "$want" ] || [ "$ok" = "" ]; then
			fail "$name ($fmt)" "no reference: $(head -c 300 "$T/att.err")"
		elif [ "$(wc -l <<<"$OUT")" != "$(wc -l <<<"$want")" ]; then
			fail "$name ($fmt)" "$(wc -l <<<"$OUT") lines for $(wc -l <<<"$want") addresses: <$OUT>"
		elif [ -n "$got" ]; then
			fail "$name ($fmt)" "$got"
		elif [ "$RC" != "$rc" ]; then
			fail "$name ($fmt)" "exit $RC, expected $rc"
		else
			pass "$name ($fmt)"
		fi
	done
}

# Keys of one attempt object: always, and when they apply.
att_keys='["address","class","code","message","name","ok","port","py3_class","stage","timings"]'
# the facts Python cannot tell (issue 10) are there only when the kernel has them
att_optional='["hostname","received","sent_bytes","local","local_port","retransmits","icmp"]'

# json_attempts NAME "PYREF ARGS" SOCKERR ARGS...: -a -f json gives one
# attempts[] object per address, in Python's order, with the keys of the
# man page and no other, and Python 3's class, code, name and message
# (Python 2.7's class), the stage that failed, the address and the port.
json_attempts() {
	local name=$1 pyargs=$2 want got
	shift 2
	# shellcheck disable=SC2086
	timeout 30 "$PY3" "$TOP/tests/pyref.py" attempts $pyargs >"$T/att3"
	if [ -n "$PY2" ]; then
		# shellcheck disable=SC2086
		timeout 30 "$PY2" "$TOP/tests/pyref.py" attempts $pyargs >"$T/att2"
	else
		# without Python 2.7 the class column is not checked
		jq -c '.code = "no Python 2.7"' "$T/att3" >"$T/att2"
	fi
	# "class" is Python 2's name for Python 3's exception: taken from
	# Python 2.7 where it raises the same code (it may not: binding
	# 127.0.0.1 to an IPv6 socket is [Errno 99] there, [Errno -9] in 3)
	want=$(jq -sc --slurpfile p2 "$T/att2" '[to_entries[] | .value + {py3_class: .value.class,
		class: (if $p2[.key].code == .value.code then $p2[.key].class else "unchecked" end)}]' "$T/att3")
	sk -a -f json "$@"
	if ! jq -e . >/dev/null 2>&1 <<<"$OUT"; then
		fail "$name" "not JSON: exit $RC <$OUT>"
		return
	fi
	got=$(jq -c --argjson k "$att_keys" --argjson o "$att_optional" --argjson w "$want" '[.attempts | to_entries[] |
		.key as $i | .value | (keys - $o) as $have | if $have != $k then {keys_wrong: $have} else . end |
		del(.timings, .hostname, .received, .sent_bytes, .local, .local_port, .retransmits, .icmp) |
		if $w[$i].class == "unchecked" then .class = "unchecked" else . end]' <<<"$OUT")
	want=$(jq -c '[.[] | to_entries | sort_by(.key) | from_entries]' <<<"$want")
	got=$(jq -c '[.[] | to_entries | sort_by(.key) | from_entries]' <<<"$got")
	if [ "$got" != "$want" ]; then
		fail "$name" "attempts $got; Python $want"
	elif [ "$(jq -c '.ok' <<<"$OUT")" != "$(jq -c 'any(.ok)' <<<"$want")" ]; then
		fail "$name" "top-level ok is $(jq -c .ok <<<"$OUT"), attempts say otherwise"
	elif ! jq -e '[.attempts[] | .timings | type == "object" and has("socket_ms")] | all' >/dev/null <<<"$OUT"; then
		fail "$name" "an attempt without its socket_ms timing: $OUT"
	else
		pass "$name"
	fi
}

# --- one address fails, a later one connects (create_connection's loop)
connects "fallback: ::1 refused, 127.0.0.1 connects" "connect dual.test $l4" dual.test "$l4"
connects "fallback with -t: ::1 refused, 127.0.0.1 connects" "connect dual.test $l4 -t 1" -t 1 dual.test "$l4"
connects "fallback after a bind error: -s 127.0.0.1 cannot bind an IPv6 socket" \
	"connect dual.test $l4 -s 127.0.0.1" -s 127.0.0.1 dual.test "$l4"
every_address "-a, fallback: the refused address, then the one that connects" "dual.test $l4" dual.test "$l4"
json_attempts "-a json attempts: refused, then connected" "dual.test $l4" dual.test "$l4"

# --- two addresses fail differently: the last one's error is reported
same "refused, then timed out: the timeout" "connect dual.test $full4 -t 0.3" -t 0.3 dual.test "$full4"
same "timed out, then refused: the refusal" "connect dual.test $full6 -t 0.3" -t 0.3 dual.test "$full6"
same "refused, then a bind error (-s ::1): the gaierror" "connect dual.test $closed -s ::1" -s ::1 dual.test "$closed"
same "a bind error (-s 127.0.0.1), then refused: the refusal" "connect dual.test $closed -s 127.0.0.1" -s 127.0.0.1 dual.test "$closed"
# Python 2.7 reads a dotted quad with sscanf() whatever the socket's
# family: an IPv6 socket binds garbage (Errno 99), CPython 3 says -9; and
# 1.2.3.08 is an address to 2.7, a name to look up to CPython 3
same "-s 127.0.0.1 on an IPv6 socket: Errno 99 in 2.7, gaierror in 3" "connect ::1 $closed -s 127.0.0.1" -s 127.0.0.1 ::1 "$closed"
same "-s 255.255.255.255 on an IPv6 socket" "connect ::1 $closed -s 255.255.255.255" -s 255.255.255.255 ::1 "$closed"
same "-s 1.2.3.08: sscanf in 2.7, a lookup in 3" "connect 127.0.0.1 $closed -s 1.2.3.08" -s 1.2.3.08 127.0.0.1 "$closed"
every_address "-a: a bind error (-s 127.0.0.1), then refused" "dual.test $closed -s 127.0.0.1" -s 127.0.0.1 dual.test "$closed"
every_address "-a: timed out, then refused" "dual.test $full6 -t 0.3" -t 0.3 dual.test "$full6"
every_address "-a: refused, then a bind error" "dual.test $closed -s ::1" -s ::1 dual.test "$closed"
json_attempts "-a json attempts: timed out, then refused" "dual.test $full6 -t 0.3" -t 0.3 dual.test "$full6"
json_attempts "-a json attempts: a bind error, then refused" "dual.test $closed -s 127.0.0.1" -s 127.0.0.1 dual.test "$closed"

# --- the first address times out, the next connects
fixture late4 tcp --port "$full6"
if [ "$late4" = "$full6" ]; then
	connects "fallback after a timeout: ::1 hangs, 127.0.0.1 connects" "connect dual.test $full6 -t 0.3" -t 0.3 dual.test "$full6"
	json_attempts "-a json attempts: timed out, then connected" "dual.test $full6 -t 0.3" -t 0.3 dual.test "$full6"
else
	fail "fallback after a timeout" "setup: no listener on 127.0.0.1 port $full6"
fi

# --- -n: addresses[], as Python's getaddrinfo() gives them
want=$("$PY3" -c 'import json, socket, sys
print(json.dumps([{"family": socket.AddressFamily(ai[0]).name, "address": ai[4][0]}
	for ai in socket.getaddrinfo(sys.argv[1], None, 0, socket.SOCK_STREAM)], sort_keys=True, separators=(",", ":")))' dual.test)
sk -n -f json dual.test
got=$(jq -c '[.addresses[] | to_entries | sort_by(.key) | from_entries]' <<<"$OUT" 2>/dev/null)
[ "$RC" = 0 ] && [ "$got" = "$want" ] && pass "-n json addresses: family and address, no other key, in Python's order" ||
	fail "-n json addresses" "exit $RC: $got; Python $want"
want=$("$PY3" -c 'import json, socket, sys
print(json.dumps([{"family": socket.AddressFamily(ai[0]).name, "address": ai[4][0], "hostname": socket.gethostbyaddr(ai[4][0])[0]}
	for ai in socket.getaddrinfo(sys.argv[1], None, 0, socket.SOCK_STREAM)], sort_keys=True, separators=(",", ":")))' dual.test)
sk -n -r -f json dual.test
got=$(jq -c '[.addresses[] | to_entries | sort_by(.key) | from_entries]' <<<"$OUT" 2>/dev/null)
[ "$RC" = 0 ] && [ "$got" = "$want" ] && pass "-n -r json addresses: and the name gethostbyaddr() gives" ||
	fail "-n -r json addresses" "exit $RC: $got; Python $want"
# -a -r: the attempt that connected carries its name and stage reverse
sk -a -r -f json dual.test "$l4"
got=$(jq -c '[.attempts[] | select(.ok) | [.address, .stage, .hostname]]' <<<"$OUT" 2>/dev/null)
want=$("$PY3" -c 'import json, socket; print(json.dumps([["127.0.0.1", "reverse", socket.gethostbyaddr("127.0.0.1")[0]]], separators=(",", ":")))')
[ "$got" = "$want" ] && pass "-a -r json: the attempt that connected has its hostname" || fail "-a -r json attempts" "$got; want $want"

# --- -a goes on after an address that worked: its socket must be closed.
# ::1 greets and hangs up (recv done), 127.0.0.1 on the same port keeps
# quiet, so sockerr waits in the second attempt's recv: then it holds as
# many sockets as a run with 127.0.0.1 alone does.
sockets_of() { ls -l "/proc/$1/fd" 2>/dev/null | grep -c 'socket:'; }
# waiting PID: sockerr PID (timeout's child) has an established connection
# to 127.0.0.1 port $port; prints its pid.
waiting() {
	local i pid=
	for ((i = 0; i < 200; i++)); do
		pid=${pid:-$(pgrep -P "$1")}
		if [ -n "$pid" ] && ss -Htnp state established dst "127.0.0.1:$port" 2>/dev/null | grep -q "pid=$pid,"; then
			sleep 0.1
			echo "$pid"
			return
		fi
		sleep 0.025
	done
}
port=
for _ in 1 2 3; do
	fixture g6 tcp --host ::1 --greet hi
	fixture q4 tcp --port "$g6"
	[ -n "$g6" ] && [ "$q4" = "$g6" ] && { port=$g6; break; }
done
if [ -z "$port" ]; then
	fail "-a: no socket left open by the attempt that worked" "setup: no port free on both ::1 and 127.0.0.1"
else
	timeout 20 "$SOCKERR" --recv 127.0.0.1 "$port" >/dev/null 2>&1 &
	tpid=$!
	spid=$(waiting $tpid)
	base=$( [ -n "$spid" ] && sockets_of "$spid")
	kill $tpid 2>/dev/null
	wait $tpid 2>/dev/null
	timeout 20 "$SOCKERR" -a --recv dual.test "$port" >"$T/leak.out" 2>&1 &
	tpid=$!
	spid=$(waiting $tpid)
	n=$( [ -n "$spid" ] && sockets_of "$spid")
	kill $tpid 2>/dev/null
	wait $tpid 2>/dev/null
	if [ -z "$base" ] || [ "$base" -lt 1 ]; then
		fail "-a: no socket left open by the attempt that worked" "the one-address run was not found waiting (pid <$spid>)"
	elif [ -z "$n" ]; then
		fail "-a: no socket left open by the attempt that worked" "the -a run was not found in its second attempt: $(cat "$T/leak.out")"
	elif [ "$n" != "$base" ]; then
		fail "-a: no socket left open by the attempt that worked" "$n sockets open in the second attempt, $base with one address"
	else
		pass "-a: no socket left open by the attempt that worked ($n open, as with one address)"
	fi
fi
