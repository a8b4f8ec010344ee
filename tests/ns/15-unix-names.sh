# The length limits of unix socket names (sun_path is 108 bytes): a path
# of 107 bytes (its NUL makes 108) and an abstract name of 107 bytes
# (after its leading NUL) are the longest that fit; one byte more is
# "AF_UNIX path too long".  Each is compared with CPython 3 and Python
# 2.7; names that fit are also connected to.  (Abstract names live in this
# test's network namespace, so short names cannot collide.)
. "$TOP/tests/lib.sh"

# pad PREFIX N: PREFIX followed by x up to N bytes in all
pad() {
	local s=$1
	while [ ${#s} -lt "$2" ]; do s=${s}x; done
	printf '%s' "$s"
}

expect_ok() {
	local name=$1 re=$2
	shift 2
	sk "$@"
	if [ "$RC" = 0 ] && grep -Eq "$re" <<<"$OUT"; then pass "$name"; else fail "$name" "exit $RC, stdout <$OUT>"; fi
}

# abstract names: @ and N bytes, nobody listening, then a listener
for n in 106 107 108 109; do
	a=@$(pad "sockerr-$$-" "$n")
	same "abstract name of $n bytes, nobody listening" "unix $a" "unix:$a"
done
for n in 1 107; do
	a=@$(pad "" "$n")
	fixture listening unix "$a"
	py "$PY3" unix "$a"
	if [ "$listening" != ready ] || [ "$PYRC" != 0 ]; then
		fail "abstract name of $n bytes, listening: connected" "setup: fixture <$listening>, reference <$PYLINE>"
	else
		expect_ok "abstract name of $n bytes, listening: connected, as Python does" "^ok unix:$a: connected in [0-9.]+ ms$" "unix:$a"
	fi
done

# paths: 107 bytes fit, 108 do not
d=$T/u
mkdir -p "$d"
for n in 106 107 108 109; do
	p=$(pad "$d/s" "$n")
	same "path of $n bytes, no such file" "unix $p" "unix:$p"
done
p=$(pad "$d/l" 107)
fixture listening unix "$p"
py "$PY3" unix "$p"
if [ "$listening" != ready ] || [ "$PYRC" != 0 ]; then
	fail "path of 107 bytes, listening: connected" "setup: fixture <$listening>, reference <$PYLINE>"
else
	expect_ok "path of 107 bytes, listening: connected, as Python does" "^ok unix:$p: connected in [0-9.]+ ms$" "unix:$p"
fi
