# N6: --tls (the default format, Python 2.7) to a peer that accepts and at
# once resets.  2.7's SSLSocket asks getpeername() first, gets ENOTCONN
# (the RST has come) and takes the socket for an unconnected one: no
# handshake, no error, so the script ends ok; a --recv then fails
# [Errno 104] at recv.  sockerr reports [Errno 104] (exit 1) whatever
# follows.  (CPython 3.11 reads one byte first and raises
# ConnectionResetError, as sockerr does with -f python3.)
. "$TOP/tests/lib.sh"
fixture reset tcp --reset
py "$PY2" tls 127.0.0.1 "$reset"
want=$PYLINE
bad=0 seen=
for i in 1 2 3 4 5; do
	sk --tls 127.0.0.1 "$reset"
	case $OUT in ok\ *) ;; *) bad=$((bad + 1)) seen=$OUT ;; esac
done
if [ "$want" != ok ]; then
	fail "--tls to a peer that resets at once (python)" "setup: Python 2.7 says <$want>"
elif [ $bad = 0 ]; then
	pass "--tls to a peer that resets at once (python): ok, as Python 2.7 (no handshake), 5 of 5"
else
	fail "--tls to a peer that resets at once (python)" "$bad of 5 printed <$seen>, Python 2.7 <ok> (no handshake, no error)"
fi
