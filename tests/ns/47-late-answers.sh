# A lookup answer that comes after its probe's deadline belongs to no one:
# the probe ended (a timeout at the resolve stage) and its slot went to the
# next target, which must never get it.  A name server that answers every
# query 1.5 s late, --max-time=1 and -c 1 (one slot, reused) over three
# names whose ports differ: each name times out at resolve, alone in its
# second.  Without --max-time the same batch gives what CPython 3.11's
# create_connection() gives each target (tests/pybatch.py), so the names
# do resolve, late.
. "$TOP/tests/lib.sh"

"$PY3" "$TOP/tests/dnsd.py" "$T/dns.ready" --address 127.0.0.4 --delay 1.5 \
	--zone late.test --seconds 120 >/dev/null 2>&1 &
FIXTURE_PIDS+=($!)
for ((i = 0; i < 100; i++)); do [ -s "$T/dns.ready" ] && break; sleep 0.05; done
[ -s "$T/dns.ready" ] || fail setup "dnsd.py did not start"
fixture open tcp
closed=$(free_port)
saved=$(cat "$NS/resolv.conf")
printf 'nameserver 127.0.0.4\noptions timeout:5 attempts:1\n' >"$NS/resolv.conf"

# a: an open port; b: a closed one; c: a name with no address
printf '%s\n' "a.late.test:$open" "b.late.test:$closed" "nxc.late.test:$open" >"$T/names"

t0=$(date +%s%N)
sk -f json --max-time=1 -c 1 -i "$T/names"
ms=$((($(date +%s%N) - t0) / 1000000))
got=$(jq -r '[.target, .stage, .class, (.elapsed_ms | floor)] | @tsv' <<<"$OUT" 2>/dev/null)
bad=$(jq -r 'select(.stage != "resolve" or .class != "socket.timeout" or
	.elapsed_ms < 990 or .elapsed_ms > 1400) | .target' <<<"$OUT" 2>/dev/null)
if [ "$(wc -l <<<"$got")" != 3 ] || [ -n "$bad" ]; then
	fail "--max-time=1 -c 1, answers at 1.5 s: each name times out at resolve" \
		"exit $RC after $ms ms: $(tr '\n\t' '| ' <<<"$got") (wrong: $(tr '\n' ' ' <<<"$bad"))"
elif [ "$RC" != 4 ]; then
	fail "--max-time=1 -c 1, answers at 1.5 s: each name times out at resolve" "exit $RC, expected 4"
else
	pass "--max-time=1 -c 1, answers at 1.5 s: each name times out at resolve, no late answer handed on ($ms ms)"
fi

# The same with a second slot: the late answers come while other lookups
# are out, on other slots.
printf '%s\n' "a.late.test:$open" "b.late.test:$closed" "nxc.late.test:$open" \
	"d.late.test:$closed" "e.late.test:$open" >"$T/names5"
sk -f json --max-time=1 -c 2 -i "$T/names5"
bad=$(jq -r 'select(.stage != "resolve" or .class != "socket.timeout") | .target' <<<"$OUT" 2>/dev/null)
if [ "$(grep -c . <<<"$OUT")" != 5 ] || [ -n "$bad" ]; then
	fail "--max-time=1 -c 2, answers at 1.5 s: each name times out at resolve" \
		"exit $RC: $(jq -c '[.target, .stage, .class]' <<<"$OUT" 2>/dev/null | tr '\n' ' ')"
else
	pass "--max-time=1 -c 2, answers at 1.5 s: each name times out at resolve"
fi

# Unbounded, each target gets its own answer: Python's lines, in order.
sk -f python3 -c 1 -i "$T/names"
timeout 30 "$PY3" "$TOP/tests/pybatch.py" "$T/names" >"$T/py" 2>&1
want=$(cat "$T/py")
got=$(sed -E 's/: ok .*/: ok/' <<<"$OUT")
if [ "$got" = "$want" ]; then
	pass "no --max-time: each name its own answer, as CPython 3 ($(tr '\n' '|' <<<"$want"))"
else
	fail "no --max-time: each name its own answer, as CPython 3" "<$(tr '\n' '|' <<<"$got")>, CPython 3 <$(tr '\n' '|' <<<"$want")>"
fi

printf '%s\n' "$saved" >"$NS/resolv.conf"
