# Hard deadlines: -w and --max-time end a check at their deadline, lookups
# included, against a DNS server that never answers; -t alone keeps
# Python's semantics (no bound on resolution).  Inside the ns namespace.
. "$TOP/tests/lib.sh"

# A name server on 127.0.0.2 that reads every query and answers none.
"$PY3" -c '
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.2", 53))
open(sys.argv[1], "w").write("ready\n")
end = time.time() + 120
while time.time() < end:
    s.settimeout(1)
    try: s.recv(512)
    except socket.timeout: pass
' "$T/silent.ready" &
FIXTURE_PIDS+=($!)
for ((i = 0; i < 100; i++)); do [ -s "$T/silent.ready" ] && break; sleep 0.05; done
fixture full tcp --backlog-full
closed=$(free_port)

ms_since() { echo $((($(date +%s%N) - $1) / 1000000)); }

# timed NAME LOW_MS HIGH_MS RC JQ WANT ARGS...: sockerr -f json ARGS under
# a resolv.conf whose only server is silent (5 s, 2 attempts: 10 s).
timed() {
	local name=$1 lo=$2 hi=$3 rc=$4 filter=$5 want=$6 t0 ms got
	shift 6
	t0=$(date +%s%N)
	with_resolv 'nameserver 127.0.0.2\noptions timeout:5 attempts:2' sk -f json "$@"
	ms=$(ms_since "$t0")
	got=$(jq -c "$filter" <<<"$OUT" 2>/dev/null)
	if [ "$RC" != "$rc" ] || [ "$ms" -lt "$lo" ] || [ "$ms" -gt "$hi" ] || [ "$got" != "$want" ]; then
		fail "$name" "exit $RC after $ms ms, $filter gave $got (want exit $rc, $lo-$hi ms, $want)"
	else
		pass "$name ($ms ms)"
	fi
}

timed "-w 3: a lookup that never ends is cut at the deadline" 2900 3500 4 \
	'[.stage,.class,.py3_class]' '["resolve","socket.timeout","TimeoutError"]' -t 1 -w 3 slow.test 80
timed "--max-time 1: the lookup is cut at 1 s" 950 1500 4 \
	'[.stage,.class]' '["resolve","socket.timeout"]' --max-time=1 slow.test 80
timed "--max-time 1 -r: the reverse lookup is cut" 950 1500 4 \
	'[.stage,.class]' '["reverse","socket.timeout"]' --max-time=1 -n -r 127.0.0.99
timed "--max-time 1 -s NAME: the source lookup is cut" 950 1500 4 \
	'[.stage,.class]' '["bind","socket.timeout"]' --max-time=1 -s slow.test 127.0.0.1 "$closed"
timed "--max-time 1: a connect that hangs (no -t) is cut" 950 1500 4 \
	'[.stage,.class]' '["connect","socket.timeout"]' --max-time=1 127.0.0.1 "$full"
timed "--max-time 2 -w 10: the earlier deadline wins" 1950 2600 4 \
	'[.stage,.class]' '["resolve","socket.timeout"]' --max-time=2 -w 10 slow.test 80

# A batch: each check has its own bound; the rest is not held up.
printf 'slow%d.test 80\n' 1 2 3 4 5 >"$T/names"
printf '127.0.0.1 %s\n' "$closed" >>"$T/names"
t0=$(date +%s%N)
with_resolv 'nameserver 127.0.0.2\noptions timeout:5 attempts:2' sk -f json --max-time=1 -c 10 -i "$T/names"
ms=$(ms_since "$t0")
got=$(jq -c '[.stage,.class]' <<<"$OUT" | sort | uniq -c | tr -s ' ' | tr '\n' ';')
if [ "$RC" = 4 ] && [ "$ms" -lt 1600 ] && [ "$got" = ' 1 ["connect","socket.error"]; 5 ["resolve","socket.timeout"];' ]; then
	pass "--max-time 1 over a batch of 5 silent names: 1 s, not 5 x 10 s ($ms ms)"
else
	fail "--max-time over a batch" "exit $RC after $ms ms: $got"
fi

# -t alone: Python's own behaviour, the resolver's time and its error.
with_resolv 'nameserver 127.0.0.2\noptions timeout:1 attempts:1' py "$PY3" connect slow.test 80 -t 1
line=$PYLINE
t0=$(date +%s%N)
with_resolv 'nameserver 127.0.0.2\noptions timeout:1 attempts:1' sk --format=python3 -t 1 slow.test 80
ms=$(ms_since "$t0")
if [ "$OUT" = "$line" ] && [ "$RC" = 3 ] && [ "$ms" -ge 900 ]; then
	pass "-t 1 alone does not bound the lookup, as Python: $line ($ms ms)"
else
	fail "-t 1 alone does not bound the lookup" "<$OUT> vs Python <$line>, exit $RC, $ms ms"
fi
