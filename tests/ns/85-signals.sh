# Signals and limits (issue 17): SIGINT, SIGTERM, SIGHUP, SIGQUIT and a
# closed stdout at every stage (a slow DNS answer, a connect to a full
# backlog, a TLS handshake, recv, -w's sleep, -w's command); dispositions
# and masks inherited (SIG_IGN and blocked); what -w's command inherits; a
# descriptor limit of 16; an address-space limit.  Each run beside CPython
# 3.11 doing the same operation at the same moment (tests/sigrun.py sends
# both the signal), under a time bound, and checked for processes and
# files left behind.
. "$TOP/tests/lib.sh"

# the interpreter itself: pyenv's shim is a shell for its first 100 ms
PYR=$("$PY3" -c 'import sys; print(sys.executable)')
# sigrun ARGS: tests/sigrun.py's report in RC, MS, OUT, ERR, NL, LEFT and
# FILES, indexed by command
sigrun() {
	RC=() MS=() OUT=() ERR=() NL=() LEFT=() FILES=()
	eval "$(timeout 90 "$PYR" "$TOP/tests/sigrun.py" "$@")"
}
PYREF=("$PYR" "$TOP/tests/pyref.py")
signum() { kill -l "$1"; }

fixture OPEN tcp --seconds 600			# accepts, then silence
fixture FULL tcp --backlog-full --seconds 600	# SYNs go unanswered
closed=$(free_port)
# tests/dnsd.py on 127.0.0.5 answers slow.test after 2 s
"$PYR" "$TOP/tests/dnsd.py" "$T/dnsd.ready" --address 127.0.0.5 \
	--zone slow.test --delay 2 --seconds 600 >"$T/dnsd.log" 2>&1 &
FIXTURE_PIDS+=($!)
for ((i = 0; i < 100; i++)); do
	[ -s "$T/dnsd.ready" ] && break
	sleep 0.05
done
if ! env --ignore-signal=INT --block-signal=INT true 2>/dev/null; then
	skip "all" "env(1) has no --ignore-signal/--block-signal (coreutils 8.31 or later)"
	exit 0
fi
if [ -z "$OPEN" ] || [ -z "$FULL" ] || [ ! -s "$T/dnsd.ready" ]; then
	fail "setup" "fixtures did not start: $(head -c 300 "$T/dnsd.log")"
	exit 0
