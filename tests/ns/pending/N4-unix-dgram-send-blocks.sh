# N4: -u on a unix datagram socket whose receiver's queue is full.  Without
# -t, -u waits 2 s (the man page; Python's settimeout(2.0)), and Python's
# send() gives up after those 2 s: socket.timeout.  sockerr's send waits
# for room with no deadline: it never ends.
. "$TOP/tests/lib.sh"
path=$T/full.sock
"$PY3" -c '
import socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
c = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
c.connect(sys.argv[1])
c.setblocking(False)
try:
    while True:
        c.send(b"x")
except BlockingIOError:
    pass
open(sys.argv[2], "w").write("ready\n")
time.sleep(60)
' "$path" "$T/ready" &
FIXTURE_PIDS+=($!)
for ((i = 0; i < 100; i++)); do [ -s "$T/ready" ] && break; sleep 0.05; done
for fmt in python3 python; do
	interp=$PY3
	[ $fmt = python ] && interp=$PY2
	ref=$(printf '{"op":"unix","path":"%s","dgram":true}\n' "$path" |
		timeout 10 "$interp" "$TOP/tests/pyserve.py" | tail -n 1)
	want=$(jq -r '.lines[0]' <<<"$ref")
	t0=$(date +%s%N)
	OUT=$(timeout 6 "$SOCKERR" -f $fmt -u "unix:$path")
	RC=$?
	ms=$((($(date +%s%N) - t0) / 1000000))
	if [ "$OUT" = "$want" ] && [ "$RC" = 4 ] && [ $ms -lt 2600 ]; then
		pass "-u unix: a full queue, no -t: <$want> after 2 s, as Python ($ms ms)"
	else
		fail "-u unix: a full queue, no -t" "exit $RC after $ms ms <$OUT>; Python <$want> after $(jq .elapsed <<<"$ref") s"
	fi
done
