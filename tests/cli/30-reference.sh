# --explain, --list and the man page: one table, checked against Python's
# errno module and against the man page's generated SOCKET ERRORS section.
. "$TOP/tests/lib.sh"

sk --list
list=$OUT
[ "$RC" = 0 ] && [ "$(wc -l <<<"$list")" -gt 140 ] && pass "--list prints the table" || fail "--list prints the table" "exit $RC"

# The table from Python: tests/reftable.py prints, for every errno,
# EAI_* and h_errno code and the timeout, the class and the message the
# interpreter prints (Python 2.7 for the first column, CPython 3 for the
# second), the number and the name.  "want" is those five columns.
# ref ARGS...: the rows, "CLASS2<TAB>CLASS3<TAB>CODE<TAB>NAME<TAB>MESSAGE".
ref() {
	timeout 60 "$PY3" "$TOP/tests/reftable.py" "$@" >"$T/ref3" || return 1
	if [ -n "$PY2" ]; then
		timeout 60 "$PY2" "$TOP/tests/reftable.py" "$@" >"$T/ref2" || return 1
	else
		sed 's/^[^\t]*\t/(no Python 2.7)\t/' "$T/ref3" >"$T/ref2"
	fi
	[ "$(cut -f2- "$T/ref2")" = "$(cut -f2- "$T/ref3")" ] || { echo "Python 2.7 and 3 disagree: $(diff <(cut -f2- "$T/ref2") <(cut -f2- "$T/ref3") | head -n 3)" >&2; return 1; }
	paste <(cut -f1 "$T/ref2") "$T/ref3"
}
# without Python 2.7 the first column is not compared
col1() { if [ -n "$PY2" ]; then cat; else sed 's/^[^\t]*\t/(no Python 2.7)\t/'; fi; }
if ! ref >"$T/want" 2>"$T/ref.err" || [ ! -s "$T/want" ]; then
	fail "the reference table" "tests/reftable.py: $(head -c 300 "$T/ref.err")"
fi
[ -n "$PY2" ] || skip "the Python 2 class of every row" "no Python 2.7 on this machine"

# Every row of --list, every column but the cause, as Python and the C
# library say it, and every code they know in the table.
cut -f1-5 <<<"$list" | col1 | sort >"$T/list5"
sort "$T/want" >"$T/want.sorted"
if diff "$T/want.sorted" "$T/list5" >"$T/diff"; then
	pass "--list: every row's classes, number, name and message are Python's ($(wc -l <"$T/list5") rows)"
else
	fail "--list: every row is Python's" "$(grep '^[<>]' "$T/diff" | head -n 6 | sed 's/^</Python:/; s/^>/--list:/' | tr '\t\n' '  ')"
fi

# --explain NAME, for every name, in one run, in order
mapfile -t names < <(cut -f4 "$T/want")
sk --explain "${names[@]}"
if [ "$RC" = 0 ] && [ "$(cut -f1-5 <<<"$OUT" | col1)" = "$(cat "$T/want")" ]; then
	pass "--explain NAME: Python's row, for each of ${#names[@]} names"
else
	fail "--explain NAME: Python's row" "exit $RC; $(diff "$T/want" <(cut -f1-5 <<<"$OUT" | col1) | grep '^[<>]' | head -n 4 | tr '\t\n' '  ')"
fi
# --explain NUMBER: every code with that number, aliases left out
mapfile -t numbers < <(cut -f3 "$T/want" | grep -v '^-$' | sort -un)
ref --canonical "${numbers[@]}" 2>/dev/null | sort >"$T/want.numbers"
sk --explain -- "${numbers[@]}"
if [ "$RC" = 0 ] && [ -s "$T/want.numbers" ] && [ "$(cut -f1-5 <<<"$OUT" | col1 | sort)" = "$(cat "$T/want.numbers")" ]; then
	pass "--explain NUMBER: the rows of every code with that number, for ${#numbers[@]} numbers"
else
	fail "--explain NUMBER" "exit $RC; $(diff "$T/want.numbers" <(cut -f1-5 <<<"$OUT" | col1 | sort) | grep '^[<>]' | head -n 4 | tr '\t\n' '  ')"
fi

