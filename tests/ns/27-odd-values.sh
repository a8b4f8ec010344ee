# Values Python takes that look odd (issue 17), each compared with what
# CPython 3 and Python 2.7 print for the same operation: a timeout under a
# nanosecond, the reverse lookup of a v4-mapped address under several
# /etc/hosts, nsswitch.conf and DNS zones, socket() arguments that do not
# match the address (--family/--type/--proto, over a matrix), the empty
# unix path and abstract name, empty data, and -s :PORT.
. "$TOP/tests/lib.sh"

closed=$(free_port)
HOSTS_SAVED=$(cat "$NS/hosts")
NSS_SAVED=$(cat "$NS/nsswitch.conf")
cleanup_hook() {
	printf '%s\n' "$HOSTS_SAVED" >"$NS/hosts"
	printf '%s\n' "$NSS_SAVED" >"$NS/nsswitch.conf"
	[ ${#FIXTURE_PIDS[@]} -eq 0 ] || kill "${FIXTURE_PIDS[@]}" 2>/dev/null
	wait 2>/dev/null
}

# same_argv NAME PYARGS... -- SOCKERR-ARGS...: same(), for arguments that
# word splitting would lose (an empty one).
same_argv() {
	local name=$1 want_rc fmt interp line
	local -a pyargs=()
	shift
	while [ $# -gt 0 ] && [ "$1" != -- ]; do pyargs+=("$1"); shift; done
	shift
	for fmt in python3 python; do
		if [ $fmt = python3 ]; then interp=$PY3; else interp=$PY2; fi
		if [ -z "$interp" ]; then
			skip "$name ($fmt)" "no Python 2.7 on this machine"
			continue
		fi
		py "$interp" "${pyargs[@]}"
		line=$PYLINE
		sk --format=$fmt "$@"
		case "$line" in
		socket.herror:*) want_rc=2 ;;
		socket.gaierror:*) want_rc=3 ;;
		TimeoutError:* | socket.timeout:*) want_rc=4 ;;
		*Error:* | socket.error:*) want_rc=1 ;;
		*) want_rc=0 ;;
		esac
		if [ "$OUT" != "$line" ] && ! { [ "$line" = ok ] && [ "${OUT#ok }" != "$OUT" ]; }; then
			fail "$name ($fmt)" "sockerr <$OUT>, Python <$line>"
		elif [ "$RC" != "$want_rc" ]; then
			fail "$name ($fmt)" "exit $RC, expected $want_rc for <$line>"
		else
			pass "$name ($fmt): $line"
		fi
	done
}

# --- a timeout under a nanosecond is rounded up, not to 0 (non-blocking)

fixture open tcp --seconds 600
fixture full tcp --backlog-full --seconds 600
for t in 0.0000000001 0.0000000009; do
	same_argv "-t $t connects (rounded up to 1 ns)" connect 127.0.0.1 "$open" -t $t -- -t $t 127.0.0.1 "$open"
done
same_argv "-t 0.0000000001 on a full backlog: timed out, not [Errno 115]" \
	connect 127.0.0.1 "$full" -t 0.0000000001 -- -t 0.0000000001 127.0.0.1 "$full"
sk -f json -w 0.3 --interval=0.0000000001 127.0.0.1 "$closed"
tries=$(jq -r .tries <<<"$OUT" 2>/dev/null)
if [ "$RC" = 1 ] && [ "${tries:-0}" -gt 1 ] 2>/dev/null; then
	pass "--interval 0.0000000001 is 1 ns, not refused as 0: $tries tries"
else
	fail "--interval 0.0000000001" "exit $RC, tries <$tries>: $ERR"
fi

# --- reverse lookups: CPython's gethost_common()

