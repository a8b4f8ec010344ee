#!/usr/bin/env bash
# make mutate: plants each one-line bug of tests/mutate/*.mut in a copy of
# the tree, rebuilds, runs the suites its block names, and counts it killed
# (a FAIL, a failed build of the tests, or a hang) or survived.
#   tests/mutate/run.sh [ID-PATTERN]      (MUTATE_TIMEOUT=seconds per mutant)
# A block:  mutant: ID / file: src/... / find: TEXT / replace: TEXT / run: SUITES
# TEXT must occur exactly once in the file, else the block is stale (an error).
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
PATTERN=${1:-}
LIMIT=${MUTATE_TIMEOUT:-900}
WORK=$(mktemp -d /tmp/sockerr-mutate.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
LOG=$TOP/tests/out/mutate.log
mkdir -p "$TOP/tests/out"
: >"$LOG"

# One copy of the tree, built once; each mutant rebuilds what it touches.
tar -C "$TOP" --exclude=./tests/out --exclude=./build --exclude=./.git -cf - . | tar -C "$WORK" -xf -
cp -a "$TOP/build" "$WORK/build" 2>/dev/null
if ! make -C "$WORK" -s -j2 sockerr build/unit-tests CFLAGS="-O2 -g" >"$WORK/build.log" 2>&1; then
	echo "mutate: the unmutated tree does not build:"; tail -n 20 "$WORK/build.log"; exit 2
fi

# The blocks, one per line: id<TAB>file<TAB>find<TAB>replace<TAB>run<TAB>where
blocks() {
	python3 - "$TOP"/tests/mutate/*.mut <<'PY'
import sys
for path in sys.argv[1:]:
    b = {}
    lines = open(path, encoding="utf-8").read().split("\n") + [""]
    for n, line in enumerate(lines, 1):
        if not line.strip():
            if b:
                miss = [k for k in ("mutant", "file", "find", "replace", "run") if k not in b]
                where = "%s:%d" % (path.rsplit("/", 1)[-1], b["line"])
                if miss:
                    print("\t".join(["BAD", where, "missing " + ",".join(miss), "", "", where]))
                else:
                    print("\t".join([b["mutant"], b["file"], b["find"], b["replace"], b["run"], where]))
            b = {}
            continue
        if line.startswith("#"):
            continue
        key, sep, val = line.partition(": ")
        if not sep:
            key, val = line.rstrip(":"), ""
        b.setdefault("line", n)
        b[key] = val
PY
}

killed=0 survived=0 bad=0 total=0
survivors=()
while IFS=$'\t' read -r id file find replace run where; do
	[ -n "$PATTERN" ] && [[ $id != *$PATTERN* ]] && [ "$id" != BAD ] && continue
	total=$((total + 1))
	if [ "$id" = BAD ]; then
		echo "BAD $where: $file"; bad=$((bad + 1)); continue
	fi
	f=$WORK/$file
	count=$(FIND=$find python3 -c 'import os,sys; print(open(sys.argv[1],encoding="utf-8",errors="surrogateescape").read().count(os.environ["FIND"]))' "$f" 2>/dev/null || echo 0)
	if [ "$count" != 1 ]; then
		echo "BAD $id ($where): the text to find occurs $count times in $file"; bad=$((bad + 1)); continue
	fi
	cp -p "$f" "$WORK/orig"
	FIND=$find REPLACE=$replace python3 -c 'import os,sys
p=sys.argv[1]; s=open(p,encoding="utf-8",errors="surrogateescape").read()
open(p,"w",encoding="utf-8",errors="surrogateescape").write(s.replace(os.environ["FIND"],os.environ["REPLACE"],1))' "$f"
	start=$SECONDS
	verdict=
	if ! make -C "$WORK" -s -j2 sockerr build/unit-tests CFLAGS="-O2 -g" >"$WORK/mbuild.log" 2>&1; then
		verdict="BAD (does not compile: $(grep -m1 error "$WORK/mbuild.log"))"
		bad=$((bad + 1))
	else
		# shellcheck disable=SC2086
		out=$(cd "$WORK" && RUN_NAME=mutant timeout "$LIMIT" tests/run $run 2>&1)
		rc=$?
		echo "=== $id: tests/run $run (exit $rc)" >>"$LOG"
		grep -E '^(FAIL|SKIP) ' <<<"$out" >>"$LOG"
		tail -n 1 <<<"$out" >>"$LOG"
		if [ $rc = 124 ]; then
			verdict="KILLED (hang: $LIMIT s)"; killed=$((killed + 1))
		elif grep -q '^FAIL ' <<<"$out" || [ $rc != 0 ]; then
			verdict="KILLED by $(grep -m1 '^FAIL ' <<<"$out" | cut -c1-100)"; killed=$((killed + 1))
		else
			verdict="SURVIVED: $file: <$find> -> <$replace>"; survived=$((survived + 1))
			survivors+=("$id ($where)")
		fi
	fi
	echo "$id: $verdict ($((SECONDS - start)) s)"
	cp -p "$WORK/orig" "$f"
	touch "$f"
done < <(blocks)

# the last build must not be a mutant's
make -C "$WORK" -s sockerr >/dev/null 2>&1
echo
[ ${#survivors[@]} -gt 0 ] && printf 'survivor: %s\n' "${survivors[@]}"
pct=0
[ $((killed + survived)) -gt 0 ] && pct=$((100 * killed / (killed + survived)))
echo "$killed killed, $survived survived, $bad bad, of $total mutants ($pct% killed)"
[ $survived = 0 ] && [ $bad = 0 ]
