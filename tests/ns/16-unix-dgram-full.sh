# -u on a unix datagram socket whose receiver never reads and whose queue
# is full (issue 17, N4 of the differential fuzzer).  Python's socket has
# -u's timeout (settimeout(2.0) without -t) before its send(), which
# waits for room until then: socket.timeout at the send.  sockerr gave its
# default to the recv only, and its send waited for ever.  Compared with
# CPython 3.11 and Python 2.7 (tests/pyserve.py), path and abstract name.
. "$TOP/tests/lib.sh"
"$PY3" -c '
import socket, sys, time
socks = []
for name in sys.argv[1:3]:
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    s.bind(name.replace("@", "\0", 1))
    c = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    c.connect(name.replace("@", "\0", 1))
    c.setblocking(False)
    try:
        while True:
            c.send(b"x")
    except BlockingIOError:
        pass
    socks += [s, c]
open(sys.argv[3], "w").write("ready\n")
time.sleep(120)
' "$T/full.sock" "@sockerr-test-full-$$" "$T/ready" &
FIXTURE_PIDS+=($!)
for ((i = 0; i < 100; i++)); do [ -s "$T/ready" ] && break; sleep 0.05; done

# full NAME TARGET MAX_MS SKARGS -- PYSERVE-KEYS: the same line as Python,
# its status, within MAX_MS
full() {
	local name=$1 target=$2 max=$3 fmt interp ref want t0 ms rc status skargs=()
	shift 3
	while [ "$1" != -- ]; do skargs+=("$1"); shift; done
	shift
	for fmt in python3 python; do
		interp=$PY3
		[ $fmt = python ] && interp=$PY2
		# at the same moment (the interpreter starts first: it takes longer)
		printf '{"op":"unix","path":"%s","dgram":true%s}\n' "${target#unix:}" "${1:+,$1}" |
			timeout 10 "$interp" "$TOP/tests/pyserve.py" >"$T/ref" &
		t0=$(date +%s%N)
		OUT=$(timeout 6 "$SOCKERR" -f $fmt -u "${skargs[@]}" "$target")
		rc=$?
		ms=$((($(date +%s%N) - t0) / 1000000))
		wait $!
		ref=$(tail -n 1 "$T/ref")
		want=$(jq -r '.lines[0] // "ok"' <<<"$ref")
		case $(jq -r .kind <<<"$ref") in timeout) status=4 ;; *) status=1 ;; esac
		if [ "$OUT" = "$want" ] && [ "$rc" = $status ] && [ $ms -lt "$max" ]; then
			pass "$name ($fmt): <$want> in $ms ms, as Python ($(jq .elapsed <<<"$ref") s)"
		else
			fail "$name ($fmt)" "exit $rc after $ms ms <$OUT>; Python <$want> after $(jq .elapsed <<<"$ref") s (exit $status)"
		fi
	done
}
full "-u, no -t: -u's 2 s bound the send" "unix:$T/full.sock" 2600 --
full "-u, no -t, abstract name" "unix:@sockerr-test-full-$$" 2600 --
full "-u --send=x, no -t" "unix:$T/full.sock" 2600 --send=x -- '"send":"78"'
full "-u -t 0.3: the send's timeout" "unix:$T/full.sock" 900 -t 0.3 -- '"timeout":0.3'
full "-u -t 0: the send would block" "unix:$T/full.sock" 500 -t 0 -- '"timeout":0'
