# --format=json (every output parsed with jq) and --wait.
. "$TOP/tests/lib.sh"

closed=$(free_port)
fixture full tcp --backlog-full
fixture open tcp
fixture bin tcp --greet-hex 68c3a96c6c6f2000ff1b5b324a
keys='["target","ok","stage","address","port","class","py3_class","code","name","message","elapsed_ms","timings"]'

# json NAME JQ-FILTER WANT ARGS...: every line parses, has the contract's
# keys, and the filter gives WANT.
json() {
	local name=$1 filter=$2 want=$3 got
	shift 3
	sk -f json "$@"
	if ! jq -e . >/dev/null 2>&1 <<<"$OUT"; then
		fail "$name" "not JSON: $OUT"
		return
	fi
	if ! jq -e --argjson k "$keys" '. as $o | all($k[]; . as $key | $o | has($key))' >/dev/null <<<"$OUT"; then
		fail "$name" "keys missing: $OUT"
		return
	fi
	got=$(jq -c "$filter" <<<"$OUT")
	[ "$got" = "$want" ] && pass "$name" || fail "$name" "$filter gave $got, want $want (exit $RC)"
}

json "json: refused" '[.ok,.stage,.address,.port,.class,.py3_class,.code,.name,.message]' \
	"[false,\"connect\",\"127.0.0.1\",$closed,\"socket.error\",\"ConnectionRefusedError\",111,\"ECONNREFUSED\",\"Connection refused\"]" 127.0.0.1 "$closed"
json "json: timeout" '[.class,.py3_class,.code,.name,.message,.stage]' \
	'["socket.timeout","TimeoutError",null,"timeout","timed out","connect"]' -t 0.2 127.0.0.1 "$full"
json "json: gaierror" '[.class,.code,.name,.stage,.address]' '["socket.gaierror",-2,"EAI_NONAME","resolve",null]' nx.test 80
json "json: herror" '[.class,.code,.name,.stage]' '["socket.herror",1,"HOST_NOT_FOUND","reverse"]' -n -r 127.0.0.10
json "json: no errno" '[.class,.py3_class,.code,.name,.message]' \
	'["socket.error","OSError",null,null,"AF_UNIX path too long"]' "unix:/$(printf 'x%.0s' $(seq 1 120))"
json "json: success" '[.ok,.stage,.class,.py3_class,.code,.name,.message,(.elapsed_ms|type),(.timings|keys)]' \
	'[true,"connect",null,null,null,null,null,"number",["connect_ms","resolve_ms","socket_ms"]]' 127.0.0.1 "$open"
json "json: timings per step" '(.timings|keys)' '["connect_ms","resolve_ms","reverse_ms","socket_ms"]' -r 127.0.0.1 "$open"
json "json: -n addresses" '[.ok,[.addresses[]|[.family,.address]]]' '[true,[["AF_INET6","::1"],["AF_INET","127.0.0.1"]]]' -n dual.test
json "json: -a attempts" '[.ok,[.attempts[]|[.address,.ok,.class]]]' \
	'[false,[["::1",false,"socket.error"],["127.0.0.1",false,"socket.timeout"]]]' -a -t 0.2 dual.test "$full"
json "json: --wait tries" '[.ok,(.tries>1)]' '[false,true]' -w 0.5 --interval=0.1 127.0.0.1 "$closed"
json "--wait: once a second by default, the last try at the deadline" '[.ok,.tries]' '[false,3]' -w 1.5 127.0.0.1 "$closed"

# text and json say the same thing
for args in "127.0.0.1 $closed" "nx.test 80" "-t 0.2 127.0.0.1 $full" "-n -r 127.0.0.10"; do
	# shellcheck disable=SC2086
	sk $args
	text=$OUT
	# shellcheck disable=SC2086
	sk -f json $args
	line=$(jq -r 'if .code == null then "\(.class): \(.message)" else "\(.class): [Errno \(.code)] \(.message)" end' <<<"$OUT")
	[ "$line" = "$text" ] && pass "json and text agree: $text" || fail "json and text agree" "<$line> vs <$text>"
done

