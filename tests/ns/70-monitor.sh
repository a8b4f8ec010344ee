# -f prometheus, -f nagios and --expect, for every class: refused, timeout
# (a full accept queue), gaierror (the namespace's zone), herror (a reverse
# name the zone does not have), an error without errno, a bad target.
# promtool checks every exposition, tests/promcheck.py what promtool does
# not (families together, no series twice, the target labels); the Python
# line inside each output is the one the interpreter prints.
. "$TOP/tests/lib.sh"

closed=$(free_port)
fixture full tcp --backlog-full --seconds 600
fixture open tcp --seconds 600
long="unix:/$(printf 'x%.0s' $(seq 1 120))"
PROMTOOL=${PROMTOOL:-$(command -v promtool)}

# The classes: name | pyref arguments | sockerr arguments
CASES=(
	"refused|connect 127.0.0.1 $closed|127.0.0.1 $closed"
	"timeout|connect 127.0.0.1 $full -t 0.3|-t 0.3 127.0.0.1 $full"
	"gaierror|connect nx.test 80|nx.test 80"
	"herror|reverse 127.0.0.10|-n -r 127.0.0.10"
	"no errno|unix ${long#unix:}|$long"
	"ok|connect 127.0.0.1 $open|127.0.0.1 $open"
)

# prom_ok NAME RC [promcheck options] -- ARGS: sockerr -f prometheus ARGS exits
# RC and both checkers accept its output.
prom_ok() {
	local name=$1 rc=$2 opts=() why
	shift 2
	while [ "$1" != -- ]; do opts+=("$1"); shift; done
	shift
	sk_status "prometheus: $name" "$rc" -f prometheus "$@" || return 1
	printf '%s\n' "$OUT" >"$T/out.prom"
	if [ -z "$PROMTOOL" ]; then
		skip "prometheus: $name: promtool" "promtool is missing (Debian package prometheus)"
	elif ! why=$("$PROMTOOL" check metrics <"$T/out.prom" 2>&1); then
		fail "prometheus: $name" "promtool: $why"
		return 1
	fi
	if ! why=$("$PY3" "$TOP/tests/promcheck.py" "$T/out.prom" "${opts[@]}"); then
		fail "prometheus: $name" "$why"
		return 1
	fi
	return 0
}

# label NAME: the value of label NAME on the failure_info line of $OUT.
label() {
	grep '^sockerr_probe_failure_info' <<<"$OUT" | sed -n "s/.*[{,]$1=\"\([^\"]*\)\".*/\1/p"
}

for c in "${CASES[@]}"; do
	IFS='|' read -r name pyargs args <<<"$c"
	# shellcheck disable=SC2086
	py "$PY3" $pyargs
	py3line=$PYLINE
	# shellcheck disable=SC2086
	sk $args
	usual=$RC
	# shellcheck disable=SC2086
	prom_ok "$name" "$usual" -- $args || continue
	if [ "$name" = ok ]; then
		if grep -q '^sockerr_probe_success{target="127.0.0.1 '"$open"'"} 1$' <<<"$OUT" &&
			! grep -q failure_info'{' <<<"$OUT"; then
			pass "prometheus: ok: success 1, no failure sample"
		else
			fail "prometheus: ok" "$OUT"
		fi
		continue
	fi
	code=$(label code)
	line="$(label py3_class): ${code:+[Errno $code] }$(label message)"
	if [ "$line" != "$py3line" ]; then
		fail "prometheus: $name: labels" "<$line>, CPython 3 <$py3line>"
	elif ! grep -q '^sockerr_probe_success{target="[^"]*"} 0$' <<<"$OUT"; then
		fail "prometheus: $name: success 0" "$OUT"
	elif ! grep -q "^sockerr_probe_exit_status{target=\"[^\"]*\"} $usual\$" <<<"$OUT"; then
		fail "prometheus: $name: exit_status $usual" "$OUT"
	else
		pass "prometheus: $name: labels say $py3line, stage $(label stage)"
	fi
