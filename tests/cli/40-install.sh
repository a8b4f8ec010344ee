# make install honours PREFIX, DESTDIR, each directory's variable and the
# flags a user gives, and puts exactly the binary, the man page, three
# completions and the JSON schema in place; make uninstall takes exactly
# those away.  The bash completion it installs completes options, formats,
# classes and codes (zsh's and fish's: tests/cli/16-completions.sh).
. "$TOP/tests/lib.sh"

# files DIR: the files and links under DIR, as "MODE PATH", sorted
files() { (cd "$1" && find . \( -type f -o -type l \) -printf '%m %P\n' | sort); }
# staged NAME DEST WANT MAKE-ARGS...: install into DEST gives exactly WANT
# ("MODE PATH SOURCE" lines), each file the same bytes as its source;
# uninstall leaves no file, and not SCHEMADIR
staged() {
	local name=$1 dest=$2 want=$3 bad= mode path src
	shift 3
	if ! make -s -C "$TOP" install DESTDIR="$dest" "$@" >"$T/install.log" 2>&1; then
		fail "$name: make install" "$(tail -n 5 "$T/install.log")"
		return
	fi
	if [ "$(files "$dest")" = "$(cut -d' ' -f1,2 <<<"$want" | sort)" ]; then
		pass "$name: install puts exactly the binary, the man page, 3 completions and the schema in place"
	else
		fail "$name: install puts exactly its files in place" "$(diff <(cut -d' ' -f1,2 <<<"$want" | sort) <(files "$dest") | grep '^[<>]' | sed 's/^</missing/; s/^>/extra/' | tr '\n' ' ')"
	fi
	while read -r mode path src; do
		[ -f "$dest/$path" ] && cmp -s "$dest/$path" "$TOP/$src" || bad="$bad $path"
	done <<<"$want"
	[ -z "$bad" ] && pass "$name: each installed file is its source" || fail "$name: each installed file is its source" "differ:$bad"
	"$dest/$(sed -n 's/^755 \([^ ]*\) .*/\1/p' <<<"$want")" --version >/dev/null 2>&1 &&
		pass "$name: the installed binary runs" || fail "$name: the installed binary runs" "$(cat "$T/install.log")"
	if ! make -s -C "$TOP" uninstall DESTDIR="$dest" "$@" >"$T/uninstall.log" 2>&1; then
		fail "$name: make uninstall" "$(tail -n 5 "$T/uninstall.log")"
	elif [ -n "$(files "$dest")" ]; then
		fail "$name: uninstall takes every file away" "left: $(files "$dest" | tr '\n' ' ')"
	elif [ -e "$dest/$(sed -n 's/^644 \(.*\)\/sockerr.schema.json .*/\1/p' <<<"$want")" ]; then
		fail "$name: uninstall takes its schema directory away" "left"
	else
		pass "$name: uninstall takes every file away, and the schema's directory"
	fi
}

staged "PREFIX=/usr" "$T/usr" "755 usr/bin/sockerr sockerr
644 usr/share/man/man1/sockerr.1 man/sockerr.1
644 usr/share/bash-completion/completions/sockerr src/completion/sockerr.bash
644 usr/share/zsh/vendor-completions/_sockerr src/completion/_sockerr
644 usr/share/fish/vendor_completions.d/sockerr.fish src/completion/sockerr.fish
644 usr/share/sockerr/sockerr.schema.json src/output/sockerr.schema.json" PREFIX=/usr
staged "PREFIX=/opt/sk" "$T/opt" "755 opt/sk/bin/sockerr sockerr
644 opt/sk/share/man/man1/sockerr.1 man/sockerr.1
644 opt/sk/share/bash-completion/completions/sockerr src/completion/sockerr.bash
644 opt/sk/share/zsh/site-functions/_sockerr src/completion/_sockerr
644 opt/sk/share/fish/vendor_completions.d/sockerr.fish src/completion/sockerr.fish
644 opt/sk/share/sockerr/sockerr.schema.json src/output/sockerr.schema.json" PREFIX=/opt/sk
staged "each directory given" "$T/each" "755 b/sockerr sockerr
644 m/man1/sockerr.1 man/sockerr.1
644 cb/sockerr src/completion/sockerr.bash
644 cz/_sockerr src/completion/_sockerr
644 cf/sockerr.fish src/completion/sockerr.fish
644 s/sockerr.schema.json src/output/sockerr.schema.json" PREFIX=/usr BINDIR=/b MANDIR=/m \
	BASHCOMPDIR=/cb ZSHCOMPDIR=/cz FISHCOMPDIR=/cf SCHEMADIR=/s

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
