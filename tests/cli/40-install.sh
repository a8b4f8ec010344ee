# make install honours PREFIX, DESTDIR and the flags a user gives; the bash
# completion it installs completes options, formats, classes and codes.
. "$TOP/tests/lib.sh"

dest=$T/root
if make -s -C "$TOP" install DESTDIR="$dest" PREFIX=/opt/sk >"$T/install.log" 2>&1; then
	for f in /opt/sk/bin/sockerr /opt/sk/share/man/man1/sockerr.1 /opt/sk/share/bash-completion/completions/sockerr; do
		[ -f "$dest$f" ] && pass "install puts $f under DESTDIR" || fail "install puts $f under DESTDIR" "missing"
	done
	[ -x "$dest/opt/sk/bin/sockerr" ] && "$dest/opt/sk/bin/sockerr" --version >/dev/null &&
		pass "the installed binary runs" || fail "the installed binary runs" "$(cat "$T/install.log")"
else
	fail "make install" "$(tail -5 "$T/install.log")"
fi

# user flags are added to the build's own, not put in their place; the
# commands are read from make's echo, so an outer "make -s" must not reach it
unset MAKEFLAGS MFLAGS MAKELEVEL
cp -r "$TOP/src" "$TOP/Makefile" "$T/" && mkdir -p "$T/tests" && cp "$TOP/tests/tests.mk" "$T/tests/"
out=$(make -C "$T" -B sockerr CFLAGS='-O0 -DSK_USER_FLAG' CPPFLAGS='-DSK_USER_CPP' LDFLAGS='-Wl,-O1' 2>&1)
if grep -q -- '-DSK_USER_FLAG' <<<"$out" && grep -q -- '-DSK_USER_CPP' <<<"$out" &&
	grep -q -- '-std=gnu17' <<<"$out" && grep -q -- '-largtable2' <<<"$out" && grep -q -- '-Wl,-O1' <<<"$out" && [ -x "$T/sockerr" ]; then
	pass "CFLAGS/CPPFLAGS/LDFLAGS add to the flags the build needs"
else
	fail "user flags" "$(tail -3 <<<"$out")"
fi
out=$(cd "$T" && CFLAGS='-O1 -DSK_ENV_FLAG' make -B sockerr 2>&1)
grep -q -- '-DSK_ENV_FLAG' <<<"$out" && grep -q -- '-pthread' <<<"$out" &&
	pass "CFLAGS from the environment too" || fail "CFLAGS from the environment" "$(tail -3 <<<"$out")"

# completion
[ "$(complete_words sockerr --for)" = "--format" ] && pass "completion: options" || fail "completion: options" "$(complete_words sockerr --for)"
[ "$(complete_words sockerr -f py | tr '\n' ' ')" = "python python3 " ] && pass "completion: formats" || fail "completion: formats" "$(complete_words sockerr -f py)"
[ "$(complete_words sockerr -f p | tr '\n' ' ')" = "python python3 prometheus " ] && pass "completion: formats, prometheus too" ||
	fail "completion: formats, prometheus too" "$(complete_words sockerr -f p)"
[ "$(complete_words sockerr --format = na)" = "nagios" ] && pass "completion: --format=" || fail "completion: --format=" "$(complete_words sockerr --format = na)"
[ "$(complete_words sockerr --expect = ref)" = "refused" ] && pass "completion: --expect outcomes" ||
	fail "completion: --expect outcomes" "$(complete_words sockerr --expect = ref)"
[ "$(complete_words sockerr --expect ok,EAI_NON)" = "ok,EAI_NONAME" ] && pass "completion: --expect lists, code names" ||
	fail "completion: --expect lists" "$(complete_words sockerr --expect ok,EAI_NON)"
# the ssl words it offers are ones --expect takes
got=$(complete_words sockerr --expect ssl.SSLC)
words=$(complete_words sockerr --expect '' | grep -E '^(ssl\.|sockerr\.|[A-Z0-9]+_[A-Z0-9_]+$)' | grep -v -E '^(E|EAI_|HOST_|NO_DATA|NO_RECOVERY|TRY_AGAIN)')
bad=
for w in $words; do "$SOCKERR" --expect "$w" -n -q 127.0.0.1 >/dev/null 2>&1; [ $? = 64 ] && bad+=" $w"; done
if [ "$got" = ssl.SSLCertVerificationError ] && [ -n "$words" ] && [ -z "$bad" ]; then
	pass "completion: --expect ssl classes and reasons, each accepted"
else
	fail "completion: --expect ssl classes and reasons" "<$got>, refused:$bad"
fi
[ "$(complete_words sockerr --list ga)" = "gaierror" ] && pass "completion: classes" || fail "completion: classes" "$(complete_words sockerr --list ga)"
[ "$(complete_words sockerr --explain ECONNREF)" = "ECONNREFUSED" ] && pass "completion: codes from the table" || fail "completion: codes" "$(complete_words sockerr --explain ECONNREF)"
# issue 10: --nameinfo flags and --interface names
[ "$(complete_words sockerr --nameinfo = NUMERIC | tr '\n' ' ')" = "NUMERICHOST NUMERICSERV " ] && pass "completion: --nameinfo flags" || fail "completion: --nameinfo flags" "$(complete_words sockerr --nameinfo = NUMERIC)"
[ "$(complete_words sockerr --interface l)" = "lo" ] && pass "completion: --interface names" || fail "completion: --interface names" "$(complete_words sockerr --interface l)"
[ "$(complete_words sockerr --namei)" = "--nameinfo" ] && pass "completion: --nameinfo from --help" || fail "completion: --nameinfo from --help" "$(complete_words sockerr --namei)"

# the README's quick start installs every package the build needs
qs=$(grep -m1 'apt-get install' "$TOP/README.md")
deps=$(sed -n 's/^BUILD_DEPS = //p' "$TOP/tests/tests.mk")
miss=
for p in $deps; do grep -qw -- "$p" <<<"$qs" || miss="$miss $p"; done
[ -n "$deps" ] && [ -z "$miss" ] && pass "README quick start installs every build dependency" ||
	fail "README quick start installs every build dependency" "missing:$miss"