done

# phases: what ran, and the total
prom_ok "phases" 0 -- -r 127.0.0.1 "$open" &&
	phases=$(sed -n 's/^sockerr_probe_duration_seconds{.*phase="\([a-z]*\)"} [0-9.]*$/\1/p' <<<"$OUT" | tr '\n' ' ') &&
	{ [ "$phases" = "resolve socket connect reverse total " ] && pass "prometheus: a phase per step that ran" ||
		fail "prometheus: phases" "<$phases>"; }

# every class in one run, a bad target and repeats among them
prom_ok "every class in one run" 1 --targets 127.0.0.1:"$closed" nx.test:80 127.0.0.1:99999 \
	127.0.0.1:"$full" "$long" 127.0.0.1:"$open" -- -t 0.3 127.0.0.1:"$closed" nx.test:80 \
	127.0.0.1:99999 127.0.0.1:"$full" "$long" 127.0.0.1:"$open" 127.0.0.1:"$closed" &&
	{ grep -q 'class="usage"' <<<"$OUT" && pass "prometheus: a bad target is class usage, the run goes on" ||
		fail "prometheus: bad target" "$OUT"; }

# hostile names: escaped per the format, made valid UTF-8, never twice; a
# control byte and the text that spells it (\x01), a C1 control (the 8-bit
# CSI, NEL) and the backslash rule's own spellings each get their label
hostile=(
	'a"b.test:80' 'back\slash.test:80' $'\xff\xfe.test:80' $'\xc3\xa9t\xc3\xa9.test:80'
	$'\xc0\xaf.test:80' $'\xed\xa0\x80.test:80' $'tab\there.test:80' $'new\nline:80'
	'{x="y"}:80' '# HELP x y:80' "$(printf 'z%.0s' $(seq 1 1000)).test:80" 'a"b.test:80'
	$'\e[2J.test:80' 'sp ace.test:80' $'\x01.test:80' '\x01.test:80' '\\x01.test:80'
	$'\xc2\x9b2J.test:80' '\xc2\x9b2J.test:80' $'nel\xc2\x85.test:80' $'nbsp\xc2\xa0.test:80'
	'\\.test:80' '\.test:80' $'\\\x01.test:80' 'trail\:80' '\n.test:80'
)
prom_ok "hostile names" 3 --targets "${hostile[@]}" -- "${hostile[@]}" &&
	pass "prometheus: hostile names: promtool clean, every target once, each label reads back to it"
printf '%s\n' 'a"b.test:80' 'x.test:80' 'a"b.test:80' >"$T/hostile.txt"
# the two bugs of issue 17 alone: a control byte and the text that spells
# it collided (one dropped); a C1 control went into the file raw (CPython
# 3's IDNA refuses the CSI: UnicodeError, status 1)
prom_ok "a control byte and its spelling" 3 --targets $'\x01.test:80' '\x01.test:80' -- \
	$'\x01.test:80' '\x01.test:80' && pass "prometheus: \\x01 and the byte 1: two targets, two labels"
prom_ok "a C1 control" 1 --targets $'\xc2\x9b2J.test:80' -- $'\xc2\x9b2J.test:80' &&
	pass "prometheus: the 8-bit CSI is escaped, not written raw"
sk -f prometheus -i "$T/hostile.txt"
# the repeat is said, not dropped silently
if [ "$ERR" = 'sockerr: a"b.test:80: given again: left out of the exposition (its first result stands)' ]; then
	pass "prometheus: a target given twice: written once, and stderr says so"
else
	fail "prometheus: a target given twice" "stderr <$ERR>"
