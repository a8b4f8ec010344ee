# Many targets: input order, one line per target, JSON Lines, the exit
# status of the first failure, running out of descriptors, a closed stdout,
# SIGINT, the summary, bounded memory; and (issue 6) a 100,000-target batch
# in which nothing is lost and no descriptor outlives its probe.
. "$TOP/tests/lib.sh"

fixture full tcp --backlog-full
fixture open tcp --close --count 4096
closed=$(free_port)
# A sanitizer build is slower and bigger: no RSS figures, looser clocks.
ASAN=${ASAN_OPTIONS:+1}
SLOW=1
[ -z "$ASAN" ] || SLOW=4

# sockerr_of PID: the sockerr that the timeout(1) with PID started (its
# child, once it runs $SOCKERR, whatever the file is called); nothing
# after 2 s.  Every check that uses it fails when it finds nothing.
sockerr_of() {
	local i pid bin
	bin=$(readlink -f "$SOCKERR")
	for ((i = 0; i < 200; i++)); do
		pid=$(pgrep -P "$1" | head -n 1)
		if [ -n "$pid" ] && [ "$(readlink "/proc/$pid/exe" 2>/dev/null)" = "$bin" ]; then
			echo "$pid"
			return
		fi
		sleep 0.01
	done
}

# ok/refused/timeout/NXDOMAIN/malformed, one per line: "TARGET<TAB>CLASS".
mixed() {
	awk -v n="$1" -v full="$full" -v open="$open" -v closed="$closed" 'BEGIN {
	for (i = 0; i < n; i++) {
		k = i % 50
		if (k == 0) print "127.0.0.1:" full "\tsocket.timeout"
		else if (k == 7) print "nx.test:80\tsocket.gaierror"
		else if (k == 11) print "127.0.0.1:99999\tusage"
		else if (k == 13) print "unix:/nonexistent/s\tsocket.error"
		else if (k == 17) print "web.test " closed "\tsocket.error"
		else if (k == 19) print "[::1]:" closed "\tsocket.error"
		else if (k % 5 == 3) print "127.0.0.1:" open "\tok"
		else print "127.0.0.1:" closed "\tsocket.error"
	}}'
}

# check_json NAME EXPECTED OUT: OUT is JSON Lines whose targets and classes
# are, line by line, those of EXPECTED ("TARGET<TAB>CLASS").
check_json() {
	local name=$1 want=$2 got=$3
	if ! jq -r '[.target, (.class // "ok")] | @tsv' <"$got" >"$got.tsv" 2>"$T/jq.err"; then
		fail "$name" "not JSON Lines: $(head -c 200 "$T/jq.err")"
	elif ! cmp -s "$want" "$got.tsv"; then
		fail "$name" "$(wc -l <"$got.tsv") lines for $(wc -l <"$want") targets; first difference: $(diff "$want" "$got.tsv" | sed -n 2,3p | tr '\n' ' ')"
	else
		pass "$name"
	fi
}

# --- order and completeness

mixed 200 >"$T/mix.tsv"
cut -f1 "$T/mix.tsv" >"$T/mix"
sk -t 0.3 -f json -i "$T/mix"
printf '%s\n' "$OUT" >"$T/mix.json"
check_json "order: 200 mixed targets, JSON, one object each, input order" "$T/mix.tsv" "$T/mix.json"

# The text lines: "TARGET: " then the class, in input order.
sk -t 0.3 -i "$T/mix"
paste -d '\n' <(cut -f1 "$T/mix.tsv") <(printf '%s\n' "$OUT") | awk -F'\t' '
	NR % 2 { target = $0; next }
	index($0, target ": ") != 1 { print "line " NR / 2 " is <" $0 "> for " target; exit }
' >"$T/order.err"
if [ "$(printf '%s\n' "$OUT" | wc -l)" != 200 ]; then
	fail "order: text lines" "$(printf '%s\n' "$OUT" | wc -l) lines for 200 targets"
elif [ -s "$T/order.err" ]; then
	fail "order: text lines" "$(cat "$T/order.err")"
elif ! grep -q "^127.0.0.1:$full: socket.timeout: timed out$" <<<"$OUT" ||
	! grep -q "^nx.test:80: socket.gaierror: " <<<"$OUT" ||
	! grep -q "^127.0.0.1:$open: ok 127.0.0.1 port $open: " <<<"$OUT" ||
	! grep -q "^127.0.0.1:99999: bad target: " <<<"$OUT"; then
	fail "order: text lines" "an outcome is missing: $(sort -u <<<"$OUT" | head -n 9 | tr '\n' '|')"
