# -v's last line, "* why: ...", in the terms of the socket that failed: a
# unix socket's in paths, files and names (never a port, a host, SYNs or a
# TCP reset), a UDP probe's in datagrams.  Each situation is made for real
# and Python (CPython 3) runs the same operation: its line must be sockerr's,
# so the why explains the failure Python reports.  Loopback and unix only.
. "$TOP/tests/lib.sh"

D=$T/u
mkdir "$D"
# the situations, held open until the suite ends
"$PY3" - "$D" "$T/unix.ready" <<'EOF' >/dev/null 2>&1 &
import os, socket, sys, time
d, ready = sys.argv[1], sys.argv[2]
os.chdir(d)
keep = []
def sock(kind=socket.SOCK_STREAM):
    s = socket.socket(socket.AF_UNIX, kind)
    keep.append(s)
    return s
sock().bind("bound.sock")                       # bound, never listening
s = socket.socket(socket.AF_UNIX); s.bind("stale.sock"); s.close()
sock(socket.SOCK_DGRAM).bind("dgram.sock")      # a datagram socket, silent
open("plain", "w").close()
os.mkdir("dir")
full = sock(); full.bind("full.sock"); full.listen(0)
sock().connect("full.sock")                     # its accept queue is full
quiet = sock(); quiet.bind("quiet.sock"); quiet.listen(8)
sock().bind("\0sockerr-why-bound-%d" % os.getpid())
os.mkdir("locked"); sock().bind("locked/l.sock"); keep[-1].listen(8)
os.chmod("locked/l.sock", 0)                    # no write permission
with open(ready, "w") as f:
    f.write("%d\n" % os.getpid())
time.sleep(120)
EOF
PY_PID=$!
cleanup_hook() { kill "$PY_PID" $udp_pid 2>/dev/null; wait 2>/dev/null; }
udp_pid=
for ((i = 0; i < 100; i++)); do [ -s "$T/unix.ready" ] && break; sleep 0.05; done
[ -s "$T/unix.ready" ] || fail "setup" "the unix fixture did not start"
abound="@sockerr-why-bound-$(cat "$T/unix.ready")"
cd "$D" || exit 1
long=/tmp/$(printf 'a%.0s' $(seq 1 120))
labs=@$(printf 'b%.0s' $(seq 1 120))

# why NAME "PYREF ARGS" WHY-REGEX SOCKERR ARGS...: sockerr -f python3 -v
# prints CPython 3's line for the same operation, and a why line that
# matches WHY-REGEX and none of the words of another family.
why() {
	local name=$1 pyargs=$2 re=$3 line got
	shift 3
	# shellcheck disable=SC2086
	py "$PY3" $pyargs
	line=$PYLINE
	sk -f python3 -v "$@"
	got=$(grep '^\* why: ' <<<"$ERR")
	if [ "$OUT" != "$line" ]; then
		fail "$name" "sockerr <$OUT>, CPython 3 <$line>"
	elif ! grep -Eq -- "^\* why: $re" <<<"$got"; then
		fail "$name" "<$got> does not match /$re/"
	elif grep -Eqi 'port -?[0-9]|SYN|reset|firewall|host answered|router' <<<"$got"; then
		fail "$name" "<$got> speaks of TCP/IP"
	else
		pass "$name: $line; ${got#\* why: }"
	fi
}

why "unix: bound, not listening" "unix bound.sock" \
	'bound\.sock is a socket file, but no process listens on it: a stale file left by a server that exited, or a socket bound but not listening' \
	unix:bound.sock
why "unix: a stale socket file" "unix stale.sock" 'stale\.sock is a socket file, but no process listens on it' unix:stale.sock
why "unix: a stale socket file, -u" "unix stale.sock --dgram" \
	'stale\.sock is a socket file, but no process has it open: a stale file' -u unix:stale.sock
