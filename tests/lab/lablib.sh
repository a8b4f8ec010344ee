# The lab's differential check: sockerr, CPython 3 and Python 2.7 run the
# same operation at the same moment, each from a client namespace of its
# own (CPython 3 in LAB_C1, Python 2.7 in LAB_C2, sockerr in LAB_C3 and
# LAB_C4); the lines, the exit status and the time taken must agree.  The
# python3 run has -v, so gathering the facts of sockerr.1's "Reading a
# failure" is proved not to change either.
. "$TOP/tests/lib.sh"

# Within this many seconds of Python (the issue's 0.2 s).
LAB_SLACK=${LAB_SLACK:-0.2}
mkdir -p "$TOP/tests/out"
TABLE=$TOP/tests/out/lab-table.txt

in_c() { ip netns exec "$LAB_C" "$@"; }

# resolv TEXT: the clients' resolv.conf, for the scenarios that follow.
resolv() {
	local n
	for n in "$LAB_C1" "$LAB_C2" "$LAB_C3" "$LAB_C4"; do
		printf '%b\n' "$1" >"/etc/netns/$n/resolv.conf"
	done
}
resolv_default() { resolv 'nameserver 198.51.100.2\noptions timeout:1 attempts:1'; }

class_rc() {
	case "$1" in
	socket.herror:*) echo 2 ;;
	socket.gaierror:*) echo 3 ;;
	TimeoutError:\ timed\ out | socket.timeout:*) echo 4 ;;
	*Error:* | *error:*) echo 1 ;;
	*) echo 0 ;;
	esac
}

# _sk_timed TAG NS ARGS...: sockerr in NS; TAG.out/.rc/.time/.err.  The
# time is taken inside the namespace (bash's EPOCHREALTIME around the exec),
# as Python's is taken inside the interpreter: the cost of ip netns exec,
# large on a loaded machine, is left out of both.
_sk_timed() {
	local tag=$1 ns=$2
	shift 2
	TIMEF=$T/$tag.span timeout 200 ip netns exec "$ns" bash -c 's=$EPOCHREALTIME; "$@"; rc=$?
		printf "%s %s\n" "$s" "$EPOCHREALTIME" >"$TIMEF"; exit $rc' \
		_ "$SOCKERR" "$@" >"$T/$tag.out" 2>"$T/$tag.err"
	echo $? >"$T/$tag.rc"
	json_log_if "$@" <"$T/$tag.out"
	awk '{ printf "%.4f\n", $2 - $1 }' "$T/$tag.span" >"$T/$tag.time" 2>/dev/null ||
		echo 999 >"$T/$tag.time"
}

# _script_timed TAG NS PYTHON SCRIPT ARGS...: a reference script that
# writes its own time to its first argument (timed.py, aioref.py), run in
# NS; T/TAG.out, .err, .rc and .time
_script_timed() {
	local tag=$1 ns=$2 interp=$3 script=$4
	shift 4
	timeout 200 ip netns exec "$ns" "$interp" "$script" "$T/$tag.time" "$@" \
		>"$T/$tag.out" 2>"$T/$tag.err"
	echo $? >"$T/$tag.rc"
}

# _py_timed TAG NS PYTHON PYREF-ARGS...: the reference, timed by timed.py
_py_timed() {
	local tag=$1 ns=$2 interp=$3
	shift 3
	_script_timed "$tag" "$ns" "$interp" "$TOP/tests/lab/timed.py" "$@"
}

_line() {
	if [ "$(cat "$T/$1.rc")" = 0 ]; then tail -n 1 "$T/$1.out"; else tail -n 1 "$T/$1.err"; fi
}

# sockerr's line as Python's: on success Python prints "ok" (or the name
# gethostbyaddr() found), sockerr "ok ADDRESS port PORT: connected in ..."
# (or "ok ADDRESS: ADDRESS (AF_INET, NAME)" with -n -r, "..., name NAME" with -r): "ok" and the name, if it has it.
_sk_line() {
	local l want=$2
	l=$(cat "$T/$1.out")
	case $l in
	ok\ *", $want)"* | ok\ *", name $want") echo "$want" ;;
	ok\ *) echo ok ;;
	*) printf '%s\n' "$l" ;;
	esac
}