else
	pass "order: text lines, TARGET: prefix, every outcome"
fi

{
	echo "# a comment"
	echo
	echo "   "
	echo "127.0.0.1:$closed"
	echo "  # an indented comment"
	printf '127.0.0.1 %s\r\n' "$open"
	echo "nx.test:80"
	printf '\t\n'
} >"$T/sparse"
want=$(printf '%s\n' "127.0.0.1:$closed: socket.error: [Errno 111] Connection refused" \
	"127.0.0.1 $open: ok" "nx.test:80: socket.gaierror: [Errno -2] Name or service not known")
sk -i "$T/sparse"
got=$(sed 's/: ok .*/: ok/' <<<"$OUT")
if [ "$RC" = 1 ] && [ "$got" = "$want" ]; then pass "completeness: -i FILE skips blank lines and comments"
else fail "completeness: -i FILE skips blank lines and comments" "exit $RC, <$OUT>"; fi

OUT=$(timeout 30 "$SOCKERR" -i - <"$T/sparse" 2>/dev/null)
got=$(sed 's/: ok .*/: ok/' <<<"$OUT")
if [ "$got" = "$want" ]; then pass "completeness: -i - reads stdin"
else fail "completeness: -i - reads stdin" "<$OUT>"; fi

sk "127.0.0.1:$closed" "web.test:$open" nx.test:80 "127.0.0.1:$closed"
got=$(sed 's/: ok .*/: ok/' <<<"$OUT")
want=$(printf '%s\n' "127.0.0.1:$closed: socket.error: [Errno 111] Connection refused" \
	"web.test:$open: ok" "nx.test:80: socket.gaierror: [Errno -2] Name or service not known" \
	"127.0.0.1:$closed: socket.error: [Errno 111] Connection refused")
if [ "$RC" = 1 ] && [ "$got" = "$want" ]; then pass "completeness: several TARGET arguments"
else fail "completeness: several TARGET arguments" "exit $RC, <$OUT>"; fi

# A "HOST PORT" line keeps its port while later lines are read.
printf 'web.test %s\n127.0.0.1 %s\n' "$open" "$closed" >"$T/hostport"
sk -v -i "$T/hostport"
if grep -q "^web.test $open: \* resolve web.test port $open " <<<"$ERR" &&
	grep -q "^127.0.0.1 $closed: \* resolve 127.0.0.1 port $closed " <<<"$ERR"; then
	pass "HOST PORT lines keep their port"
else
	fail "HOST PORT lines keep their port" "$(grep resolve <<<"$ERR" | tr '\n' '|')"
fi

# Results stream: the first line's result does not wait for more input.
mkfifo "$T/fifo"
timeout 20 "$SOCKERR" -i "$T/fifo" >"$T/stream" 2>&1 &
spid=$!
exec 7>"$T/fifo"
echo "127.0.0.1:$closed" >&7
for ((i = 0; i < 100; i++)); do [ -s "$T/stream" ] && break; sleep 0.05; done
if [ -s "$T/stream" ]; then pass "a result is printed before the input ends"
else fail "a result is printed before the input ends" "nothing after 5 s while the input stayed open"; fi
# a line that arrives in two parts is one target
printf 'web.test:' >&7
sleep 0.3
echo "$closed" >&7
exec 7>&-
wait $spid
if [ "$(sed -n 2p "$T/stream")" = "web.test:$closed: socket.error: [Errno 111] Connection refused" ]; then
	pass "a line that arrives in two parts is one target"
else
	fail "a line that arrives in two parts is one target" "<$(cat "$T/stream")>"
fi

# --- exit status: the first failed target in input order

status_case() {
	local want=$1
	shift
	sk -q -t 0.3 "$@"
	if [ "$RC" = "$want" ]; then pass "exit status $want: $*"
	else fail "exit status $want: $*" "exit $RC"; fi
}
status_case 0 "127.0.0.1:$open" "web.test:$open"
status_case 4 "127.0.0.1:$full" "127.0.0.1:$closed" nx.test:80
status_case 3 "127.0.0.1:$open" nx.test:80 "127.0.0.1:$closed"
status_case 1 "127.0.0.1:$open" "127.0.0.1:$closed" "127.0.0.1:$full"
status_case 64 "127.0.0.1:$open" "127.0.0.1:99999" "127.0.0.1:$closed"

