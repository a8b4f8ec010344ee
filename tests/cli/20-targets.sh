# Targets and the options that do not fit them, and an input that cannot
# be read: each names the problem.  Loopback only.
. "$TOP/tests/lib.sh"

# -s binds an IP address; a unix: target has none to bind (Python's bind()
# raises TypeError).  Alone: a usage error naming the conflict.
expect_err "-s with a unix: target names the conflict" 64 \
	'^sockerr: invalid target "unix:/srv/x": --source .* unix:' \
	-s 127.0.0.1 unix:/srv/x
expect_err "--source= with an abstract unix: target" 64 \
	'--source .* unix:' --source=127.0.0.1 unix:@x
# In a batch: a bad target line of its own; the IP target still runs.
sk -s 127.0.0.1 unix:/srv/x 127.0.0.1:1
if [ "$RC" = 64 ] && grep -q '^unix:/srv/x: bad target: --source .*unix:' <<<"$OUT" &&
	grep -q '^127.0.0.1:1: socket.error: \[Errno 111\]' <<<"$OUT"; then
	pass "-s with a unix: target in a batch: a bad target, the rest runs"
else
	fail "-s with a unix: target in a batch: a bad target, the rest runs" "exit $RC: $OUT"
fi
printf 'unix:/srv/x\n127.0.0.1 1\n' >"$T/mixed.txt"
sk -s 127.0.0.1 -i "$T/mixed.txt"
if [ "$RC" = 64 ] && grep -q '^unix:/srv/x: bad target: --source' <<<"$OUT" &&
	grep -q '^127.0.0.1 1: socket.error: \[Errno 111\]' <<<"$OUT"; then
	pass "-s with a unix: line in -i: the same check as on the command line"
else
	fail "-s with a unix: line in -i: the same check as on the command line" "exit $RC: $OUT"
fi

# An unreadable -i is an I/O error: one line, no usage synopsis, 66.
for f in /etc "$T/missing.txt"; do
	name="-i $(basename "$f"): one line, no synopsis, exit 66"
	sk -i "$f"
	if [ "$RC" != 66 ]; then
		fail "$name" "exit $RC"
	elif [ "$(wc -l <<<"$ERR")" != 1 ] || grep -q usage <<<"$ERR"; then
		fail "$name" "stderr <$ERR>"
	elif ! grep -Eq "^sockerr: cannot read $f: (Is a directory|No such file or directory)$" <<<"$ERR"; then
		fail "$name" "stderr <$ERR>"
	else
		pass "$name"
	fi
done
# A target that failed first keeps its status.
mkfifo "$T/fifo"
( printf '127.0.0.1:1\n' >"$T/fifo" ) &
sk -i "$T/fifo"
wait
[ "$RC" = 1 ] && pass "-i from a fifo: targets run, status of the first failure" ||
	fail "-i from a fifo: targets run, status of the first failure" "exit $RC"