fi
sk -f prometheus -q 127.0.0.1 "$closed"
[ "$RC" = 1 ] && [ -z "$OUT" ] && pass "prometheus: -q prints nothing" || fail "prometheus: -q" "exit $RC: $OUT"
sk -f prometheus 127.0.0.1:99999
[ "$RC" = 64 ] && [ -z "$OUT" ] && pass "prometheus: a usage error prints no exposition" || fail "prometheus: usage" "exit $RC: $OUT"

# -f nagios: the status line carries CPython 3.11's line (as json and
# python3), for IDNA failures and the 3.11 TLS timeout too, which Python 2.7
# cannot raise (a silent TLS peer: tests/tlspeer.py)
PYN=${PY2:-$PY3}
tlsport=$(free_port)
"$PY3" "$TOP/tests/tlspeer.py" silent "$tlsport" "$T/tlspeer.ready" >/dev/null 2>&1 &
FIXTURE_PIDS+=($!)
for ((i = 0; i < 100; i++)); do [ -s "$T/tlspeer.ready" ] && break; sleep 0.05; done
longlabel=$(printf 'a%.0s' $(seq 1 64)).test
NCASES=("${CASES[@]}"
	"IDNA, a label over 63 bytes|connect $longlabel 80|$longlabel 80"
	"TLS handshake timeout|tls localhost $tlsport -t 0.3 -k|--tls -k -t 0.3 localhost $tlsport"
)
for c in "${NCASES[@]}"; do
	IFS='|' read -r name pyargs args <<<"$c"
	[ "$name" = ok ] && continue
	# shellcheck disable=SC2086
	py "$PY3" $pyargs
	# shellcheck disable=SC2086
	sk -f nagios $args
	want="SOCKERR CRITICAL - $PYLINE | time="
	if [ "$RC" != 2 ]; then
		fail "nagios: $name" "exit $RC, want 2 (CRITICAL): $OUT"
	elif [ "${OUT:0:${#want}}" != "$want" ] || [ "$(wc -l <<<"$OUT")" != 1 ]; then
		fail "nagios: $name" "<$OUT>, want <$want...>"
	elif ! grep -Eq ' total=[0-9.]+s;;;0$' <<<"$OUT"; then
		fail "nagios: $name: perfdata" "$OUT"
	else
		pass "nagios: $name: CRITICAL, $PYLINE"
	fi
done

# -v speaks the same interpreter as the status line
py "$PY3" connect 127.0.0.1 "$closed"
sk -f nagios -v 127.0.0.1 "$closed"
grep -qxF "* connect 127.0.0.1 port $closed: $PYLINE" <<<"$(sed 's/ ([0-9.]* ms)$//' <<<"$ERR")" &&
	pass "nagios -v: the trace carries CPython 3's line too" || fail "nagios -v: the trace's line" "$ERR"

# nagios RC REGEX NAME ARGS...: sockerr -f nagios ARGS exits RC, stdout matches
nagios() {
	local rc=$1 re=$2 name=$3
	shift 3
	sk_status "nagios: $name" "$rc" -f nagios "$@" || return 0
	grep -Eq -- "$re" <<<"$OUT" && pass "nagios: $name" || fail "nagios: $name" "<$OUT> does not match /$re/"
}
t='[0-9]+(\.[0-9]+)?'
nagios 0 "^SOCKERR OK - ok 127\.0\.0\.1 port $open: connected in $t ms \| time=${t}s;;;0 resolve=${t}s;;;0 socket=${t}s;;;0 connect=${t}s;;;0 total=${t}s;;;0$" \
	"OK with perfdata" 127.0.0.1 "$open"
nagios 0 "^SOCKERR OK - ok .* \| time=${t}s;10;20;0 " "under both thresholds: OK" --warning=10 --critical=20 127.0.0.1 "$open"
nagios 1 "^SOCKERR WARNING - ok .* \(slower than --warning 0\.000000001 s\) \| time=${t}s;0\.000000001;20;0 " \
	"over --warning: WARNING" --warning=0.000000001 --critical=20 127.0.0.1 "$open"
