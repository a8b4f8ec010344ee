# make dist: sockerr-VERSION.tar.gz from git archive, one folder
# sockerr-VERSION/ with the tree and no .git; unpacked on its own, with no
# git and (as root) no network, it builds with -Werror and passes the unit
# and cli suites (tests/distcheck.sh, as make distcheck runs it).
. "$TOP/tests/lib.sh"

version=$(sed -n 's/^VERSION = //p' "$TOP/Makefile")
if ! git -C "$TOP" rev-parse --verify -q HEAD >/dev/null 2>&1; then
	skip "make dist" "not a git checkout (an unpacked tarball has no history to archive)"
	exit 0
fi
unset MAKEFLAGS MFLAGS MAKELEVEL
if ! make -s -C "$TOP" dist DISTFILE="$T/sockerr.tar.gz" >"$T/dist.log" 2>&1; then
	fail "make dist" "$(tail -n 3 "$T/dist.log")"
	exit 0
fi
list=$(tar -tzf "$T/sockerr.tar.gz")
tops=$(cut -d/ -f1 <<<"$list" | sort -u)
miss=
for f in Makefile README.md LICENSE man/sockerr.1 src/app/main.c src/completion/_sockerr \
	src/output/sockerr.schema.json tests/run tools/gen-ssl-names.py; do
	grep -qx "sockerr-$version/$f" <<<"$list" || miss="$miss $f"
done
if [ "$tops" = "sockerr-$version" ] && [ -z "$miss" ] && ! grep -q '/\.git/' <<<"$list"; then
	pass "make dist: sockerr-$version.tar.gz, one folder sockerr-$version/, $(wc -l <<<"$list") entries, no .git"
else
	fail "make dist: one folder with the tree" "top <$(tr '\n' ' ' <<<"$tops")>, missing:$miss"
fi
# make check runs every cli suite on this tree already; the tarball's own
# run is the unit tests and the suites that read files a tarball could
# leave out (the man page, completions, schema, tables, mutants, layers);
# make distcheck runs them all
suites="unit cli/05-layers cli/10-usage cli/12-version cli/15-options cli/16-completions cli/30-reference cli/35-json-schema cli/70-ssl-names cli/85-mutants"
out=$(DISTCHECK_SUITES=$suites "$TOP/tests/distcheck.sh" "$T/sockerr.tar.gz" 2>&1)
rc=$?
if [ $rc = 0 ] && grep -qE '^[0-9]+ passed, 0 failed' <<<"$out"; then
	pass "distcheck: the tarball alone builds with -Werror and passes $suites ($(tail -n 1 <<<"$out"))"
else
	fail "distcheck" "$(tr '\n' ' ' <<<"$out" | head -c 1500)"
fi
