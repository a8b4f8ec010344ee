# Hostile input, table-driven: malformed targets and ports, control bytes
# and terminal escape sequences, bytes that are not UTF-8, NUL bytes, a
# 1 MB line, CRLF, absurd numbers, bad --send escapes.  Each case: the exit
# status, N lines (one per target), no control byte on the terminal, and
# JSON that jq parses (see tests/fuzz/hostile.sh).  Loopback and unix
# sockets only: every case here is rejected before any name would be
# resolved, or uses a numeric address; the cases that resolve names are in
# tests/ns/60-hostile.sh.
. "$TOP/tests/lib.sh"
. "$TOP/tests/fuzz/hostile.sh"

closed=$(free_port)
fixture greet tcp --greet-hex 1b5b324a1b5d303b70776e6564070d7fc3a9ff00
fixture udp_echo udp --echo
big=$(head -c 100000 /dev/zero | tr '\0' a)

# malformed targets and ports: usage errors before anything runs
hostile "empty target" 64 0 ''
hostile "empty host and port" 64 0 '' ''
hostile "colon only" 64 0 :
hostile "empty brackets, no port" 64 0 '[]'
hostile "unclosed bracket" 64 0 '[::1'
hostile "junk after bracket" 64 0 '[::1]x'
hostile "empty port after bracket" 64 0 '[::1]:'
hostile "empty port" 64 0 127.0.0.1:
hostile "port 65536" 64 0 127.0.0.1:65536
hostile "port of 30 digits" 64 0 127.0.0.1:999999999999999999999999999999
hostile "negative port" 64 0 127.0.0.1 -- -1
hostile "hex port" 64 0 127.0.0.1:0x50
hostile "port with a letter O" 64 0 127.0.0.1:8O
hostile "port with an escape sequence" 64 0 127.0.0.1 $'8\e[2J'
# Python tries them (issue 17): EINVAL and ECONNREFUSED, one line each
hostile "empty unix path" 1 1 unix:
hostile "empty abstract name" 1 1 unix:@
# HOST:PORT PORT is two targets, the second without a port
hostile "HOST:PORT then a port" 1 2 127.0.0.1:"$closed" 80
hostile "unix: then a port" 1 2 unix:/nonexistent 80

# control characters in names go to the resolver, as Python sends them
# (issue 10): tests/ns/60-hostile.sh has them, inside the test namespace
hostile "not UTF-8, no port" 64 0 $'\xff\xfe\xfd'
hostile "overlong UTF-8 slash, no port" 64 0 $'\xc0\xaf'

# unix paths may hold any byte: the error is Python's, the text escaped
hostile "escape sequence in unix path" 1 1 $'unix:/nonexistent/\e[2J\e[31m'
hostile "newline in unix path" 1 1 $'unix:/nonexistent/a\nb'
hostile "non-UTF-8 unix path" 1 1 $'unix:/nonexistent/\xff\xfe'
hostile "control bytes in abstract name" 1 1 $'unix:@sockerr-\e]0;x\a-'"$$"
hostile "100 KB unix path" 1 1 "unix:/$big"
same "escape sequence in unix path, as Python" "unix /nonexistent/"$'\e[2J' $'unix:/nonexistent/\e[2J'
same "non-UTF-8 unix path, as Python" "unix /nonexistent/"$'\xff\xfe' $'unix:/nonexistent/\xff\xfe'
same "100 KB unix path, as Python" "unix /$big" "unix:/$big"

