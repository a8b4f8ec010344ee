# Shared by the test scripts: result lines the runner counts, and helpers
# that run sockerr and the Python reference.  Every result is one line:
#   PASS suite: name | FAIL suite: name: why | SKIP suite: name: why
TOP=${TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
SOCKERR=${SOCKERR:-$TOP/sockerr}
SUITE=${SUITE:-$(basename "$0" .sh)}
T=$(mktemp -d /tmp/sockerr-test.XXXXXX)
trap 'rm -rf "$T"; cleanup_hook 2>/dev/null' EXIT
cleanup_hook() { :; }

pass() { echo "PASS $SUITE: $1"; }
fail() { echo "FAIL $SUITE: $1: $2"; }
skip() { echo "SKIP $SUITE: $1: $2"; }

# WRAP: a command both sockerr and Python run under (setpriv, say);
# SKWRAP: one only sockerr runs under.
WRAP=()
SKWRAP=()

# Every JSON line a suite gets from sockerr goes to a file of its own in
# $SK_JSON_DIR (tests/run makes one per run), and tests/run validates them
# all against src/output/sockerr.schema.json at the end (tests/schemacheck.py).
# is_json ARGS...: the arguments ask for -f json (before any "--")
is_json() {
	local a want=
	for a in "$@"; do
		[ -n "$want" ] && [ "$a" = json ] && return 0
		want=
		[ "$a" = -- ] && return 1
		[[ $a =~ ^(-[46urnakvqhV]*f|--fo(r(m(at?)?)?)?=?)(json)?$ ]] || continue
		[ -n "${BASH_REMATCH[5]}" ] && { [[ $a != --* ]] || [[ $a == *=json ]]; } && return 0
		[[ $a == *= ]] || [[ $a == *json ]] || want=1
	done
	return 1
}
# json_log [FILE]: FILE's lines (or stdin's) as JSON the run must validate,
# appended to this shell's own file in $SK_JSON_DIR
json_log() {
	if [ -n "${SK_JSON_DIR:-}" ]; then
		cat "${1:--}" >>"$SK_JSON_DIR/${SUITE//\//_}.$BASHPID"
	elif [ -z "${1:-}" ]; then
		cat >/dev/null
	fi
}
# json_log_if ARGS... <FILE: json_log when ARGS ask for -f json
json_log_if() {
	if is_json "$@"; then json_log; else cat >/dev/null; fi
}

# listening PORT: true once something listens there (at most 5 s).
listening() {
	local i
	for ((i = 0; i < 100; i++)); do
		ss -Hltn "sport = :$1" | grep -q . && return 0
		sleep 0.05
	done
	return 1
}

# sk ARGS...: runs sockerr (bounded in time); sets OUT, ERR, RC.
sk() {
	OUT=$(timeout 30 "${WRAP[@]}" "${SKWRAP[@]}" "$SOCKERR" "$@" 2>"$T/stderr")
	RC=$?
	ERR=$(cat "$T/stderr")
	# no process started: tests time sk from outside
	[ -n "$OUT" ] && [ -n "${SK_JSON_DIR:-}" ] && is_json "$@" &&
		printf '%s\n' "$OUT" >>"$SK_JSON_DIR/${SUITE//\//_}.$BASHPID"
	return 0
}

# sk_status NAME RC ARGS...: runs sockerr; false, after a FAIL line, when
# its exit status is not RC.
sk_status() {
	local name=$1 rc=$2
	shift 2
	sk "$@"
	[ "$RC" = "$rc" ] && return 0
	fail "$name" "exit $RC, expected $rc (stdout: $OUT; stderr: $ERR)"
	return 1
}

# expect NAME RC STDOUT ARGS...: exit status and the whole stdout.
expect() {
	local name=$1 out=$3
	sk_status "$1" "$2" "${@:4}" || return 0
	if [ "$OUT" != "$out" ]; then
		fail "$name" "stdout <$OUT>, expected <$out>"
	else
		pass "$name"
	fi
}

# expect_err NAME RC REGEX ARGS...: exit status, and stderr matching REGEX
# (extended) on its first line, with stdout empty.
expect_err() {
	local name=$1 re=$3 first
	sk_status "$1" "$2" "${@:4}" || return 0
	first=$(head -n 1 <<<"$ERR")
	if [ -n "$OUT" ]; then
		fail "$name" "stdout not empty: $OUT"
	elif ! grep -Eq -- "$re" <<<"$first"; then
		fail "$name" "stderr <$first> does not match /$re/"
	else
		pass "$name"
	fi
}

# The interpreter itself, not pyenv's shim (the shim costs 0.25-2 s a call).
PY3=${PY3:-$(python3 -c 'import sys; print(sys.executable)' 2>/dev/null || echo python3)}
export PY3
# Python 2.7 prints the lines of --format=python; pyenv keeps one here.
find_py2() {
	local p
	# the interpreters themselves before a python2.7 on PATH, which may be
	# pyenv's shim (seconds a call, in every suite)
	for p in /root/.pyenv/versions/2.7*/bin/python "$HOME"/.pyenv/versions/2.7*/bin/python python2.7; do
		if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import sys; assert sys.version_info[0] == 2' 2>/dev/null; then
			echo "$p"
			return
		fi
	done
}
PY2=${PY2-$(find_py2)}

# py PYTHON ARGS...: the last line Python prints for the uncaught exception
# (or its stdout on success), via tests/pyref.py.
py() {
	local interp=$1
	shift
	timeout 30 "${WRAP[@]}" "$interp" "$TOP/tests/pyref.py" "$@" >"$T/py.out" 2>"$T/py.err"
	PYRC=$?
	if [ $PYRC = 0 ]; then PYLINE=$(tail -n 1 "$T/py.out"); else PYLINE=$(tail -n 1 "$T/py.err"); fi
}

# same NAME "PYREF ARGS" SOCKERR ARGS...: sockerr prints exactly the line
# CPython 3 prints (--format=python3), and the line Python 2.7 prints
# (--format=python), and exits with the status of the class.
same() {
	local name=$1 pyargs=$2 want_rc line
	shift 2
	# shellcheck disable=SC2086
	py "$PY3" $pyargs
	line=$PYLINE
	sk --format=python3 "$@"
	case "$line" in
	socket.herror:*) want_rc=2 ;;
	socket.gaierror:*) want_rc=3 ;;
	TimeoutError:\ timed\ out) want_rc=4 ;;
	*Error:*) want_rc=1 ;;
	*) want_rc=0 ;;
	esac
	if [ "$OUT" != "$line" ]; then
		fail "$name (python3)" "sockerr <$OUT>, CPython 3 <$line>"
	elif [ "$RC" != "$want_rc" ]; then
		fail "$name (python3)" "exit $RC, expected $want_rc for <$line>"
	else
		pass "$name (python3): $line"
	fi
	if [ -z "$PY2" ]; then
		skip "$name (python)" "no Python 2.7 on this machine"
		return
	fi
	# shellcheck disable=SC2086
	py "$PY2" $pyargs
	line=$PYLINE
	sk --format=python "$@"
	if [ "$OUT" != "$line" ]; then
		fail "$name (python)" "sockerr <$OUT>, Python 2.7 <$line>"
	else
		pass "$name (python): $line"
	fi
}