# --- -c N: at most N probes in flight, and N reached

awk -v p="$full" '{ print "127.0.0.1:" p }' <(seq 900) >"$T/inflight"
timeout 30 "$SOCKERR" -q -t 0.3 -c 300 -i "$T/inflight" &
ipid=$!
spid=$(sockerr_of $ipid)
most=0
while kill -0 "$spid" 2>/dev/null; do
	n=$(ls -l "/proc/$spid/fd" 2>/dev/null | grep -c 'socket:')
	[ "$n" -gt "$most" ] && most=$n
	sleep 0.01
done
wait $ipid
if [ -z "$spid" ]; then fail "-c 300: at most 300 sockets open" "the sockerr process was not found"
elif [ "$most" -le 300 ] && [ "$most" -ge 250 ]; then pass "-c 300: at most 300 sockets open ($most)"
else fail "-c 300: at most 300 sockets open" "$most at most"; fi

# --- descriptors: -c 1000 under ulimit -n 64

mixed 3000 | awk -F'\t' '$2 != "usage"' >"$T/emfile.tsv"
cut -f1 "$T/emfile.tsv" >"$T/emfile"
(ulimit -n 64 && timeout 60 "$SOCKERR" -t 0.2 -c 1000 -f json -i "$T/emfile") >"$T/emfile.json" 2>"$T/emfile.err"
json_log "$T/emfile.json"
if grep -q 'Errno 24\|"code":24' "$T/emfile.json"; then
	fail "ulimit -n 64, -c 1000: every target its real result" "$(grep -c '"code":24' "$T/emfile.json") EMFILE results"
else
	check_json "ulimit -n 64, -c 1000: every target its real result" "$T/emfile.tsv" "$T/emfile.json"
fi

# The limit drops under a running batch: probes wait for descriptors.
awk -v p="$full" '{ print "127.0.0.1:" p }' <(seq 2000) >"$T/drop"
start=$(date +%s%N)
timeout 60 "$SOCKERR" -t 0.2 -c 1000 -i "$T/drop" >"$T/drop.out" 2>"$T/drop.err" &
dpid=$!
spid=$(sockerr_of $dpid)
for ((i = 0; i < 100; i++)); do
	[ "$(ls "/proc/$spid/fd" 2>/dev/null | wc -l)" -gt 500 ] && break
	sleep 0.01
done
lowered=no
[ -n "$spid" ] && prlimit --pid "$spid" --nofile=64:64 2>"$T/prlimit.err" &&
	grep -Eq '^Max open files +64 +64 ' "/proc/$spid/limits" && lowered=yes
wait $dpid
drc=$?
ms=$((($(date +%s%N) - start) / 1000000))
# 1,000 at once, then about 50 descriptors for 0.2 s each: some 5 s
if [ "$lowered" != yes ]; then
	fail "limit lowered mid-run: every target its real result" "the limit was not lowered (pid <$spid>): $(head -c 200 "$T/prlimit.err")"
elif [ "$drc" != 4 ] || [ "$(grep -c ': socket.timeout: timed out$' "$T/drop.out")" != 2000 ]; then
	fail "limit lowered mid-run: every target its real result" "exit $drc, $(sort "$T/drop.out" | uniq -c | sort -rn | head -n 3 | tr '\n' '|')"
elif [ "$ms" -gt $((15000 * SLOW)) ]; then
	fail "limit lowered mid-run: every target its real result" "took $ms ms"
else
	pass "limit lowered mid-run: every target its real result ($ms ms)"
fi

# --- a closed stdout, SIGINT

awk -v p="$closed" '{ print "127.0.0.1:" p }' <(seq 200000) >"$T/big"
start=$(date +%s%N)
first=$(timeout 30 "$SOCKERR" -i "$T/big" 2>"$T/pipe.err" | head -n 1)
ms=$((($(date +%s%N) - start) / 1000000))
if [ "$first" != "127.0.0.1:$closed: socket.error: [Errno 111] Connection refused" ]; then
	fail "| head -1: quiet and quick" "first line <$first>"
elif [ -s "$T/pipe.err" ]; then
	fail "| head -1: quiet and quick" "stderr: $(head -c 200 "$T/pipe.err")"
elif [ "$ms" -gt $((2000 * SLOW)) ]; then
	fail "| head -1: quiet and quick" "took $ms ms for 200,000 targets"
