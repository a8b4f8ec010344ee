#!/usr/bin/env bash
# --python=VERSION against the interpreter itself: every scenario below runs
# in each of the nine releases of src/model/pyver.c (Python 2.7.18, CPython
# 3.6.15 ... 3.13.0, /root/.pyenv/versions/X.Y.Z/bin/python), each started
# once (tests/pyserve.py: one scenario a line, the traceback's last line(s)
# rebuilt as "module.qualname: str(e)" and its PEP 678 notes), and sockerr
# --python=VERSION must print the same line(s) and exit with the status of
# the class; -f json --python=VERSION carries that interpreter's class.
# Fixtures (a refused port, a full accept queue, the test PKI's servers, a
# peer that closes in the handshake, a silent one) are shared by every
# version.  A missing interpreter is a SKIP, loudly, never a pass.
. "$TOP/tests/lib.sh"
. "$TOP/tests/tlspki.sh"
. "$TOP/tests/tlsrun.sh"

# the releases src/model/pyver.c knows, as --version lists them
mapfile -t RELEASES < <("$SOCKERR" --version | sed -n 's/^--python: //p' |
	grep -oE '\([0-9.]+\)' | tr -d '()')
if [ "${#RELEASES[@]}" -lt 9 ]; then
	fail setup "--version lists ${#RELEASES[@]} releases, not the nine: ${RELEASES[*]}"
fi
PYENV=${SK_PYENV:-/root/.pyenv/versions}

PKI=$T/pki
mkdir -p "$PKI"
if ! command -v openssl >/dev/null || ! make_pki "$PKI"; then
	fail setup "no test PKI (openssl)"
	exit 0
fi
REFUSED=$(free_port)
fixture FULL tcp --backlog-full
s_server SELF -cert self.pem -key self.key
s_server UNKNOWN -cert unknown.pem -key unknown.key
s_server WRONG -cert wrongname.pem -key wrongname.key -cert_chain int.pem
s_server GOOD -cert good.pem -key good.key -cert_chain int.pem
peer EOF eof
peer SILENT silent
peer GARBAGE tls-garbage
LONG=/tmp/$(printf 'p%.0s' {1..104})	# 109 bytes: no room in sun_path
L64=$(printf 'a%.0s' {1..64})
CA=$PKI/root.pem

# id, pyserve.py's scenario (JSON), sockerr's arguments
SCEN=(
	"refused4|{\"op\":\"connect\",\"host\":\"127.0.0.1\",\"port\":$REFUSED}|127.0.0.1 $REFUSED"
	"refused6|{\"op\":\"connect\",\"host\":\"::1\",\"port\":$REFUSED}|::1 $REFUSED"
	"timeout|{\"op\":\"connect\",\"host\":\"127.0.0.1\",\"port\":$FULL,\"timeout\":0.5}|-t 0.5 127.0.0.1 $FULL"
	"gai_nxdomain|{\"op\":\"connect\",\"host\":\"nosuch.test\",\"port\":80}|nosuch.test 80"
	"gai_service|{\"op\":\"connect\",\"host\":\"127.0.0.1\",\"port\":\"nosuchservice\"}|127.0.0.1 nosuchservice"
	"idna_dotdot|{\"op\":\"connect\",\"host\":\"a..b\",\"port\":80}|a..b 80"
	"idna_label64|{\"op\":\"connect\",\"host\":\"$L64.example\",\"port\":80}|$L64.example 80"
	"idna_ace|{\"op\":\"connect\",\"host\":\"xn--\\u00fc.test\",\"port\":80}|xn--ü.test 80"
	"idna_invalid|{\"op\":\"connect\",\"host\":\"a\\u200eb.test\",\"port\":80}|a‎b.test 80"
	"unix_long|{\"op\":\"unix\",\"path\":\"$LONG\"}|unix:$LONG"
	"unix_missing|{\"op\":\"unix\",\"path\":\"$T/absent.sock\"}|unix:$T/absent.sock"
	"tls_self_signed|{\"op\":\"tls\",\"host\":\"localhost\",\"port\":$SELF,\"cafile\":\"$CA\"}|--tls --cafile $CA localhost $SELF"
	"tls_unknown_ca|{\"op\":\"tls\",\"host\":\"localhost\",\"port\":$UNKNOWN,\"cafile\":\"$CA\"}|--tls --cafile $CA localhost $UNKNOWN"
	"tls_name_mismatch|{\"op\":\"tls\",\"host\":\"localhost\",\"port\":$WRONG,\"cafile\":\"$CA\"}|--tls --cafile $CA localhost $WRONG"
	"tls_ip_mismatch|{\"op\":\"tls\",\"host\":\"127.0.0.1\",\"port\":$WRONG,\"cafile\":\"$CA\"}|--tls --cafile $CA 127.0.0.1 $WRONG"
	"tls_eof_in_handshake|{\"op\":\"tls\",\"host\":\"localhost\",\"port\":$EOF,\"cafile\":\"$CA\"}|--tls --cafile $CA localhost $EOF"
	"tls_handshake_timeout|{\"op\":\"tls\",\"host\":\"127.0.0.1\",\"port\":$SILENT,\"cafile\":\"$CA\",\"timeout\":0.5}|--tls --cafile $CA -t 0.5 127.0.0.1 $SILENT"
	"tls_read_error|{\"op\":\"tls\",\"host\":\"localhost\",\"port\":$GARBAGE,\"cafile\":\"$CA\",\"send\":\"4745540a\",\"recv\":100,\"timeout\":5}|--tls --cafile $CA -t 5 --send GET\\n --recv=100 localhost $GARBAGE"
	"tls_ok|{\"op\":\"tls\",\"host\":\"localhost\",\"port\":$GOOD,\"cafile\":\"$CA\"}|--tls --cafile $CA localhost $GOOD"
	"all_errors_refused|{\"op\":\"connect\",\"host\":\"127.0.0.1\",\"port\":$REFUSED,\"all_errors\":true}|--all-errors 127.0.0.1 $REFUSED"
	"all_errors_two|{\"op\":\"connect\",\"host\":\"dual.test\",\"port\":$REFUSED,\"all_errors\":true}|--all-errors dual.test $REFUSED"
	"all_errors_timeout|{\"op\":\"connect\",\"host\":\"127.0.0.1\",\"port\":$FULL,\"timeout\":0.5,\"all_errors\":true}|--all-errors -t 0.5 127.0.0.1 $FULL"
	"all_errors_gai|{\"op\":\"connect\",\"host\":\"nosuch.test\",\"port\":80,\"all_errors\":true}|--all-errors nosuch.test 80"
	"all_errors_idna|{\"op\":\"connect\",\"host\":\"a..b\",\"port\":80,\"all_errors\":true}|--all-errors a..b 80"
)

