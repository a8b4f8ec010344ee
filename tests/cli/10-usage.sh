# Bad usage: one line on stderr naming the bad argument, then the usage
# syntax; exit 64; nothing on stdout.  Runs on loopback only.
. "$TOP/tests/lib.sh"

usage_line() {
	local name=$1 re=$2
	shift 2
	expect_err "$name" 64 "$re" "$@"
	if [ "$RC" = 64 ] && ! sed -n 2p <<<"$ERR" | grep -q '^usage: sockerr'; then
		fail "$name: usage syntax follows" "second line <$(sed -n 2p <<<"$ERR")>"
	fi
}

usage_line "no arguments" '^sockerr: missing target$'
usage_line "unknown option" '^sockerr: invalid option "--bogus"$' --bogus 127.0.0.1 1
usage_line "port out of range" 'invalid target "127.0.0.1 65536": port out of range' 127.0.0.1 65536
usage_line "port out of range, HOST:PORT" 'invalid target "127.0.0.1:70000": port out of range' 127.0.0.1:70000
usage_line "negative port" 'port is not a number or a service name' 127.0.0.1 -- -1
usage_line "port not a number" 'invalid target "127.0.0.1 80x": port is not' 127.0.0.1 80x
usage_line "missing bracket" "missing '\]' after the IPv6 address" '[::1:80'
usage_line "IPv6 without brackets" 'missing port: write \[ADDRESS\]:PORT' ::1:80
# (an empty host with a port is Python's to try: tests/ns/26-empty-host.sh)
usage_line "empty host, no port" 'invalid target "": missing port' ''
usage_line "empty host, empty port" 'invalid target ":": empty port' :
usage_line "missing port" 'invalid target "localhost": missing port' localhost
usage_line "empty timeout" 'invalid --timeout "": not a decimal number' -t '' 127.0.0.1 1
usage_line "negative timeout" 'invalid --timeout "-1"' --timeout=-1 127.0.0.1 1
usage_line "NaN timeout" 'invalid --timeout "nan"' -t nan 127.0.0.1 1
usage_line "infinite timeout" 'invalid --timeout "inf"' -t inf 127.0.0.1 1
usage_line "hex timeout" 'invalid --timeout "0x10"' -t 0x10 127.0.0.1 1
usage_line "huge timeout" 'invalid --timeout "1e999"' -t 1e999 127.0.0.1 1
usage_line "timeout too large" 'too large' -t 1000001 127.0.0.1 1
usage_line "-4 with -6" '\-4 and -6 exclude each other' -4 -6 127.0.0.1 1
usage_line "--asyncio with --python=2.7: 2.7 has no asyncio" '\-\-asyncio and \-\-python=2\.7' --asyncio --python=2.7 127.0.0.1 1
usage_line "--happy-eyeballs with --python=3.7: no happy_eyeballs_delay before 3.8" '\-\-happy-eyeballs and \-\-python=3\.6 or 3\.7' --happy-eyeballs --python=3.7 127.0.0.1 1
usage_line "--happy-eyeballs with --all-errors" '\-\-happy-eyeballs and \-\-all-errors' --happy-eyeballs --all-errors 127.0.0.1 1
usage_line "bad format" 'invalid --format "xml"' --format=xml 127.0.0.1 1
usage_line "control bytes are escaped" 'invalid target "a\\x1b\[31mb:x y": port is not a number' $'a\e[31mb:x y'
usage_line "bad concurrency" 'invalid --concurrency "0"' -c 0 127.0.0.1:1

# --help against the man page and the completion: tests/cli/15-options.sh
for opt in timeout source udp send recv reverse resolve-only all family type proto wait interval max-time input concurrency format expect warning critical verbose quiet help version explain list nameinfo interface; do
	if grep -q -- "--$opt" <<<"$("$SOCKERR" --help)"; then pass "--help names --$opt"; else fail "--help names --$opt" "missing"; fi
done
# --version: tests/cli/12-version.sh
