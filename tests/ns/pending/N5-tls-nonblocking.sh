# N5: -t 0 --tls on a unix: target (a unix connect ends at once, so the
# handshake is reached with the socket non-blocking).  Both interpreters'
# wrap_socket() refuse it before any handshake: ValueError:
# do_handshake_on_connect should not be specified for non-blocking sockets.
# sockerr reports a handshake timeout (exit 4).
. "$TOP/tests/lib.sh"
fixture listening unix "$T/l.sock"
for fmt in python3 python; do
	interp=$PY3
	[ $fmt = python ] && interp=$PY2
	ref=$(printf '{"op":"unix","path":"%s","tls":true,"timeout":0,"insecure":true}\n' "$T/l.sock" |
		timeout 10 "$interp" "$TOP/tests/pyserve.py" | tail -n 1)
	want=$(jq -r '.lines[0]' <<<"$ref")
	sk -f $fmt -t 0 --tls -k "unix:$T/l.sock"
	if [ "$OUT" = "$want" ] && [ "$RC" = 1 ]; then
		pass "-t 0 --tls on a unix: target ($fmt): <$want>"
	else
		fail "-t 0 --tls on a unix: target ($fmt)" "exit $RC <$OUT>; Python <$want> (exit 1)"
	fi
done