# rsame NAME PYREF-ARGS SOCKERR-ARGS...: same(), except that where Python
# finds a name, sockerr's ok line ends with it: "(AF_INET6, NAME)".
rsame() {
	local name=$1 pyargs=$2 fmt interp want_rc
	shift 2
	for fmt in python3 python; do
		if [ $fmt = python3 ]; then interp=$PY3; else interp=$PY2; fi
		[ -n "$interp" ] || { skip "$name ($fmt)" "no Python 2.7"; continue; }
		# shellcheck disable=SC2086
		py "$interp" $pyargs
		sk -f $fmt "$@"
		case "$PYLINE" in
		socket.herror:*) want_rc=2 ;;
		*Error:* | socket.error:*) want_rc=1 ;;
		*) want_rc=0 ;;
		esac
		if [ "$RC" != "$want_rc" ]; then
			fail "$name ($fmt)" "exit $RC, <$OUT>, Python <$PYLINE>"
		elif [ $want_rc = 0 ] && [ "${OUT%, "$PYLINE")}" = "$OUT" ]; then
			fail "$name ($fmt)" "<$OUT> does not end with Python's name <$PYLINE>"
		elif [ $want_rc != 0 ] && [ "$OUT" != "$PYLINE" ]; then
			fail "$name ($fmt)" "sockerr <$OUT>, Python <$PYLINE>"
		else
			pass "$name ($fmt): $PYLINE"
		fi
	done
}

# files and the dnsmasq zone (enter.sh): 127.0.0.9 has a PTR.  glibc's DNS
# module looks ::ffff:127.0.0.9 (and ::127.0.0.9) up as 127.0.0.9 and
# answers AF_INET, which Python refuses.
for a in ::ffff:127.0.0.9 ::127.0.0.9 ::ffff:127.0.0.10 127.0.0.10; do
	rsame "reverse $a, hosts: files dns" "reverse $a" -n -r "$a"
done
fixture p9 tcp --host 127.0.0.9 --seconds 600
same "reverse after connecting to ::ffff:127.0.0.9" "reverse-peer ::ffff:127.0.0.9 $p9" -r ::ffff:127.0.0.9 "$p9"
sk -f json -n -r ::ffff:127.0.0.9
got=$(jq -c '[.stage,.class,.py3_class,.code,.name]' <<<"$OUT" 2>/dev/null)
want='["reverse","socket.error","OSError",97,"EAFNOSUPPORT"]'
[ "$RC" = 1 ] && [ "$got" = "$want" ] && pass "json: a refused reverse answer is EAFNOSUPPORT at stage reverse" ||
	fail "json: a refused reverse answer" "exit $RC, $got (want $want)"

# hosts: files alone: not found leaves h_errno 0, which Python reports
printf 'hosts: files\nservices: files\nprotocols: files\n' >"$NS/nsswitch.conf"
for a in ::ffff:127.0.0.1 127.0.0.2 ::1 127.0.0.1; do
	rsame "reverse $a, hosts: files" "reverse $a" -n -r "$a"
done
same "reverse after connecting to ::ffff:127.0.0.1, hosts: files" \
	"reverse-peer ::ffff:127.0.0.1 $open" -r ::ffff:127.0.0.1 "$open"
# a v4-mapped entry in /etc/hosts is an IPv6 answer: a name
printf '127.0.0.1 localhost\n::ffff:127.0.0.1 mapped-in-hosts\n' >"$NS/hosts"
rsame "reverse ::ffff:127.0.0.1 listed in /etc/hosts: its name" "reverse ::ffff:127.0.0.1" -n -r ::ffff:127.0.0.1
printf '%s\n' "$HOSTS_SAVED" >"$NS/hosts"
printf '%s\n' "$NSS_SAVED" >"$NS/nsswitch.conf"

# a zone of its own, with PTRs in ip6.arpa: ::1 gets its name, and the
# mapped address's ip6.arpa PTR is never asked for
rev6() { "$PY3" -c 'import ipaddress, sys; print(ipaddress.ip_address(sys.argv[1]).reverse_pointer)' "$1"; }
dnsmasq --keep-in-foreground --conf-file=/dev/null --no-resolv --no-hosts \
	--user=root --listen-address=127.0.0.5 --bind-interfaces \
	--local=/test/ --local=/in-addr.arpa/ --local=/ip6.arpa/ \
	--ptr-record="$(rev6 ::1),six.test" \
	--ptr-record="$(rev6 ::ffff:127.0.0.9),mapped.test" \
	--ptr-record=9.0.0.127.in-addr.arpa,four.test \
	--pid-file="$T/dnsmasq.pid" --log-facility="$T/dnsmasq.log" &