# strings: any bytes become valid JSON; UTF-8 survives, the rest is \u00XX
sk -f json --recv 127.0.0.1 "$bin"
got=$(jq -r .received <<<"$OUT" | od -An -tx1 | tr -d ' \n')
[ "$got" = "68c3a96c6c6f2000c3bf1b5b324a0a" ] && pass "json: received bytes, UTF-8 kept, others as code points" ||
	fail "json: received bytes" "$OUT -> $got"
if LC_ALL=C grep -q $'\e' <<<"$OUT"; then fail "json: no raw escape byte" "$OUT"; else pass "json: no raw escape byte"; fi
sk -f json "unix:/tmp/a"$'\x01\xff'"b"
[ "$(jq -r .target <<<"$OUT" | od -An -tx1 | tr -d ' \n')" = "756e69783a2f746d702f6101c3bf620a" ] &&
	pass "json: target with control and non-UTF-8 bytes" || fail "json: odd target" "$OUT"

# many targets: one object per target, in input order
printf '127.0.0.1:%s\nnx.test:80\nbad\n# skip\n\n127.0.0.1:%s\n' "$open" "$closed" >"$T/list"
sk -f json -i "$T/list"
[ "$(jq -c '[.target,.ok,.class]' <<<"$OUT" | tr '\n' ' ')" = "[\"127.0.0.1:$open\",true,null] [\"nx.test:80\",false,\"socket.gaierror\"] [\"bad\",false,\"usage\"] [\"127.0.0.1:$closed\",false,\"socket.error\"] " ] &&
	pass "json: batch, one object per target, in order" || fail "json: batch" "$OUT"
[ "$RC" = 3 ] && pass "batch exit status: the first failed target's (gaierror)" || fail "batch exit status" "$RC"

# --wait
late=$(free_port)
( sleep 1; exec "$PY3" "$TOP/tests/fixture.py" tcp "$T/late.ready" --port "$late" --seconds 10 ) >/dev/null 2>&1 &
FIXTURE_PIDS+=($!)
start=$(date +%s%N)
sk -w 10 --interval=0.2 -f json 127.0.0.1 "$late"
ms=$((($(date +%s%N) - start) / 1000000))
if [ "$RC" = 0 ] && [ "$(jq .ok <<<"$OUT")" = true ] && [ "$(jq '.tries > 1' <<<"$OUT")" = true ] && [ $ms -lt 5000 ]; then
	pass "wait: connects once the service is up ($ms ms, $(jq .tries <<<"$OUT") tries)"
else
	fail "wait: connects once the service is up" "exit $RC after $ms ms: $OUT"
fi
start=$(date +%s%N)
sk -w 1 --interval=0.3 127.0.0.1 "$closed"
ms=$((($(date +%s%N) - start) / 1000000))
[ "$RC" = 1 ] && [ "$OUT" = "socket.error: [Errno 111] Connection refused" ] && [ $ms -ge 800 ] && [ $ms -lt 2500 ] &&
	pass "wait: gives up at the deadline with the last error ($ms ms)" || fail "wait: deadline" "exit $RC after $ms ms: $OUT"
start=$(date +%s%N)
sk -w 1 127.0.0.1 "$full"
ms=$((($(date +%s%N) - start) / 1000000))
[ "$RC" = 4 ] && [ "$OUT" = "socket.timeout: timed out" ] && [ $ms -lt 2500 ] &&
	pass "wait: a hanging connect is cut at the deadline ($ms ms)" || fail "wait: hanging connect" "exit $RC after $ms ms: $OUT"
[ -z "$ERR" ] && pass "wait: no progress lines when stderr is not a terminal" || fail "wait: progress off a terminal" "$ERR"
if command -v script >/dev/null; then
	tty_out=$(timeout 20 script -qec "$SOCKERR -w 0.7 --interval=0.3 127.0.0.1 $closed" /dev/null | tr -d '\r')
	grep -q "^sockerr: waiting for 127.0.0.1 $closed: try 1: socket.error: \[Errno 111\] Connection refused" <<<"$tty_out" &&
		pass "wait: progress on a terminal" || fail "wait: progress on a terminal" "$tty_out"
else
	skip "wait: progress on a terminal" "script(1) is missing"
fi
