# --explain, --list and the man page: one table, checked against Python's
# errno module and against the man page's generated SOCKET ERRORS section.
. "$TOP/tests/lib.sh"

sk --list
list=$OUT
[ "$RC" = 0 ] && [ "$(wc -l <<<"$list")" -gt 140 ] && pass "--list prints the table" || fail "--list prints the table" "exit $RC"

# Every errno Python knows is in the table with Python's name, class and
# message; every EAI_* Python knows has Python's number.
"$PY3" - "$list" >"$T/py" <<'PY'
import errno, os, socket, sys
rows = [l.split("\t") for l in sys.argv[1].splitlines()]
by_name = {r[3]: r for r in rows}
bad = []
for n, name in sorted(errno.errorcode.items()):
    r = by_name.get(name)
    want = ["socket.error", OSError(n, "x").__class__.__name__, str(n), name, os.strerror(n)]
    if r is None or r[:5] != want:
        bad.append("%s: table %r, Python %r" % (name, r and r[:5], want))
for name in dir(socket):
    if name.startswith("EAI_"):
        r = by_name.get(name)
        if r is None or r[0] != "socket.gaierror" or int(r[2]) != getattr(socket, name):
            bad.append("%s: table %r, Python %d" % (name, r, getattr(socket, name)))
print("\n".join(bad) if bad else "OK %d errnos" % len(errno.errorcode))
PY
if [ "$(head -c 2 "$T/py")" = OK ]; then pass "every errno matches Python: name, class, message ($(cat "$T/py"))"; else fail "every errno matches Python" "$(head -5 "$T/py")"; fi

# One class at a time
for cls in error gaierror herror timeout socket.gaierror; do
	sk --list "$cls"
	want=socket.${cls#socket.}
	if [ "$RC" = 0 ] && [ -n "$OUT" ] && ! cut -f1 <<<"$OUT" | grep -vqx "$want"; then pass "--list $cls"; else fail "--list $cls" "exit $RC"; fi
done
expect_err "--list with an unknown class" 64 '^sockerr: unknown class "nope"' --list nope

row() { grep -P "^[^\t]*\t[^\t]*\t[^\t]*\t$1\t" <<<"$list"; }
expect "--explain a name prints its row" 0 "$(row ECONNREFUSED)" --explain ECONNREFUSED
expect "--explain is case-blind" 0 "$(row ECONNREFUSED)" --explain econnrefused
expect "--explain a number" 0 "$(row ECONNREFUSED)" --explain 111
expect "--explain a negative number" 0 "$(row EAI_NONAME)" --explain -2
expect "--explain=-2" 0 "$(row EAI_NONAME)" --explain=-2
expect "--explain -- -3" 0 "$(row EAI_AGAIN)" --explain -- -3
expect "--explain timeout" 0 "$(row timeout)" --explain timeout
expect "--explain an h_errno name" 0 "$(row HOST_NOT_FOUND)" --explain HOST_NOT_FOUND
expect "--explain 2: every meaning" 0 "$(row ENOENT; row TRY_AGAIN)" --explain 2
expect "--explain several, in order" 0 "$(row EPIPE; row EAI_SERVICE; row ETIMEDOUT)" --explain EPIPE -8 110
expect "--explain an alias" 0 "$(printf 'socket.error\tBlockingIOError\t11\tEWOULDBLOCK\tResource temporarily unavailable\t%s' "$(row EAGAIN | cut -f6)")" --explain EWOULDBLOCK
sk --explain ECONNREFUSED NOSUCHCODE
[ "$RC" = 1 ] && [ "$OUT" = "$(row ECONNREFUSED)" ] && grep -q '^sockerr: unknown code "NOSUCHCODE"' <<<"$ERR" &&
	pass "--explain: unknown codes are named, the rest printed, exit 1" || fail "--explain unknown" "exit $RC <$OUT> <$ERR>"
expect_err "--explain an unused errno number" 1 'unknown code "41"' --explain 41
sk --explain ECONNREFUSED
[ "$(cut -f6 <<<"$OUT")" != "" ] && pass "--explain says what usually causes it" || fail "--explain cause" "$OUT"

# The man page: lint-clean, its SOCKET ERRORS generated from this table,
# and every option in both the page and --help.
if command -v mandoc >/dev/null; then
	lint=$(mandoc -Tlint -Wwarning "$TOP/man/sockerr.1" 2>&1)
	[ -z "$lint" ] && pass "mandoc -Tlint -Wwarning is clean" || fail "mandoc -Tlint" "$lint"
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
