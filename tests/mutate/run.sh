#!/usr/bin/env bash
# make mutate: plants each one-line bug of tests/mutate/*.mut in a copy of
# the tree, rebuilds, runs the suites its block names, and counts it killed
# (a FAIL, a failed build of the tests, or a hang) or survived.
#   tests/mutate/run.sh [ID-PATTERN]      (MUTATE_TIMEOUT=seconds per mutant)
#   tests/mutate/run.sh --check           (only: does every block still apply?)
# A block (blank lines between blocks, # comments):
#   mutant: ID / file: src/... / find: TEXT / replace: TEXT / run: SUITES
# TEXT (tabs kept) must occur exactly once in the file, else the block is
# stale: BAD, and the run fails.
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
CHECK=
[ "${1:-}" = --check ] && { CHECK=1; shift; }
PATTERN=${1:-}
LIMIT=${MUTATE_TIMEOUT:-900}
TMP=$(mktemp -d /tmp/sockerr-mutate.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
WORK=$TOP
LOG=$TOP/tests/out/mutate.log
mkdir -p "$TOP/tests/out"

# Each block into a folder of its own: TMP/blocks/N/{mutant,file,find,...}.
python3 - "$TMP/blocks" "$TOP"/tests/mutate/*.mut <<'PY'
import os, sys
out, n = sys.argv[1], 0
for path in sys.argv[2:]:
    b, start = {}, 0
    lines = open(path, encoding="utf-8").read().split("\n") + [""]
    for i, line in enumerate(lines, 1):
        if not line.strip():
            if b:
                n += 1
                d = os.path.join(out, "%04d" % n)
                os.makedirs(d)
                b["where"] = "%s:%d" % (os.path.basename(path), start)
                for k, v in b.items():
                    open(os.path.join(d, k), "w", encoding="utf-8").write(v)
            b = {}
            continue
        if line.startswith("#"):
            continue
        key, sep, val = line.partition(": ")
        if not sep:
            key, val = line.rstrip(":"), ""
        if not b:
            start = i
        b[key] = val
PY

field() { cat "$1/$2" 2>/dev/null; }

if [ -z "$CHECK" ]; then
	# One copy of the tree, built once; each mutant rebuilds what it touches.
	WORK=$TMP/tree
	mkdir -p "$WORK"
	tar -C "$TOP" --exclude=./tests/out --exclude=./build --exclude=./.git -cf - . | tar -C "$WORK" -xf -
	[ -d "$TOP/build" ] && cp -a "$TOP/build" "$WORK/build"
	if ! make -C "$WORK" -s -j2 sockerr build/unit-tests CFLAGS="-O2 -g" >"$TMP/build.log" 2>&1; then
		echo "mutate: the unmutated tree does not build:"; tail -n 20 "$TMP/build.log"; exit 2
	fi
	: >"$LOG"
fi

killed=0 survived=0 bad=0 total=0
survivors=()
for d in "$TMP"/blocks/*/; do
	[ -d "$d" ] || continue
	id=$(field "$d" mutant) file=$(field "$d" file) run=$(field "$d" run) where=$(field "$d" where)
	[ -n "$PATTERN" ] && [[ $id != *$PATTERN* ]] && continue
	total=$((total + 1))
	missing=
	for k in mutant file find replace run; do [ -f "$d/$k" ] || missing="$missing $k"; done
	if [ -n "$missing" ]; then
		echo "BAD ${id:-?} ($where): no$missing"; bad=$((bad + 1)); continue
	fi
	f=$WORK/$file
	count=$(python3 -c 'import sys
s = open(sys.argv[1], encoding="utf-8", errors="surrogateescape").read()
print(s.count(open(sys.argv[2], encoding="utf-8").read()))' "$f" "$d/find" 2>/dev/null || echo 0)
	if [ "$count" != 1 ]; then
		echo "BAD $id ($where): the text to find occurs $count times in $file"; bad=$((bad + 1)); continue
	fi
	if [ -n "$CHECK" ]; then
		echo "OK $id ($where)"; continue
	fi
	cp -p "$f" "$TMP/orig"
	python3 -c 'import sys
p, find, rep = sys.argv[1], open(sys.argv[2], encoding="utf-8").read(), open(sys.argv[3], encoding="utf-8").read()
s = open(p, encoding="utf-8", errors="surrogateescape").read()
open(p, "w", encoding="utf-8", errors="surrogateescape").write(s.replace(find, rep, 1))' "$f" "$d/find" "$d/replace"
	start=$SECONDS
	if ! make -C "$WORK" -s -j2 sockerr build/unit-tests CFLAGS="-O2 -g" >"$TMP/mbuild.log" 2>&1; then
		verdict="BAD (does not compile: $(grep -m1 error "$TMP/mbuild.log"))"
		bad=$((bad + 1))
	else
		# shellcheck disable=SC2086
		out=$(cd "$WORK" && RUN_NAME=mutant timeout "$LIMIT" tests/run $run 2>&1)
		rc=$?
		{ echo "=== $id: tests/run $run (exit $rc)"; grep -E '^(FAIL|SKIP) ' <<<"$out"; tail -n 1 <<<"$out"; } >>"$LOG"
		if [ $rc = 124 ]; then
			verdict="KILLED (hang: $LIMIT s)"; killed=$((killed + 1))
		elif grep -q '^FAIL ' <<<"$out" || [ $rc != 0 ]; then
			verdict="KILLED by $(grep -m1 '^FAIL ' <<<"$out" | cut -c1-100)"; killed=$((killed + 1))
		else
			verdict="SURVIVED: $file"; survived=$((survived + 1))
			survivors+=("$id ($where)")
		fi
	fi
	echo "$id: $verdict ($((SECONDS - start)) s)"
	cp -p "$TMP/orig" "$f"
	touch "$f"
done

if [ -n "$CHECK" ]; then
	echo "$((total - bad)) of $total blocks apply, $bad bad"
	[ $bad = 0 ]
	exit
fi
echo
[ ${#survivors[@]} -gt 0 ] && printf 'survivor: %s\n' "${survivors[@]}"
pct=0
[ $((killed + survived)) -gt 0 ] && pct=$((100 * killed / (killed + survived)))
echo "$killed killed, $survived survived, $bad bad, of $total mutants ($pct% killed)"
[ $survived = 0 ] && [ $bad = 0 ]
