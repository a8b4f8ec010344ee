# Dual-stack names (issue 19): --happy-eyeballs against CPython's
# asyncio.open_connection(happy_eyeballs_delay=D) at the same moment (the
# winner, or the line; the exit status; the time within LAB_SLACK), the
# diagnosis against what Python's create_connection() really takes, curl's
# winner and time, the interleave order with 3 IPv6 + 2 IPv4 addresses,
# and a batch of 1,000 names whose IPv6 is dropped.  The scenario's own
# addresses, names and firewall rules are added here and removed at exit.
. "$TOP/tests/lab/lablib.sh"

S6=2001:db8:2::2
AIO=$TOP/tests/lab/aioref.py
HOSTS_SAVED=$T/hosts.saved
cp "/etc/netns/$LAB_C1/hosts" "$HOSTS_SAVED"

ds_down() {
	local n
	for n in "$LAB_C1" "$LAB_C2" "$LAB_C3" "$LAB_C4"; do
		cp "$HOSTS_SAVED" "/etc/netns/$n/hosts"
	done
	ip netns exec "$LAB_R" nft delete table inet sklab19 2>/dev/null
	ip netns exec "$LAB_S" ip addr del 2001:db8:2::3/64 dev s0 2>/dev/null
	ip netns exec "$LAB_S" ip addr del 2001:db8:2::4/64 dev s0 2>/dev/null
	[ -z "${LISTENER:-}" ] || { kill "$LISTENER"; wait "$LISTENER"; } 2>/dev/null
}
trap 'ds_down; rm -rf "$T"' EXIT

# five.test: 3 IPv6 + 2 IPv4 addresses, all refused at port 9; nr.test:
# an IPv6 address the client has no route to (connect() fails at once)
# and the server; nr2.test: no route to either; n0..n999.test: dual-stack
# names for the batch
{
	cat "$HOSTS_SAVED"
	printf '%s five.test\n' $S6 2001:db8:2::3 2001:db8:2::4 198.51.100.2 198.51.100.3
	printf '%s nr.test\n' 2001:db8:4::1 198.51.100.2
	printf '%s nr2.test\n' 2001:db8:4::1 203.0.113.200
	for i in $(seq 0 999); do printf '%s n%d.test\n198.51.100.2 n%d.test\n' $S6 "$i" "$i"; done
} >"$T/hosts"
for n in "$LAB_C1" "$LAB_C2" "$LAB_C3" "$LAB_C4"; do cp "$T/hosts" "/etc/netns/$n/hosts"; done
ip netns exec "$LAB_S" ip addr add 2001:db8:2::3/64 dev s0 nodad
ip netns exec "$LAB_S" ip addr add 2001:db8:2::4/64 dev s0 nodad
# port 2001: IPv6 reset, IPv4 host-unreachable; port 2100: IPv6 dropped,
# IPv4 a listener whose accept queue holds the whole batch
ip netns exec "$LAB_R" nft -f - <<'NFT'
table inet sklab19 {
	chain forward {
		type filter hook forward priority -1; policy accept;
		ip6 daddr 2001:db8:2::2 tcp dport 2001 reject with tcp reset
		ip daddr 198.51.100.2 tcp dport 2001 reject with icmp type host-unreachable
		ip6 daddr 2001:db8:2::2 tcp dport 2100 drop
	}
}
NFT
ip netns exec "$LAB_S" python3 -c 'import socket, sys, time
s = socket.socket(socket.AF_INET6); s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("::", 2100)); s.listen(4096); open(sys.argv[1], "w").write("ready\n"); time.sleep(600)' "$T/l.ready" &
LISTENER=$!
for ((i = 0; i < 50; i++)); do [ -s "$T/l.ready" ] && break; sleep 0.1; done

# _aio_timed TAG NS PYTHON HOST PORT DELAY: asyncio's connect, timed
_aio_timed() {
	local tag=$1 ns=$2 interp=$3
	shift 3
	_script_timed "$tag" "$ns" "$interp" "$AIO" "$@"
}

