# Helpers for tests about bytes in output: the expected escaping of raw
# bytes, computed from the rules in man/sockerr.1, never by sockerr.

# bytes_hex STRING: its bytes in hex.
bytes_hex() { printf '%s' "$1" | od -An -tx1 -v | tr -d ' \n'; }

# json_is LINE KEY RAW: whether the JSON string at KEY (a jq path) is RAW
# by the rule of man/sockerr.1: valid UTF-8 as its characters, any other
# byte as the code point of its value (\u00XX).
json_is() {
	jq -j "$2" <<<"$1" | "$PY3" -c '
import sys
got = sys.stdin.buffer.read().decode("utf-8")
raw = bytes.fromhex(sys.argv[1]).decode("utf-8", "surrogateescape")
want = "".join(chr(ord(c) - 0xdc00) if 0xdc80 <= ord(c) <= 0xdcff else c for c in raw)
sys.exit(0 if got == want else 1)' "$(bytes_hex "$3")"
}

# term_esc STRING: the terminal escaping of man/sockerr.1 (printable ASCII
# as is, a backslash doubled, \n \r \t, other bytes \xNN).
term_esc() {
	printf '%s' "$1" | "$PY3" -c '
import sys
out = []
for c in sys.stdin.buffer.read():
    named = {0x5c: "\\\\", 0x0a: "\\n", 0x0d: "\\r", 0x09: "\\t"}
    out.append(named.get(c) or (chr(c) if 0x20 <= c < 0x7f else "\\x%02x" % c))
sys.stdout.write("".join(out))'
}
