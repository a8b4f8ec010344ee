/* Where a check spent its time (phases.h), and durations as seconds. */
#include "output/phases.h"

#include "base/clock.h"

/* "0.000123": seconds, to the nanosecond, without trailing zeros. */
void fmt_seconds(struct sbuf *b, int64_t ns)
{
	int64_t frac = ns % NS_PER_SEC;
	int digits = 9;

	if (ns < 0) {
		sb_adds(b, "0");
		return;
	}
	sb_printf(b, "%lld", (long long)(ns / NS_PER_SEC));
	if (frac == 0)
		return;
	while (frac % 10 == 0) {
		frac /= 10;
		digits--;
	}
	sb_printf(b, ".%0*lld", digits, (long long)frac);
}

size_t fmt_phases(const struct report *rp, struct phase *out)
{
	const struct result *r = rp->res;
	size_t n = 0;

	if (rp->target->kind == TARGET_INET)
		out[n++] = (struct phase){stage_name(STAGE_RESOLVE), r->resolve_ns};
	for (int s = STAGE_SOCKET; s < STAGE_COUNT; s++) {
		int64_t ns = 0;
		bool ran = false;

		for (size_t i = 0; i < r->nattempts; i++) {
			if (r->attempts[i].ran[s]) {
				ns += r->attempts[i].ns[s];
				ran = true;
			}
		}
		if (s == STAGE_REVERSE && r->nattempts == 0) {
			/* -n -r: the reverse lookups of the addresses */
			for (size_t i = 0; i < r->naddrs; i++) {
				if (r->addrs[i].name ||
				    sk_failed(&r->addrs[i].reverse_err)) {
					ns += r->addrs[i].reverse_ns;
					ran = true;
				}
			}
		}
		if (ran)
			out[n++] = (struct phase){stage_name((enum sk_stage)s), ns};
	}
	out[n++] = (struct phase){"total", r->elapsed_ns};
	return n;
}