# the status of asyncio's line: wait_for()'s bare TimeoutError is 4
aio_rc() { if [ "$1" = TimeoutError ]; then echo 4; else class_rc "$1"; fi; }

# sockerr's line as asyncio's: "ok ADDRESS" for the winner
_he_line() {
	local l
	l=$(cat "$T/$1.out")
	case $l in
	ok\ *) l=${l#ok }; echo "ok ${l%% port *}" ;;
	*) printf '%s\n' "$l" ;;
	esac
}

# he NAME DELAY HOST PORT [TIMEOUT]: asyncio (CPython 3.11) in LAB_C1,
# Python 2.7's create_connection() in LAB_C2, sockerr
# --happy-eyeballs=DELAY -f python3 -v in LAB_C3, -f python in LAB_C4.
# DELAY "-": --asyncio (no happy_eyeballs_delay; no python format);
# TIMEOUT: asyncio.wait_for()'s, sockerr's -t.
he() {
	local name=$1 delay=$2 host=$3 port=$4 l3 s3 ok=1 args=()
	if [ "$delay" = - ]; then args=(--asyncio); else args=(--happy-eyeballs="$delay"); fi
	[ -z "${5:-}" ] || args+=(-t "$5")
	rm -f "$T"/{py3,py2,sk3,sk2}.*
	local pids=()
	_aio_timed py3 "$LAB_C1" "$PY3" "$host" "$port" "$delay" ${5:+"$5"} & pids+=($!)
	if [ "$delay" != - ]; then
		[ -z "$PY2" ] || { _py_timed py2 "$LAB_C2" "$PY2" connect "$host" "$port" & pids+=($!); }
		_sk_timed sk2 "$LAB_C4" --format=python "${args[@]}" "$host" "$port" & pids+=($!)
	fi
	_sk_timed sk3 "$LAB_C3" --format=python3 -v "${args[@]}" "$host" "$port" & pids+=($!)
	wait "${pids[@]}"
	l3=$(_line py3)
	s3=$(_he_line sk3)
	if [ "$s3" != "$l3" ]; then
		fail "$name (asyncio)" "sockerr <$s3>, asyncio <$l3>"; ok=0
	elif [ "$(cat "$T/sk3.rc")" != "$(aio_rc "$l3")" ]; then
		fail "$name (asyncio)" "exit $(cat "$T/sk3.rc"), expected $(aio_rc "$l3") for <$l3>"; ok=0
	elif ! within "$(cat "$T/sk3.time")" "$(cat "$T/py3.time")"; then
		fail "$name (asyncio)" "sockerr took $(cat "$T/sk3.time") s, asyncio $(cat "$T/py3.time") s"; ok=0
	else
		pass "$name (asyncio): $l3 in $(cat "$T/py3.time") s, sockerr $(cat "$T/sk3.time") s"
	fi
	printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$l3" "$(cat "$T/py3.time")" \
		"$(cat "$T/sk3.time")" "$([ $ok = 1 ] && echo ok || echo FAIL)" >>"$TABLE"
}

# he_py2 NAME: the python format's line when every address failed is
# Python 2.7's create_connection()'s (2.7 has no asyncio)
he_py2() {
	local l2 s2
	if [ -z "$PY2" ]; then skip "$1 (python)" "no Python 2.7 on this machine"; return; fi
	l2=$(_line py2)
	s2=$(cat "$T/sk2.out")
	if [ "$s2" = "$l2" ] && [ "$(cat "$T/sk2.rc")" = "$(class_rc "$l2")" ]; then
		pass "$1 (python): $l2"
	else
		fail "$1 (python)" "sockerr <$s2> exit $(cat "$T/sk2.rc"), Python 2.7 <$l2>"
	fi
}