nagios 2 "^SOCKERR CRITICAL - ok .* \(slower than --critical 0\.000000001 s\) \| time=${t}s;;0\.000000001;0 " \
	"over --critical: CRITICAL" --critical=0.000000001 127.0.0.1 "$open"
nagios 2 "^SOCKERR CRITICAL - socket.gaierror: .* \| time=U;;;0 resolve=${t}s;;;0 total=${t}s;;;0$" "no connect time: U" nx.test 80
nagios 3 '^SOCKERR UNKNOWN - invalid option "--bogus"$' "bad option: UNKNOWN" --bogus 127.0.0.1 "$open"
nagios 3 '^SOCKERR UNKNOWN - invalid --warning "x": ' "bad threshold: UNKNOWN" --warning=x 127.0.0.1 "$open"
nagios 3 '^SOCKERR UNKNOWN - invalid target "127.0.0.1:99999": ' "bad target: UNKNOWN" 127.0.0.1:99999
nagios 3 '^SOCKERR UNKNOWN - missing target$' "no target: UNKNOWN"
nagios 3 '^SOCKERR UNKNOWN - cannot read --input' "unreadable -i: UNKNOWN" -i /nonexistent
nagios 3 '^SOCKERR UNKNOWN - 0 targets$' "empty -i: UNKNOWN" -i /dev/null
nagios 0 "^SOCKERR OK - ConnectionRefusedError: \[Errno 111\] Connection refused \(expected\) \| " "--expect=refused: OK" \
	--expect=refused 127.0.0.1 "$closed"
nagios 2 "^SOCKERR CRITICAL - ok .* \(not expected\) \| " "--expect=refused, connected: CRITICAL" \
	--expect=refused 127.0.0.1 "$open"
nagios 2 "^SOCKERR CRITICAL - TimeoutError: timed out \| " "--expect=refused, timed out: CRITICAL" \
	--expect=refused -t 0.3 127.0.0.1 "$full"
sk_status "--warning without -f nagios" 64 --warning=1 127.0.0.1 "$open" && pass "--warning without -f nagios: usage error"

# many targets: worst state, a summary line, one line per target, perfdata
sk -f nagios --warning=10 127.0.0.1:"$open" 'a|b.test:80' 127.0.0.1:"$closed" 127.0.0.1:99999
want="SOCKERR CRITICAL - 4 targets: 2 CRITICAL, 1 UNKNOWN, 1 OK
OK 127.0.0.1:$open: ok 127.0.0.1 port $open: connected in X ms
CRITICAL a\\x7cb.test:80: socket.gaierror: [Errno -2] Name or service not known
CRITICAL 127.0.0.1:$closed: ConnectionRefusedError: [Errno 111] Connection refused
UNKNOWN 127.0.0.1:99999: bad target: WHY | '127.0.0.1:$open time'=Xs;10;;0
'a\\x7cb.test:80 time'=U;10;;0
'127.0.0.1:$closed time'=Xs;10;;0"
got=$(sed -E 's/[0-9]+\.[0-9]+ ms/X ms/; s/=[0-9.]+s;/=Xs;/; s/bad target: [^|]* \|/bad target: WHY |/' <<<"$OUT")
[ "$RC" = 2 ] && [ "$got" = "$want" ] && pass "nagios: many targets: worst state, summary, a line each" ||
	fail "nagios: many targets" "exit $RC: <$got>, want <$want>"
sk -f nagios --warning=0.000000001 127.0.0.1:"$open" 127.0.0.1:"$open"
[ "$RC" = 1 ] && [ "$(head -n 1 <<<"$OUT")" = "SOCKERR WARNING - 2 targets: 2 WARNING" ] &&
	pass "nagios: many targets, all slow: WARNING" || fail "nagios: all slow" "exit $RC: $OUT"
sk -f nagios 127.0.0.1:"$open" 127.0.0.1:99999
[ "$RC" = 3 ] && pass "nagios: a bad target among good ones: UNKNOWN" || fail "nagios: bad among good" "exit $RC: $OUT"

