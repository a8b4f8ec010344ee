# The check every hostile-input case gets, shared by tests/cli/60-hostile.sh
# and tests/ns/60-hostile.sh (sourced after tests/lib.sh):
#   hostile NAME RC[/JSON-RC] N ARGS...
# sockerr ARGS exits RC; stdout has N lines (N targets; 0 for a usage error,
# which is then one "sockerr: " line and the usage syntax on stderr);
# nothing on stdout or stderr is a control byte but newline, nor (text
# formats) a byte >= 0x7f; and with --format=json the same run exits RC with
# N JSON objects that jq parses, each naming its target.  N "-" skips the
# line counts and the JSON run.  One PASS or FAIL line per case.

# bad_bytes FILE STRICT: how many bytes are neither newline nor printable
# (STRICT: printable ASCII; else also any byte >= 0x80, which UTF-8 needs).
bad_bytes() {
	if [ "$2" = strict ]; then
		LC_ALL=C tr -d '\n\040-\176' <"$1" | wc -c
	else
		LC_ALL=C tr -d '\n\040-\176\200-\377' <"$1" | wc -c
	fi
}

# hostile_run ARGS...: runs sockerr into $T/h.out and $T/h.err, with
# $HOSTILE_STDIN (default /dev/null) on stdin; sets RC.
hostile_run() {
	timeout 30 "$SOCKERR" "$@" <"${HOSTILE_STDIN:-/dev/null}" >"$T/h.out" 2>"$T/h.err"
	RC=$?
	json_log_if "$@" <"$T/h.out"
}

hostile_text() {
	local rc=$1 n=$2 lines
	shift 2
	hostile_run "$@"
	[ "$RC" = "$rc" ] || { echo "exit $RC, expected $rc ($(head -c 300 "$T/h.err" "$T/h.out" | tr -c '\n\040-\176' '?'))"; return; }
	[ "$(bad_bytes "$T/h.out" strict)" = 0 ] || { echo "control or 8-bit byte on stdout: $(od -c "$T/h.out" | head -n 3)"; return; }
	[ "$(bad_bytes "$T/h.err" strict)" = 0 ] || { echo "control or 8-bit byte on stderr: $(od -c "$T/h.err" | head -n 3)"; return; }
	[ "$n" = - ] && return
	lines=$(wc -l <"$T/h.out")
	[ "$lines" = "$n" ] || { echo "$lines lines on stdout, expected $n"; return; }
	if [ "$n" = 0 ] && [ "$rc" = 64 ]; then
		head -n 1 "$T/h.err" | grep -q '^sockerr: ' || { echo "stderr does not start with 'sockerr: '"; return; }
		sed -n 2p "$T/h.err" | grep -q '^usage: sockerr' || { echo "no usage syntax after the message"; return; }
	fi
}

hostile_json() {
	local rc=$1 n=$2 objs
	shift 2
	hostile_run --format=json "$@"
	[ "$RC" = "$rc" ] || { echo "json: exit $RC, expected $rc"; return; }
	[ "$(bad_bytes "$T/h.out" utf8)" = 0 ] || { echo "json: control byte on stdout"; return; }
	[ "$(bad_bytes "$T/h.err" strict)" = 0 ] || { echo "json: control byte on stderr"; return; }
	objs=$(jq -c 'select(type == "object" and (.target | type) == "string")' <"$T/h.out" 2>"$T/h.jq" | wc -l)
	[ -s "$T/h.jq" ] && { echo "json: jq: $(head -n 1 "$T/h.jq")"; return; }
	[ "$objs" = "$n" ] || { echo "json: $objs objects with a target, expected $n"; return; }
	[ "$(wc -l <"$T/h.out")" = "$n" ] || echo "json: not one object per line"
}

hostile() {
	local name=$1 rc=$2 n=$3 why
	shift 3
	# RC may be TEXT/JSON: json emulates CPython 3, whose idna codec can
	# fail (UnicodeError, 1) where Python 2.7's bytes get a gaierror (3)
	why=$(hostile_text "${rc%/*}" "$n" "$@")
	[ -z "$why" ] && [ "$n" != - ] && why=$(hostile_json "${rc#*/}" "$n" "$@")
	if [ -z "$why" ]; then pass "$name"; else fail "$name" "$why"; fi
}