fi
RESOLV_SAVED=$(cat "$NS/resolv.conf")
printf 'nameserver 127.0.0.5\noptions timeout:5 attempts:1\n' >"$NS/resolv.conf"
cleanup_hook() {
	printf '%s\n' "$RESOLV_SAVED" >"$NS/resolv.conf"
	[ ${#FIXTURE_PIDS[@]} -eq 0 ] || kill "${FIXTURE_PIDS[@]}" 2>/dev/null
	wait 2>/dev/null
}

# clean N: nothing of run N left behind (processes in its session, files
# in its working directory), and no half-written line on its stdout.
clean() {
	if [ "${LEFT[$1]}" != 0 ]; then
		echo "${LEFT[$1]} process(es) left"
	elif [ -n "${FILES[$1]}" ]; then
		echo "files left: ${FILES[$1]}"
	elif [ "${NL[$1]}" != 1 ]; then
		echo "a half-written line: <${OUT[$1]: -60}>"
	fi
}

# --- A stop signal at every stage, default dispositions: sockerr ends at
# once and dies by the signal, as CPython 3 does (3.8+ re-raises SIGINT
# after KeyboardInterrupt), with nothing on stdout for the unfinished
# check and its summary on stderr.
declare -A SK PY
SK[resolve]="slow.slow.test $OPEN";	PY[resolve]="connect slow.slow.test $OPEN"
SK[connect]="127.0.0.1 $FULL";		PY[connect]="connect 127.0.0.1 $FULL"
SK[tls]="--tls -k 127.0.0.1 $OPEN";	PY[tls]="tls 127.0.0.1 $OPEN -k"
SK[recv]="--recv 127.0.0.1 $OPEN";	PY[recv]="exchange 127.0.0.1 $OPEN --recv 4096"
SUMMARY='^sockerr: 0 targets in [0-9.]+ s: 0 ok$'
STAGES=(resolve connect tls recv)
LABEL=("while resolving (a slow DNS answer)" "while connecting (a full backlog)"
	"in the TLS handshake" "in recv")
for sig in INT TERM HUP; do
	want=-$(signum "$sig")
	# all at once: each stage beside CPython 3 (2i, 2i+1), -w's sleep
	# (8), -w's command (9) and that command alone (10)
	args=()
	for stage in "${STAGES[@]}"; do
		# shellcheck disable=SC2206
		args+=("$SOCKERR" ${SK[$stage]} --- "${PYREF[@]}" ${PY[$stage]} ---)
	done
	sigrun --signal "$sig" --after 0.5 --until-comm 9,10:sleep -- "${args[@]}" \
		"$SOCKERR" -w 5 127.0.0.1 "$closed" --- \
		"$SOCKERR" -q -w 5 127.0.0.1 "$OPEN" -- sleep 5 --- sleep 5
	for i in "${!STAGES[@]}"; do
		name="SIG$sig ${LABEL[$i]}"
		sk=$((2 * i)) py=$((2 * i + 1))
		if [ "${RC[$py]}" != "$want" ]; then
			fail "$name" "CPython 3 ended with ${RC[$py]}, not by the signal ($want): $(printf "%s" "${ERR[$py]}" | tail -n 1)"
		elif [ "${RC[$sk]}" != "$want" ] || [ -n "${OUT[$sk]}" ]; then
			fail "$name" "sockerr: status ${RC[$sk]}, CPython 3's $want; stdout <${OUT[$sk]}>"
		elif [ "${MS[$sk]}" -gt 1000 ]; then
			fail "$name" "sockerr took ${MS[$sk]} ms after the signal"
		elif ! grep -Eq "$SUMMARY" <<<"${ERR[$sk]}"; then
			fail "$name" "stderr <${ERR[$sk]}>"
		elif [ -n "$(clean $sk)" ]; then
			fail "$name" "$(clean $sk)"
		else
			pass "$name: dies by it in ${MS[$sk]} ms, as CPython 3 ($want)"
		fi
	done
	# -w's sleep between tries (no Python has it), and -w's command,
	# which runs in sockerr's place: it gets the signal as it would alone
	if [ "${RC[8]}" = "$want" ] && [ "${MS[8]}" -le 1000 ] && [ -z "${OUT[8]}" ] && [ -z "$(clean 8)" ]; then
		pass "SIG$sig during -w's sleep: dies by it in ${MS[8]} ms"
	else
		fail "SIG$sig during -w's sleep" "status ${RC[8]} after ${MS[8]} ms; $(clean 8); stdout <${OUT[8]}>"
	fi
	if [ "${RC[9]}" = "${RC[10]}" ] && [ "${RC[9]}" = "$want" ] && [ -z "$(clean 9)" ]; then
		pass "SIG$sig to -w's command: as to the command alone ($want)"
	else
		fail "SIG$sig to -w's command" "status ${RC[9]}, alone ${RC[10]}; $(clean 9)"
	fi
done

# SIGQUIT asks for a core: sockerr leaves it at SIG_DFL, as Python does
# (the runs have RLIMIT_CORE 0, so no core file may appear).
# shellcheck disable=SC2086
sigrun --signal QUIT --after 0.5 -- "$SOCKERR" ${SK[connect]} --- "${PYREF[@]}" ${PY[connect]} --- \
	"$SOCKERR" ${SK[tls]} --- "${PYREF[@]}" ${PY[tls]}
for i in 0 2; do
	stage=${LABEL[$((i / 2 + 1))]}
	if [ "${RC[$i]}" = -3 ] && [ "${RC[$((i + 1))]}" = -3 ] && [ -z "$(clean $i)" ]; then
		pass "SIGQUIT $stage: dies by it, as CPython 3"
	else
		fail "SIGQUIT $stage" "sockerr ${RC[$i]}, CPython 3 ${RC[$((i + 1))]}; $(clean $i)"
	fi
done

# --- A batch: what finished is reported before the signal ends the run,
# in complete lines, even behind an unfinished target (held for order).
py "$PY3" connect 127.0.0.1 "$closed"
refused=$PYLINE
{
	echo "slow.slow.test:$OPEN"
	for ((i = 0; i < 50; i++)); do echo "127.0.0.1:$closed"; done
} >"$T/batch"
for ((i = 0; i < 50; i++)); do echo "127.0.0.1:$closed: $refused"; done >"$T/batch.want"
for sig in INT TERM HUP; do
	want=-$(signum "$sig")
	sigrun --signal "$sig" --after 0.7 -- "$SOCKERR" -f python3 -i "$T/batch"
	printf '%s' "${OUT[0]}" >"$T/batch.got"
	if [ "${RC[0]}" != "$want" ]; then
		fail "SIG$sig in a batch" "status ${RC[0]}, not $want"
	elif ! cmp -s "$T/batch.want" "$T/batch.got"; then
		fail "SIG$sig in a batch: the 50 finished targets" "$(wc -l <"$T/batch.got") lines: $(head -c 200 "$T/batch.got")"
	elif [ -n "$(clean 0)" ]; then
		fail "SIG$sig in a batch" "$(clean 0)"
	else
		pass "SIG$sig in a batch: the 50 finished targets reported, then dies by it"
	fi
done

# --- Inherited: a signal ignored or blocked at start stays so (SIGINT is
# ignored by `cmd &` in a script, SIGHUP by nohup): sockerr goes on to
# the line CPython 3 prints under the same disposition.
for sig in INT TERM HUP; do
	sigrun --signal "$sig" --after 0.3 -- \
		env --ignore-signal="$sig" "$SOCKERR" -f python3 -t 1 127.0.0.1 "$FULL" --- \
		env --ignore-signal="$sig" "${PYREF[@]}" connect 127.0.0.1 "$FULL" -t 1 --- \
		env --block-signal="$sig" "$SOCKERR" -f python3 -t 1 127.0.0.1 "$FULL" --- \
		env --block-signal="$sig" "${PYREF[@]}" connect 127.0.0.1 "$FULL" -t 1
	for i in 0 2; do
		name="SIG$sig ignored at start"
		[ $i = 2 ] && name="SIG$sig blocked at start"
		pyline=$(printf "%s" "${ERR[$((i + 1))]}" | tail -n 1)
		if [ "${OUT[$i]}" != "$pyline"$'\n' ]; then
			fail "$name" "sockerr <${OUT[$i]}> (status ${RC[$i]}), CPython 3 <$pyline> (status ${RC[$((i + 1))]})"
		elif [ "${RC[$i]}" != 4 ] || [ -n "$(clean $i)" ]; then
			fail "$name" "status ${RC[$i]}; $(clean $i)"
		else
			pass "$name: goes on to CPython 3's line ($pyline)"
		fi
	done
done
# The case as reported: -w with SIGINT ignored runs to its deadline.
py "$PY3" connect 127.0.0.1 "$closed"
sigrun --signal INT --after 0.5 -- env --ignore-signal=INT "$SOCKERR" -f python3 -w 1.5 127.0.0.1 "$closed"
if [ "${RC[0]}" = 1 ] && [ "${OUT[0]}" = "$PYLINE"$'\n' ] && [ "${MS[0]}" -ge 700 ]; then
	pass "-w with SIGINT ignored: SIGINT changes nothing, the last try's line at the deadline"
else
	fail "-w with SIGINT ignored" "status ${RC[0]} ${MS[0]} ms after SIGINT: <${OUT[0]}>"
fi

# --- What -w's command inherits: the mask and dispositions sockerr was
# given, exactly as when it runs alone (and no SIGPIPE left pending by
# sockerr's own write to a closed stdout).
status_of() { grep -E '^(SigPnd|ShdPnd|SigBlk|SigIgn):' "$1" | tr '\n' ' '; }
SPECS=("" --ignore-signal=INT --block-signal=INT --ignore-signal=PIPE --block-signal=PIPE
	--ignore-signal=TERM --block-signal=TERM "--ignore-signal=HUP --block-signal=QUIT")
for out in pipe closed; do
	args=()
	for n in "${!SPECS[@]}"; do
		# shellcheck disable=SC2206
		spec=(${SPECS[$n]})
		args+=(env "${spec[@]}" "$SOCKERR" -w 2 127.0.0.1 "$OPEN" -- cp /proc/self/status "$T/sk.$out.$n" ---
			env "${spec[@]}" cp /proc/self/status "$T/alone.$out.$n" ---)
	done
	sigrun --stdout "$out" -- "${args[@]}" true
	for n in "${!SPECS[@]}"; do
		got=$(status_of "$T/sk.$out.$n")
		want=$(status_of "$T/alone.$out.$n")
		if [ -z "$want" ]; then
			fail "-w's command inherits [${SPECS[$n]}] (stdout $out)" "no reference: ${ERR[$((2 * n + 1))]}"
		elif [ "$got" != "$want" ]; then
			fail "-w's command inherits [${SPECS[$n]}] (stdout $out)" "<$got>, alone <$want>"
		else
			pass "-w's command inherits [${SPECS[$n]}] (stdout $out): $want"
		fi
	done
done
sigrun -- "$SOCKERR" -q -w 2 127.0.0.1 "$OPEN" -- sh -c 'yes | head -n 1' --- sh -c 'yes | head -n 1'
if [ "${OUT[0]}" = "${OUT[1]}" ] && [ "${ERR[0]}" = "${ERR[1]}" ] && [ "${RC[0]}" = "${RC[1]}" ]; then
	pass "-w ... -- sh -c 'yes | head -n 1': as alone, no broken-pipe message"
else
	fail "-w ... -- sh -c 'yes | head -n 1'" "stderr <${ERR[0]}>, status ${RC[0]}; alone <${ERR[1]}>, ${RC[1]}"
fi

# --- A closed stdout (SIGPIPE) at every stage: the run ends quietly when
# its step ends, with the status it has with an open stdout; -w's
# command meets the closed pipe as it would alone (yes: killed by
# SIGPIPE, or "Broken pipe" and 1 when SIGPIPE was ignored).
STAGES=("-f python3 slow.slow.test $OPEN" "-t 1 127.0.0.1 $FULL" "--tls -k -t 1 127.0.0.1 $OPEN"
	"--recv -t 1 127.0.0.1 $OPEN" "-w 1 127.0.0.1 $closed")
args=()
for s in "${STAGES[@]}"; do
	# shellcheck disable=SC2206
	args+=("$SOCKERR" $s ---)
done
timeout 90 "$PYR" "$TOP/tests/sigrun.py" -- "${args[@]}" true >"$T/open.sh" &
sigrun --stdout closed -- "${args[@]}" true
wait $!
ORC=()
eval "$(grep '^RC\[' "$T/open.sh" | sed 's/^/O/')"
for i in "${!STAGES[@]}"; do
	want=${ORC[$i]}
	if [ "${RC[$i]}" = "$want" ] && [ -z "${ERR[$i]}" ] && [ -z "$(clean "$i")" ]; then
		pass "closed stdout [${STAGES[$i]%% 127*}]: ends quietly, status $want as with an open one"
	else
		fail "closed stdout [${STAGES[$i]}]" "status ${RC[$i]} (open: $want), stderr <${ERR[$i]}>; $(clean "$i")"
	fi
done
for spec in "" --ignore-signal=PIPE --block-signal=PIPE; do
	# shellcheck disable=SC2086
	sigrun --stdout closed -- env $spec "$SOCKERR" -w 1 127.0.0.1 "$OPEN" -- yes --- env $spec yes
	if [ "${RC[0]}" = "${RC[1]}" ] && [ "${ERR[0]}" = "${ERR[1]}" ]; then
		pass "closed stdout, -w ... -- yes [$spec]: as yes alone (status ${RC[1]})"
	else
		fail "closed stdout, -w ... -- yes [$spec]" "status ${RC[0]} <${ERR[0]}>, alone ${RC[1]} <${ERR[1]}>"
	fi
done

# --- A descriptor limit of 16: a single check and a batch give CPython
# 3's lines (a plain loop of create_connection(), one at a time).
pyloop='import socket, sys, traceback
for t in open(sys.argv[1]).read().split():
    h, _, p = t.rpartition(":")
    try:
        socket.create_connection((h, int(p))).close(); line = "ok"
    except Exception as e:
        line = traceback.format_exception_only(type(e), e)[-1].strip()
    print(t + ": " + line)'
for target in "127.0.0.1:$OPEN" "127.0.0.1:$closed" "localhost:$OPEN"; do
	echo "$target" >"$T/one"
	sigrun --nofile 16 -- "$SOCKERR" -f python3 "$target" --- "$PYR" -c "$pyloop" "$T/one"
	got=$(sed 's/^ok .*/ok/' <<<"${OUT[0]}")
	want=$(sed 's/^[^ ]*: //' <<<"${OUT[1]}")
	if [ -n "$want" ] && [ "$got" = "$want" ]; then
		pass "descriptor limit 16, one check ($target): $want"
	else
		fail "descriptor limit 16, one check ($target)" "sockerr <$got> (status ${RC[0]}, ${ERR[0]}), CPython 3 <$want>"
	fi
done
for ((i = 0; i < 40; i++)); do
	echo "127.0.0.1:$OPEN"
	echo "127.0.0.1:$closed"
	echo "localhost:$OPEN"
done >"$T/batch16"
sigrun --nofile 16 --timeout 30 -- "$SOCKERR" -f python3 -c 256 -i "$T/batch16" --- "$PYR" -c "$pyloop" "$T/batch16"
printf '%s' "${OUT[0]}" | sed 's/: ok .*/: ok/' >"$T/b16.got"
printf '%s' "${OUT[1]}" >"$T/b16.want"
if [ -s "$T/b16.want" ] && cmp -s "$T/b16.got" "$T/b16.want"; then
	pass "descriptor limit 16, a batch of 120 at -c 256: CPython 3's lines"
else
	fail "descriptor limit 16, a batch" "status ${RC[0]} <$(head -n 2 <<<"${ERR[0]}")>; $(diff "$T/b16.want" "$T/b16.got" | head -n 3 | tr '\n' ' ')"
fi
sigrun --nofile 16 -- "$SOCKERR" -q -w 1 127.0.0.1 "$OPEN" -- sh -c 'ulimit -n; ulimit -Hn'
[ "${OUT[0]}" = $'16\n16\n' ] && pass "descriptor limit 16: -w's command gets 16, as given" ||
	fail "descriptor limit 16: -w's command" "<${OUT[0]}>"

# --- An address-space limit: where CPython 3 runs, the same line; below,
# sockerr's own allocations fail: a clear error and 70, or a run that
# finishes, never a crash or a hang (glibc 2.36's first lookup crashes,
# asserts or deadlocks when it cannot allocate its NSS state).
if [ -n "${ASAN_OPTIONS:-}" ]; then
	skip "address-space limits" "the ASan build reserves terabytes of address space"
	exit 0
fi
for target in "127.0.0.1 $OPEN" "localhost $closed"; do
	# shellcheck disable=SC2086
	sigrun -- prlimit --as=$((64 << 20)) "$SOCKERR" -f python3 $target --- prlimit --as=$((64 << 20)) "${PYREF[@]}" connect $target
	got=$(sed 's/^ok .*/ok/' <<<"${OUT[0]}")
	want=$(printf '%s\n%s' "${OUT[1]}" "${ERR[1]}" | sed '/^$/d' | tail -n 1)
	if [ "$got" = "$want" ]; then
		pass "address space 64 MB, one check ($target): CPython 3's line ($want)"
	else
		fail "address space 64 MB, one check ($target)" "sockerr <$got>, CPython 3 <$want>"
	fi
done
for ((i = 0; i < 100; i++)); do echo "127.0.0.1:$closed"; echo "localhost:$OPEN"; done >"$T/batch200"
runs=0 bad=0 finished=0 oom=0 first=
# as_run KB ARGS...: one run under an address-space limit of KB, counted
as_run() {
	local kb=$1 rc
	shift
	runs=$((runs + 1))
	timeout 30 prlimit --as=$((kb * 1024)) "$SOCKERR" "$@" >"$T/as.out" 2>"$T/as.err"
	rc=$?
	if [ "$rc" = 70 ] && grep -Eq '^sockerr: (internal error: Cannot allocate memory|out of memory|cannot start a thread: Resource temporarily unavailable)$' "$T/as.err"; then
		oom=$((oom + 1))
	elif [ "$rc" -lt 64 ] && [ ! -s "$T/as.err" ]; then
		finished=$((finished + 1))
	else
		bad=$((bad + 1))
		[ -n "$first" ] || first="$kb KB [$*]: status $rc, $(head -c 150 "$T/as.err")"
	fi
}
# where 1000 lookup threads meet the limit, glibc's first lookups are the
# ones that cannot allocate: finely there, coarsely elsewhere
for kb in $(seq 5120 256 12288); do as_run "$kb" -c 1000 -i "$T/batch200"; done
for kb in $(seq 4096 2048 16384); do
	as_run "$kb" -i "$T/batch200"
	as_run "$kb" -r -f json localhost "$OPEN"
done
if [ "$bad" = 0 ]; then
	pass "address space 4-16 MB, $runs runs: $oom ended 70 'out of memory', $finished finished; no crash, no hang"
else
	fail "address space 4-16 MB" "$bad of $runs runs crashed, hung or said something unclear; first: $first"
fi
