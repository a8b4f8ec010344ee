# The completions for bash, zsh and fish (src/completion/), each run in its
# own shell, against what sockerr itself says: every option of --help
# (printed from cli.c's argtable2 tables) offered, with a value where the
# option takes one; the words after --format, --expect, --list and
# --explain against the words the code lists and accepts.  An option added
# to cli.c and missing from a completion fails here.
. "$TOP/tests/lib.sh"

for sh in zsh fish; do
	if ! command -v $sh >/dev/null; then
		fail "$sh completion" "$sh is not installed (make test-deps installs it)"
		exit 0
	fi
done
ZSH_FILE=$COMPLETIONS/_sockerr
FISH_FILE=$COMPLETIONS/sockerr.fish
BASH_FILE=$COMPLETIONS/sockerr.bash

help_options "$("$SOCKERR" --help)" >"$T/help"
longs=$(cut -d'|' -f2 "$T/help" | grep . | sort -u)
shorts=$(cut -d'|' -f1 "$T/help" | grep . | sort -u)
[ "$(wc -l <<<"$longs")" -ge 20 ] && pass "--help lists $(wc -l <<<"$longs") long and $(wc -l <<<"$shorts") short options" ||
	fail "--help's options can be read" "<$longs>"

# sorted, one line, for messages
flat() { sort -u | tr '\n' ' ' | sed 's/ $//'; }
# same_set NAME WANT GOT: the two lists (one item a line) hold the same items
same_set() {
	sort -u <<<"$2" | grep . >"$T/want"
	sort -u <<<"$3" | grep . >"$T/got"
	if [ -s "$T/want" ] && cmp -s "$T/want" "$T/got"; then
		pass "$1"
	else
		fail "$1" "missing <$(comm -23 "$T/want" "$T/got" | paste -sd,)>, extra <$(comm -13 "$T/want" "$T/got" | paste -sd,)>"
	fi
}

# --- what each shell offers, asked of the shell itself ---
zsh_lines=('sockerr --' 'sockerr -' 'sockerr --format=' 'sockerr -f ' 'sockerr --expect='
	'sockerr --expect=ok,ECONNREF' 'sockerr --explain ' 'sockerr --explain ECONNRE'
	'sockerr --list ' 'sockerr --family=' 'sockerr --type=' 'sockerr --proto='
	'sockerr --nameinfo=NUMERICHOST,' 'sockerr -w 1 h 1 -- ech' 'sockerr --python=')
if ! complete_zsh "${zsh_lines[@]}" >"$T/zsh" 2>"$T/zsh.err"; then
	fail "zsh completion runs" "$(head -c 300 "$T/zsh.err")"
fi
# zsh_offers LINE: the matches zsh offered for LINE
zsh_offers() { awk -v l="== $1" '$0 == l { on = 1; next } /^== / { on = 0 } on' "$T/zsh"; }
# fish gives whole tokens (--format=json): the part after "=" and the last ","
fish_offers() { complete_fish "$1" | sed -E 's/^--[a-z-]+=//; s/^.*,//'; }
bash_offers() { complete_words sockerr "$@" | sed 's/^.*,//'; }

same_set "bash: the long options of --help after --" "$longs" "$(bash_offers --)"
same_set "zsh: the long options of --help after --" "$longs" "$(zsh_offers 'sockerr --')"
same_set "zsh: the short options of --help after -" "$shorts" "$(zsh_offers 'sockerr -' | grep -E '^-[^-]')"
same_set "fish: the long options of --help after --" "$longs" "$(fish_offers 'sockerr --')"
same_set "fish: the short options of --help after -" "$shorts" "$(fish_offers 'sockerr -' | grep -E '^-[^-]')"

# --- whether each option takes a value, read from each file ---
# kinds as --help gives them: "-t req", "--timeout req", "--recv opt"
awk -F'|' '{ if ($1 != "") print $1, ($2 != "" ? $3 : "none"); if ($2 != "") print $2, $3 }' "$T/help" | sort -u >"$T/kinds"
# zsh: {-t+,--timeout=}'[...]', '--recv=-[...]', '-4[...]'
grep -oP "(?<=[{,')])(-[A-Za-z0-9]\+?|--[a-z][a-z-]*(=-|=)?)(?=[],}[])" "$ZSH_FILE" |
	sed -E 's/^(.*)=-$/\1 opt/; s/^(.*)[=+]$/\1 req/; /( opt| req)$/!s/$/ none/' | sort -u >"$T/zsh.kinds"
# fish: -s t -l timeout -x (or -r): a value; without: none (or optional)
grep -E '^complete -c sockerr .*-[sl] ' "$FISH_FILE" | grep -v -- ' -a .*commandline -ct' | while read -r line; do
	kind=none
	grep -qE ' -[xr]( |$)' <<<"$line" && kind=req
	s=$(grep -oE ' -s [A-Za-z0-9]' <<<"$line" | cut -c5) l=$(grep -oE ' -l [a-z][a-z-]*' <<<"$line" | cut -c5-)
	[ -n "$s" ] && echo "-$s $kind"
	[ -n "$l" ] && echo "--$l $kind"