# --expect: the exit status; the line printed stays Python's
# expect_py NAME RC "PYREF ARGS" ARGS...: exits RC, prints Python 2.7's line
expect_py() {
	local name=$1 rc=$2 pyargs=$3
	shift 3
	# shellcheck disable=SC2086
	py "$PYN" $pyargs
	[ -n "$PY2" ] || { sk "$@"; PYLINE=$OUT; }
	[ "$PYRC" = 0 ] && PYLINE=ok
	sk_status "--expect: $name" "$rc" "$@" || return 0
	if [ "$PYLINE" = ok ] && [ "${OUT:0:3}" = "ok " ]; then
		pass "--expect: $name: exit $rc, connected"
	elif [ "$OUT" = "$PYLINE" ]; then
		pass "--expect: $name: exit $rc, $PYLINE"
	else
		fail "--expect: $name" "<$OUT>, Python <$PYLINE>"
	fi
}
expect_py "refused, expected" 0 "connect 127.0.0.1 $closed" --expect=refused 127.0.0.1 "$closed"
expect_py "refused, connected" 7 "connect 127.0.0.1 $open" --expect=refused 127.0.0.1 "$open"
expect_py "refused, got gaierror" 3 "connect nx.test 80" --expect=refused nx.test 80
expect_py "refused, timed out" 4 "connect 127.0.0.1 $full -t 0.3" --expect=refused -t 0.3 127.0.0.1 "$full"
expect_py "timeout (socket.timeout)" 0 "connect 127.0.0.1 $full -t 0.3" --expect=timeout -t 0.3 127.0.0.1 "$full"
expect_py "timeout (kernel ETIMEDOUT)" 0 "connect 127.0.0.1 $full" --expect=timeout 127.0.0.1 "$full"
expect_py "socket.timeout is not ETIMEDOUT" 1 "connect 127.0.0.1 $full" --expect=socket.timeout 127.0.0.1 "$full"
expect_py "class socket.gaierror" 0 "connect nx.test 80" --expect=socket.gaierror nx.test 80
expect_py "code EAI_NONAME" 0 "connect nx.test 80" --expect=EAI_NONAME nx.test 80
expect_py "code EAI_AGAIN, got EAI_NONAME" 3 "connect nx.test 80" --expect=EAI_AGAIN nx.test 80
expect_py "class herror" 0 "reverse 127.0.0.10" --expect=herror -n -r 127.0.0.10
expect_py "class error, no errno" 0 "unix ${long#unix:}" --expect=error "$long"
expect_py "ok or refused, connected" 0 "connect 127.0.0.1 $open" --expect=ok,refused 127.0.0.1 "$open"
expect_py "ok or refused, refused" 0 "connect 127.0.0.1 $closed" --expect=ok,ECONNREFUSED 127.0.0.1 "$closed"
sk --expect=refused 127.0.0.1:"$closed" 127.0.0.1:"$open" nx.test:80
[ "$RC" = 7 ] && [ "$(wc -l <<<"$OUT")" = 3 ] && pass "--expect: many targets: the first unexpected one's status" ||
	fail "--expect: many" "exit $RC: $OUT"
sk -f prometheus --expect=refused 127.0.0.1:"$closed" 127.0.0.1:"$open"
grep -q "^sockerr_probe_success{target=\"127.0.0.1:$closed\"} 1$" <<<"$OUT" &&
	grep -q "^sockerr_probe_success{target=\"127.0.0.1:$open\"} 0$" <<<"$OUT" &&
	grep -q "^sockerr_probe_exit_status{target=\"127.0.0.1:$open\"} 7$" <<<"$OUT" && [ "$RC" = 7 ] &&
	pass "--expect with -f prometheus: success is the expected outcome" || fail "--expect prometheus" "exit $RC: $OUT"