else
	pass "| head -1: quiet and quick ($ms ms)"
fi

printf '127.0.0.1:%s\n' "$closed" "$open" "$full" "$closed" "$full" >"$T/hang"
timeout 30 "$SOCKERR" -i "$T/hang" >"$T/int.out" 2>"$T/int.err" &
ipid=$!
sleep 0.5
kill -INT $ipid
wait $ipid
irc=$?
if [ "$irc" != 130 ]; then
	fail "SIGINT: what finished, a summary, exit 130" "exit $irc"
elif [ "$(head -n 2 "$T/int.out" | cut -d' ' -f1-2)" != "$(printf '%s\n' "127.0.0.1:$closed: socket.error:" "127.0.0.1:$open: ok")" ]; then
	fail "SIGINT: what finished, a summary, exit 130" "stdout <$(cat "$T/int.out")>"
elif grep -q ":$full:" "$T/int.out"; then
	fail "SIGINT: what finished, a summary, exit 130" "an unfinished target was reported"
elif ! grep -Eq '^sockerr: 3 targets in [0-9.]+ s: 1 ok, 2 socket.error$' "$T/int.err"; then
	fail "SIGINT: what finished, a summary, exit 130" "stderr <$(cat "$T/int.err")>"
else
	pass "SIGINT: what finished, a summary, exit 130"
fi

# SIGINT while lookups hang (a DNS server that never answers): no wait
# for getaddrinfo to return.
slow_dns_interrupt() {
	local pid start ms rc
	printf 'slow%d.test:80\n' $(seq 20) >"$T/slowdns"
	timeout 30 "$SOCKERR" -i "$T/slowdns" >/dev/null 2>&1 &
	pid=$!
	sleep 0.3
	start=$(date +%s%N)
	kill -INT $pid
	wait $pid
	rc=$?
	ms=$((($(date +%s%N) - start) / 1000000))
	if [ "$rc" = 130 ] && [ "$ms" -lt $((500 * SLOW)) ]; then pass "SIGINT during hanging lookups: exit 130 in $ms ms"
	else fail "SIGINT during hanging lookups" "exit $rc after $ms ms"; fi
}
"$PY3" -c 'import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.3", 53))
open("'"$T"'/mute.ready", "w").write("ready")
time.sleep(30)' &
mute=$!
FIXTURE_PIDS+=($mute)
for ((i = 0; i < 100; i++)); do [ -s "$T/mute.ready" ] && break; sleep 0.05; done
with_resolv 'nameserver 127.0.0.3\noptions timeout:5 attempts:1' slow_dns_interrupt

# Lookups run side by side: 32 names that each take 1 s to fail.
parallel_lookups() {
	local start ms
	printf 'par%d.test:80\n' $(seq 32) >"$T/par"
	start=$(date +%s%N)
	sk -i "$T/par"
	ms=$((($(date +%s%N) - start) / 1000000))
	if [ "$(grep -c 'socket.gaierror: \[Errno -3\]' <<<"$OUT")" != 32 ]; then
		fail "32 lookups side by side" "$(sort <<<"$OUT" | uniq -c | head -n 3 | tr '\n' '|')"
	elif [ "$ms" -gt $((3000 * SLOW)) ]; then
		fail "32 lookups side by side" "took $ms ms"
	else
		pass "32 lookups side by side ($ms ms)"
	fi
}
with_resolv 'nameserver 127.0.0.3\noptions timeout:1 attempts:1' parallel_lookups
kill $mute 2>/dev/null

# --- the summary

count() { awk -F'\t' -v c="$1" '$2 == c' "$T/mix.tsv" | wc -l; }
want="sockerr: 200 targets in [0-9.]+ s: $(count ok) ok, $(count socket.error) socket.error"
want="$want, $(count socket.gaierror) socket.gaierror, $(count socket.timeout) socket.timeout"
want="$want, $(count usage) bad targets"
sk -v -t 0.3 -i "$T/mix"
line=$(tail -n 1 <<<"$ERR")
if grep -Eq "^$want\$" <<<"$line"; then
	pass "-v: a summary line on stderr"
else
	fail "-v: a summary line on stderr" "<$line>, expected /$want/"
fi
sk -i "$T/mix" -t 0.3
if [ -z "$ERR" ]; then pass "no summary without -v when stderr is not a terminal"
else fail "no summary without -v when stderr is not a terminal" "<$(tail -n 1 <<<"$ERR")>"; fi