done | sort -u >"$T/fish.kinds"
same_set "zsh: each option takes a value as --help says (none, required, optional)" "$(cat "$T/kinds")" "$(cat "$T/zsh.kinds")"
same_set "fish: each option takes a value as --help says (optional ones only after =)" \
	"$(sed 's/ opt$/ none/' "$T/kinds")" "$(cat "$T/fish.kinds")"
# bash: every option that requires a value has its case, so its value is
# not completed as a target
cases=$(sed -nE 's/^\t([-a-z0-9 |\\]+)\)$/\1/p; s/^\t([-a-z0-9 |]+)\| \\$/\1/p' "$BASH_FILE" | tr '|\\' '  ' | tr -s ' ' '\n' | grep . | sort -u)
missing=$(awk '$2 == "req" { print $1 }' "$T/kinds" | while read -r o; do grep -qx -- "$o" <<<"$cases" || echo "$o"; done | flat)
[ -z "$missing" ] && [ -n "$cases" ] && pass "bash: every option that takes a value has its case" ||
	fail "bash: every option that takes a value has its case" "missing: $missing"

# --- the words, from the code ---
# accepted WORDS...: those sockerr accepts (anything but a usage error) as
# the value of the option given in $OPT, on a lookup of 127.0.0.1 only
accepted() {
	local w
	for w in "$@"; do
		"$SOCKERR" "$OPT$w" -n -q 127.0.0.1 >/dev/null 2>&1
		[ $? != 64 ] && echo "$w"
	done
}
# the formats: the words --format's error names, each accepted
formats=$("$SOCKERR" -f '?' 127.0.0.1 1 2>&1 | sed -n 's/.*invalid --format.*: use //p' | sed 's/ or /, /' | tr -d ' ' | tr ',' '\n')
OPT=--format=
if [ -n "$formats" ] && [ "$(accepted $formats | flat)" = "$(flat <<<"$formats")" ] && [ -z "$(accepted xml)" ]; then
	pass "the formats --format's error names are the ones it accepts ($(flat <<<"$formats"))"
else
	fail "the formats from --format's error" "<$(flat <<<"$formats")>, accepted <$(accepted $formats | flat)>"
fi
same_set "bash: --format= offers the formats" "$formats" "$(bash_offers --format = '')"
same_set "bash: -f offers the formats" "$formats" "$(bash_offers -f '')"
same_set "zsh: --format= offers the formats" "$formats" "$(zsh_offers 'sockerr --format=')"
same_set "zsh: -f offers the formats" "$formats" "$(zsh_offers 'sockerr -f ')"
same_set "fish: --format= offers the formats" "$formats" "$(fish_offers 'sockerr --format=')"
same_set "fish: -f offers the formats" "$formats" "$(fish_offers 'sockerr -f ')"

# --python: the versions --version lists (src/model/pyver.c's table)
pyvers=$("$SOCKERR" --version | sed -n 's/^--python: //p' | sed 's/ ([^)]*)//g' | tr -d ' ' | tr ',' '\n')
[ "$(wc -l <<<"$pyvers")" = 9 ] || fail "--version lists the nine interpreters" "<$pyvers>"
same_set "bash: --python= offers the versions of --version" "$pyvers" "$(bash_offers --python = '')"
same_set "zsh: --python= offers the versions of --version" "$pyvers" "$(zsh_offers 'sockerr --python=')"
same_set "fish: --python= offers the versions of --version" "$pyvers" "$(fish_offers 'sockerr --python=')"

# --expect: its keywords (src/model/expect.c), the classes of the taxonomy
# (src/model/taxonomy.c, bare and socket.), the ssl classes
# (src/model/tlserror.c): those --expect accepts must all be offered
OPT=--expect=
kw=$(grep -oE 'strcasecmp\(word, "[^"]+"\)' "$TOP/src/model/expect.c" | cut -d'"' -f2)
kinds=$(sed -n '/kind_names\[\] = {/,/};/p' "$TOP/src/model/taxonomy.c" | grep -oE '"[a-z]+"' | tr -d '"' | sort -u)
ssl=$(sed -n '/} tls_classes\[\] = {/,/^};/p' "$TOP/src/model/tlserror.c" | grep -oE '\{"[^"]+"' | cut -c3- | tr -d '"')
want=$(accepted $kw $kinds $(sed 's/^/socket./' <<<"$kinds") $ssl | sort -u)
if [ "$(wc -l <<<"$want")" -ge 15 ] && [ -n "$kw" ] && [ -n "$ssl" ]; then
	pass "--expect's words read from the code: $(wc -l <<<"$want") accepted"