# The scenarios as pyserve.py reads them, one a line.
for s in "${SCEN[@]}"; do
	IFS='|' read -r id json _ <<<"$s"
	printf '%s\n' "${json%\}},\"id\":\"$id\",\"limit\":10}"
done >"$T/scenarios.jsonl"

# results VERSION: pyserve.py's answers as "id TAB status TAB class TAB
# lines" (lines joined by \x1e), status as the contract gives the class.
results() {
	"$PY3" -c '
import json, sys
st = {"ok": 0, "error": 1, "herror": 2, "gaierror": 3, "timeout": 4,
      "ssl": 5, "other": 1}
for line in sys.stdin:
    r = json.loads(line)
    if "ready" in r:
        continue
    if r.get("harness_error"):
        print("%s\t-\t-\tharness: %s" % (r.get("id"), r["harness_error"]))
        continue
    kind = r["kind"]
    if r["class"] == "ExceptionGroup":
        # the contract: a group has the status of its last sub-exception
        kind = r["sub"][-1]["kind"]
    print("%s\t%s\t%s\t%s\t%s" % (r["id"], st.get(kind, "-"),
          r["class"] or "", "\x1e".join(r["lines"]),
          "\x1e".join(l for s in r.get("sub") or [] for l in s["lines"])))
'
}

# man_row VERSION RELEASE: the man page's PYTHON VERSIONS row says what
# the interpreter printed: its timeout class and the _ssl.c lines of a
# handshake error and of a handshake past -t.
man_row() {
	local cls hs to want got
	cls=$(awk -F'\t' '$1 == "timeout" { print $3 }' "$T/ref.$1")
	hs=$(awk -F'\t' '$1 == "tls_self_signed" { print $4 }' "$T/ref.$1" | sed -n 's/.*(_ssl\.c:\([0-9]*\))$/\1/p')
	to=$(awk -F'\t' '$1 == "tls_handshake_timeout" { print $4 }' "$T/ref.$1" | sed -n 's/.*_ssl\.c:\([0-9]*\): The handshake.*/\1/p')
	want=".It $1 Ta $2 Ta $cls Ta $hs Ta $to Ta"
	got=$(grep -F ".It $1 Ta " "$TOP/man/sockerr.1")
	if [ -n "$hs" ] && [ -n "$to" ] && [[ $got == "$want "* ]]; then
		pass "man page: $1's row says what $2 printed ($cls, _ssl.c:$hs, _ssl.c:$to)"
	else
		fail "man page: $1's row" "<$got>, $2 printed <$want ...>"
	fi
}

# group_tree NAME SUBLINES ARGS: sockerr -v draws each sub-exception's
# line in the group's tree ("    | LINE"), in order.
group_tree() {
	local want got
	# shellcheck disable=SC2086
	sk -v --python="$v" $3
	want=$(tr '\036' '\n' <<<"$2" | sed 's/^/    | /')
	got=$(grep '^    | ' <<<"$ERR")
	[ "$got" = "$want" ] && return 0
	fail "$1 (-v)" "the tree's lines <$got>, Python's sub-exceptions <$want>"
	return 1
}

