# --version: the release from the Makefile's VERSION (written nowhere
# else), recorded in the README's Changes and dated as the man page's .Dd;
# the interpreter releases the lines follow, against the interpreters the
# suites compare with; the OpenSSL --tls would load, against what the
# openssl tool loads, and a library put first on the linker's path.
. "$TOP/tests/lib.sh"

version=$(sed -n 's/^VERSION = //p' "$TOP/Makefile")
sk --version
if [ "$RC" = 0 ] && [ -z "$ERR" ] && [ "$(head -n 1 <<<"$OUT")" = "sockerr $version" ] && [ -n "$version" ]; then
	pass "--version: sockerr $version first, the Makefile's VERSION"
else
	fail "--version: the Makefile's VERSION first" "exit $RC, <$(head -n 1 <<<"$OUT")>, want <sockerr $version>"
fi
V=$OUT
where=$(grep -rlF -- "$version" "$TOP/src" "$TOP/tests/tests.mk" 2>/dev/null)
[ -z "$where" ] && pass "the version is compiled in from the Makefile (written nowhere in src/)" ||
	fail "the version is compiled in from the Makefile" "also written in: $where"
# the man page shows -V's output: as it is, but for the machine's OpenSSL
page=$(sed -n '/^\.It Fl V , Fl Fl version$/,/^\.Ed$/p' "$TOP/man/sockerr.1" | sed -n '/^\.Bd/,/^\.Ed/p' | sed '1d;$d')
if [ -n "$page" ] && [ "$(grep -v '^--tls: ' <<<"$page")" = "$(grep -v '^--tls: ' <<<"$OUT")" ]; then
	pass "the man page shows --version's lines as they are"
else
	fail "the man page shows --version's lines as they are" "page <$(tr '\n' '|' <<<"$page")>, sockerr <$(tr '\n' '|' <<<"$OUT")>"
fi
top=$(sed -n '/^## Changes/,/^## /p' "$TOP/README.md" | grep -m1 -E '^### ')
date=$(sed -nE 's/^### [^ ]+ \(([0-9]{4}-[0-9]{2}-[0-9]{2})\)$/\1/p' <<<"$top")
[[ $top == "### $version ("* ]] && [ -n "$date" ] && pass "the README's Changes start with $version ($date)" ||
	fail "the README's Changes start with the version" "<$top>, version $version"
dd=$(sed -n 's/^\.Dd //p' "$TOP/man/sockerr.1")
[ -n "$date" ] && [ "$dd" = "$(LC_ALL=C date -u -d "$date" '+%B %-d, %Y')" ] && pass "the man page's .Dd is the release's date ($dd)" ||
	fail "the man page's .Dd is the release's date" ".Dd <$dd>, the README <$date>"

# the interpreters: each release --version names is the one the suites
# compare with (tests/lib.sh's PY3 and PY2, or pyenv's build of it)
pyver() { "$1" -c 'import platform; print(platform.python_version())' 2>/dev/null; }
for f in python python3; do
	rel=$(sed -nE "s/^lines of (C?Python) ([0-9.]+): -f (.*, )?$f(,| |$).*/\2/p" <<<"$V")
	if [ -z "$rel" ]; then
		fail "--version: the release of -f $f" "none in <$V>"
		continue
	fi
	if [ $f = python ]; then interp=${PY2:-}; else interp=$PY3; fi
	got=$([ -n "$interp" ] && pyver "$interp")
	[ "$got" != "$rel" ] && [ -x "$HOME/.pyenv/versions/$rel/bin/python" ] &&
		interp=$HOME/.pyenv/versions/$rel/bin/python got=$(pyver "$interp")
	if [ "$got" = "$rel" ]; then
		pass "--version: -f $f follows $rel, the interpreter the suites compare with ($interp)"
	elif [ -z "$got" ]; then
		skip "--version: -f $f follows $rel" "no Python $rel on this machine to compare with"
	else
		fail "--version: -f $f follows $rel" "the suites compare with $interp, $got"
	fi
done
grep -qx -- "-f json: JSON Lines schema [0-9]*" <<<"$V" && pass "--version names the JSON Lines schema" ||
	fail "--version names the JSON Lines schema" "<$V>"

# the OpenSSL --tls loads: the library the openssl tool runs on (found by
# the same dynamic linker), at the path ldconfig knows
tls=$(sed -n 's/^--tls: //p' <<<"$V")
lib=$(openssl version 2>/dev/null | sed -n 's/.*(Library: \(.*\))$/\1/p')
[ -n "$lib" ] || lib=$(openssl version 2>/dev/null)
path=$(ldconfig -p 2>/dev/null | awk '$1 == "libssl.so.3" && /x86-64|64bit|aarch64/ { print $NF; exit }')
if [ -z "$lib" ]; then
	skip "--version: the OpenSSL --tls loads" "no openssl tool to compare with"
elif [[ $tls == "$lib ("*")" ]] && { [ -z "$path" ] || [ "$(readlink -f "${tls##* (}" | tr -d ')')" = "$(readlink -f "$path")" ]; }; then
	pass "--version: --tls loads $tls, the library openssl runs on"
else
	fail "--version: the OpenSSL --tls loads" "<$tls>, openssl <$lib> at <$path>"
fi
# a libssl.so.3 first on the linker's path is the one named
mkdir -p "$T/fake" "$T/none"
printf 'const char *OpenSSL_version(int t) { (void)t; return "FakeSSL 9.9.9"; }\n' >"$T/fake.c"
printf 'int not_openssl;\n' >"$T/none.c"
if cc -shared -fPIC -o "$T/fake/libssl.so.3" "$T/fake.c" 2>"$T/cc.err" &&
	cc -shared -fPIC -o "$T/none/libssl.so.3" "$T/none.c" 2>>"$T/cc.err"; then
	got=$(LD_LIBRARY_PATH=$T/fake "$SOCKERR" --version | sed -n 's/^--tls: //p')
	[ "$got" = "FakeSSL 9.9.9 ($T/fake/libssl.so.3)" ] && pass "--version: the libssl.so.3 the linker finds first is the one named" ||
		fail "--version: the libssl.so.3 the linker finds first" "<$got>"
	got=$(LD_LIBRARY_PATH=$T/none "$SOCKERR" --version | sed -n 's/^--tls: //p')
	[ "$got" = "$T/none/libssl.so.3 is not OpenSSL 3 (no OpenSSL_version)" ] && pass "--version: a libssl.so.3 that is not OpenSSL is said so" ||
		fail "--version: a libssl.so.3 that is not OpenSSL" "<$got>"
else
	fail "--version: a library of its own" "cc: $(head -c 200 "$T/cc.err")"
fi