expect_err "--expect: unknown outcome" 64 '^sockerr: invalid --expect "closed": ' --expect=closed 127.0.0.1 "$open"
expect_err "--expect: empty outcome" 64 '^sockerr: invalid --expect "ok,": ' --expect=ok, 127.0.0.1 "$open"
expect_err "--expect with --wait" 64 '^sockerr: invalid --expect "refused": ' --expect=refused -w 1 127.0.0.1 "$open"

# -w ... -- CMD in the monitoring formats.  nagios: once every target is
# up, CMD is the plugin (its lines, its status), so sockerr writes nothing;
# a CMD that cannot run is one UNKNOWN line and status 3 (the plugin could
# not do its job); when the deadline passes, sockerr's CRITICAL line, and
# CMD does not run.
printf '127.0.0.1:%s\n' "$open" >"$T/up"
printf 'x' >"$T/noexec"
chmod 644 "$T/noexec"
# nagios_cmd NAME RC WANT ARGS...: sockerr -f nagios ARGS exits RC and
# prints exactly WANT
nagios_cmd() {
	local name=$1 rc=$2 want=$3
	shift 3
	sk -f nagios "$@"
	[ "$RC" = "$rc" ] && [ "$OUT" = "$want" ] && pass "nagios -w -- CMD: $name" ||
		fail "nagios -w -- CMD: $name" "exit $RC <$OUT>, want exit $rc <$want>"
}
nagios_cmd "-i FILE, CMD not found: UNKNOWN" 3 "SOCKERR UNKNOWN - cannot run /nonexistent: command not found" \
	-w 1 -i "$T/up" -- /nonexistent
nagios_cmd "CMD not found: UNKNOWN" 3 "SOCKERR UNKNOWN - cannot run /nonexistent: command not found" \
	-w 1 127.0.0.1 "$open" -- /nonexistent
nagios_cmd "CMD cannot run: UNKNOWN" 3 "SOCKERR UNKNOWN - cannot run $T/noexec: command cannot run" \
	-w 1 127.0.0.1 "$open" -- "$T/noexec"
nagios_cmd "CMD runs: its line and status only" 1 "CHECK_X WARNING - from CMD" \
	-w 1 127.0.0.1 "$open" -- sh -c 'echo "CHECK_X WARNING - from CMD"; exit 1'
nagios_cmd "CMD runs: thresholds are for a line not written" 0 "RAN" \
	--warning=0.000000001 -w 1 127.0.0.1:"$open" 127.0.0.1:"$open" -- echo RAN
rm -f "$T/ran"
py "$PY3" connect 127.0.0.1 "$closed"
sk -f nagios -w 0.3 127.0.0.1 "$closed" -- touch "$T/ran"
[ "$RC" = 2 ] && [ "${OUT%% | *}" = "SOCKERR CRITICAL - $PYLINE" ] && [ ! -e "$T/ran" ] &&
	pass "nagios -w -- CMD: deadline passed: CRITICAL, $PYLINE; CMD not run" ||
	fail "nagios -w -- CMD: deadline passed" "exit $RC <$OUT>, ran: $([ -e "$T/ran" ] && echo yes || echo no)"
# prometheus: the exposition is sockerr's output, written before CMD runs
# (as the ok line is); the status is CMD's, or 126/127, or the last try's
prom_ok "-w -- CMD not found" 127 --targets 127.0.0.1:"$open" -- -w 1 127.0.0.1:"$open" -- /nonexistent &&
	grep -q "^sockerr_probe_success{target=\"127.0.0.1:$open\"} 1$" <<<"$OUT" &&
	pass "prometheus -w -- CMD not found: the exposition, then exit 127"
