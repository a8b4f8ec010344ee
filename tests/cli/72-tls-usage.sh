#!/usr/bin/env bash
# --tls on the command line: its options' checks, exit 64 with one line,
# and bash completion.  No network (the handshakes are tests/ns/70-tls.sh).
. "$TOP/tests/lib.sh"

expect_err "--cert-days not a number" 64 'invalid --cert-days "x"' --tls --cert-days x 127.0.0.1 1
expect_err "--cert-days negative" 64 'invalid --cert-days "-1"' --tls --cert-days=-1 127.0.0.1 1
expect_err "--servername empty" 64 'requires an argument' --tls --servername "" 127.0.0.1 1
expect_err "--servername with a leading dot" 64 'cannot be empty or start with a dot' --tls --servername .example.org 127.0.0.1 1
expect_err "-k without --tls" 64 'go with --tls' -k 127.0.0.1 1
expect_err "--cert-days without --tls" 64 'go with --tls' --cert-days 3 127.0.0.1 1
expect_err "--tls with -u" 64 'excludes -u' --tls -u 127.0.0.1 1
expect_err "--tls with -n" 64 'excludes -u and -n' --tls -n 127.0.0.1 1
expect_err "--cafile missing" 64 'invalid --cafile ".*/none.pem": cannot load it' --tls --cafile "$T/none.pem" 127.0.0.1 1
echo "not a certificate" >"$T/junk.pem"
expect_err "--cafile not PEM" 64 'cannot load it' --tls --cafile "$T/junk.pem" 127.0.0.1 1

got=$(complete_words sockerr --cert | tr '\n' ' ')
[ "$got" = "--cert-days " ] && pass "completion: --cert-days" || fail "completion: --cert-days" "$got"
got=$(complete_words sockerr --ser | tr '\n' ' ')
[ "$got" = "--servername " ] && pass "completion: --servername" || fail "completion: --servername" "$got"
got=$(cd "$T" && complete_words sockerr --cafile jun | tr '\n' ' ')
[ "$got" = "junk.pem " ] && pass "completion: --cafile takes a file" || fail "completion: --cafile takes a file" "$got"
