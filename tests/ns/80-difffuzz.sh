# The differential fuzzer (tests/difffuzz.py) with a fixed seed and a
# bounded count: random fixtures, target spellings, option sets and
# formats, each run by sockerr, CPython 3.11 and Python 2.7 at the same
# moment.  PASS per scenario class (only the scenarios that agreed in
# line, status and time), FAIL per divergence, SKIP per known divergence
# (the list in difffuzz.py, each naming its bug).  In a namespace of its
# own (tests/difffuzz/ns.sh: its zone, PKI and peers).  Longer runs:
# make soak SEED=... N=...
. "$TOP/tests/lib.sh"
SEED=${DIFFFUZZ_SEED:-17}
COUNT=${DIFFFUZZ_COUNT:-450}
# under the sanitizers, fewer: each run costs more, and what ASan looks
# for does not need the timing checks' numbers
case $SUITE in asan/*) COUNT=${DIFFFUZZ_ASAN_COUNT:-120} ;; esac
for p in /root/.pyenv/versions/2.7.18/bin/python /root/.pyenv/versions/3.11.7/bin/python; do
	if ! [ -x "$p" ]; then
		skip all "no $p: the fuzzer compares with Python 2.7.18 and 3.11.7"
		exit 0
	fi
done
if ! command -v openssl >/dev/null; then
	skip all "no openssl command (the fuzzer's PKI)"
	exit 0
fi
out=$T/fuzz.out
SUITE=$SUITE timeout 400 unshare -mn bash "$TOP/tests/difffuzz/ns.sh" --seed "$SEED" \
	--count "$COUNT" --lines >"$out" 2>"$T/fuzz.err"
rc=$?
grep -E '^(PASS|FAIL|SKIP) ' "$out"
sed -n 's/^difffuzz: /# /p' "$out"
# 1: a new divergence, reported above; anything else is the harness's
if [ $rc != 0 ] && [ $rc != 1 ]; then
	fail harness "ns.sh exited with status $rc: $(tail -n 3 "$T/fuzz.err" | tr '\n' ' ')"
elif ! grep -q '^PASS ' "$out"; then
	fail harness "no scenario class agreed: $(tail -n 3 "$T/fuzz.err" | tr '\n' ' ')"
fi
