# Sourced by tests/run and the namespace entries: timed NAME CMD... runs
# CMD, then prints "TIME NAME: W s wall, C s cpu", where C is the user and
# system time of every process CMD started and waited for (the kernel's
# cutime+cstime of this shell, before and after).  The runner keeps these
# lines in its log only, and sums them up in tests/out/times.
_sk_cpu() {
	local s f
	read -r s <"/proc/$BASHPID/stat"
	read -ra f <<<"${s##*) }"
	printf -v "$1" %d $((f[13] + f[14]))
}
SK_TCK=${SK_TCK:-$(getconf CLK_TCK 2>/dev/null || echo 100)}
export SK_TCK

timed() {
	local name=$1 w0 w1 c0 c1 rc
	shift
	w0=${EPOCHREALTIME/./}
	_sk_cpu c0
	"$@"
	rc=$?
	_sk_cpu c1
	w1=${EPOCHREALTIME/./}
	printf 'TIME %s: %d.%01d s wall, %d.%02d s cpu\n' "$name" \
		$(((w1 - w0) / 1000000)) $(((w1 - w0) % 1000000 / 100000)) \
		$(((c1 - c0) / SK_TCK)) $(((c1 - c0) % SK_TCK * 100 / SK_TCK))
	return $rc
}