sk -f prometheus -w 1 127.0.0.1:"$open" -- echo RAN
[ "$RC" = 0 ] && [ "$(tail -n 1 <<<"$OUT")" = RAN ] && head -n -1 <<<"$OUT" >"$T/cmd.prom" &&
	"$PY3" "$TOP/tests/promcheck.py" "$T/cmd.prom" --targets 127.0.0.1:"$open" &&
	pass "prometheus -w -- CMD: the exposition, then CMD's output" ||
	fail "prometheus -w -- CMD runs" "exit $RC <$OUT>"
rm -f "$T/ran"
prom_ok "-w -- CMD, deadline passed" 1 --targets 127.0.0.1:"$closed" -- -w 0.3 127.0.0.1:"$closed" -- touch "$T/ran" &&
	[ ! -e "$T/ran" ] && grep -q "^sockerr_probe_success{target=\"127.0.0.1:$closed\"} 0$" <<<"$OUT" &&
	pass "prometheus -w -- CMD, deadline passed: success 0, exit 1, CMD not run"

# -f nagios bounds the whole check, DNS included, as check_tcp's -t does
# (the plugin's alarm): 10 s by default, -t's value when given, --max-time
# when given.  tests/dnsd.py on 127.0.0.5 answers delay.test after 15 s;
# the resolver waits for it (timeout:30).  The 10 s case runs in the
# background while the 10 s connect case below runs (it resolves nothing).
"$PY3" "$TOP/tests/dnsd.py" "$T/dnsd.ready" --address 127.0.0.5 --zone delay.test \
	--delay 15 --seconds 120 >"$T/dnsd.log" 2>&1 &
FIXTURE_PIDS+=($!)
for ((i = 0; i < 100; i++)); do [ -s "$T/dnsd.ready" ] && break; sleep 0.05; done
DELAYED='nameserver 127.0.0.5\noptions timeout:30 attempts:1'
# deadline_ok NAME LO_MS HI_MS: RC, OUT and ms are a CRITICAL timeout in time
deadline_ok() {
	if [ "$RC" = 2 ] && [ "${OUT%% | *}" = "SOCKERR CRITICAL - TimeoutError: timed out" ] &&
		[ "$ms" -ge "$2" ] && [ "$ms" -le "$3" ]; then
		pass "nagios: $1 ($ms ms)"
	else
		fail "nagios: $1" "exit $RC after $ms ms: $OUT"
	fi
}
nagios_dns() {
	local t0
	t0=$(date +%s%N)
	with_resolv "$DELAYED" sk -f nagios "$@"
	ms=$((($(date +%s%N) - t0) / 1000000))
}
nagios_dns -t 1 web.delay.test 80
deadline_ok "-t 1: the whole check, lookup included, within 1 s (check_tcp -t 1)" 950 1500
nagios_dns --max-time=2 -t 1 web.delay.test 80
deadline_ok "--max-time=2 -t 1: --max-time bounds the check" 1950 2600
dns10_run() {
	local t0
	t0=$(date +%s%N)
	timeout 30 "$SOCKERR" -f nagios web.delay.test 80 >"$T/dns10.out" 2>/dev/null
	echo "$? $((($(date +%s%N) - t0) / 1000000))" >"$T/dns10.rc"
}
with_resolv "$DELAYED" dns10_run &
dns10=$!

# -f nagios without -t: -t 10, as check_tcp, so a port that drops SYNs is a
# timeout before a scheduler kills the check (this namespace's SYN retries
# are raised for it: the kernel would give up first otherwise)
retries=$(sysctl -n net.ipv4.tcp_syn_retries)
sysctl -qw net.ipv4.tcp_syn_retries=6
start=$(date +%s%N)
sk -f nagios 127.0.0.1 "$full"
ms=$((($(date +%s%N) - start) / 1000000))
sysctl -qw net.ipv4.tcp_syn_retries="$retries"
deadline_ok "-t 10 by default: a connect that hangs" 9900 11500
wait "$dns10"
read -r RC ms <"$T/dns10.rc"
OUT=$(cat "$T/dns10.out")
deadline_ok "by default, a lookup answered after 15 s is cut at 10 s" 9900 11500
