# A batch through the router, no --timeout: each target's line is the one
# CPython 3 prints for it, and each target takes Python's time (the
# blocking connect is made in the batch too), all at once.  No target
# whose error the router sends from ip_error() (no route, a prohibit
# route): that path is rate-limited per source, 1/s, a limit a namespace
# cannot lift, and every other ICMP error to the same client empties its
# bucket (icmp_ratelimit=0 shares it), so in a batch it is chance (10-tcp.sh
# has them alone).
# No routing loop either: its 64 hops run in the sender's softirq, and
# twelve at once outrun the budget, so whether its ICMP meets the first SYN
# is chance (10-tcp.sh has it alone).
. "$TOP/tests/lab/lablib.sh"

targets=(198.51.100.2:80 198.51.100.2:1004 198.51.100.2:1007 198.51.100.2:1008
	198.51.100.2:1009 "[2001:db8:2::2]:1102" 198.51.100.2:1005 198.51.100.2:1002
	192.0.2.99:80 nx.test:80 web.test:1006 dual.test:2000)
printf '%s\n' "${targets[@]}" >"$T/batch"
py_one() {
	local i=$1 t=$2 host port
	host=${t%:*} port=${t##*:}
	host=${host#[}
	host=${host%]}
	_py_timed "b$i" "$LAB_C1" "$PY3" connect "$host" "$port"
}
for i in "${!targets[@]}"; do py_one "$i" "${targets[i]}" & done
_sk_timed batch "$LAB_C3" --format=python3 -c 64 -i "$T/batch" &
_sk_timed json "$LAB_C4" -f json -c 64 -i "$T/batch" &
wait
bad=0
for i in "${!targets[@]}"; do
	t=${targets[i]} this=ok
	want=$(_line "b$i")
	got=$(grep -F -- "$t: " "$T/batch.out" | head -n 1)
	got=${got#"$t: "}
	case $got in ok\ *) got=ok ;; esac
	ms=$(jq -r --arg t "$t" 'select(.target == $t) | .elapsed_ms' "$T/json.out")
	pyt=$(cat "$T/b$i.time")
	if [ "$got" != "$want" ]; then
		fail "batch: $t" "sockerr <$got>, CPython 3 <$want>"; this=FAIL
	elif ! within "$(awk -v m="$ms" 'BEGIN { print m / 1000 }')" "$pyt"; then
		fail "batch: $t" "took ${ms} ms in the batch, CPython 3 $pyt s"; this=FAIL
	fi
	[ $this = ok ] || bad=1
	printf '%s\t%s\t%s\t%s\t\t\t%s\n' "batch: $t" "$want" "$pyt" \
		"$(awk -v m="$ms" 'BEGIN { printf "%.4f", m / 1000 }')" \
		"$this" >>"$TABLE"
done
[ $bad = 1 ] || pass "batch of ${#targets[@]} through the router: every line and time as CPython 3's"

# SIGINT while blocking connects hang in their threads: no wait for them.
env --default-signal=INT ip netns exec "$LAB_C3" "$SOCKERR" -c 8 -i - <<<"$(printf '198.51.100.2:1009\n%.0s' 1 2 3 4 5 6 7 8)" >/dev/null 2>&1 &
pid=$!
sleep 0.5
start=$(date +%s%N)
kill -INT "$(pgrep -P $pid -x sockerr || echo $pid)" 2>/dev/null
wait $pid
rc=$?
ms=$((($(date +%s%N) - start) / 1000000))
if [ $rc = 130 ] && [ $ms -lt 500 ]; then
	pass "SIGINT during blocking connects: exit 130 in $ms ms"
else
	fail "SIGINT during blocking connects" "exit $rc after $ms ms"
fi