# fixture NAME ARGS...: starts tests/fixture.py ARGS in the background,
# waits (at most 5 s) until it is ready, and sets $NAME to what it wrote
# (its port).  The runner's EXIT trap stops every fixture.
FIXTURE_PIDS=()
fixture() {
	local var=$1 kind=$2 ready="$T/ready.$RANDOM$RANDOM" i
	shift 2
	"$PY3" "$TOP/tests/fixture.py" "$kind" "$ready" "$@" >/dev/null 2>&1 &
	FIXTURE_PIDS+=($!)
	for ((i = 0; i < 100; i++)); do
		[ -s "$ready" ] && break
		sleep 0.05
	done
	printf -v "$var" '%s' "$(cat "$ready" 2>/dev/null)"
}
cleanup_hook() {
	[ ${#FIXTURE_PIDS[@]} -eq 0 ] || kill "${FIXTURE_PIDS[@]}" 2>/dev/null
	wait 2>/dev/null
}

# A loopback port where nothing listens: bound, never listened to, then
# released, so the kernel refuses it.
free_port() {
	"$PY3" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# help_options HELP: "SHORT|LONG|none, req or opt" for each option of
# --help's "Options:" lines (printed from cli.c's argtable2 tables)
help_options() {
	sed -n '/^Options:/,/^$/p' <<<"$1" | sed -nE 's/^  ((-[A-Za-z0-9]), )?(--([a-z][a-z-]*)(=[^ ]+)?|-([A-Za-z0-9]))  .*/\2|\4|\5|\6/p' |
		awk -F'|' '{
			kind = $3 == "" ? "none" : ($3 ~ /^=\[/ ? "opt" : "req")
			if ($4 != "") print "-" $4 "||none"
			else print $1 "|--" $2 "|" kind
		}' | sort
}

# The completions, one per shell, in src/completion/.
COMPLETIONS=$TOP/src/completion

# complete_words WORD...: what the bash completion offers for the last
# word, one per line (sockerr itself found on PATH, for --help).
complete_words() {
	PATH=$(dirname "$SOCKERR"):$PATH bash -c '
		. "$1"; shift
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		_sockerr
		printf "%s\n" "${COMPREPLY[@]}"' _ "$COMPLETIONS/sockerr.bash" "$@"
}

# complete_zsh LINE...: for each LINE, "== LINE" and the matches zsh
# offers at its end (tests/complete.zsh, in a pseudo-terminal).
complete_zsh() {
	PATH=$(dirname "$SOCKERR"):$PATH timeout 60 zsh -f "$TOP/tests/complete.zsh" "$COMPLETIONS" "$@"
}

# complete_fish LINE: what fish offers at the end of LINE, one per line,
# without fish's descriptions.
complete_fish() {
	PATH=$(dirname "$SOCKERR"):$PATH timeout 30 fish --no-config -c '
		set fish_complete_path $argv[1] $fish_complete_path
		complete -C $argv[2]' "$COMPLETIONS" "$1" | cut -f1
}