# absurd numbers
hostile "timeout 1e999" 64 0 -t 1e999 127.0.0.1 "$closed"
hostile "timeout of 20 nines" 64 0 -t 99999999999999999999 127.0.0.1 "$closed"
hostile "timeout -0" 64 0 --timeout=-0 127.0.0.1 "$closed"
hostile "timeout hex float" 64 0 -t 0x1p3 127.0.0.1 "$closed"
hostile "timeout with a trailing space" 64 0 -t '1 ' 127.0.0.1 "$closed"
hostile "timeout in Arabic-Indic digits" 64 0 -t $'\xd9\xa3' 127.0.0.1 "$closed"
hostile "timeout with an escape sequence" 64 0 -t $'\e[31m1' 127.0.0.1 "$closed"
hostile "timeout of 1000 digits" 64 0 -t "$(head -c 1000 /dev/zero | tr '\0' 9)" 127.0.0.1 "$closed"
hostile "concurrency 0" 64 0 -c 0 127.0.0.1:"$closed"
hostile "concurrency 100001" 64 0 -c 100001 127.0.0.1:"$closed"
hostile "concurrency 2^64+1" 64 0 -c 18446744073709551617 127.0.0.1:"$closed"
hostile "concurrency -1" 64 0 --concurrency=-1 127.0.0.1:"$closed"
hostile "concurrency 1e3" 64 0 -c 1e3 127.0.0.1:"$closed"
hostile "wait 1e999" 64 0 -w 1e999 127.0.0.1 "$closed"
hostile "wait past a million seconds" 64 0 -w 1000000.5 127.0.0.1 "$closed"
hostile "wait -1" 64 0 --wait=-1 127.0.0.1 "$closed"
hostile "interval 0" 64 0 -w 1 --interval=0 127.0.0.1 "$closed"
hostile "recv 0" 64 0 --recv=0 127.0.0.1 "$closed"
hostile "recv 65537" 64 0 --recv=65537 127.0.0.1 "$closed"
hostile "recv 2^64+1" 64 0 --recv=18446744073709551617 127.0.0.1 "$closed"
hostile "recv -1" 64 0 --recv=-1 127.0.0.1 "$closed"

# --send escapes
hostile "send: lone \\x" 64 0 '--send=\x' 127.0.0.1 "$closed"
hostile "send: \\x with non-hex" 64 0 '--send=\xZZ' 127.0.0.1 "$closed"
hostile "send: one hex digit" 64 0 '--send=\x1' 127.0.0.1 "$closed"
hostile "send: trailing backslash" 64 0 '--send=abc\' 127.0.0.1 "$closed"
hostile "send: \\u is not an escape" 64 0 '--send=\u1234' 127.0.0.1 "$closed"
hostile "send: raw escape byte in a bad escape" 64 0 $'--send=\e[2J\\q' 127.0.0.1 "$closed"

# other options with hostile values
hostile "format with an escape sequence" 64 0 --format=$'\e[2J' 127.0.0.1 "$closed"
hostile "unknown option with an escape sequence" 64 0 $'--\e[31mred' 127.0.0.1 "$closed"
hostile "family of bytes that are not UTF-8" 64 0 --family=$'\xff\xfe' 127.0.0.1 "$closed"
hostile "list an escape sequence" 64 - --list $'\e[2J'
hostile "explain an escape sequence" 1 - --explain=$'\e]0;pwned\a'
hostile "source unix: (crashed before)" 64 0 -s unix:/x 127.0.0.1 "$closed"

# payloads with escape sequences, NUL, CR, DEL and 8-bit bytes come back
# escaped
hostile "received bytes with escape sequences" 0 1 --recv 127.0.0.1 "$greet"
hostile "UDP echo of escape sequences" 0 1 -u -t 2 '--send=\e[2J\x00\xff\r\x7f' --recv 127.0.0.1 "$udp_echo"

# many targets: one line each, malformed ones included
hostile "batch of hostile targets" 1 5 127.0.0.1:"$closed" $'\e[2J:80' '' '[::1' $'\xff:99999'

# -i files
printf '127.0.0.1:%s\na\0b:80\n\0\n' "$closed" >"$T/nul.txt"
hostile "-i: NUL bytes in lines" 1 3 -i "$T/nul.txt"
{ head -c 1048576 /dev/zero | tr '\0' a; printf '\n127.0.0.1:%s\n' "$closed"; } >"$T/mb.txt"
hostile "-i: a 1 MB line" 64 2 -i "$T/mb.txt"
{ printf '127.0.0.1 %s\n' "$closed"; head -c 1048576 /dev/zero; } >"$T/mbnul.txt"
hostile "-i: 1 MB of NUL bytes, no newline" 1 2 -i "$T/mbnul.txt"
printf '127.0.0.1:%s\r\n127.0.0.1 %s\r\n\r\n# comment\r\n' "$closed" "$closed" >"$T/crlf.txt"
hostile "-i: CRLF lines" 1 2 -i "$T/crlf.txt"
printf '# nothing\n\n   \n\t\n' >"$T/empty.txt"
hostile "-i: comments and blanks only" 0 0 -i "$T/empty.txt"
hostile "-i: a directory" 66 0 -i /
hostile "-i: name with an escape sequence" 66 0 -i $'/nonexistent/\e[2J'
HOSTILE_STDIN=$T/nul.txt hostile "-i -: stdin with NUL bytes" 1 3 -i -
printf '127.0.0.1:1 2\n' >"$T/twice.txt"
hostile "-i: port given twice" 64 1 -i "$T/twice.txt"
