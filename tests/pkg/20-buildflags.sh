# The build with Debian's flags (dpkg-buildflags, hardening=+all): CFLAGS,
# CPPFLAGS and LDFLAGS as a package build passes them, plus -Werror, reach
# every compile and link, the build (sockerr and the unit tests) stays
# free of warnings, and the binary is hardened: stack protector, fortified
# calls, full RELRO.  In a copy of the tree.
. "$TOP/tests/lib.sh"

if ! command -v dpkg-buildflags >/dev/null; then
	fail "dpkg-buildflags" "not installed (make test-deps installs dpkg-dev)"
	exit 0
fi
export DEB_BUILD_MAINT_OPTIONS=hardening=+all
cflags=$(dpkg-buildflags --get CFLAGS) cppflags=$(dpkg-buildflags --get CPPFLAGS) ldflags=$(dpkg-buildflags --get LDFLAGS)
miss=
for f in "-fstack-protector-strong:$cflags" "-D_FORTIFY_SOURCE=2:$cppflags" "-Wl,-z,relro:$ldflags" "-Wl,-z,now:$ldflags"; do
	grep -qw -- "${f%%:*}" <<<"${f#*:}" || miss="$miss ${f%%:*}"
done
[ -z "$miss" ] && pass "dpkg-buildflags gives -fstack-protector-strong, -D_FORTIFY_SOURCE=2, -Wl,-z,relro,-z,now" ||
	fail "dpkg-buildflags' hardening flags" "missing:$miss (CFLAGS <$cflags> CPPFLAGS <$cppflags> LDFLAGS <$ldflags>)"

unset MAKEFLAGS MFLAGS MAKELEVEL
mkdir -p "$T/tree/tests"
cp -r "$TOP/src" "$TOP/Makefile" "$T/tree/" && cp -r "$TOP/tests/tests.mk" "$TOP/tests/unit" "$T/tree/tests/"
if make -C "$T/tree" -j2 sockerr build/unit-tests CFLAGS="$cflags -Werror" CPPFLAGS="$cppflags" LDFLAGS="$ldflags" >"$T/build.log" 2>&1; then
	pass "sockerr and the unit tests build with them and -Werror"
else
	fail "the build with dpkg-buildflags and -Werror" "$(grep -m 3 -E 'error:|warning:' "$T/build.log")"
	exit 0
fi
# make's echo of a command continued on the next line, as one line
sed -i -e :a -e '/\\$/N; s/\\\n//; ta' "$T/build.log"
grep -q 'warning:' "$T/build.log" && fail "no warning" "$(grep -m 3 'warning:' "$T/build.log")" || pass "no warning"
# every compile has the flags, every link the linker's
compiles=$(grep -cE '^cc .* -c -o ' "$T/build.log")
bad=$(grep -E '^cc .* -c -o ' "$T/build.log" | grep -vF -- "$cppflags" | grep -vF -e "-fstack-protector-strong" -c)
bad=$((bad + $(grep -E '^cc .* -c -o ' "$T/build.log" | grep -cvF -- "-D_FORTIFY_SOURCE=2")))
links=$(grep -E '^cc .*[[:space:]]-o (sockerr|build/unit-tests)( |$)' "$T/build.log")
if [ "$compiles" -ge 30 ] && [ "$bad" = 0 ] && [ "$(grep -cF -- "$ldflags" <<<"$links")" = 2 ]; then
	pass "all $compiles compiles take CFLAGS and CPPFLAGS, both links LDFLAGS"
else
	fail "the flags reach every compile and link" "$compiles compiles, $bad without them; links: $links"
fi
bin=$T/tree/sockerr
dyn=$(readelf -d "$bin") segs=$(readelf -lW "$bin") syms=$(nm -D "$bin")
grep -q GNU_RELRO <<<"$segs" && grep -qE 'BIND_NOW|FLAGS_1.*NOW' <<<"$dyn" && pass "the binary has full RELRO (GNU_RELRO, BIND_NOW)" ||
	fail "full RELRO" "$(grep -E 'RELRO' <<<"$segs") $(grep -E 'FLAGS' <<<"$dyn")"
grep -q ' __stack_chk_fail' <<<"$syms" && pass "the binary has the stack protector (__stack_chk_fail)" || fail "stack protector" "no __stack_chk_fail"
chk=$(grep -oE ' __[a-z_]+_chk(@|$)' <<<"$syms" | tr -d ' @' | grep -v stack_chk | sort -u | tr '\n' ' ')
[ -n "$chk" ] && pass "the binary calls fortified functions ($chk)" || fail "fortified calls" "no __*_chk symbol"
