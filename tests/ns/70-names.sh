# Names at scale (issue 13): a batch of names, looked up many at once under
# a window that follows the resolver, gives name by name the line Python
# gives — NXDOMAIN, NODATA, SERVFAIL, REFUSED, silence, no server,
# /etc/hosts, search domains — with CPython 3 and Python 2.7; lookup
# threads start only for names; a silent resolver costs one timeout.
. "$TOP/tests/lib.sh"

closed=$(free_port)
# tests/dnsd.py on 127.0.0.4 serves names.test: the first label picks the
# answer (servfail*, refused*, silent*, nodata*, nx*; else A 127.0.0.1).
"$PY3" "$TOP/tests/dnsd.py" "$T/dnsd.ready" --address 127.0.0.4 \
	--zone names.test --seconds 300 >"$T/dnsd.log" 2>&1 &
FIXTURE_PIDS+=($!)
for ((i = 0; i < 100; i++)); do
	[ -s "$T/dnsd.ready" ] && break
	sleep 0.05
done
if [ ! -s "$T/dnsd.ready" ]; then
	fail "setup" "tests/dnsd.py did not start: $(head -c 300 "$T/dnsd.log")"
	exit 0
fi
HOSTS_SAVED=$(cat "$NS/hosts")
printf '%s\n127.0.0.1 hostsonly.names.test hostsonly\n::1 hostsix.names.test\n' \
	"$HOSTS_SAVED" >"$NS/hosts"
cleanup_hook() {
	printf '%s\n' "$HOSTS_SAVED" >"$NS/hosts"
	[ ${#FIXTURE_PIDS[@]} -eq 0 ] || kill "${FIXTURE_PIDS[@]}" 2>/dev/null
	wait 2>/dev/null
}

DNSD_CONF='nameserver 127.0.0.4\nsearch names.test\noptions timeout:1 attempts:1'

# differ NAME FILE SOCKERR-ARGS...: sockerr -i FILE prints, line by line,
# what tests/pybatch.py prints under CPython 3 and Python 2.7.
differ() {
	local name=$1 file=$2 interp fmt label
	shift 2
	for interp in "$PY3" "$PY2"; do
		if [ "$interp" = "$PY3" ]; then fmt=python3 label=python3; else fmt=python label=python; fi
		if [ -z "$interp" ]; then
			skip "$name ($label)" "no Python 2.7 on this machine"
			continue
		fi
		timeout 120 "$interp" "$TOP/tests/pybatch.py" "$file" >"$T/want" 2>"$T/py.err"
		sk -f "$fmt" "$@" -i "$file"
		printf '%s\n' "$OUT" >"$T/got"
		if [ ! -s "$T/want" ]; then
			fail "$name ($label)" "no reference: $(head -c 200 "$T/py.err")"
		elif ! cmp -s "$T/want" "$T/got"; then
			fail "$name ($label)" "$(wc -l <"$T/got") lines; first difference: Python $(diff "$T/want" "$T/got" | grep -m 1 '^<'), sockerr $(diff "$T/want" "$T/got" | grep -m 1 '^>')"
		else
			pass "$name ($label): $(wc -l <"$T/want") names, $(cut -d' ' -f2- "$T/want" | sort -u | wc -l) distinct lines"
		fi
	done
}

# Every kind of answer, interleaved, so the window sees failures and
# silence in the middle of a run of good answers.
for ((i = 1; i <= 20; i++)); do
	echo "n$i.names.test:$closed"		# A
	echo "s$i:$closed"			# search domain
	echo "x$i.y:$closed"			# as is (NXDOMAIN), then searched
	echo "nx$i.names.test:$closed"		# NXDOMAIN
	echo "nodata$i.names.test:$closed"	# NODATA
	echo "servfail$i.names.test:$closed"	# SERVFAIL
	echo "refused$i.names.test:$closed"	# REFUSED
	echo "hostsonly:$closed"		# /etc/hosts, by its alias
	echo "hostsix.names.test:$closed"	# /etc/hosts, IPv6
	echo "localhost:$closed"
	echo "other$i.example:$closed"		# outside the zone
	[ "$i" -le 4 ] && echo "silent$i.names.test:$closed"	# no answer
done >"$T/mixed"

with_resolv "$DNSD_CONF" differ "every kind of answer, -c 256" "$T/mixed" -c 256
with_resolv "$DNSD_CONF" differ "every kind of answer, -c 1024 --resolvers=3" "$T/mixed" -c 1024 --resolvers=3

# The test zone of dnsmasq (enter.sh's resolv.conf).
for ((i = 1; i <= 30; i++)); do
	printf '%s\n' web.test:$closed v6.test:$closed dual.test:$closed \
		txtonly.test:$closed nx$i.test:$closed
done >"$T/zone"
differ "dnsmasq's zone, -c 64" "$T/zone" -c 64

# No server at all: every lookup is refused by the kernel.
seq -f "n%g.names.test:$closed" 1 100 >"$T/noserver"
with_resolv 'nameserver 127.0.0.9\noptions timeout:1 attempts:1' \
	differ "no DNS server, -c 100" "$T/noserver" -c 100

# --- threads on demand: numeric targets start no lookup thread

fixture full tcp --backlog-full
# max_threads ARGS...: the most threads sockerr ARGS had (sampled).
max_threads() {
	local pid most=0 n k
	"$SOCKERR" -q "$@" >/dev/null 2>&1 &	# -t 1: it ends by itself
	pid=$!
	for ((k = 0; k < 100; k++)); do
		n=$(awk '/^Threads:/ { print $2 }' "/proc/$pid/status" 2>/dev/null) || break
		[ -n "$n" ] || break
		[ "$n" -gt "$most" ] && most=$n
		sleep 0.01
	done
	wait "$pid" 2>/dev/null
	echo "$most"
}
loops=$(( $(nproc) < 16 ? $(nproc) : 16 ))
yes "127.0.0.1:$full" | head -n 300 >"$T/numeric"
seq -f "n%g.names.test:$full" 1 300 >"$T/named"
export -f max_threads
tn=$(max_threads -t 1 -c 300 -i "$T/numeric")
tnamed=$(with_resolv "$DNSD_CONF" max_threads -t 1 -c 300 -i "$T/named")
if [ "$tn" -ge 1 ] && [ "$tn" -le $((1 + loops)) ] && [ "$tnamed" -gt $((1 + loops)) ]; then
	pass "threads: 300 numeric targets ran on $tn (event loops only), 300 names on $tnamed"
else
	fail "threads" "300 numeric targets: $tn threads (event loops: at most $((1 + loops))); 300 names: $tnamed (more expected)"
fi

# --- a resolver that never answers costs one timeout, not one per 32

seq -f "silent%g.names.test:$closed" 1 300 >"$T/silent"
t0=$(date +%s%N)
with_resolv 'nameserver 127.0.0.4\noptions timeout:1 attempts:1' \
	sk -c 300 -i "$T/silent"
ms=$((($(date +%s%N) - t0) / 1000000))
again=$(grep -c 'Temporary failure in name resolution$' <<<"$OUT")
# One lookup takes 1 s (timeout:1 attempts:1); 32 at a time took 10 s.
if [ "$again" = 300 ] && [ "$ms" -lt 4000 ]; then
	pass "silent resolver: 300 names -c 300 in $ms ms, all EAI_AGAIN"
else
	fail "silent resolver" "$again of 300 EAI_AGAIN in $ms ms (one timeout is 1000 ms; under 4000 expected)"
fi
