# make mutate's blocks (tests/mutate/*.mut) must still apply to the code:
# a block whose text no longer occurs once is a mutant nobody runs.
. "$TOP/tests/lib.sh"

out=$("$TOP/tests/mutate/run.sh" --check 2>&1)
n=$(grep -c '^OK ' <<<"$out")
if grep -q '^BAD ' <<<"$out"; then
	while read -r line; do fail "mutants" "$line"; done < <(grep '^BAD ' <<<"$out")
elif [ "$n" -lt 40 ]; then
	fail "mutants" "only $n blocks: make mutate wants 40 or more"
else
	pass "mutants: all $n blocks of tests/mutate/*.mut apply"
fi
