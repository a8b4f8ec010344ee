# Each libFuzzer harness in tests/fuzz for a few seconds (make fuzz runs
# them for a minute each): one PASS or FAIL line per harness.  In the ASan
# pass the harnesses only replay their seed corpus and regression inputs:
# they are ASan+UBSan builds already.  A finding is kept in tests/out/fuzz.
. "$TOP/tests/lib.sh"

names=()
for f in "$TOP"/tests/fuzz/fuzz_*.c; do
	n=$(basename "$f" .c)
	names+=("${n#fuzz_}")
done
if ! command -v clang >/dev/null; then
	for n in "${names[@]}"; do skip "fuzz $n" "clang is missing (make test-deps)"; done
	exit 0
fi

# Another make check may build at the same time in this checkout; the
# outer make's jobserver is not ours to use.
mkdir -p "$TOP/build"
if ! flock "$TOP/build/.fuzz-build.lock" env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
	make -C "$TOP" -s fuzz-build >"$T/build.log" 2>&1; then
	fail "fuzz build" "make fuzz-build failed: $(grep -m 1 -i error "$T/build.log")"
	exit 0
fi

seconds=${FUZZ_SMOKE_SECONDS:-4}
case $SUITE in asan/*) seconds=0 ;; esac
export FUZZ_WORK=$T/fuzz
keep=$TOP/tests/out/fuzz
for n in "${names[@]}"; do
	if line=$("$TOP/tests/fuzz/run.sh" "$seconds" "$n"); then
		pass "fuzz ${line#ok   }"
	else
		mkdir -p "$keep"
		cp -r "$FUZZ_WORK/artifacts/$n" "$FUZZ_WORK/$n.log" "$keep/" 2>/dev/null
		fail "fuzz $n" "$(head -n 1 <<<"$line" | sed "s|$FUZZ_WORK|$keep|g")"
	fi
done
