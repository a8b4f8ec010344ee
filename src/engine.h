/* The engine: runs probes for a stream of targets, at most N at once, and
 * hands each result on in input order.  One target or a million, the same
 * path.  Memory is bounded by N: input is read lazily, a window of
 * N + min(3N, 8192) targets is held, results are handed on and freed.  N is cut to fit the
 * descriptor limit (raised to the hard limit first); a big N spreads the
 * probes over one event loop per CPU (see shard.h).  The source and the
 * sink's emit and flush are called on the caller's thread only. */
#ifndef SOCKERR_ENGINE_H
#define SOCKERR_ENGINE_H

#include <stdbool.h>
#include <stddef.h>

#include "format.h"
#include "plan.h"

enum source_next {
	SOURCE_TARGET,	/* *text (and *port, or NULL) set, or *why if malformed */
	SOURCE_END,
	SOURCE_WAIT,	/* nothing yet: ask again once fd is readable */
};

struct engine_source {
	/* Strings stay valid until the next call. */
	enum source_next (*next)(void *ctx, const char **text,
				 const char **port, const char **why);
	int fd;		/* for SOURCE_WAIT, or -1 */
	void *ctx;
};

struct engine_sink {
	/* In input order.  Returns false to stop the run (stdout closed). */
	bool (*emit)(void *ctx, const struct report *rp);
	void (*flush)(void *ctx);	/* before the engine sleeps */
	/* A try failed and --wait will try again.  Called from any of the
	 * engine's threads: it may only read shared state. */
	void (*retry)(void *ctx, const struct report *rp);
	void *ctx;
};

struct engine_config {
	const struct plan *plan;
	size_t concurrency;		/* at most */
	bool port_optional;
	unsigned resolver_threads;	/* at most, for the whole run */
};

enum engine_end {
	ENGINE_DONE,		/* every target reported */
	ENGINE_STOPPED,		/* the sink asked to stop */
	ENGINE_INTERRUPTED,	/* SIGINT: finished targets reported */
	ENGINE_FAILED,		/* could not set up (errno says why) */
};

/* abandoned: lookups were still running at the end, so their memory was
 * left to them; the caller should _exit rather than return. */
enum engine_end engine_run(const struct engine_config *cfg,
			   struct engine_source *src, struct engine_sink *sink,
			   bool *abandoned);

#endif
