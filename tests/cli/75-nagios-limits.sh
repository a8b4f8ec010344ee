# -f nagios --warning/--critical at the exact limit: a connect time equal
# to the limit is not over it (check_tcp: "elapsed_time > critical_time";
# the Monitoring Plugins' threshold "10" alerts above 10).  A real connect
# time is never exactly a given number of nanoseconds, so sockerr runs
# here on a clock of its own: CLOCK_MONOTONIC, through an LD_PRELOAD shim,
# moves on 1 ms at each call, so the time it measures is a whole number of
# milliseconds, printed in the perfdata (time=Ns).  Each run is judged by
# the time it printed itself: the limit equal to it must leave the state
# alone, 1 ns below it must not.  Loopback only.
. "$TOP/tests/lib.sh"

case $SUITE in
asan/*)
	skip all "LD_PRELOAD would come before the ASan runtime"
	exit 0
	;;
esac
if ! cc -shared -fPIC -O2 -o "$T/tick.so" -x c - -ldl 2>"$T/cc.err" <<'EOF'; then
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdatomic.h>
#include <time.h>

static atomic_llong ticks;

int clock_gettime(clockid_t id, struct timespec *ts)
{
	static int (*real)(clockid_t, struct timespec *);
	long long ns;

	if (id != CLOCK_MONOTONIC) {
		if (!real)
			real = (int (*)(clockid_t, struct timespec *))dlsym(RTLD_NEXT, "clock_gettime");
		return real(id, ts);
	}
	ns = 1000000000000LL + 1000000LL * atomic_fetch_add(&ticks, 1);
	ts->tv_sec = (time_t)(ns / 1000000000LL);
	ts->tv_nsec = (long)(ns % 1000000000LL);
	return 0;
}
EOF
	skip all "no C compiler for the clock shim: $(head -n 1 "$T/cc.err")"
	exit 0
fi
fixture up tcp

# ticked ARGS...: sockerr -f nagios on the ticking clock; sets OUT, RC and
# TIME (the connect time it printed, seconds).
ticked() {
	SKWRAP=(env LD_PRELOAD="$T/tick.so")
	sk -f nagios "$@" 127.0.0.1 "$up"
	SKWRAP=()
	TIME=$(sed -nE 's/.*\| time=([0-9.]+)s;.*/\1/p' <<<"$OUT")
}

ticked --critical=1000
t=$TIME
if [ "$RC" != 0 ] || [ -z "$t" ]; then
	fail "nagios on a ticking clock" "exit $RC: $OUT"
	exit 0
fi
below=$("$PY3" -c 'import sys; from decimal import Decimal as D; print(D(sys.argv[1]) - D("0.000000001"))' "$t")

# limit NAME OPTION STATE_AT STATE_BELOW: OPTION=t must give STATE_AT (its
# status), OPTION=t-1ns STATE_BELOW, in runs that measured t again.
limit() {
	local name=$1 opt=$2 i got=
	for ((i = 0; i < 5; i++)); do
		ticked "$opt=$t"
		[ "$TIME" = "$t" ] && break
	done
	if [ "$TIME" != "$t" ]; then
		skip "$name" "the ticking clock gave ${TIME}s, then ${t}s"
		return
	fi
	got="$RC $(cut -d ' ' -f 2 <<<"$OUT")"
	for ((i = 0; i < 5; i++)); do
		ticked "$opt=$below"
		[ "$TIME" = "$t" ] && break
	done
	got="$got / $RC $(cut -d ' ' -f 2 <<<"$OUT")"
	if [ "$got" = "$3 / $4" ]; then
		pass "$name: a connect time of ${t}s, $opt=$t: $3; 1 ns less: $4"
	else
		fail "$name" "$opt=$t and $opt=$below on a connect time of ${t}s: <$got>, expected <$3 / $4>: $OUT"
	fi
}
limit "--critical at the limit is not over it" --critical "0 OK" "2 CRITICAL"
limit "--warning at the limit is not over it" --warning "0 OK" "1 WARNING"
