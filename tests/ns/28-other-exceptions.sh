# Exceptions outside the socket module's taxonomy (issue 17, N2 and N5 of
# the differential fuzzer): CPython 3's UnicodeError for a name the idna
# codec refuses, the TypeError of an address --family cannot read, and
# ssl.py's ValueError for a handshake on a socket whose timeout is 0
# (-t 0 --tls where the connect ends at once: a unix socket).  None is an
# OSError, so "except socket.error" (--expect=error) does not catch it;
# each is its own class in every format; the exit status is 1, Python's
# for an uncaught exception.  Compared with CPython 3.11 and Python 2.7.
. "$TOP/tests/lib.sh"
fixture listening tcp
fixture ulisten unix "$T/l.sock"

# pyserve_line PYTHON SCENARIO: the interpreter's line ("ok" on success)
pyserve_line() {
	printf '%s\n' "$2" | timeout 30 "$1" "$TOP/tests/pyserve.py" | tail -n 1 |
		jq -r '.lines[0] // "ok"'
}

# json_is NAME WANT ARGS...: sockerr -f json ARGS: [stage, class,
# py3_class, code, name] and the exit status 1
json_is() {
	local name=$1 want=$2 got
	shift 2
	sk -f json "$@"
	got=$(jq -c '[.stage, .class, .py3_class, .code, .name]' <<<"$OUT" 2>/dev/null)
	if [ "$got" = "$want" ] && [ "$RC" = 1 ]; then
		pass "json, $name: $got, exit 1"
	else
		fail "json, $name" "$got exit $RC; expected $want exit 1"
	fi
}

# labels NAME CLASS ARGS...: -f prometheus: the failure's class labels and
# the exit status metric; -f nagios: CRITICAL with the CPython 3 line
labels() {
	local name=$1 cls=$2 line
	shift 2
	sk -f prometheus "$@"
	if grep -q "^sockerr_probe_failure_info{.*,class=\"$cls\",py3_class=\"$cls\"," <<<"$OUT" &&
		grep -q '^sockerr_probe_exit_status{.*} 1$' <<<"$OUT" && [ "$RC" = 1 ]; then
		pass "prometheus, $name: class=\"$cls\", py3_class=\"$cls\", status 1"
	else
		fail "prometheus, $name" "exit $RC: $(grep -E '^sockerr_probe_(failure_info|exit_status)' <<<"$OUT" | tr '\n' ' ')"
	fi
	sk -f python3 "$@"
	line=$OUT
	sk -f nagios "$@"
	if [ "$OUT" != "${OUT#"SOCKERR CRITICAL - $line |"}" ] && [ "$RC" = 2 ]; then
		pass "nagios, $name: CRITICAL - $cls"
	else
		fail "nagios, $name" "exit $RC: $OUT"
	fi
}

# not_expected NAME ARGS...: --expect=error and --expect=socket.error in
# every format: not matched, so the status stays 1
not_expected() {
	local name=$1 fmt e
	shift
	for fmt in python python3 json; do
		for e in error socket.error; do
			sk -f $fmt --expect=$e "$@"
			if [ "$RC" = 1 ]; then
				pass "--expect=$e -f $fmt, $name: not expected (exit 1)"
			else
				fail "--expect=$e -f $fmt, $name" "exit $RC, expected 1 (<$OUT>)"
			fi
		done
	done
}

# --- UnicodeError: CPython 3 only (2.7 passes the bytes and gets gaierror)
py "$PY3" resolve a..b 80
line3=$PYLINE
case $line3 in UnicodeError:*) ;; *) fail setup "CPython 3 says <$line3>" ;; esac
sk -f python3 a..b 80
[ "$OUT" = "$line3" ] && [ "$RC" = 1 ] && pass "-f python3 a..b: <$line3>, exit 1" ||
	fail "-f python3 a..b" "<$OUT> exit $RC, CPython 3 <$line3>"
