/* How many lookups may run at once: a window that follows the resolver
 * (additive increase, multiplicative decrease), as TCP's congestion window
 * follows a path.  Pure: the caller brings the clock and holds the lock. */
#ifndef SOCKERR_FLOW_H
#define SOCKERR_FLOW_H

#include <stdbool.h>
#include <stdint.h>

/* The window starts at the 32 lookups sockerr always ran at once; only
 * lost queries take it below that, down to FLOW_MIN. */
#define FLOW_START 32
#define FLOW_MIN 4
/* A lookup this slow went through a timeout of the stub resolver (glibc
 * waits at least 1 s for a lost query before it asks again or gives up
 * with EAI_AGAIN): a loss.  It halves the window if the server answered
 * other lookups meanwhile (it dropped queries: too many at once), not if
 * it answered none (it is down or unreachable, and fewer lookups at once
 * would only make the run longer). */
#define FLOW_STALL_NS 900000000LL
/* The resolver's own time, without a queue (the base): the lowest median
 * of FLOW_SAMPLES answers in a row, of this epoch or the one before, of
 * lookups started after the first answer from a server.  Answers too
 * quick for any window above FLOW_START (/etc/hosts, a cache) are not
 * samples, and a median keeps a few slow ones from setting the pace.
 * Until the base is known, only silence grows the window. */
#define FLOW_SAMPLES 15
/* A good answer grows the window if it came within twice the base and
 * this much more (scheduling noise of a busy machine). */
#define FLOW_SLACK_NS 500000LL
/* A good answer past 4 times the base and this much more means a queue
 * at the server: the window halves (not below FLOW_START: names slower
 * than others, cache misses, look the same) before the server's socket
 * buffer overflows (a flooded dnsmasq drops queries, each a 5 s retry). */
#define FLOW_QUEUE_NS 2000000LL
#define FLOW_EPOCH_NS 1000000000LL
/* No CPU looks names up faster than this (lookups/s; 2 CPUs turn over
 * about 14,000 a second with a thread each): more lookups at once than
 * twice the machine's rate times the base would only queue at home (a
 * thread each, for nothing) or at the server, where a stall of this
 * machine would then overflow its socket buffer.  On 2 CPUs, a server
 * answering in 0.1 ms gets FLOW_START, one answering in 50 ms up to
 * 2,000. */
#define FLOW_RATE_PER_CPU 10000
/* No good answer for this long (or twice the base), counted from the
 * first time lookups wait for the window, doubles it: a resolver that
 * never answers costs one timeout, not one per window. */
#define FLOW_QUIET_NS 10000000LL

struct flow {
	double window, ssthresh;
	unsigned cap;
	double rate_max;	/* lookups/s this machine can turn over */
	int64_t samples[FLOW_SAMPLES];	/* the last answers, a ring */
	unsigned nsamples;
	int64_t first_ns;	/* the first answer */
	/* The base of this epoch and of the one before (ns; 0: none yet):
	 * epochs let it follow a resolver that slows down for good. */
	int64_t min_ns, prev_min_ns, epoch_ns;
	int64_t good_ns;	/* the last good answer */
	int64_t last_ns;	/* the last good answer or growth */
	bool waited;		/* lookups waited for the window */
	int64_t cut_ns;		/* the last decrease: older lookups do not cut */
	unsigned long cuts;	/* decreases so far */
};

/* cap: the most lookups at once; cpus: the machine's, for its rate. */
void flow_init(struct flow *f, unsigned cap, unsigned cpus, int64_t now);
/* Lookups that may run at once now (1 to cap). */
unsigned flow_window(const struct flow *f);
/* A lookup started at started ended at now; again: EAI_AGAIN (a timeout,
 * or a SERVFAIL or REFUSED answer, which holds the window: one name's
 * failure says nothing about the load). */
void flow_done(struct flow *f, int64_t started, int64_t now, bool again);
/* Lookups wait for the window: doubles it if nothing came back for a
 * while.  Returns when to ask again (ns). */
int64_t flow_quiet(struct flow *f, int64_t now);

#endif
