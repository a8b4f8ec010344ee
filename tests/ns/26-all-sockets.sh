# -a tries every address; each attempt's socket is closed before the next
# one opens, as the loop of create_connection() does (tests/pyref.py
# attempts: every address, each socket closed).  dual.test has ::1 and
# 127.0.0.1: the first address getaddrinfo gives accepts, the second has a
# full accept queue, so its connect waits; while it waits, sockerr and
# Python each hold exactly one TCP socket (ss -tanp, by pid).  Without -a,
# every address failing, the error shown is the last address's.
. "$TOP/tests/lib.sh"

order=$("$PY3" -c 'import socket
print(" ".join(a[4][0] for a in socket.getaddrinfo("dual.test", 80, 0, socket.SOCK_STREAM)))')
read -r first second <<<"$order"
if [ -z "$second" ]; then
	skip all "dual.test has one address ($order)"
	exit 0
fi
port=$(free_port)
fixture up tcp --host "$first" --port "$port"
fixture full tcp --host "$second" --port "$port" --backlog-full
if [ "$up" != "$port" ] || [ "$full" != "$port" ]; then
	skip all "no listener pair on port $port ($first: $up, $second: $full)"
	exit 0
fi

# tcp_sockets PID: its TCP sockets, one "STATE" a line.
tcp_sockets() {
	ss -Htanp | grep -F "pid=$1," | awk '{ print $1 }' | sort | tr '\n' ' '
}

# held NAME CMD...: CMD in the background; its TCP sockets at 1 s, when
# the first address has answered and the second one's connect waits.
held() {
	local name=$1 pid
	shift
	"$@" >"$T/$name.out" 2>&1 &
	pid=$!
	sleep 1
	tcp_sockets "$(pgrep -P "$pid")" >"$T/$name.socks"	# timeout's child
	wait "$pid"
}

held sk timeout 20 "$SOCKERR" -f json -a -t 2 dual.test "$port"
held py timeout 20 "$PY3" "$TOP/tests/pyref.py" attempts dual.test "$port" -t 2
sk_socks=$(cat "$T/sk.socks") py_socks=$(cat "$T/py.socks")
if [ "$sk_socks" != "SYN-SENT " ]; then
	fail "-a: one socket at a time" "sockerr holds <$sk_socks> while the second address waits; Python <$py_socks>"
elif [ "$sk_socks" != "$py_socks" ]; then
	fail "-a: one socket at a time" "sockerr <$sk_socks>, Python <$py_socks>"
else
	pass "-a: while the second address waits, one socket, as Python's loop ($sk_socks)"
fi
# and what each attempt gave, as Python's
got=$(jq -c '[.attempts[] | [.address, .ok, .stage, .py3_class]]' "$T/sk.out" 2>/dev/null)
want=$(jq -sc '[.[] | [.address, .ok, .stage, .class]]' "$T/py.out" 2>/dev/null)
if [ -n "$got" ] && [ "$got" = "$want" ]; then
	pass "-a: the attempts as Python's ($got)"
else
	fail "-a: the attempts as Python's" "sockerr $got, Python $want ($(head -c 300 "$T/py.out"))"
fi

# Without -a every address failing, the error shown is the last address's,
# as create_connection() raises the last error: the first address refuses,
# the second times out.
q=$(free_port)
fixture full2 tcp --host "$second" --port "$q" --backlog-full
py "$PY3" connect dual.test "$q" -t 0.5
sk -f json -t 0.5 dual.test "$q"
got=$(jq -r '[.address, .py3_class + ": " + .message] | join(" ")' <<<"$OUT" 2>/dev/null)
if [ "$full2" = "$q" ] && [ "$got" = "$second $PYLINE" ]; then
	pass "every address failing: the last one's error, at its address ($got)"
else
	fail "every address failing: the last one's error, at its address" "sockerr <$got>, CPython 3 <$second $PYLINE>"
fi
