#!/usr/bin/env bash
# The TLS benchmark (issue 11): 1,000 handshakes against a local asyncio
# TLS server, by sockerr, by curl --parallel and by a Python asyncio
# client, 64 at a time; wall time and the client's own CPU time, ratios
# from this run.  Then start-up with and without --tls.  In a private
# network namespace with only lo (it makes its own; needs root).
# RUNS=N: runs per figure (default 3), interleaved; the median counts.
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
RUNS=${RUNS:-3}
N=${N:-1000}
C=64
W=$(mktemp -d /tmp/sockerr-tlsbench.XXXXXX)
PIDS=()
trap 'kill "${PIDS[@]}" 2>/dev/null; rm -rf "$W"' EXIT
for tool in "$SOCKERR" curl openssl python3 hyperfine nc /usr/bin/time; do
	command -v "$tool" >/dev/null || { echo "bench: $tool is missing" >&2; exit 1; }
done
. "$TOP/tests/tlspki.sh"

# A P-256 certificate, so the server's signatures cost little.
ca_init "$W"
root "$W" root "/CN=sockerr bench root"
csr "$W" srv "/CN=localhost" "DNS:localhost,IP:127.0.0.1" ec
sign "$W" root "$W" srv v3_leaf -1 30 || { echo "bench: no certificate" >&2; exit 1; }

PORT=24443
python3 "$TOP/tests/bench/tlsbench.py" server "$W/srv.pem" "$W/srv.key" "$PORT" "$W/ready" &
PIDS+=($!)
for ((i = 0; i < 100; i++)); do [ -s "$W/ready" ] && break; sleep 0.05; done
[ -s "$W/ready" ] || { echo "bench: the TLS server did not start" >&2; exit 1; }
yes "127.0.0.1:$PORT" | head -n "$N" >"$W/targets"

# measure NAME CMD...: wall and client CPU seconds of one run into
# $W/NAME.wall and $W/NAME.cpu; CMD's stdout into $W/NAME.out.
measure() {
	local name=$1
	shift
	/usr/bin/time -f '%e %U %S' -o "$W/$name.time" "$@" >"$W/$name.out" 2>/dev/null
	awk '{ print $1 }' "$W/$name.time" >>"$W/$name.wall"
	awk '{ printf "%.2f\n", $2 + $3 }' "$W/$name.time" >>"$W/$name.cpu"
}
median() { sort -g "$1" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a > 0) printf "%.2f", b / a; else print "-" }'; }

for ((r = 0; r < RUNS; r++)); do
	measure sockerr "$SOCKERR" --tls -f python3 --cafile "$W/root.pem" -c "$C" -i "$W/targets"
	measure curl curl -s --parallel --parallel-max "$C" --cacert "$W/root.pem" \
		-o /dev/null -w '%{http_code}\n' "https://127.0.0.1:$PORT/[1-$N]"
	measure python python3 "$TOP/tests/bench/tlsbench.py" client "$W/root.pem" 127.0.0.1 "$PORT" "$N" "$C"
done
ok_sockerr=$(grep -c ': ok 127.0.0.1' "$W/sockerr.out")
ok_curl=$(grep -c '^200$' "$W/curl.out")
ok_python=$(cat "$W/python.out")

echo "machine: $(nproc) CPUs, $(uname -sr); $("$SOCKERR" --version | head -n 1), $(curl --version | head -n 1 | cut -d' ' -f1-2), Python $(python3 -c 'import sys; print(sys.version.split()[0])')"
echo "$N TLS handshakes, $C at a time, against one asyncio TLS server (P-256); medians of $RUNS runs"
echo "(curl also sends a GET and reads the answer; the server is on the same 2 CPUs)"
printf '  %-32s %8s %10s %8s %14s\n' client "wall s" "client CPU" succeeded "wall ratio"
sk_w=$(median "$W/sockerr.wall")
for c in sockerr curl python; do
	printf '  %-32s %8s %10s %8s %14s\n' "$c" "$(median "$W/$c.wall")" \
		"$(median "$W/$c.cpu")" "$(eval echo "\$ok_$c")" \
		"$(ratio "$sk_w" "$(median "$W/$c.wall")")x sockerr"
done

"$SOCKERR" -q -f python3 --tls --cafile "$W/root.pem" 127.0.0.1 "$PORT" || echo "bench: a single --tls check failed: $("$SOCKERR" -f python3 --tls --cafile "$W/root.pem" 127.0.0.1 "$PORT")" >&2
# start-up: a single check, with and without --tls
hyperfine -N -w 20 -r 300 --export-json "$W/start.json" \
	"$SOCKERR -q 127.0.0.1 $PORT" \
	"nc -z 127.0.0.1 $PORT" \
	"$SOCKERR -q -f python3 --tls --cafile $W/root.pem 127.0.0.1 $PORT" >/dev/null 2>&1
echo "a single check (hyperfine, 300 runs, mean):"
python3 - "$W/start.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
names = ["sockerr, connect only", "nc -z", "sockerr --tls (connect + handshake)"]
for name, x in zip(names, r):
    print("  %-40s %.2f ms" % (name, x["mean"] * 1000))
PY