json_is "a..b" '["resolve","UnicodeError","UnicodeError",null,null]' a..b 80
labels "a..b" UnicodeError a..b 80
for fmt in python3 json; do
	for e in error socket.error; do
		sk -f $fmt --expect=$e a..b 80
		[ "$RC" = 1 ] && pass "--expect=$e -f $fmt, a..b: not expected (exit 1)" ||
			fail "--expect=$e -f $fmt, a..b" "exit $RC, expected 1 (<$line3>)"
	done
done
# --servername: encoded before the handshake (ssl.py), same class
py "$PY3" tls 127.0.0.1 "$listening" -k --servername a..b
sk -f python3 --tls -k --servername a..b 127.0.0.1 "$listening"
[ "$OUT" = "$PYLINE" ] && [ "$RC" = 1 ] && pass "--servername a..b: <$PYLINE>, exit 1" ||
	fail "--servername a..b" "<$OUT> exit $RC, CPython 3 <$PYLINE>"
json_is "--servername a..b" '["tls","UnicodeError","UnicodeError",null,null]' \
	--tls -k --servername a..b 127.0.0.1 "$listening"
for e in error socket.error; do
	sk -f python3 --expect=$e --tls -k --servername a..b 127.0.0.1 "$listening"
	[ "$RC" = 1 ] && pass "--expect=$e, --servername a..b: not expected (exit 1)" ||
		fail "--expect=$e, --servername a..b" "exit $RC, expected 1"
done

# --- TypeError: both interpreters (an IPv6 address for an AF_INET socket)
json_is "--family=inet ::1" '["connect","TypeError","TypeError",null,null]' --family=inet ::1 9
labels "--family=inet ::1" TypeError --family=inet ::1 9
not_expected "--family=inet ::1 (TypeError)" --family=inet ::1 9

# --- ValueError: -t 0 --tls on a unix socket (connected at once)
sc='{"op":"unix","path":"'$T/l.sock'","tls":true,"timeout":0,"insecure":true}'
for fmt in python3 python; do
	interp=$PY3
	[ $fmt = python ] && interp=$PY2
	want=$(pyserve_line "$interp" "$sc")
	sk -f $fmt -t 0 --tls -k "unix:$T/l.sock"
	if [ "$OUT" = "$want" ] && [ "$RC" = 1 ]; then
		pass "-t 0 --tls on a unix: target ($fmt): <$want>, exit 1"
	else
		fail "-t 0 --tls on a unix: target ($fmt)" "exit $RC <$OUT>; Python <$want> (exit 1)"
	fi
done
json_is "-t 0 --tls unix:" '["tls","ValueError","ValueError",null,null]' -t 0 --tls -k "unix:$T/l.sock"
labels "-t 0 --tls unix:" ValueError -t 0 --tls -k "unix:$T/l.sock"
not_expected "-t 0 --tls unix: (ValueError)" -t 0 --tls -k "unix:$T/l.sock"
# over TCP the connect itself does not end at once: EINPROGRESS first
same "-t 0 --tls over TCP: the connect's EINPROGRESS" "tls 127.0.0.1 $listening -t 0 -k" \
	-t 0 --tls -k 127.0.0.1 "$listening"

# --- a socket.error without a code is still one
long=unix:/$(printf 'x%.0s' $(seq 1 120))
for fmt in python python3; do
	sk -f $fmt --expect=error "$long"
	[ "$RC" = 0 ] && pass "--expect=error -f $fmt: <AF_UNIX path too long> is a socket.error (exit 0)" ||
		fail "--expect=error -f $fmt, AF_UNIX path too long" "exit $RC <$OUT>"
done

# --- the -v summary of a batch counts them apart from socket.error
sk -v -f python3 a..b:80 "$long" 127.0.0.1:"$listening"
sum=$(tail -n 1 <<<"$ERR")
case $sum in
*": 1 ok, 1 socket.error, 1 other") pass "-v summary: $sum" ;;
*) fail "-v summary" "<$sum>: expected 1 ok, 1 socket.error (AF_UNIX path too long), 1 other (UnicodeError)" ;;
esac
