#!/usr/bin/env bash
# The benchmark of issue 5: every figure and ratio measured in this run,
# in a private network namespace that has only lo (it makes its own).
#   tests/bench/bench.sh        (root: unshare -n; make bench installs
#                                nmap, nc, hyperfine first)
# RUNS=N: runs per timed figure (default 5), interleaved; the median counts.
# Exit status 1 when a figure misses its target.
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
if [ -z "${SOCKERR_BENCH_NS:-}" ]; then
	if [ "$(id -u)" != 0 ]; then
		echo "bench: needs root, for a private network namespace" >&2
		exit 1
	fi
	SOCKERR_BENCH_NS=1 exec unshare -n bash "$0" "$@"
fi
ip link set lo up || exit 1
export LC_ALL=C
SOCKERR=${SOCKERR:-$TOP/sockerr}
FLOOR=$TOP/build/bench-floor
RUNS=${RUNS:-5}
LISTEN=(22 80 443 5432 8080)
W=$(mktemp -d /tmp/sockerr-bench.XXXXXX)
PIDS=()
trap 'kill "${PIDS[@]}" 2>/dev/null; wait 2>/dev/null; rm -rf "$W"' EXIT
MISSED=0

for tool in "$SOCKERR" "$FLOOR" nmap nc hyperfine jq /usr/bin/time python3 taskset; do
	command -v "$tool" >/dev/null || { echo "bench: $tool is missing (make bench installs it)" >&2; exit 1; }
done

# listen NAME ARGS...: a tests/fixture.py tcp peer; $NAME is its port.
listen() {
	local var=$1 ready=$W/ready.$RANDOM$RANDOM i
	shift
	python3 "$TOP/tests/fixture.py" tcp "$ready" --seconds 600 "$@" >/dev/null 2>&1 &
	PIDS+=($!)
	for ((i = 0; i < 100; i++)); do
		[ -s "$ready" ] && break
		sleep 0.05
	done
	[ -s "$ready" ] || { echo "bench: a listener did not start" >&2; exit 1; }
	printf -v "$var" '%s' "$(cat "$ready")"
}

# wall CMD...: runs CMD (stdout and stderr dropped); prints seconds.
wall() {
	local t0 t1
	t0=$(date +%s%N)
	"$@" >/dev/null 2>&1
	t1=$(date +%s%N)
	awk -v ns=$((t1 - t0)) 'BEGIN { printf "%.4f\n", ns / 1e9 }'
}

median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# verdict TEXT VALUE OP LIMIT: one line, and MISSED counts misses.
verdict() {
	local text=$1 value=$2 op=$3 limit=$4 ok
	ok=$(awk -v v="$value" -v l="$limit" -v op="$op" 'BEGIN { print (op == "<=" ? v <= l : v >= l) }')
	[ "$ok" = 1 ] || MISSED=$((MISSED + 1))
	printf '  %-44s %9s   target %s %-6s %s\n' "$text" "$value" "$op" "$limit" \
		"$([ "$ok" = 1 ] && echo met || echo MISSED)"
}

figure() { printf '  %-44s %9s   %s\n' "$1" "$2" "${3:-}"; }

echo "machine: $(nproc) CPUs, $(uname -sr), $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1)"
echo "tools: $("$SOCKERR" --version | head -n 1), $(nmap --version | sed -n 's/^Nmap version \([^ ]*\).*/nmap \1/p'), $(dpkg-query -W -f='netcat-openbsd ${Version}' netcat-openbsd 2>/dev/null), $(hyperfine --version)"
echo "runs per timed figure: $RUNS (interleaved; the median is shown)"

# --- 65,535 loopback ports, a few listening

for p in "${LISTEN[@]}"; do listen _ --port "$p" --close --count 128; done
seq 1 65535 | sed 's/^/127.0.0.1:/' >"$W/ports"
found=$("$SOCKERR" -c 512 -i "$W/ports" | grep -c ': ok ')
nfound=$(nmap -sT -n -Pn --max-retries 0 -p1-65535 127.0.0.1 | grep -c '^[0-9]*/tcp *open')
ffound=$("$FLOOR" 1 65535 | cut -d' ' -f1)
for ((r = 0; r < RUNS; r++)); do
	wall "$SOCKERR" -q -c 512 -i "$W/ports" >>"$W/t.sockerr"
	wall nmap -sT -n -Pn --max-retries 0 -p1-65535 127.0.0.1 >>"$W/t.nmap"
	wall "$FLOOR" 1 65535 >>"$W/t.floor"
	wall taskset -c 0 "$SOCKERR" -q -c 512 -i "$W/ports" >>"$W/t.one"