# --- memory: bounded by -c, not by the number of targets

peak_kib() {
	/usr/bin/time -f %M -o "$T/rss" "$SOCKERR" -q -i "$1" 2>/dev/null
	tail -n 1 "$T/rss"
}
if [ -n "$ASAN" ]; then
	skip "peak RSS for 10,000 and 100,000 targets" "sanitizer build"
elif [ ! -x /usr/bin/time ]; then
	skip "peak RSS for 10,000 and 100,000 targets" "no /usr/bin/time"
else
	head -n 10000 "$T/big" >"$T/10k"
	head -n 100000 "$T/big" >"$T/100k"
	r10=$(peak_kib "$T/10k")
	r100=$(peak_kib "$T/100k")
	if [ "$r100" -le 16384 ] && [ "$r100" -le $((r10 + 1024)) ]; then
		pass "peak RSS: $r10 KiB for 10,000 targets, $r100 KiB for 100,000"
	else
		fail "peak RSS for 10,000 and 100,000 targets" "$r10 KiB and $r100 KiB"
	fi
fi

# --- issue 6: 100,000 mixed targets; nothing lost, no descriptor leaked

fds() { ls "/proc/$1/fd" 2>/dev/null | sort -n | tr '\n' ' '; }
mixed 100000 >"$T/100k.tsv"
cut -f1 "$T/100k.tsv" >"$T/100k.in"
rm -f "$T/fifo"
mkfifo "$T/fifo"
timeout $((60 * SLOW)) "$SOCKERR" -t 0.05 -f json -i "$T/fifo" >"$T/100k.json" 2>"$T/100k.err" &
bpid=$!
exec 7>"$T/fifo"
spid=$(sockerr_of $bpid)
sleep 0.2
base=$(fds $spid)
cat "$T/100k.in" >&7 &
catpid=$!
max=0
for ((i = 0; i < 1500 * SLOW; i++)); do
	n=$(fds $spid | wc -w)
	[ "$n" -gt "$max" ] && max=$n
	[ "$(wc -l <"$T/100k.json")" -ge 100000 ] && break
	sleep 0.02
done
wait $catpid
sleep 0.2
end=$(fds $spid)
exec 7>&-
wait $bpid
brc=$?
json_log "$T/100k.json"
check_json "100,000 mixed targets: exactly one result each, in order" "$T/100k.tsv" "$T/100k.json"
if [ "$brc" != 4 ]; then
	fail "100,000 mixed targets: exit status" "exit $brc: $(head -c 300 "$T/100k.err")"
else
	pass "100,000 mixed targets: exit status 4 (the first is a timeout)"
fi
# -c 256 probes, a resolver thread's lookups, the engine's own descriptors
if [ -z "$spid" ] || [ -z "$base" ] || [ "$max" -lt 3 ]; then
	fail "100,000 mixed targets: descriptors bounded while running" "no descriptor seen (pid <$spid>, at start <$base>, $max at most)"
elif [ "$max" -gt $(($(wc -w <<<"$base") + 256 + 64)) ]; then
	fail "100,000 mixed targets: descriptors bounded while running" "$max open (at start: $base)"
else
	pass "100,000 mixed targets: descriptors bounded while running ($max at most)"
fi
if [ -z "$spid" ] || [ -z "$base" ]; then
	fail "100,000 mixed targets: no descriptor left once every probe ended" "the sockerr process was not found (pid <$spid>)"
elif [ "$end" = "$base" ]; then
	pass "100,000 mixed targets: no descriptor left once every probe ended"
else
	fail "100,000 mixed targets: no descriptor left once every probe ended" "at start: $base; at the end: $end"
fi

# --- --wait: a try that fails at once (a refused loopback connect, a
# missing unix socket) still waits its interval, in a batch too; the last
# try is made at the deadline (0, 0.4, 0.8 and 1.2 s).
sk -f json -w 1.2 --interval 0.4 "127.0.0.1:$closed" unix:/nonexistent/s
tries=$(jq -r .tries <<<"$OUT" 2>/dev/null | tr '\n' ' ')
if [ "$RC" = 1 ] && [ "$tries" = "4 4 " ]; then pass "--wait: quick failures retry once per interval"
else fail "--wait: quick failures retry once per interval" "exit $RC, tries: $tries"; fi