why "unix: a regular file" "unix plain" 'plain is a regular file, not a socket' unix:plain
why "unix: a directory" "unix dir" 'dir is a directory, not a socket' unix:dir
why "unix: no such file" "unix none.sock" 'no file none\.sock: the server is not running, or it listens on another path' unix:none.sock
why "unix: no such directory" "unix nodir/x.sock" 'the directory nodir does not exist' unix:nodir/x.sock
why "unix: a file as a directory" "unix plain/x.sock" 'a component of plain/x\.sock is not a directory' unix:plain/x.sock
why "unix: a datagram socket, stream probe" "unix dgram.sock" \
	'dgram\.sock is a socket of another type \(datagram or seqpacket\): a datagram socket takes -u' unix:dgram.sock
why "unix: a stream socket, -u" "unix bound.sock --dgram" \
	'bound\.sock is a socket of another type \(stream or seqpacket\): leave out -u' -u unix:bound.sock
why "unix: an abstract name nobody bound" "unix @sockerr-why-none" \
	'nothing listens on the abstract name @sockerr-why-none: .* another network namespace' unix:@sockerr-why-none
why "unix: an abstract name bound, not listening" "unix $abound" \
	"nothing listens on the abstract name $abound" "unix:$abound"
why "unix: a path too long" "unix $long" \
	'the path is 125 bytes, and a unix socket address holds at most 107: a shorter path' "unix:$long"
why "unix: an abstract name too long" "unix $labs" \
	'the abstract name is 120 bytes, and a unix socket address holds at most 107: no server can have bound it' "unix:$labs"
why "unix: a full accept queue, -t" "unix full.sock -t 1" \
	'the server at full\.sock does not keep up: its accept queue is full' -t 1 unix:full.sock
sk -v -u -t 0.2 unix:dgram.sock
grep -Eq '^\* why: the server at dgram\.sock got the datagram, but no reply came before the timeout' <<<"$ERR" &&
	pass "unix: a datagram with no reply" || fail "unix: a datagram with no reply" "$ERR"
sk -v --recv -t 0.2 unix:quiet.sock
grep -Eq '^\* why: the server at quiet\.sock accepted, but sent nothing before the timeout' <<<"$ERR" &&
	pass "unix: accepted, nothing received" || fail "unix: accepted, nothing received" "$ERR"
sk -v --max-time=0.3 unix:full.sock
grep -Eq '^\* why: the server at full\.sock did not accept before the deadline: its accept queue stayed full' <<<"$ERR" &&
	pass "unix: a full accept queue until --max-time" || fail "unix: a full accept queue until --max-time" "$ERR"
# root must lose the capabilities that override file permissions
if [ "$(id -u)" = 0 ]; then
	# shellcheck disable=SC2054
	WRAP=(setpriv --inh-caps -dac_override,-dac_read_search --bounding-set -dac_override,-dac_read_search)
fi
why "unix: permission denied" "unix $D/locked/l.sock" \
	'permission denied: connecting to .*/locked/l\.sock needs write permission on the socket file and search permission on each directory above it' \
	"unix:$D/locked/l.sock"
WRAP=()

# UDP and TCP, by the step that failed
"$PY3" -c 'import socket,time,sys
s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM); s.bind(("127.0.0.1",0))
open(sys.argv[1],"w").write("%d\n" % s.getsockname()[1]); time.sleep(60)' "$T/udp.port" &
udp_pid=$!
for ((i = 0; i < 100; i++)); do [ -s "$T/udp.port" ] && break; sleep 0.05; done
udp_silent=$(cat "$T/udp.port")
closed=$(free_port)
# whyw NAME WHY-REGEX SOCKERR ARGS...: the why line alone
whyw() {
	local name=$1 re=$2 got
	shift 2
	sk -v "$@"
	got=$(grep '^\* why: ' <<<"$ERR")
	grep -Eq -- "^\* why: $re" <<<"$got" && pass "$name: ${got#\* why: }" || fail "$name" "<$got> does not match /$re/"
}
whyw "udp: closed port" "port unreachable: nothing listens on UDP port $closed" -u -t 0.3 127.0.0.1 "$closed"
whyw "udp: a silent port" 'no reply before the timeout: the UDP port is open and does not answer this datagram, or a firewall drops it' \
	-u -t 0.3 127.0.0.1 "$udp_silent"
whyw "tcp: closed port" "the host answered with a reset: nothing listens on port $closed" 127.0.0.1 "$closed"
