# The ok line's counts in English: "sent 0 bytes", "1 byte", "2 bytes",
# and "received" alike, each number the one CPython 3.11 gives for the
# same exchange (len() of what sendall() sent and recv() returned).
# Loopback only.
. "$TOP/tests/lib.sh"

fixture open tcp
fixture closes tcp --close
fixture one tcp --greet x
fixture two tcp --greet hi

# words N: "N byte(s)"
words() { if [ "$1" = 1 ]; then echo "1 byte"; else echo "$1 bytes"; fi; }

# count NAME WHAT PYLEN SOCKERR ARGS...: the ok line says "WHAT N
# byte(s)" where N is PYLEN.
count() {
	local name=$1 what=$2 n=$3 want
	shift 3
	want="$what $(words "$n")"
	sk "$@"
	if [ "$RC" = 0 ] && grep -Eq "(: |, )$want( in [0-9.]+ ms)?(: \"|$)" <<<"$OUT"; then
		pass "$name: $want"
	else
		fail "$name" "exit $RC <$OUT>, expected \"$want\" (CPython 3: $n)"
	fi
}

pylen() {
	"$PY3" -c '
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
if sys.argv[2] == "send":
    data = sys.argv[3].encode()
    s.sendall(data)
    print(len(data))
else:
    print(len(s.recv(4096)))' "$@"
}

count "--send= (sendall of nothing)" sent "$(pylen "$open" send "")" --send= 127.0.0.1 "$open"
count "--send=x" sent "$(pylen "$open" send x)" --send=x 127.0.0.1 "$open"
count "--send=xy" sent "$(pylen "$open" send xy)" --send=xy 127.0.0.1 "$open"
count "--recv, the server closes at once" received "$(pylen "$closes" recv)" --recv 127.0.0.1 "$closes"
count "--recv, one byte" received "$(pylen "$one" recv)" --recv 127.0.0.1 "$one"
count "--recv, two bytes" received "$(pylen "$two" recv)" --recv 127.0.0.1 "$two"