# within A B: |A - B| <= LAB_SLACK
within() { awk -v a="$1" -v b="$2" -v s="$LAB_SLACK" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= s) }'; }

# race NAME "PYREF ARGS" SOCKERR-ARGS...: all four at once (one after the
# other with LAB_SERIAL=1, LAB_BEFORE run before each; LAB_NOTIME=1: the times are recorded, not
# compared, where the kernel's own timing is chance); then for each
# format: sockerr's line is the interpreter's, its exit status the class's,
# and its time within LAB_SLACK of the interpreter's.  A line goes to
# tests/out/lab-table.txt for the report.
race() {
	local name=$1 pyargs=$2 l3 s3 l2 s2 ok=1
	shift 2
	rm -f "$T"/{py3,py2,sk3,sk2}.*
	${LAB_BEFORE:-:}
	# shellcheck disable=SC2086
	_py_timed py3 "$LAB_C1" "$PY3" $pyargs &
	[ -z "${LAB_SERIAL:-}" ] || { wait; ${LAB_BEFORE:-:}; }
	# shellcheck disable=SC2086
	[ -z "$PY2" ] || _py_timed py2 "$LAB_C2" "$PY2" $pyargs &
	[ -z "${LAB_SERIAL:-}" ] || { wait; ${LAB_BEFORE:-:}; }
	# -v: the facts sockerr gathers (the error queue, TCP_INFO) must leave
	# the line and the time as Python's; the python run goes without
	_sk_timed sk3 "$LAB_C3" --format=python3 -v "$@" &
	[ -z "${LAB_SERIAL:-}" ] || { wait; ${LAB_BEFORE:-:}; }
	_sk_timed sk2 "$LAB_C4" --format=python "$@" &
	wait
	l3=$(_line py3)
	s3=$(_sk_line sk3 "$l3")
	if [ "$s3" != "$l3" ]; then
		fail "$name (python3)" "sockerr <$s3>, CPython 3 <$l3>"; ok=0
	elif [ "$(cat "$T/sk3.rc")" != "$(class_rc "$l3")" ]; then
		fail "$name (python3)" "exit $(cat "$T/sk3.rc"), expected $(class_rc "$l3") for <$l3>"; ok=0
	elif [ -z "${LAB_NOTIME:-}" ] && ! within "$(cat "$T/sk3.time")" "$(cat "$T/py3.time")"; then
		fail "$name (python3)" "sockerr took $(cat "$T/sk3.time") s, CPython 3 $(cat "$T/py3.time") s"; ok=0
	else
		pass "$name (python3): $l3 in $(cat "$T/py3.time") s"
	fi
	if [ -z "$PY2" ]; then
		skip "$name (python)" "no Python 2.7 on this machine"
	else
		l2=$(_line py2)
		s2=$(_sk_line sk2 "$l2")
		if [ "$s2" != "$l2" ]; then
			fail "$name (python)" "sockerr <$s2>, Python 2.7 <$l2>"; ok=0
		elif [ "$(cat "$T/sk2.rc")" != "$(class_rc "$l2")" ]; then
			fail "$name (python)" "exit $(cat "$T/sk2.rc"), expected $(class_rc "$l2") for <$l2>"; ok=0
		elif [ -z "${LAB_NOTIME:-}" ] && ! within "$(cat "$T/sk2.time")" "$(cat "$T/py2.time")"; then
			fail "$name (python)" "sockerr took $(cat "$T/sk2.time") s, Python 2.7 $(cat "$T/py2.time") s"; ok=0
		else
			pass "$name (python): $l2 in $(cat "$T/py2.time") s"
		fi
	fi
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$l3" "$(cat "$T/py3.time")" \
		"$(cat "$T/sk3.time")" "$(cat "$T/py2.time" 2>/dev/null)" \
		"$(cat "$T/sk2.time")" "$([ $ok = 1 ] && echo ok || echo FAIL)${LAB_NOTIME:+ (times not compared)}" >>"$TABLE"
}