FIXTURE_PIDS+=($!)
ZONE='nameserver 127.0.0.5\noptions timeout:1 attempts:1'
for ((i = 0; i < 100; i++)); do
	with_resolv "$ZONE" getent hosts ::1 >/dev/null 2>&1 && [ -s "$T/dnsmasq.pid" ] && break
	sleep 0.05
done
printf '127.0.0.1 localhost\n' >"$NS/hosts"
for a in ::1 ::ffff:127.0.0.9 127.0.0.9; do
	with_resolv "$ZONE" rsame "reverse $a, PTRs in ip6.arpa and in-addr.arpa" "reverse $a" -n -r "$a"
done
printf '%s\n' "$HOSTS_SAVED" >"$NS/hosts"

# --- --family/--type/--proto: socket()'s arguments, then connect() with
# the tuple getaddrinfo() gave, read by the socket's family

fixture both6 tcp --host ::1 --seconds 600
fixture both4 tcp --host 127.0.0.1 --port "$both6" --seconds 600
fixture ulisten unix "$T/listen.sock" --accept --seconds 600
declare -A AF=([-]=- [inet]=2 [inet6]=10 [unix]=1 [netlink]=16 [packet]=17 [vsock]=40 [44]=44)
declare -A ST=([-]=- [stream]=1 [dgram]=2 [raw]=3 [seqpacket]=5)
declare -A PR=([-]=- [0]=0 [tcp]=6 [udp]=17)
targets=("127.0.0.1 $both6" "127.0.0.1 $closed" "::1 $both6" "dual.test $closed"
	"unix:$T/listen.sock -" "unix:@sockerr-none-$$ -")
: >"$T/matrix"
for tg in "${targets[@]}"; do
	for f in - inet inet6 unix netlink packet vsock 44; do
		for tp in "- -" "- 0" "dgram -" "dgram 0" "raw -" "stream 0" "seqpacket 0"; do
			read -r t p <<<"$tp"
			read -r host port <<<"$tg"
			echo "${AF[$f]} ${ST[$t]} ${PR[$p]} $host $port" >>"$T/matrix"
			echo "$f $t $p $host $port" >>"$T/matrix.sk"
		done
	done
done
n=$(wc -l <"$T/matrix")
for fmt in python3 python; do
	if [ $fmt = python3 ]; then interp=$PY3; else interp=$PY2; fi
	if [ -z "$interp" ]; then
		skip "socket() arguments x address matrix ($fmt)" "no Python 2.7 on this machine"
		continue
	fi
	timeout 300 "$interp" "$TOP/tests/pyoverride.py" "$T/matrix" >"$T/want.$fmt" 2>"$T/py.err"
	: >"$T/got.$fmt"
	while read -r f t p host port; do
		args=()
		[ "$f" = - ] || args+=(--family="$f")
		[ "$t" = - ] || args+=(--type="$t")
		[ "$p" = - ] || args+=(--proto="$p")
		if [ "$port" = - ]; then args+=("$host"); else args+=("$host" "$port"); fi
		timeout 10 "$SOCKERR" -f $fmt "${args[@]}" >>"$T/got.$fmt" 2>/dev/null ||
			[ $? != 124 ] || echo "(sockerr hung)" >>"$T/got.$fmt"
	done <"$T/matrix.sk"
	sed -i 's/^ok .*/ok/' "$T/got.$fmt"
	if [ "$(wc -l <"$T/want.$fmt")" != "$n" ]; then
		fail "socket() arguments x address matrix ($fmt)" "no reference: $(head -c 300 "$T/py.err")"
	elif ! cmp -s "$T/want.$fmt" "$T/got.$fmt"; then
		k=$(diff "$T/want.$fmt" "$T/got.$fmt" | grep -m 1 '^[0-9]' | sed 's/[^0-9].*//')
		fail "socket() arguments x address matrix ($fmt)" \
			"$(diff "$T/want.$fmt" "$T/got.$fmt" | grep -c '^>') of $n differ; first: $(sed -n "${k}p" "$T/matrix.sk"): Python <$(sed -n "${k}p" "$T/want.$fmt")>, sockerr <$(sed -n "${k}p" "$T/got.$fmt")>"
	else
		pass "socket() arguments x address matrix ($fmt): $n cases, $(sort -u "$T/want.$fmt" | wc -l) distinct lines"
	fi