# diag NAME PATTERN: sockerr -v's dual-stack line matches PATTERN
diag() {
	local d
	d=$(grep '^\* dual-stack: ' "$T/sk3.err")
	# shellcheck disable=SC2053
	if [[ $d == $2 ]]; then pass "$1: $d"; else fail "$1" "<$d>, want <$2>"; fi
}

he "IPv6 dropped, IPv4 answers" 0.25 dual.test 2000
# for the README and the man page: real output
cat "$T/sk3.err" "$T/sk3.out" >"$TOP/tests/out/dualstack-v.txt"
diag "IPv6 dropped: the diagnosis" "* dual-stack: IPv6 \[$S6\]:2000 did not answer the SYN in 2?? ms (dropped, or an ICMP error held to the next SYN); IPv4 198.51.100.2:2000 answered in * ms; Python's create_connection() would take 3 s here, a Happy Eyeballs client 2?? ms"
he "IPv6 dropped, delay 0.5" 0.5 dual.test 2000
he "IPv6 dropped, delay 0" 0 dual.test 2000
he "IPv6 reset, IPv4 answers" 0.25 dual.test 1108
diag "IPv6 reset: the diagnosis" "* dual-stack: IPv6 \[$S6\]:1108 refused the connection (a reset: nothing listens there); IPv4 198.51.100.2:1108 answered in * ms; Python's create_connection() would take * ms here, a Happy Eyeballs client * ms"
he "IPv6 admin-prohibited, IPv4 answers" 0.25 dual.test 1102
# a non-blocking connect holds the ICMP error to the next SYN (asyncio
# too): the IPv4 attempt starts at the delay
diag "IPv6 admin-prohibited: the diagnosis" "* dual-stack: IPv6 \[$S6\]:1102 did not answer the SYN in 2?? ms (*); IPv4 198.51.100.2:1102 answered in *"
# connect() fails at once: the next address starts at once; the error
# keeps its own text, and two that read the same are raised as the first
he "IPv6 no route at the client, IPv4 answers" 0.25 nr.test 80
he "no route to either: the same text twice, the first raised" 0.25 nr2.test 80
he_py2 "no route to either"
he "every address refused" 0.25 dual.test 9
he_py2 "every address refused"
he "every address failing differently" 0.25 dual.test 2001
he_py2 "every address failing differently"
he "3 IPv6 + 2 IPv4, all refused: the interleave order" 0.25 five.test 9
he_py2 "3 IPv6 + 2 IPv4, all refused"
o=$(cat "$T/sk3.out")
want="OSError: Multiple exceptions: [Errno 111] Connect call failed ('$S6', 9, 0, 0), [Errno 111] Connect call failed ('198.51.100.2', 9), [Errno 111] Connect call failed ('2001:db8:2::3', 9, 0, 0), [Errno 111] Connect call failed ('198.51.100.3', 9), [Errno 111] Connect call failed ('2001:db8:2::4', 9, 0, 0)"
if [ "$o" = "$want" ]; then pass "interleave: v6 v4 v6 v4 v6"; else fail "interleave: v6 v4 v6 v4 v6" "<$o>"; fi

# --asyncio: asyncio.open_connection() without a delay, one address after
# another; -t as asyncio.wait_for()
he "--asyncio -t 1, IPv6 dropped: TimeoutError" - dual.test 2000 1
he "--asyncio, IPv6 reset, IPv4 answers" - dual.test 1108
he "--asyncio, every address failing differently" - dual.test 2001
he "--asyncio, 3 IPv6 + 2 IPv4 all refused: getaddrinfo's order" - five.test 9

# The diagnosis's figure for Python against Python: create_connection()
# to dual.test 2000 waits out the SYN timeout (tcp_syn_retries=1: 3 s)
rm -f "$T"/{py3,sk3}.*
_py_timed py3 "$LAB_C1" "$PY3" connect dual.test 2000 & p1=$!
_sk_timed sk3 "$LAB_C3" -f json --happy-eyeballs dual.test 2000 & p2=$!
wait $p1 $p2
pys=$(jq -r .dualstack.python_s "$T/sk3.out")
if [ "$(_line py3)" = ok ] && within "$pys" "$(cat "$T/py3.time")"; then
	pass "diagnosis: create_connection() would take $pys s, it took $(cat "$T/py3.time") s"
