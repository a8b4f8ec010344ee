#!/usr/bin/env bash
# src/gen/ssl_names.c is what tools/gen-ssl-names.py makes from the
# interpreters' own tables today: the "[LIB: REASON]" mnemonics of CPython
# 3.11 and Python 2.7 cannot drift from theirs.
. "$TOP/tests/lib.sh"

if [ -z "$PY2" ]; then
	skip "ssl_names.c" "no Python 2.7 on this machine"
	exit 0
fi
if ! "$PY3" -c 'import sys; assert sys.version_info[:2] == (3, 11)' 2>/dev/null; then
	skip "ssl_names.c" "python3 is not CPython 3.11"
	exit 0
fi
if ! "$PY3" "$TOP/tools/gen-ssl-names.py" "$PY3" "$PY2" >"$T/ssl_names.c"; then
	fail "ssl_names.c" "tools/gen-ssl-names.py failed"
elif ! cmp -s "$T/ssl_names.c" "$TOP/src/gen/ssl_names.c"; then
	fail "ssl_names.c" "differs from the interpreters' tables: $(diff "$T/ssl_names.c" "$TOP/src/gen/ssl_names.c" | head -n 3 | tr '\n' ' ')"
else
	pass "ssl_names.c: the tables of CPython 3.11 and Python 2.7, $(grep -c '^	{' "$TOP/src/gen/ssl_names.c") entries"
fi
