# The layer rule (src/LAYERS, tools/check-layers, make check-layers): the
# tree keeps it, and a copy of src/ with one bad include planted at a
# time fails, naming the file, the line and the row it breaks.
. "$TOP/tests/lib.sh"

out=$(make -s -C "$TOP" check-layers 2>&1)
rc=$?
[ $rc = 0 ] && pass "make check-layers: every include of src/ keeps src/LAYERS" ||
	fail "make check-layers" "exit $rc: $(head -n 5 <<<"$out" | tr '\n' ' ')"

# plant FILE LINE: a copy of the tree's src/ and tools/ with LINE added at
# the end of FILE's includes; sets OUT and RC from check-layers on it
plant() {
	rm -rf "$T/tree" && mkdir -p "$T/tree" &&
		cp -a "$TOP/src" "$TOP/tools" "$T/tree/" || return 1
	local f=$T/tree/$1 n
	n=$(grep -n '^#include "' "$f" | tail -n 1 | cut -d: -f1)
	sed -i "${n}a $2" "$f"
	PLANTED=$((n + 1))
	OUT=$("$T/tree/tools/check-layers" "$T/tree" 2>&1)
	RC=$?
}

# up a layer, across siblings, and a circle of two modules
while IFS='|' read -r file line what; do
	plant "$file" "$line"
	if [ "$RC" = 1 ] && grep -q "^src/${file#src/}:$PLANTED: " <<<"$OUT"; then
		pass "a planted $what fails: $(grep -m1 "^src/${file#src/}:$PLANTED: " <<<"$OUT")"
	else
		fail "a planted $what fails at $file:$PLANTED" "exit $RC: $(head -n 3 <<<"$OUT" | tr '\n' ' ')"
	fi
done <<'EOF'
src/model/result.c|#include "tls/tls.h"|model including tls/ (up a layer)
src/output/format.c|#include "run/engine.h"|output including run/ (up a layer)
src/base/sbuf.c|#include "model/target.h"|base including model/ (up a layer)
src/net/loop.c|#include "tls/tls.h"|net including tls/ (a sibling it may not use)
src/app/cli.c|#include "run/pool.h"|app/cli including run/ (a module row stricter than its folder)
EOF

plant src/net/flow.h '#include "net/loop.h"'
sed -i '/^#include "net\/loop.h"/a #include "net/flow.h"' "$T/tree/src/net/loop.c"
sed -i '/^#include "net\/flow.h"/a #include "net/loop.h"' "$T/tree/src/net/flow.c"
OUT=$("$T/tree/tools/check-layers" "$T/tree" 2>&1)
RC=$?
if [ "$RC" = 1 ] && grep -qiE 'circle.*(flow|loop).*(loop|flow)' <<<"$OUT"; then
	pass "a planted circle (net/flow and net/loop include each other) fails: $(grep -m1 -i circle <<<"$OUT")"
else
	fail "a planted circle fails" "exit $RC: $(head -n 3 <<<"$OUT" | tr '\n' ' ')"
fi

plant src/output/why.c '#include "net/nosuch.h"'
[ "$RC" = 1 ] && grep -q "^src/output/why.c:$PLANTED: " <<<"$OUT" &&
	pass "an include of a header that is not there fails" ||
	fail "an include of a header that is not there fails" "exit $RC: $(head -n 3 <<<"$OUT" | tr '\n' ' ')"

# the README's table shows src/LAYERS: each row's layer and what it may use
bad=
while read -r name uses; do
	want=$(tr ' ' '\n' <<<"$uses" | grep -v '^-$' | paste -sd, | sed 's/,/, /g')
	[ -n "$want" ] || want=nothing
	grep -qF "| \`$name/\` | $want |" "$TOP/README.md" ||
		grep -qF "| \`$name\` | $want |" "$TOP/README.md" || bad="$bad $name($want)"
done < <(grep -vE '^\s*(#|$)' "$TOP/src/LAYERS")
[ -z "$bad" ] && pass "the README's source table has every row of src/LAYERS" ||
	fail "the README's source table has every row of src/LAYERS" "missing or different:$bad"

# exported functions used in their own file only are static (nm over the
# objects make built; tools/check-statics)
out=$("$TOP/tools/check-statics" 2>&1)
rc=$?
[ $rc = 0 ] && pass "every function or table exported from src/ is used by another file (tools/check-statics)" ||
	fail "exported but used in one file only" "exit $rc: $(head -n 5 <<<"$out" | tr '\n' ' ')"
