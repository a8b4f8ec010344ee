# -w ... -- CMD (issue 17): every spelling of -w the option parser takes
# starts CMD at the "--" that ends the options, and a "--" that is an
# option's value stays that value.  Loopback only.
. "$TOP/tests/lib.sh"

fixture up tcp --seconds 60
fixture greet tcp --greet hi --seconds 60
[ -n "$up" ] && [ -n "$greet" ] || { fail "setup" "listeners did not start"; exit 0; }
echo "127.0.0.1:$up" >"$T/--"

# ran NAME ARGS...: sockerr ARGS -- echo RAN prints RAN and exits 0
ran() {
	local name=$1
	shift
	OUT=$(cd "$T" && timeout 30 "$SOCKERR" -q "$@" -- echo RAN 2>"$T/stderr")
	RC=$?
	if [ "$RC" = 0 ] && [ "$OUT" = RAN ]; then
		pass "$name"
	else
		fail "$name" "exit $RC, stdout <$OUT>, stderr <$(head -n 1 "$T/stderr")>"
	fi
}

ran "-w2 (value attached)" -w2 127.0.0.1 "$up"
ran "--wait=2" --wait=2 127.0.0.1 "$up"
ran "--wai 2 (abbreviated, as getopt_long takes it)" --wai 2 127.0.0.1 "$up"
ran "-4w 2 (bundled)" -4w 2 127.0.0.1 "$up"
ran "options after the targets" 127.0.0.1 "$up" -w 2
ran "--send -- (a value that is the word --)" --send -- -w 2 127.0.0.1 "$up"
ran "--send=--" --send=-- -w 2 127.0.0.1 "$up"
ran "-i -- (a file named --)" -w 2 -i --
ran "--recv -w 2 (--recv's value is optional: -w is not it)" --recv -w 2 127.0.0.1 "$greet"

# Without -w before it, "--" ends the options: what follows are targets.
OUT=$(timeout 30 "$SOCKERR" -q 127.0.0.1 "$up" -- -w 2 2>&1)
RC=$?
[ "$RC" = 64 ] && ! grep -q RAN <<<"$OUT" && pass "-w after -- is a target, not the option" ||
	fail "-w after -- is a target" "exit $RC: $OUT"
