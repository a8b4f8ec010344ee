# -f json against its schema (src/output/sockerr.schema.json, draft
# 2020-12): the schema is valid; every line carries "schema", the version
# the schema names; the lines of each kind of check on loopback validate;
# and the schema is strict: a key added, renamed or dropped, at the top or
# inside, is rejected.  (Every JSON line of every suite is validated after
# the run: tests/run's run_schema.)
. "$TOP/tests/lib.sh"

SCHEMA=$TOP/src/output/sockerr.schema.json
for PYJ in "$PY3" /usr/bin/python3; do
	"$PYJ" -c 'from jsonschema import Draft202012Validator' 2>/dev/null && break
	PYJ=
done
if [ -z "$PYJ" ]; then
	fail "json schema" "no python3 with jsonschema 4 (make test-deps installs python3-jsonschema)"
	exit 0
fi
check() { "$PYJ" "$TOP/tests/schemacheck.py" "$SCHEMA" "$@"; }

out=$(check --meta 2>&1) && pass "the schema is valid JSON Schema draft 2020-12" || fail "the schema is valid draft 2020-12" "$out"

fixture open tcp
fixture greet tcp --greet hello
fixture full tcp --backlog-full
fixture echo udp --echo
closed=$(free_port)
: >"$T/lines"
# json ARGS...: sockerr -f json ARGS; its lines kept for the checks below
json() {
	sk -f json "$@"
	[ -n "$OUT" ] && printf '%s\n' "$OUT" >>"$T/lines"
}
json 127.0.0.1 "$closed"
json 127.0.0.1 "$open"
json --recv --send='hi\n' 127.0.0.1 "$greet"
json -t 0.2 127.0.0.1 "$full"
json -u --send=x -t 1 127.0.0.1 "$echo"
json -s 127.0.0.1 -r 127.0.0.1 "$open"
json -a localhost "$closed"
json -n -r localhost
json -w 0.3 --interval=0.1 127.0.0.1 "$closed"
json unix:"$T/none"
json 127.0.0.1:"$closed" "bad target" unix:"$T/none" 127.0.0.1:"$open"
json --expect=refused 127.0.0.1 "$closed"
n=$(grep -c . "$T/lines")
out=$(check - <"$T/lines" 2>&1)
[ $? = 0 ] && [ "$n" -ge 15 ] && pass "$n lines of 12 kinds of check validate: ${out#ok }" || fail "lines of each kind validate" "$out"

# "schema" first on every line, the version the schema defines
want=$("$PYJ" -c 'import json, sys; print(json.load(open(sys.argv[1]))["$defs"]["schema"]["const"])' "$SCHEMA")
bad=$(grep -vc "^{\"schema\":$want," "$T/lines")
[ -n "$want" ] && [ "$bad" = 0 ] && pass "every line starts {\"schema\":$want, the version the schema names" ||
	fail "every line starts with the schema's version" "$bad lines do not start {\"schema\":$want,"
"$SOCKERR" --version | grep -q "JSON Lines schema $want" && pass "--version names JSON Lines schema $want" ||
	fail "--version names the JSON schema" "$("$SOCKERR" --version | tr '\n' '|')"

# strict: each change of a real line is rejected
one=$(grep -m1 '"stage":"connect"' "$T/lines")
att=$(grep -m1 '"attempts":\[' "$T/lines")
adr=$(grep -m1 '"addresses":\[' "$T/lines")
usage=$(grep -m1 '"stage":"parse"' "$T/lines")
rejects() {
	local name=$1 line=$2 out
	out=$(check - <<<"$line" 2>&1)
	if [ $? != 0 ] && grep -q '^bad ' <<<"$out"; then
		pass "the schema rejects $name"
	else
		fail "the schema rejects $name" "accepted: $line"
	fi
}
if [ -z "$one" ] || [ -z "$att" ] || [ -z "$adr" ] || [ -z "$usage" ]; then
	fail "lines to change" "connect <$one>, attempts <$att>, addresses <$adr>, parse <$usage>"
else
	rejects "a key it does not define" "${one%\}},\"extra\":1}"
	rejects "a key renamed (elapsed_ms)" "${one/\"elapsed_ms\"/\"elapsed\"}"
	rejects "a line without schema" "{${one#\{\"schema\":$want,}"
	rejects "another schema version" "${one/\"schema\":$want/\"schema\":$((want + 1))}"
	rejects "a key it does not define in timings" "${one/\"timings\":\{/\"timings\":\{\"dns_ms\":1,}"
	rejects "a key it does not define in an attempt" "${att/\"attempts\":\[\{/\"attempts\":\[\{\"extra\":1,}"
	rejects "a key it does not define in addresses" "${adr/\"addresses\":\[\{/\"addresses\":\[\{\"extra\":1,}"
	rejects "a key missing in an attempt (timings)" "$(sed -E 's/("attempts":\[\{[^]]*),"timings":\{[^}]*\}/\1/' <<<"$att")"
	rejects "a code that is not a number" "${one/\"code\":111/\"code\":\"111\"}"
	rejects "a stage it does not know" "${one/\"stage\":\"connect\"/\"stage\":\"accept\"}"
	rejects "a malformed target's line with a key it does not define" "${usage%\}},\"timings\":{}}"
	rejects "not JSON" "${one%\}}"
fi