else
	fail "diagnosis: Python's time" "said $pys s, Python took $(cat "$T/py3.time") s ($(_line py3))"
fi

# Every interpreter with happy_eyeballs_delay (3.8+): the same lines
for v in 3.8.18 3.9.18 3.10.13 3.12.1 3.13.0; do
	py=/root/.pyenv/versions/$v/bin/python
	[ -x "$py" ] || { skip "asyncio $v" "no $py"; continue; }
	PY3=$py he "every address failing differently, CPython $v" 0.25 dual.test 2001
	PY3=$py he "IPv6 dropped, CPython $v" 0.25 dual.test 2000
done

# curl (its own Happy Eyeballs, 200 ms): the same winner, a similar time
if command -v curl >/dev/null; then
	rm -f "$T"/{cu,sk3}.*
	ip netns exec "$LAB_C1" curl -s -o /dev/null -m 1 -w '%{remote_ip} %{time_connect}\n' \
		http://dual.test:2000/ >"$T/cu.out" & p1=$!
	_sk_timed sk3 "$LAB_C3" -f json --happy-eyeballs=0.2 dual.test 2000 & p2=$!
	wait $p1 $p2
	read -r cip ct <"$T/cu.out"
	sip=$(jq -r .address "$T/sk3.out")
	st=$(jq -r '.elapsed_ms / 1000' "$T/sk3.out")
	if [ "$cip" = "$sip" ] && within "$st" "$ct"; then
		pass "curl: $cip in $ct s, sockerr --happy-eyeballs=0.2: $sip in $st s"
	else
		fail "curl" "curl $cip in $ct s, sockerr $sip in $st s"
	fi
else
	skip "curl" "no curl"
fi

# 1,000 dual-stack names, IPv6 dropped: one delay plus a round trip, all
# connected over IPv4, each with its diagnosis; socket mode, -t 1, for
# the figure beside it
for i in $(seq 0 999); do echo "n$i.test 2100"; done >"$T/names"
_sk_timed n1k "$LAB_C3" -n -c 1000 -i "$T/names"	# the lookups alone
_sk_timed he1k "$LAB_C3" -f json --happy-eyeballs -c 1000 -i "$T/names"
_sk_timed sock1k "$LAB_C4" -f json -t 1 -c 1000 -i "$T/names"
n_ok=$(jq -s '[.[] | select(.ok and .address == "198.51.100.2" and .dualstack.broken_family == "IPv6")] | length' "$T/he1k.out")
# each target's race, its lookup left out: one delay plus a round trip
race_max=$(jq -s 'map(.elapsed_ms - .timings.resolve_ms) | max / 1000' "$T/he1k.out")
t=$(cat "$T/he1k.time") tn=$(cat "$T/n1k.time")
if [ "$n_ok" = 1000 ] && within "$race_max" 0.25; then
	pass "1,000 names, --happy-eyeballs -c 1000: $t s, the lookups alone (-n) $tn s, the longest race $race_max s (socket mode -t 1: $(cat "$T/sock1k.time") s)"
else
	fail "1,000 names, --happy-eyeballs -c 1000" "$n_ok of 1000 over IPv4 with a diagnosis, the longest race $race_max s (want 0.25 s within $LAB_SLACK s), in $t s: $(jq -c 'select((.ok and .address == "198.51.100.2" and .dualstack.broken_family == "IPv6") | not)' "$T/he1k.out" | head -n 2)"
fi
printf '%s\t%s\t%s\t%s\t%s\n' "1,000 names" "--happy-eyeballs -c 1000" "$t" \
	"socket mode -t 1: $(cat "$T/sock1k.time"); -n: $tn; longest race $race_max" "" >>"$TABLE"
