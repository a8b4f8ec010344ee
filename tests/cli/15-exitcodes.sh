# Exit statuses have one source, src/model/exitcode.h.  This reads its enum and
# the meanings in src/model/exitcode.c, and checks that every status has a
# meaning, and that every status the program produces (and none other)
# is in --help, in the man page's EXIT STATUS section and in README.md,
# each with its meaning.
. "$TOP/tests/lib.sh"

man=$T/man.txt
if ! command -v mandoc >/dev/null; then
	skip "man page" "no mandoc (tests/tests.mk installs it)"
	man=
else
	mandoc -Tascii "$TOP/man/sockerr.1" | col -bx >"$man"
fi
"$SOCKERR" --help >"$T/help.txt"

"$PY3" - "$SUITE" "$TOP/src/model/exitcode.h" "$TOP/src/model/exitcode.c" "$T/help.txt" "$man" "$TOP/README.md" <<'PY'
import re
import sys

suite, header, table, help_file, man_file, readme = sys.argv[1:7]


def result(ok, name, why=""):
    print(("PASS %s: %s" % (suite, name)) if ok else ("FAIL %s: %s: %s" % (suite, name, why)))


enum = {}
for m in re.finditer(r"^\s*(EXIT_[A-Z_]+)\s*=\s*(\d+)\s*,", open(header).read(), re.M):
    enum[m.group(1)] = int(m.group(2))
result(len(enum) >= 8, "exitcode.h has the statuses", "found %r" % enum)

rows = {}
for m in re.finditer(r'\{\s*(EXIT_[A-Z_]+)\s*,\s*"([^"]*)"\s*,\s*(true|false)\s*\}', open(table).read()):
    rows[m.group(1)] = (m.group(2), m.group(3) == "true")
for name, code in sorted(enum.items(), key=lambda kv: kv[1]):
    result(name in rows, "%d %s has a meaning in exitcode.c" % (code, name), "no row")
for name in rows:
    result(name in enum, "row %s is a status of exitcode.h" % name, "not in the enum")
produced = {enum[n]: rows[n][0] for n in rows if n in enum and rows[n][1]}
reserved = {enum[n]: rows[n][0] for n in rows if n in enum and not rows[n][1]}


# "Exit status: 0 connected, 1 socket.error, ... 130 interrupted." -> {code: meaning}
def listing(text, what):
    m = re.search(r"Exit status:(.*?)\.\n", text, re.S)
    if not m:
        result(False, "%s has an exit status paragraph" % what, "not found")
        return {}
    items = {}
    for item in re.split(r",\s+", " ".join(m.group(1).replace("`", "").split())):
        k = re.match(r"(\d+) (.*)", item)
        if k:
            items[int(k.group(1))] = k.group(2)
        else:
            result(False, "%s: item <%s>" % (what, item), "not 'N meaning'")
    return items


def check(items, what, exact):
    for code, meaning in sorted(produced.items()):
        got = items.get(code)
        ok = got is not None and (got == meaning if exact else got.startswith(meaning))
        result(ok, "%s: %d %s" % (what, code, meaning), "has <%s>" % got)
    for code in sorted(set(items) - set(produced)):
        result(False, "%s lists only statuses the program produces" % what,
               "%d <%s>%s" % (code, items[code], " is reserved" if code in reserved else " is not in exitcode.h"))


check(listing(open(help_file).read(), "--help"), "--help", True)
check(listing(open(readme).read(), "README.md"), "README.md", False)

if man_file:
    text = open(man_file).read()
    m = re.search(r"^EXIT STATUS\n(.*?)^\S", text, re.S | re.M)
    items, code = {}, None
    for line in (m.group(1) if m else "").splitlines():
        k = re.match(r"^ {5}(\d+) +(.*)", line)
        if k:
            code = int(k.group(1))
            items[code] = k.group(2)
        elif code is not None and line.startswith(" " * 8) and line.strip():
            items[code] += " " + line.strip()
        else:
            code = None
    result(bool(items), "man page has an EXIT STATUS list", "none found")
    for code, meaning in sorted(produced.items()):
        result(code in items and meaning in items[code], "man page: %d %s" % (code, meaning),
               "has <%s>" % items.get(code))
    for code in sorted(set(items) - set(produced)):
        result(False, "man page lists only statuses the program produces",
               "%d <%s>%s" % (code, items[code], " is reserved" if code in reserved else " is not in exitcode.h"))
PY

# the statuses that need no network: they are what the table says
sk
[ "$RC" = 64 ] && pass "no target exits 64 (usage error)" || fail "no target exits 64" "exit $RC"
sk --explain ECONNREFUSED
[ "$RC" = 0 ] && pass "--explain of a known code exits 0" || fail "--explain exits 0" "exit $RC"
sk unix:/nonexistent/sockerr-$$
[ "$RC" = 1 ] && pass "socket.error exits 1" || fail "socket.error exits 1" "exit $RC"
