# No thread for a lookup or a blocking connect (pthread_create fails with
# EAGAIN under RLIMIT_NPROC): never run on the event loop's thread, where
# SIGINT is dead until the resolver or the kernel gives up.  With no thread
# at all the run ends at once (exit 70, the reason on stderr), printing
# what it finished; with one thread the others wait for it and SIGINT
# still ends the run at once (130).  Runs sockerr under a uid of its own
# (setpriv), whose thread count is sockerr's alone, with prlimit --nproc.
. "$TOP/tests/lib.sh"

uid=$((61000 + $$ % 4000))
if ! command -v setpriv >/dev/null || ! command -v prlimit >/dev/null; then
	skip all "needs setpriv and prlimit (util-linux)"
	exit 0
fi
if pgrep -u "$uid" >/dev/null; then
	skip all "uid $uid has processes: its thread count is not sockerr's"
	exit 0
fi
chmod 755 "$T"

# A name server on 127.0.0.2 that answers every query 5 s late.
"$PY3" "$TOP/tests/dnsd.py" "$T/dns.ready" --address 127.0.0.2 --delay 5 \
	--zone slow.test --seconds 120 >/dev/null 2>&1 &
FIXTURE_PIDS+=($!)
for ((i = 0; i < 100; i++)); do [ -s "$T/dns.ready" ] && break; sleep 0.05; done
fixture full tcp --backlog-full
closed=$(free_port)
saved=$(cat "$NS/resolv.conf")
printf 'nameserver 127.0.0.2\noptions timeout:9 attempts:1\n' >"$NS/resolv.conf"

ms_since() { echo $((($(date +%s%N) - $1) / 1000000)); }

# limited NPROC SIGINT_AFTER ARGS...: sockerr as uid with at most NPROC
# tasks, SIGINT after SIGINT_AFTER seconds (0: none); sets OUT, ERR,
# RC, MS.  Bounded at 20 s.
limited() {
	local nproc=$1 after=$2 pid t0
	shift 2
	t0=$(date +%s%N)
	# timeout passes the SIGINT on; LeakSanitizer (the ASan pass) needs
	# a thread of its own at exit, which the limit refuses
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
		timeout -s KILL 20 prlimit --nproc="$nproc" setpriv --reuid="$uid" --regid="$uid" \
		--clear-groups "$SOCKERR" "$@" >"$T/out" 2>"$T/err" &
	pid=$!
	if [ "$after" != 0 ]; then
		sleep "$after"
		kill -INT "$pid" 2>/dev/null
	fi
	wait "$pid"
	RC=$?
	MS=$(ms_since "$t0")
	OUT=$(cat "$T/out")
	ERR=$(cat "$T/err")
}

# check NAME RC MAX_MS ERR_REGEX: the last run's status, time and stderr.
check() {
	if [ "$RC" != "$2" ] || [ "$MS" -gt "$3" ] || ! grep -Eq -- "$4" <<<"$ERR"; then
		fail "$1" "exit $RC after $MS ms (want $2 within $3 ms, stderr /$4/): stderr <$ERR> stdout <$OUT>"
	else
		pass "$1 ($MS ms)"
	fi
}

# The limit holds: without a thread for it, the lookup is refused at once.
limited 1 0 -t 1 web.slow.test 80
check "no lookup thread: exit 70 at once, the reason on stderr" 70 1500 \
	'^sockerr: cannot start a thread: Resource temporarily unavailable$'
limited 1 0.5 -t 1 web.slow.test 80
check "no lookup thread, SIGINT at 0.5 s: over before it" 70 1500 'cannot start a thread'

# A blocking connect (no -t) needs a thread of its own too.
limited 1 0.3 127.0.0.1 "$full"
check "no thread for a blocking connect: exit 70, not a 3 s connect SIGINT cannot cut" 70 1500 \
	'^sockerr: cannot start a thread: Resource temporarily unavailable$'

# What finished is printed, in input order, also behind the name that
# found no thread.
printf '127.0.0.1 %s\nweb.slow.test 80\n127.0.0.2 %s\n' "$closed" "$closed" >"$T/names"
chmod 644 "$T/names"
limited 1 0 -c 3 -i "$T/names"
want="127.0.0.1 $closed: socket.error: [Errno 111] Connection refused
127.0.0.2 $closed: socket.error: [Errno 111] Connection refused"
if [ "$RC" = 70 ] && [ "$OUT" = "$want" ] && [ "$MS" -lt 1500 ]; then
	pass "no lookup thread in a batch: the targets that finished printed, then exit 70 ($MS ms)"
else
	fail "no lookup thread in a batch" "exit $RC after $MS ms: <$OUT> <$ERR>"
fi

# One lookup thread: six names wait for it; SIGINT ends the run at once.
printf 'n%d.slow.test 80\n' 1 2 3 4 5 6 >"$T/names"
limited 2 0.7 -c 6 -i "$T/names"
check "one lookup thread for 6 slow names: SIGINT exits 130 at once" 130 1500 \
	'0 targets in .*: 0 ok'
printf '127.0.0.1 %s\nn1.slow.test 80\nn2.slow.test 80\n127.0.0.3 %s\n' "$closed" "$closed" >"$T/names"
limited 2 0.7 -c 4 -i "$T/names"
if [ "$RC" = 130 ] && [ "$MS" -lt 1500 ] &&
	[ "$OUT" = "127.0.0.1 $closed: socket.error: [Errno 111] Connection refused
127.0.0.3 $closed: socket.error: [Errno 111] Connection refused" ]; then
	pass "one lookup thread, SIGINT: the finished targets printed, exit 130 ($MS ms)"
else
	fail "one lookup thread, SIGINT" "exit $RC after $MS ms: <$OUT> <$ERR>"
fi

printf '%s\n' "$saved" >"$NS/resolv.conf"