done
ts=$(median <"$W/t.sockerr")
tn=$(median <"$W/t.nmap")
tf=$(median <"$W/t.floor")
t1=$(median <"$W/t.one")
echo
echo "65,535 loopback ports, ${#LISTEN[@]} listening (seconds of wall time)"
echo "  (one more open now and then is real: a connect whose source port the"
echo "  kernel picks equal to its destination meets itself, TCP simultaneous open)"
figure "sockerr -q -c 512 -i FILE" "$ts" "found $found open"
figure "nmap -sT -n -Pn --max-retries 0 -p1-65535" "$tn" "found $nfound open"
figure "C loop of blocking connects (floor.c)" "$tf" "found $ffound open"
figure "sockerr on one CPU (taskset -c 0)" "$t1" "$(ratio "$t1" "$tn") x nmap, $(ratio "$t1" "$tf") x C loop"
verdict "sockerr / nmap" "$(ratio "$ts" "$tn")" "<=" 0.8
verdict "sockerr / C loop" "$(ratio "$ts" "$tf")" "<=" 1.2

# --- 2,000 ports: sockerr against a shell loop of nc -z

head -n 2000 "$W/ports" >"$W/ports2k"
ncloop() { local p; for ((p = 1; p <= 2000; p++)); do nc -z 127.0.0.1 $p; done; }
for ((r = 0; r < RUNS; r++)); do
	wall "$SOCKERR" -q -c 512 -i "$W/ports2k" >>"$W/t.s2k"
done
tnc=$(wall ncloop)
ts2=$(median <"$W/t.s2k")
echo
echo "2,000 loopback ports (seconds)"
figure "sockerr -q -c 512 -i FILE" "$ts2"
figure "shell loop of nc -z (one run)" "$tnc"
verdict "nc loop / sockerr (times faster)" "$(ratio "$tnc" "$ts2")" ">=" 50

# --- 1,000 targets that hang: a listener whose accept queue is full

listen full --backlog-full
awk -v p="$full" '{ print "127.0.0.1:" p }' <(seq 1000) >"$W/hang"
for ((r = 0; r < RUNS; r++)); do
	wall "$SOCKERR" -t 1 -c 1000 -i "$W/hang" >>"$W/t.hang"
done
timeouts=$("$SOCKERR" -t 1 -c 1000 -i "$W/hang" | grep -c ': socket.timeout: timed out$')
th=$(median <"$W/t.hang")
echo
echo "1,000 hanging targets, -t 1 -c 1000"
verdict "wall time (s)" "$th" "<=" 1.3
verdict "reported as socket.timeout" "$timeouts" ">=" 1000

# --- peak RSS

kill "${PIDS[-1]}"	# the full listener: the ports below are all quick
rss() {
	awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++) print "127.0.0.1:" i % 65535 + 1 }' >"$W/rss.in"
	/usr/bin/time -f %M -o "$W/rss" "$SOCKERR" -q -c 512 -i "$W/rss.in" >/dev/null 2>&1
	tail -n 1 "$W/rss" | awk '{ printf "%.2f\n", $1 / 1024 }'
}
r10=$(rss 10000)
r100=$(rss 100000)
echo
echo "peak RSS, -q -c 512 (MiB)"
verdict "10,000 targets" "$r10" "<=" 16
verdict "100,000 targets" "$r100" "<=" 16
verdict "100,000 / 10,000 (flat)" "$(ratio "$r100" "$r10")" "<=" 1.1

# --- one refused check: start-up cost

closed=65000
hyperfine -N -i --style none --warmup 50 --runs $((RUNS * 200)) \
	--export-json "$W/hf.json" \
	"$SOCKERR -q 127.0.0.1 $closed" "nc -z 127.0.0.1 $closed" >/dev/null 2>&1
read -r hs hsd hn hnd < <(jq -r '[.results[0].mean, .results[0].stddev, .results[1].mean, .results[1].stddev] | map(. * 1000) | @tsv' "$W/hf.json")
echo
echo "one refused check, hyperfine, $((RUNS * 200)) runs each (ms, mean ± σ)"
figure "sockerr -q 127.0.0.1 $closed" "$(printf '%.3f' "$hs")" "± $(printf '%.3f' "$hsd")"
figure "nc -z 127.0.0.1 $closed" "$(printf '%.3f' "$hn")" "± $(printf '%.3f' "$hnd")"
verdict "sockerr / nc" "$(ratio "$hs" "$hn")" "<=" 1.0

echo
if [ "$MISSED" = 0 ]; then
	echo "bench: every target met"
else
	echo "bench: $MISSED target(s) missed"
	exit 1
fi
