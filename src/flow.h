/* How many lookups may run at once: a window that follows the resolver
 * (additive increase, multiplicative decrease), as TCP's congestion window
 * follows a path.  Pure: the caller brings the clock and holds the lock. */
#ifndef SOCKERR_FLOW_H
#define SOCKERR_FLOW_H

#include <stdbool.h>
#include <stdint.h>

/* The window starts at the 32 lookups sockerr always ran at once, never
 * goes below FLOW_MIN, and doubles while lookups wait and no answer
 * comes: a resolver that never answers costs one timeout, not one per
 * window. */
#define FLOW_START 32
#define FLOW_MIN 4
/* A lookup this slow went through a retry of the stub resolver (glibc
 * waits at least 1 s for a lost query before it asks again): a loss. */
#define FLOW_STALL_NS 900000000LL
/* An answer is fast, and grows the window, within twice the quickest
 * recent one and this much more (scheduling noise of a busy machine). */
#define FLOW_SLACK_NS 1000000LL
#define FLOW_EPOCH_NS 1000000000LL
/* A queue this long (answers past 4 times the quickest and this much)
 * halves the window before the server's socket buffer overflows. */
#define FLOW_QUEUE_NS 4000000LL
/* Silence for this long (or two quickest lookups) doubles the window. */
#define FLOW_QUIET_NS 10000000LL

struct flow {
	double window, ssthresh;
	unsigned cap;
	/* The quickest lookup of this epoch and of the one before (ns; 0:
	 * none yet): the resolver's own time, without a queue.  Epochs let
	 * it follow a resolver that slows down for good. */
	int64_t min_ns, prev_min_ns, epoch_ns;
	int64_t last_ns;	/* the last answer or growth */
	int64_t cut_ns;		/* the last decrease: older lookups do not cut */
	unsigned long cuts;	/* decreases so far */
};

void flow_init(struct flow *f, unsigned cap, int64_t now);
/* Lookups that may run at once now (1 to cap). */
unsigned flow_window(const struct flow *f);
/* A lookup started at started ended at now; again: EAI_AGAIN (the stub
 * resolver timed out, or the server failed). */
void flow_done(struct flow *f, int64_t started, int64_t now, bool again);
/* Lookups wait for the window: doubles it if nothing came back for a
 * while.  Returns when to ask again (ns). */
int64_t flow_quiet(struct flow *f, int64_t now);

#endif