declare -A ARGS
for s in "${SCEN[@]}"; do
	IFS='|' read -r id _ args <<<"$s"
	ARGS[$id]=$args
done

nver=0
nscen=0
for rel in "${RELEASES[@]}"; do
	v=${rel%.*}
	interp=$PYENV/$rel/bin/python
	if [ ! -x "$interp" ]; then
		skip "python $v" "NO INTERPRETER $interp: its ${#SCEN[@]} scenarios did not run"
		continue
	fi
	timeout 120 "$interp" "$TOP/tests/pyserve.py" <"$T/scenarios.jsonl" 2>"$T/pyserve.err" |
		results >"$T/ref.$v"
	if [ "$(wc -l <"$T/ref.$v")" != "${#SCEN[@]}" ]; then
		fail "python $v" "pyserve.py answered $(wc -l <"$T/ref.$v") of ${#SCEN[@]}: $(tail -n 3 "$T/pyserve.err")"
		continue
	fi
	nver=$((nver + 1))
	bad=0
	while IFS=$'\t' read -r id want_rc cls lines sub; do
		want=${lines//$'\x1e'/$'\n'}
		# shellcheck disable=SC2086
		sk --python="$v" ${ARGS[$id]}
		if [ "$want_rc" = 0 ]; then
			[ "$RC" = 0 ] && [ "${OUT#ok }" != "$OUT" ] && continue
			fail "$v $id" "Python connected; sockerr exit $RC: $OUT"
		elif [ "$OUT" != "$want" ]; then
			fail "$v $id" "sockerr <$OUT>, Python $rel <$want>"
		elif [ "$RC" != "$want_rc" ]; then
			fail "$v $id" "exit $RC, expected $want_rc for <$want>"
		else
			# -v: an exception group's sub-exceptions, as its tree
			if [ -n "$sub" ] && ! group_tree "$v $id" "$sub" "${ARGS[$id]}"; then
				bad=$((bad + 1))
				continue
			fi
			# JSON: the class of this interpreter (3.x: py3_class)
			[ "${v%%.*}" = 3 ] || continue
			# shellcheck disable=SC2086
			sk -f json --python="$v" ${ARGS[$id]}
			[[ $OUT == *"\"py3_class\":\"$cls\""* ]] && continue
			fail "$v $id (json)" "no \"py3_class\":\"$cls\" in $OUT"
		fi
		bad=$((bad + 1))
	done <"$T/ref.$v"
	nscen=$((nscen + ${#SCEN[@]} - bad))
	man_row "$v" "$rel"
	[ "$bad" = 0 ] && pass "python $v ($rel): ${#SCEN[@]} scenarios, the same line(s) and status"
done
# A note line (3.12+) in the other sinks: each line prefixed in a batch,
# JSON's "notes", one Nagios status line; against the lines 3.12 and 3.13
# printed for a..b.
for v in 3.12 3.13; do
	[ -s "$T/ref.$v" ] || continue
	lines=$(awk -F'\t' '$1 == "idna_dotdot" { print $4 }' "$T/ref.$v")
	first=${lines%%$'\x1e'*}
	note=${lines#*$'\x1e'}
	if [ "$first" = "$lines" ]; then
		fail "$v: a note" "Python $v printed no note for a..b: <$lines>"
		continue
	fi
	refused=$(awk -F'\t' '$1 == "refused4" { print $4 }' "$T/ref.$v")
	sk --python="$v" a..b:80 "127.0.0.1:$REFUSED"
	want="a..b:80: $first"$'\n'"a..b:80: $note"$'\n'"127.0.0.1:$REFUSED: $refused"
	[ "$OUT" = "$want" ] && pass "$v: in a batch each line of the exception is prefixed" ||
		fail "$v: batch" "<$OUT>, expected <$want>"
	msg=${first#*: }
	msg=${msg//\\/\\\\}	# JSON doubles a backslash
	sk -f json --python="$v" a..b 80
	[[ $OUT == *"\"message\":\"$msg\",\"notes\":[\"$note\"]"* ]] &&
		pass "$v: -f json: str(e) in message, the note in notes" ||
		fail "$v: json notes" "<$OUT>"
	sk -f nagios --python="$v" a..b 80
	[[ $OUT == "SOCKERR CRITICAL - $first; $note |"* ]] &&
		pass "$v: -f nagios: one status line, the note after \"; \"" ||
		fail "$v: nagios" "<$OUT>"
done

total=$((${#SCEN[@]} * nver))
if [ "$nver" = 0 ]; then
	skip all "NO INTERPRETER under $PYENV: nothing compared"
elif [ "$nscen" = "$total" ]; then
	pass "all: ${#SCEN[@]} scenarios x $nver interpreters = $total runs match"
else
	fail "all" "$nscen of $total runs match (${#SCEN[@]} scenarios x $nver interpreters)"
fi