# One class at a time
for cls in error gaierror herror timeout socket.gaierror; do
	sk --list "$cls"
	want=socket.${cls#socket.}
	if [ "$RC" = 0 ] && [ -n "$OUT" ] && ! cut -f1 <<<"$OUT" | grep -vqx "$want"; then pass "--list $cls"; else fail "--list $cls" "exit $RC"; fi
done
expect_err "--list with an unknown class" 64 '^sockerr: unknown class "nope"' --list nope

# row NAME: Python's row for NAME; explain NAME RC WANT ARGS: --explain
# prints WANT's rows (its first five columns: the sixth is the cause)
row() { grep -P "^[^\t]*\t[^\t]*\t[^\t]*\t$1\t" "$T/want"; }
explain() {
	local name=$1 want=$3
	sk_status "$1" "$2" "${@:4}" || return 0
	if [ "$(cut -f1-5 <<<"$OUT" | col1)" = "$want" ]; then pass "$name"; else fail "$name" "<$OUT>, Python <$want>"; fi
}
explain "--explain a name prints its row" 0 "$(row ECONNREFUSED)" --explain ECONNREFUSED
explain "--explain is case-blind" 0 "$(row ECONNREFUSED)" --explain econnrefused
explain "--explain a number" 0 "$(row ECONNREFUSED)" --explain 111
explain "--explain a negative number" 0 "$(row EAI_NONAME)" --explain -2
explain "--explain=-2" 0 "$(row EAI_NONAME)" --explain=-2
explain "--explain -- -3" 0 "$(row EAI_AGAIN)" --explain -- -3
explain "--explain timeout" 0 "$(row timeout)" --explain timeout
explain "--explain an h_errno name" 0 "$(row HOST_NOT_FOUND)" --explain HOST_NOT_FOUND
explain "--explain 2: every meaning" 0 "$(row ENOENT; row TRY_AGAIN)" --explain 2
explain "--explain several, in order" 0 "$(row EPIPE; row EAI_SERVICE; row ETIMEDOUT)" --explain EPIPE -8 110
explain "--explain an alias" 0 "$(row EWOULDBLOCK)" --explain EWOULDBLOCK
sk --explain ECONNREFUSED NOSUCHCODE
[ "$RC" = 1 ] && [ "$(cut -f1-5 <<<"$OUT" | col1)" = "$(row ECONNREFUSED)" ] && grep -q '^sockerr: unknown code "NOSUCHCODE"' <<<"$ERR" &&
	pass "--explain: unknown codes are named, the rest printed, exit 1" || fail "--explain unknown" "exit $RC <$OUT> <$ERR>"
expect_err "--explain an unused errno number" 1 'unknown code "41"' --explain 41
sk --explain ECONNREFUSED
[ "$(cut -f6 <<<"$OUT")" != "" ] && pass "--explain says what usually causes it" || fail "--explain cause" "$OUT"

# The man page: lint-clean, its SOCKET ERRORS generated from this table,
# and every option in both the page and --help.
if command -v mandoc >/dev/null; then
	# every level, style too, and every .Xr a page installed here (make
	# test-deps installs manpages, manpages-dev, curl); mandoc's notes
	# that the machine's mandoc.db is older than its pages are not the
	# page's
	lint=$(mandoc -Tlint "$TOP/man/sockerr.1" 2>&1 | grep -v '^mandoc: outdated mandoc.db lacks ')
	[ -z "$lint" ] && pass "mandoc -Tlint is silent (style level and references too)" || fail "mandoc -Tlint" "$lint"
else
	fail "mandoc -Tlint" "mandoc is not installed (make check installs it)"
fi
if "$TOP/man/errors.sh" -c "$SOCKERR" "$TOP/man/sockerr.1" >"$T/diff" 2>&1; then
	pass "man page SOCKET ERRORS is the table (man/errors.sh -c)"
else
	fail "man page SOCKET ERRORS is the table" "$(head -8 "$T/diff")"
fi
help=$("$SOCKERR" --help)
page=$(mandoc -Tascii "$TOP/man/sockerr.1" 2>/dev/null | col -b)
for opt in $(grep -oE -- '--[a-z][a-z-]+' <<<"$help" | sort -u); do
	grep -q -- "$opt" <<<"$page" && pass "man page documents $opt" || fail "man page documents $opt" "missing"
done
for opt in $(grep -oE -- '--[a-z][a-z-]+' <<<"$(mandoc -Tascii "$TOP/man/sockerr.1" | col -b | sed -n '/^OPTIONS/,/^OUTPUT/p')" | sort -u); do
	grep -q -- "$opt" <<<"$help" && pass "--help lists $opt" || fail "--help lists $opt" "in the man page only"
done
