# --tls where OpenSSL's run-time package is installed and its development
# one is not: libssl.so.3 there, no libssl.so symlink.  sockerr loads
# OpenSSL by its soname (src/tls/tlslib.h); the run here sees a library
# folder that holds only what sockerr and OpenSSL need (a bind mount in a
# mount namespace of its own), and must give CPython 3.11's outcome,
# which links OpenSSL the usual way.
. "$TOP/tests/lib.sh"

case $SUITE in
asan/*)
	skip all "the ASan build needs libraries of its own"
	exit 0
	;;
esac
ssl=$(ldconfig -p 2>/dev/null | awk '/libssl\.so\.3 .*x86-64/ { print $NF; exit }')
[ -n "$ssl" ] || ssl=$(ldconfig -p 2>/dev/null | awk '/libssl\.so\.3 / { print $NF; exit }')
if [ -z "$ssl" ] || ! command -v openssl >/dev/null; then
	skip all "no libssl.so.3 or no openssl command"
	exit 0
fi
libdir=$(dirname "$(readlink -f "$ssl")")
mkdir -p "$T/libs"
for lib in $(ldd "$SOCKERR" | awk '$2 == "=>" { print $3 } $1 ~ /^\// { print $1 }') \
	"$libdir/libssl.so.3" "$libdir/libcrypto.so.3"; do
	cp -L "$lib" "$T/libs/" 2>/dev/null
done
# the dynamic loader too, when it lives in that folder
for lib in "$libdir"/ld-linux*.so*; do [ -e "$lib" ] && cp -L "$lib" "$T/libs/"; done
# before a command: $libdir shows only $T/libs
runtime_only=(unshare -m sh -c 'mount --bind "$1" "$2" && shift 2 && exec "$@"' _ "$T/libs" "$libdir")
if ! unshare -m sh -c 'mount --bind "$1" "$2" && [ ! -e "$2/libssl.so" ] && [ -e "$2/libssl.so.3" ]' \
	_ "$T/libs" "$libdir"; then
	skip all "could not hide libssl.so in $libdir"
	exit 0
fi

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=localhost \
	-days 2 -keyout "$T/key.pem" -out "$T/cert.pem" 2>/dev/null
port=$(free_port)
openssl s_server -quiet -accept "127.0.0.1:$port" -cert "$T/cert.pem" -key "$T/key.pem" \
	>/dev/null 2>&1 </dev/null &
FIXTURE_PIDS+=($!)
listening "$port" || fail setup "openssl s_server does not listen on $port"

# tls_same NAME ARGS...: sockerr -f python3 --tls in the runtime-only
# folder against pyref.py tls: "ok" for "ok ...", else the same line.
tls_same() {
	local name=$1 want
	shift
	py "$PY3" tls 127.0.0.1 "$port" "$@"
	want=$PYLINE
	SKWRAP=("${runtime_only[@]}")
	sk -f python3 --tls "$@" 127.0.0.1 "$port"
	SKWRAP=()
	if [ "${OUT%% *}" = "$want" ] || [ "$OUT" = "$want" ]; then
		pass "$name: $want"
	else
		fail "$name" "sockerr <$OUT> (exit $RC: $ERR), CPython 3 <$want>"
	fi
}
tls_same "--tls -k without libssl.so (runtime package only)" -k
tls_same "--tls, self-signed, without libssl.so (runtime package only)"
