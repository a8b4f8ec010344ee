/* The engine: the ordered window between a source of targets and a sink
 * of results.  It reads targets lazily, hands them to the probe pool, and
 * passes each result on in input order; memory is bounded by N (a window
 * of N + min(3N, 8192) targets).  Single-threaded: the source and the
 * sink's emit and flush are called on the caller's thread only. */
#ifndef SOCKERR_ENGINE_H
#define SOCKERR_ENGINE_H

#include <stdbool.h>
#include <stddef.h>

#include "model/plan.h"
#include "model/request.h"
#include "model/result.h"

enum source_next {
	SOURCE_TARGET,	/* *rq filled, owned by the engine from now on */
	SOURCE_END,
	SOURCE_WAIT,	/* nothing yet: ask again once fd is readable */
};

struct engine_source {
	enum source_next (*next)(void *ctx, struct request *rq);
	int fd;		/* for SOURCE_WAIT, or -1 */
	void *ctx;
};

struct engine_sink {
	/* In input order.  Returns false to stop the run (stdout closed). */
	bool (*emit)(void *ctx, const struct report *rp);
	void (*flush)(void *ctx);	/* before the engine sleeps */
	/* A try failed and --wait will try again.  Called from any of the
	 * pool's threads: it may only read. */
	void (*retry)(void *ctx, const struct report *rp);
	void *ctx;
};

/* What main decides for the process and passes in. */
struct engine_config {
	const struct plan *plan;
	size_t concurrency;		/* at most */
	unsigned cpus;			/* event loop threads, at most */
	size_t fd_budget;		/* descriptors the run may use */
	unsigned resolver_threads;	/* at most, for the whole run */
	int sigfd;			/* a signalfd the run stops on, or -1 */
};

enum engine_end {
	ENGINE_DONE,		/* every target reported */
	ENGINE_STOPPED,		/* the sink asked to stop */
	ENGINE_INTERRUPTED,	/* a signal on sigfd: finished targets reported */
	ENGINE_FAILED,		/* set-up or a loop failed (err says why) */
};

/* How the run ended, besides its engine_end. */
struct engine_status {
	/* lookups were still running at the end, so their memory was left
	 * to them; the caller should _exit rather than return */
	bool abandoned;
	int err;	/* ENGINE_FAILED: the errno of the call that failed */
	const char *what;	/* and what failed ("cannot start a thread"),
				 * or NULL: an internal error */
	int signo;	/* ENGINE_INTERRUPTED: the first signal read */
};

enum engine_end engine_run(const struct engine_config *cfg,
			   struct engine_source *src, struct engine_sink *sink,
			   struct engine_status *st);

#endif
