/* The lookup window: grows while answers come back fast, halves on a loss
 * (a timeout while other lookups got answers) or a long queue, doubles
 * in silence. */
#include "net/flow.h"

#include <stdlib.h>
#include <string.h>

void flow_init(struct flow *f, unsigned cap, unsigned cpus, int64_t now)
{
	*f = (struct flow){0};
	f->cap = cap ? cap : 1;
	f->rate_max = (double)FLOW_RATE_PER_CPU * (cpus ? cpus : 1);
	f->window = f->cap < FLOW_START ? f->cap : FLOW_START;
	f->ssthresh = f->cap;
	f->last_ns = now;
	f->cut_ns = INT64_MIN;
	f->good_ns = INT64_MIN;
	f->first_ns = INT64_MIN;
	f->epoch_ns = now;
}

/* The quickest lookup of the last one or two epochs, 0 if none. */
static int64_t base(const struct flow *f)
{
	if (f->prev_min_ns == 0 || (f->min_ns && f->min_ns < f->prev_min_ns))
		return f->min_ns;
	return f->prev_min_ns;
}

static int cmp_ns(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* Lookups of b ns each that keep this machine busy, twice over. */
static double busy(const struct flow *f, int64_t b)
{
	return 2.0 * f->rate_max * (double)b / 1e9;
}

/* The most lookups at once a resolver answering in b ns can use (no
 * bound while b is unknown, 0). */
static double useful(const struct flow *f, int64_t b)
{
	double n = busy(f, b);

	return b == 0 ? 1e18 : n > FLOW_START ? n : FLOW_START;
}

/* The median of the last FLOW_SAMPLES answers is a candidate base. */
static void sample(struct flow *f, int64_t started, int64_t now)
{
	int64_t sorted[FLOW_SAMPLES], med;

	/* An answer this quick came from this machine (/etc/hosts, a
	 * cache), not from a server: a server as quick would be given no
	 * more than FLOW_START at once anyway.  Names from /etc/hosts come
	 * back in bursts while the server's are out (a dozen at the start
	 * of a batch with 1 in 21 of them), and would set the base. */
	if (busy(f, now - started) <= FLOW_START)
		return;
	/* lookups out before the first answer race it: the quickest names
	 * answer first, and they are not the usual ones */
	if (f->first_ns == INT64_MIN)
		f->first_ns = now;
	if (started < f->first_ns)
		return;
	f->samples[f->nsamples++ % FLOW_SAMPLES] = now - started;
	if (now - f->epoch_ns >= FLOW_EPOCH_NS) {
		f->prev_min_ns = f->min_ns;
		f->min_ns = 0;
		f->epoch_ns = now;
	}
	if (f->nsamples < FLOW_SAMPLES)
		return;
	memcpy(sorted, f->samples, sizeof sorted);
	qsort(sorted, FLOW_SAMPLES, sizeof sorted[0], cmp_ns);
	med = sorted[FLOW_SAMPLES / 2];
	if (f->min_ns == 0 || med < f->min_ns)
		f->min_ns = med > 0 ? med : 1;
}

unsigned flow_window(const struct flow *f)
{
	unsigned w = (unsigned)f->window;

	return w < 1 ? 1 : w > f->cap ? f->cap : w;
}

static void cut(struct flow *f, int64_t now, double floor)
{
	f->window /= 2;
	if (f->window < floor)
		f->window = floor;
	if (f->window > f->cap)
		f->window = f->cap;
	f->ssthresh = f->window;
	f->cut_ns = now;
	f->cuts++;
}

static void grow(struct flow *f, double by)
{
	double top = useful(f, base(f));

	if (f->window >= top)
		return;
	f->window += by;
	if (f->window > top)
		f->window = top;
	if (f->window > f->cap)
		f->window = f->cap;
}

void flow_done(struct flow *f, int64_t started, int64_t now, bool again)
{
	int64_t took = now - started, b;

	if (took >= FLOW_STALL_NS) {
		/* one cut per loss event: lookups out before it saw the
		 * same window */
		if (f->good_ns > started && started >= f->cut_ns)
			cut(f, now, FLOW_MIN);
		return;
	}
	sample(f, started, now);
	if (again)
		return;
	f->good_ns = f->last_ns = now;
	b = base(f);
	if (b == 0)
		return;		/* no base yet: silence alone grows it */
	if (took > 4 * b + FLOW_QUEUE_NS) {
		if (started >= f->cut_ns)
			cut(f, now, FLOW_START);
		return;
	}
	if (took > 2 * b + FLOW_SLACK_NS)
		return;		/* a queue builds: hold */
	grow(f, f->window < f->ssthresh ? 1.0 : 1.0 / f->window);
}

int64_t flow_quiet(struct flow *f, int64_t now)
{
	int64_t quiet = 2 * base(f);

	if (quiet < FLOW_QUIET_NS)
		quiet = FLOW_QUIET_NS;
	if (!f->waited) {	/* silence counts from the first wait */
		f->waited = true;
		f->last_ns = now;
	}
	if (now - f->last_ns >= quiet) {
		grow(f, f->window);
		f->last_ns = now;
	}
	return f->last_ns + quiet;
}