done
# with -u: Python 2.7 connects an IPv6 socket to [::]:PORT for an IPv4
# address, so the datagram meets ::1, where nothing listens
fixture echo udp --echo --seconds 600
same "--family=inet6 -u 127.0.0.1: 2.7 sends to [::1], CPython 3 a gaierror" \
	"override 127.0.0.1 $echo 10 - - -u" -u --family=inet6 127.0.0.1 "$echo"
same "--family=inet --proto=0 dual.test: the TypeError ends create_connection()" \
	"override dual.test $both6 2 - 0" --family=inet --proto=0 dual.test "$both6"
sk -f json --family=inet ::1 "$both6"
got=$(jq -c '[.stage,.class,.py3_class,.code,.name,.message]' <<<"$OUT" 2>/dev/null)
want='["connect","TypeError","TypeError",null,null,"AF_INET address must be a pair (host, port)"]'
[ "$RC" = 1 ] && [ "$got" = "$want" ] && pass "json: a TypeError from --family" ||
	fail "json: a TypeError from --family" "exit $RC, $got (want $want)"

# --- the empty unix path and abstract name; empty data

for u in "" -u; do
	d=; [ -n "$u" ] && d=--dgram
	same_argv "unix: (the empty path) $u" unix "" $d -- $u unix:
	same_argv "unix:@ (the empty abstract name) $u" unix @ $d -- $u unix:@
done
same_argv "--send= on TCP: sendall(b\"\")" exchange 127.0.0.1 "$open" --send "" -- --send= 127.0.0.1 "$open"
same_argv "--send \"\" -u to an echo: an empty datagram, an empty answer" \
	udp 127.0.0.1 "$echo" --send "" -- -u --send "" 127.0.0.1 "$echo"
same_argv "--send= -u to a closed port: refused" \
	udp 127.0.0.1 "$closed" -t 1 --send "" -- -u -t 1 --send= 127.0.0.1 "$closed"
sk -f json -u --send= 127.0.0.1 "$echo"
got=$(jq -c '[.ok,.sent_bytes,.received]' <<<"$OUT" 2>/dev/null)
[ "$RC" = 0 ] && [ "$got" = '[true,0,""]' ] && pass "json: an empty datagram sent, an empty one received" ||
	fail "json: an empty datagram" "exit $RC, $got"

# --- -s :PORT: source_address=('', PORT), the family's any-address

for target in "127.0.0.1 $closed" "::1 $closed"; do
	src=$(free_port)
	# shellcheck disable=SC2086
	same "-s :PORT, then $target refused" "connect $target -s :$src" -s ":$src" $target
done
fixture held tcp --host 0.0.0.0 --seconds 600
same "-s :PORT of a port in use: EADDRINUSE" "connect 127.0.0.1 $open -s :$held" -s ":$held" 127.0.0.1 "$open"
src=$(free_port)
sk -f json -s ":$src" 127.0.0.1 "$open"
got=$(jq -c '[.ok,.local,.local_port]' <<<"$OUT" 2>/dev/null)
[ "$RC" = 0 ] && [ "$got" = "[true,\"127.0.0.1\",$src]" ] && pass "-s :PORT connects from PORT" ||
	fail "-s :PORT connects from PORT" "exit $RC, $got: $OUT"
