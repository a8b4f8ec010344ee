#!/usr/bin/env bash
# Runs libFuzzer harnesses for a bounded time and prints one line each:
#   "ok   NAME: N executions in S s, 0 findings"
#   "FAIL NAME: N executions in S s, K findings: FILE..."
# run.sh SECONDS NAME...   (SECONDS 0: only replay the seed corpus)
# Seeds are read from tests/fuzz/corpus/NAME; what libFuzzer finds new goes
# to $FUZZ_WORK/corpus/NAME (default build/fuzz/work), crashes to
# $FUZZ_WORK/artifacts/NAME.  Exit status 1 if any harness found anything.
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
WORK=${FUZZ_WORK:-$TOP/build/fuzz/work}
seconds=${1:?usage: run.sh SECONDS NAME...}
shift
status=0

fuzz_one() {
	local name=$1 bin=$TOP/build/fuzz/fuzz_$1 seeds=$TOP/tests/fuzz/corpus/$1
	local corpus=$WORK/corpus/$1 art=$WORK/artifacts/$1 log=$WORK/$1.log
	local flags=(-timeout=10 -rss_limit_mb=2048 -print_final_stats=1
		"-artifact_prefix=$art/")
	local runs found

	mkdir -p "$corpus" "$art" "$seeds"
	rm -f "$art"/*
	[ -f "$TOP/tests/fuzz/$name.dict" ] && flags+=("-dict=$TOP/tests/fuzz/$name.dict")
	[ -f "$TOP/tests/fuzz/$name.options" ] && read -ra more <"$TOP/tests/fuzz/$name.options" && flags+=("${more[@]}")
	if [ "$seconds" = 0 ]; then
		flags+=(-runs=0)
	else
		flags+=("-max_total_time=$seconds")
	fi
	# a hard limit too, in case a harness hangs outside libFuzzer's watch
	timeout $((seconds + 60)) "$bin" "${flags[@]}" "$corpus" "$seeds" >"$log" 2>&1
	local rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	found=$(find "$art" -type f | sort)
	if [ $rc -ne 0 ] || [ -n "$found" ]; then
		status=1
		echo "FAIL $name: ${runs:-?} executions in $seconds s, $(grep -c . <<<"$found") findings (exit $rc, log $log): $(echo $found)"
		grep -m 3 -E 'ERROR|FUZZ_CHECK|runtime error' "$log" | sed 's/^/     /'
	else
		echo "ok   $name: $runs executions in $seconds s, 0 findings"
	fi
}

for name in "$@"; do
	if [ ! -x "$TOP/build/fuzz/fuzz_$name" ]; then
		echo "FAIL $name: build/fuzz/fuzz_$name is missing (make fuzz-build)"
		status=1
		continue
	fi
	fuzz_one "$name"
done
exit $status
