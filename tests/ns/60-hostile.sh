# Hostile names, resolved inside the test namespace (its dnsmasq answers
# for *.test; other names get NXDOMAIN or REFUSED, never the real DNS):
# over-long names and labels, bytes that are not UTF-8, odd dots, numeric
# forms inet_aton takes, scope ids, hostile service names and sources.
# Each case: sockerr's line is the one CPython 3 prints for the same
# argument (a str host, IDNA-encoded by its idna codec: issue 10), its
# status is that class's, and the checks of tests/fuzz/hostile.sh hold (no
# control byte, one line, valid JSON); the default format's status is that
# of the bytes host Python 2.7 passes on.
. "$TOP/tests/lib.sh"
. "$TOP/tests/fuzz/hostile.sh"

closed=$(free_port)
label() { head -c "$1" /dev/zero | tr '\0' "$2"; }
l63=$(label 63 a)
l64=$(label 64 b)
n300=$(for i in 1 2 3 4 5; do printf '%s.' "$l63"; done | head -c 300)
n253=$l63.$l63.$l63.$(label 61 c)

# py_line HOST PORT [SOURCE]: the last line CPython 3 prints for
# create_connection((HOST, PORT), 5, (SOURCE, 0)) with HOST as a str (as
# sys.argv gives it), PORT and SOURCE as the bytes given, or "ok".
# PY_BYTES=1: HOST as bytes too (what Python 2.7 passes on).
py_line() {
	PY_BYTES=${PY_BYTES:-} timeout 30 "$PY3" - "$@" <<'PY'
import os, socket, sys, traceback
host, port = sys.argv[1], sys.argv[2]
if os.environ.get("PY_BYTES"):
    host = os.fsencode(host)
port = int(port) if port.isdigit() else os.fsencode(port)
src = (os.fsencode(sys.argv[3]), 0) if len(sys.argv) > 3 else None
try:
    socket.create_connection((host, port), 5, src).close()
    print("ok")
except Exception as e:
    print(traceback.format_exception_only(type(e), e)[-1].strip())
PY
}

status_of() {
	case $1 in
	ok) echo 0 ;;
	socket.herror:*) echo 2 ;;
	socket.gaierror:*) echo 3 ;;
	TimeoutError:\ timed\ out) echo 4 ;;
	*) echo 1 ;;
	esac
}

# as_python NAME HOST PORT [SOURCE]: sockerr [-s SOURCE] HOST PORT prints
# Python's line, then the hostile checks with the status of its class.
as_python() {
	local name=$1 host=$2 port=$3 src=(${4+-s "$4"}) want wantb
	want=$(py_line "$host" "$port" ${4+"$4"})
	wantb=$(PY_BYTES=1 py_line "$host" "$port" ${4+"$4"})
	sk --format=python3 "${src[@]}" -- "$host" "$port"
	if [ "$want" = ok ]; then
		[ "$RC" = 0 ] || { fail "$name" "Python connected, sockerr: $OUT (exit $RC)"; return; }
	elif [ "$OUT" != "$want" ]; then
		fail "$name" "sockerr <$(tr -c '\040-\176' '?' <<<"$OUT")>, CPython 3 <$want>"
		return
	fi
	hostile "$name: $want" "$(status_of "$wantb")/$(status_of "$want")" 1 "${src[@]}" -- "$host" "$port"
}

# length and shape of names
as_python "64-byte label" "$l64.test" "$closed"
as_python "63-byte label" "$l63.test" "$closed"
as_python "300-byte name" "$n300" "$closed"
as_python "253-byte name" "$n253" "$closed"
as_python "100 KB name" "$(label 100000 a)" "$closed"
as_python "1000 dots" "$(label 1000 .)" "$closed"
as_python "two dots" .. "$closed"
as_python "root" . "$closed"
as_python "empty label" a..b.test "$closed"
as_python "trailing dot" web.test. "$closed"
as_python "two trailing dots" web.test.. "$closed"
as_python "upper case" WEB.TEST "$closed"
as_python "wildcard" '*.test' "$closed"
as_python "underscore" _srv.test "$closed"
as_python "leading hyphen" -1 "$closed"

# bytes
as_python "not UTF-8" $'\xff\xfe.test' "$closed"
as_python "overlong UTF-8" $'\xc0\xaf.test' "$closed"
as_python "UTF-8: IDNA-encoded for python3" $'\xc3\xa9.test' "$closed"
as_python "C1 control as UTF-8" $'\xc2\x9b2J.test' "$closed"
as_python "space inside" 'a b.test' "$closed"
as_python "printf conversions" '%s%n%x.test' "$closed"
as_python "quotes and backslash" $'"\'\\.test' "$closed"

# numeric forms and scope ids
as_python "inet_aton short form" 127.1 "$closed"
as_python "inet_aton hex" 0x7f.1 "$closed"
as_python "inet_aton one number" 2130706433 "$closed"
as_python "scope id lo" fe80::1%lo "$closed"
as_python "unknown scope id" fe80::1%nosuchif "$closed"
as_python "scope id on ::1" ::1%lo "$closed"

# services and sources
as_python "unknown service" 127.0.0.1 no-such-svc
as_python "service with +" 127.0.0.1 a+b
as_python "source with an escape sequence" 127.0.0.1 "$closed" $'\e[31m'
as_python "source not UTF-8" 127.0.0.1 "$closed" $'\xff\xfe'
as_python "300-byte source" 127.0.0.1 "$closed" "$n300"

# control characters in names (issue 10): to the resolver, as Python sends
# them; shown escaped (moved here from tests/cli: they are looked up)
big=$(label 100000 a)
as_python "CSI sequence in host" $'\e[31mred\e[0m' 80
as_python "OSC title sequence in host" $'\e]0;pwned\a' 80
as_python "newline in host" $'a\nb' 80
as_python "CR in host" $'a\rb' 80
as_python "tab in host" $'a\tb' 80
as_python "DEL in host" $'a\x7fb' 80
as_python "C1 CSI (0x9b) and control in host" $'\x9b2J\x01' 80
as_python "100 KB host with a control byte" "$big"$'\e' 80
printf '\e[2J\e]0;x\a:80\n\xff\xfe\n127.0.0.1 80 extra\n' >"$T/esc.txt"
hostile "-i: escape sequences and 8-bit bytes" 3 3 -i "$T/esc.txt"

# resolve-only and many targets at once
hostile "-n: 64-byte label" 3/1 1 -n "$l64.test"
hostile "-n -r: not UTF-8" 3/1 1 -n -r $'\xff.test'
printf '%s\n' "$l64.test:80" "$n300 80" $'\xff\xfe.test:80' 'a b.test 80' \
	"web.test:$closed" $'\e[2J.test:80' "[fe80::1%lo]:$closed" >"$T/names.txt"
hostile "-i: a batch of hostile names" 3/1 7 -i "$T/names.txt"