else
	fail "--expect's words read from the code" "keywords <$kw>, kinds <$kinds>, ssl <$ssl>"
fi
codes=$("$SOCKERR" --list | cut -f4 | sort -u)
for sh in bash zsh fish; do
	case $sh in
	bash) bash_offers --expect = '' >"$T/$sh.expect" ;;
	zsh) zsh_offers 'sockerr --expect=' >"$T/$sh.expect" ;;
	fish) fish_offers 'sockerr --expect=' >"$T/$sh.expect" ;;
	esac
	miss=$(grep -vxF -f "$T/$sh.expect" <<<"$want" | flat)
	[ -z "$miss" ] && pass "$sh: --expect= offers every keyword and class --expect takes" ||
		fail "$sh: --expect= offers every keyword and class" "missing: $miss"
	miss=$(grep -vxF -f "$T/$sh.expect" <<<"$codes" | flat)
	[ -z "$miss" ] && pass "$sh: --expect= offers every code name of --list" ||
		fail "$sh: --expect= offers every code name of --list" "missing: $(cut -c1-200 <<<"$miss")"
done
same_set "bash, zsh and fish offer the same words for --expect=" "$(sort -u "$T/bash.expect")" "$(sort -u "$T/zsh.expect")"
same_set "fish offers the same words for --expect= as bash" "$(sort -u "$T/bash.expect")" "$(sort -u "$T/fish.expect")"
bad=$(accepted $(grep -vxF -f <(echo "$codes") "$T/bash.expect" | sort -u) | flat)
all=$(grep -vxF -f <(echo "$codes") "$T/bash.expect" | flat)
[ -n "$all" ] && [ "$bad" = "$all" ] && pass "every word offered for --expect= is one it accepts" ||
	fail "every word offered for --expect= is one it accepts" "refused: $(comm -23 <(tr ' ' '\n' <<<"$all") <(tr ' ' '\n' <<<"$bad") | flat)"
same_set "bash: a code name in an --expect list" "ECONNREFUSED" "$(bash_offers --expect = ok,ECONNREF)"
same_set "zsh: a code name in an --expect list" "ECONNREFUSED" "$(zsh_offers 'sockerr --expect=ok,ECONNREF')"
same_set "fish: a code name in an --expect list" "ECONNREFUSED" "$(fish_offers 'sockerr --expect=ok,ECONNREF')"

# --explain: the code names of the taxonomy table (--list's fourth column)
same_set "bash: --explain offers the code names of --list" "$codes" "$(bash_offers --explain '')"
same_set "zsh: --explain offers the code names of --list" "$codes" "$(zsh_offers 'sockerr --explain ')"
same_set "fish: --explain offers the code names of --list" "$codes" "$(fish_offers 'sockerr --explain ')"
same_set "zsh: --explain ECONNRE" $'ECONNREFUSED\nECONNRESET' "$(zsh_offers 'sockerr --explain ECONNRE')"
same_set "fish: --explain ECONNRE" $'ECONNREFUSED\nECONNRESET' "$(fish_offers 'sockerr --explain ECONNRE')"
# --list: the classes its error names
classes=$("$SOCKERR" --list '?' 2>&1 | sed -n 's/.*unknown class.*: use //p' | sed 's/ or /, /' | tr -d ' ' | tr ',' '\n')
same_set "bash: --list offers the classes --list names" "$classes" "$(bash_offers --list '')"
same_set "zsh: --list offers the classes --list names" "$classes" "$(zsh_offers 'sockerr --list ')"
same_set "fish: --list offers the classes --list names" "$classes" "$(fish_offers 'sockerr --list ')"

# the socket() words and NI_ flags: each offered one is accepted
for opt in family type proto; do
	OPT=--$opt=
	words=$( (bash_offers --$opt = ''; zsh_offers "sockerr --$opt="; fish_offers "sockerr --$opt=") | sort -u)
	same_set "--$opt=: the words offered are accepted" "$words" "$(accepted $words)"
done
OPT=--nameinfo=
words=$( (bash_offers --nameinfo = ''; zsh_offers 'sockerr --nameinfo=NUMERICHOST,'; fish_offers 'sockerr --nameinfo=NUMERICHOST,') | sort -u)
same_set "--nameinfo=: the flags offered are accepted" "$words" "$(accepted $words)"
got=$(bash_offers --nameinfo NUM)
[ -z "$got" ] && pass "bash: --nameinfo's flags only after =" || fail "bash: --nameinfo's flags only after =" "<$(flat <<<"$got")>"

# -w ... -- CMD: a command
for sh in zsh fish; do
	got=$(if [ $sh = zsh ]; then zsh_offers 'sockerr -w 1 h 1 -- ech'; else fish_offers 'sockerr -w 1 h 1 -- ech'; fi)
	grep -qx echo <<<"$got" && pass "$sh: a command after -w ... --" || fail "$sh: a command after -w ... --" "<$(flat <<<"$got")>"
done
