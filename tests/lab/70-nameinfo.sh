# --nameinfo[=FLAGS]: socket.getnameinfo() of the connected (or, with -n,
# the resolved) address, with Python's errors; and --interface.
. "$TOP/tests/lab/lablib.sh"

S4=198.51.100.2
# nameinfo_race NAME HOST PORT FLAGS|- [-n]
nameinfo_race() {
	local name=$1 host=$2 port=$3 flags=$4 opt=()
	[ "${5:-}" = -n ] && opt=(-n)
	if [ "$flags" = - ]; then
		race "nameinfo: $name" "nameinfo $host $port - ${opt[*]}" "${opt[@]}" --nameinfo "$host" "$port"
	else
		race "nameinfo: $name" "nameinfo $host $port $flags ${opt[*]}" "${opt[@]}" --nameinfo="$flags" "$host" "$port"
	fi
}
resolv_default
nameinfo_race "a PTR" $S4 80 -
nameinfo_race "a PTR, NAMEREQD" $S4 80 NAMEREQD
nameinfo_race "a PTR, -n" $S4 80 NAMEREQD -n
nameinfo_race "no PTR" 198.51.100.9 80 - -n
nameinfo_race "no PTR, NAMEREQD" 198.51.100.9 80 NAMEREQD -n
nameinfo_race "NUMERICHOST" 198.51.100.9 80 NAMEREQD,NUMERICHOST -n
nameinfo_race "NUMERICSERV,DGRAM,NOFQDN" $S4 80 NUMERICSERV,DGRAM,NOFQDN
nameinfo_race "IPv6, a PTR, NAMEREQD" 2001:db8:2::2 80 NAMEREQD
for spec in 198.51.100.7:dropped 198.51.100.3:REFUSED 198.51.100.4:SERVFAIL; do
	resolv "nameserver ${spec%%:*}\noptions timeout:1 attempts:1"
	nameinfo_race "DNS ${spec#*:}" $S4 80 - -n
	nameinfo_race "DNS ${spec#*:}, NAMEREQD" $S4 80 NAMEREQD -n
done
resolv_default

# --interface: SO_BINDTODEVICE; a device that is not there is ENODEV
WRAP=(ip netns exec "$LAB_C")
expect "--interface=c0 connects" 0 "" -q --interface=c0 $S4 80
want=$(ip netns exec "$LAB_C" "$PY3" -c 'import socket; s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, b"nosuch0")' 2>&1 | tail -n 1)
expect "--interface=nosuch0: CPython 3's setsockopt error" 1 "$want" -f python3 --interface=nosuch0 $S4 80
# without capabilities: a first SO_BINDTODEVICE needs none (Linux 5.7+), as
# for CPython 3's setsockopt
if command -v setpriv >/dev/null; then
	WRAP=(ip netns exec "$LAB_C" setpriv --inh-caps=-all --bounding-set=-all)
	want=$("${WRAP[@]}" "$PY3" -c 'import socket; s=socket.create_connection(("198.51.100.2", 80)); s.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, b"c0"); print("ok")' 2>&1 | tail -n 1)
	sk -f python3 --interface=c0 $S4 80
	case $want:$OUT in
	ok:ok\ *) pass "--interface without privileges: as CPython 3's setsockopt (ok)" ;;
	*) fail "--interface without privileges" "CPython 3 <$want>, sockerr <$OUT>" ;;
	esac
	WRAP=(ip netns exec "$LAB_C")
else
	skip "--interface without privileges" "setpriv is missing"
fi
# bound to lo, the server is out of reach: the SYN timeout
expect "--interface=lo: out of reach" 4 "socket.timeout: timed out" -t 0.3 --interface=lo $S4 80
WRAP=()
