# --help, the man page and the bash completion name the same options, each
# read from its own source: the options of --help against the .It lines
# of the page's OPTIONS section (short and long form paired, and whether a
# value is required, optional or absent); the completion's word lists and
# option names against the page.
. "$TOP/tests/lib.sh"

PAGE=$TOP/man/sockerr.1
COMPLETION=$COMPLETIONS/sockerr.bash

# "SHORT|LONG|none, req or opt", one per option, from the page's OPTIONS
man_options() {
	"$PY3" - "$PAGE" <<'PY'
import re, sys
lines = open(sys.argv[1]).read().split("\n")
start = lines.index(".Sh OPTIONS")
end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith(".Sh "))
out = set()
for line in lines[start:end]:
    if not line.startswith(".It Fl "):
        continue
    shorts, longs = [], []
    for entry in line[4:].split(" , "):
        m = re.match(r"Fl Fl ([a-z][a-z-]*)(.*)$", entry)
        if m:
            rest = m.group(2)
            kind = "req" if rest.startswith(" Ns = Ns Ar") else "opt" if rest.startswith(" Ns Op = Ns Ar") else "none"
            longs.append((m.group(1), kind))
            continue
        m = re.match(r"Fl ([A-Za-z0-9])$", entry.strip())
        if not m:
            print("unparsed: " + entry)
            continue
        shorts.append(m.group(1))
    if len(shorts) == 1 and len(longs) == 1:
        out.add("-%s|--%s|%s" % (shorts[0], longs[0][0], longs[0][1]))
    elif longs and shorts:
        print("unparsed: " + line)
    else:
        out.update("-%s||none" % s for s in shorts)
        out.update("|--%s|%s" % l for l in longs)
print("\n".join(sorted(out)))
PY
}

# the same from --help: help_options (tests/lib.sh)

sk --help
help=$OUT
if [ "$RC" = 0 ] && [ -z "$ERR" ] && grep -q '^usage: sockerr ' <<<"$help"; then
	pass "--help: exit 0, the usage on stdout, nothing on stderr"
else
	fail "--help" "exit $RC, stderr <$ERR>"
fi
man_options >"$T/man"
help_options "$help" >"$T/help"
if grep -q '^unparsed' "$T/man"; then
	fail "the man page's options can be read" "$(grep '^unparsed' "$T/man" | head -n 3 | tr '\n' ' ')"
elif [ "$(wc -l <"$T/man")" -lt 20 ]; then
	fail "the man page's options can be read" "only $(wc -l <"$T/man") options found"
else
	pass "the man page's options can be read ($(wc -l <"$T/man") options)"
fi
if diff "$T/man" "$T/help" >"$T/diff"; then
	pass "--help and the man page: the same options, short and long paired, the same values"
else
	fail "--help and the man page: the same options" "$(grep '^[<>]' "$T/diff" | sed 's/^</man:/; s/^>/--help:/' | tr '\n' ' ')"
fi
# the short options of both synopses
shorts_help=$(grep -oE '^usage: sockerr \[-[A-Za-z0-9]+\]' <<<"$help" | grep -oE '\-[A-Za-z0-9]+' | cut -c2- | fold -w1 | sort | tr -d '\n')
shorts_man=$(sed -nE 's/^\.Op Fl ([A-Za-z0-9]+)$/\1/p' "$PAGE" | head -n 1 | fold -w1 | sort | tr -d '\n')
shorts_opts=$(awk -F'|' '$1 != "" && $3 == "none" { print substr($1, 2) }' "$T/man" | sort | tr -d '\n')
if [ -n "$shorts_man" ] && [ "$shorts_help" = "$shorts_man" ] && [ "$shorts_man" = "$shorts_opts" ]; then
	pass "the synopses list the same flags, those of OPTIONS ($shorts_man)"
else
	fail "the synopses list the same flags" "--help <$shorts_help>, SYNOPSIS <$shorts_man>, OPTIONS <$shorts_opts>"
fi

# The completion: what it offers after "--", after -f and after --list.
# complete_words WORD...: the words the completion offers for the last
# WORD, sorted, one line.
complete_words() (
	# shellcheck disable=SC1090
	. "$COMPLETION"
	COMP_WORDS=("$SOCKERR" "$@")
	COMP_CWORD=$#
	_sockerr
	printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' '
)
# the .Cm words of the .It item of OPTION in the page
item_words() {
	awk -v opt="$1" '/^\.Sh OPTIONS/ { on = 1; next } on && /^\.It / { inside = index($0, opt) > 0; next }
		on && /^\.Sh / { exit } inside && /^\.Cm / { sub(/^\.Cm /, ""); sub(/ .*/, ""); print }' "$PAGE" | sort | tr '\n' ' '
}
want=$(cut -d'|' -f2 "$T/man" | grep . | sort | tr '\n' ' ')
got=$(complete_words --)
[ "$got" = "$want" ] && pass "completion offers the man page's long options after --" ||
	fail "completion after --" "<$got>, the man page <$want>"
for opt in "Fl f , Fl Fl format:-f" "Fl Fl list:--list"; do
	want=$(item_words "${opt%%:*}")
	got=$(complete_words "${opt#*:}" "")
	[ -n "$want" ] && [ "$got" = "$want" ] && pass "completion after ${opt#*:}: the man page's values ($want)" ||
		fail "completion after ${opt#*:}" "<$got>, the man page <$want>"
done
# every option the completion names exists
bad=
for o in $(sed -nE 's/^\t([-a-z0-9 |]+)\)$/\1/p' "$COMPLETION" | tr '|' ' '); do
	cut -d'|' -f1,2 "$T/man" | tr '|' '\n' | grep -qx -- "$o" || bad="$bad $o"
done
[ -z "$bad" ] && pass "every option the completion names is in the man page" || fail "completion names unknown options" "$bad"
