/* The engine: targets from a source through the probe pool to a sink, in
 * input order, within a bounded window.  One thread: the caller's. */
#include "run/engine.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "run/pool.h"
#include "run/probe.h"

/* Finished results held back, at most, waiting for an earlier target. */
#define WINDOW_EXTRA_MAX 8192
/* The engine's descriptors in the pool's loop. */
#define ID_INPUT 0
#define ID_SIGNAL 1

enum entry_state { ENTRY_FREE, ENTRY_RUNNING, ENTRY_DONE };

struct entry {
	struct request rq;
	struct probe probe;
	struct result bad;	/* a malformed target's result */
	enum entry_state state;
};

struct engine {
	const struct engine_config *cfg;
	struct engine_source *src;
	struct engine_sink *sink;
	struct pool *pool;
	struct entry *window;
	size_t size, head, count;	/* oldest unreported, entries in use */
	bool src_done, src_waiting, src_failed;
	bool sink_closed, interrupted, failed;
	int err;	/* the errno of the first call that failed */
	const char *what;	/* what it was, when known */
	int signo;	/* the first signal read from sigfd */
};

/* Keeps the errno of the call that just failed; returns false. */
static bool failing(struct engine *e)
{
	if (e->err == 0)
		e->err = errno ? errno : EIO;
	return false;
}

static struct report entry_report(const struct entry *en)
{
	if (en->rq.why)
		return (struct report){en->rq.text, NULL, &en->bad};
	return (struct report){en->rq.text, &en->probe.target, &en->probe.res};
}

static void on_retry(void *ctx, uint64_t cookie, const struct probe *p)
{
	struct engine *e = ctx;
	struct report rp = {e->window[cookie].rq.text, &p->target, &p->res};

	e->sink->retry(e->sink->ctx, &rp);
}

/* The entry takes over rq; a well-formed target starts in the pool.  One
 * that could not be built for want of memory ends the run (ENOMEM). */
static void admit(struct engine *e, struct request *rq)
{
	size_t idx = (e->head + e->count) % e->size;
	struct entry *en = &e->window[idx];

	if (request_oom(rq)) {
		request_free(rq);
		errno = ENOMEM;
		failing(e);
		e->failed = true;
		return;
	}
	e->count++;
	en->rq = *rq;
	en->state = ENTRY_DONE;
	if (rq->why) {
		en->bad = (struct result){.usage = rq->why};
		return;
	}
	probe_init(&en->probe, e->cfg->plan, rq->target);
	en->rq.target = (struct target){0};	/* the probe's now */
	en->state = ENTRY_RUNNING;
	pool_submit(e->pool, &en->probe, idx);
}

/* Input from a pipe or a terminal: wait in the loop, not in read(). */
static void source_wait(struct engine *e)
{
	e->src_waiting = true;
	if (pool_watch(e->pool, e->src->fd, EPOLLIN | EPOLLONESHOT,
		       ID_INPUT) != 0) {
		failing(e);
		e->src_done = e->src_failed = true;
	}
}

static bool may_read(const struct engine *e)
{
	return !e->src_done && !e->src_waiting && !e->sink_closed &&
	       !e->interrupted && !e->failed && e->count < e->size;
}

static bool can_take(struct engine *e)
{
	return may_read(e) && pool_has_room(e->pool);
}

static void take_targets(struct engine *e)
{
	struct request rq;

	while (can_take(e)) {
		switch (e->src->next(e->src->ctx, &rq)) {
		case SOURCE_TARGET:
			admit(e, &rq);
			break;
		case SOURCE_END:
			e->src_done = true;
			break;
		case SOURCE_WAIT:
			source_wait(e);
			break;
		}
	}
}

static void mark_done(void *ctx, uint64_t cookie)
{
	struct engine *e = ctx;

	e->window[cookie].state = ENTRY_DONE;
}

static void release(struct entry *en)
{
	if (en->rq.why)
		en->bad = (struct result){0};
	else
		probe_free(&en->probe);
	request_free(&en->rq);
	en->state = ENTRY_FREE;
}

/* Hands on every finished target at the head of the window. */
static void emit_ready(struct engine *e)
{
	while (e->count > 0 && !e->sink_closed) {
		struct entry *en = &e->window[e->head];
		struct report rp;

		if (en->state != ENTRY_DONE)
			break;
		rp = entry_report(en);
		e->sink_closed = !e->sink->emit(e->sink->ctx, &rp);
		release(en);
		e->head = (e->head + 1) % e->size;
		e->count--;
	}
}

static void on_signal(struct engine *e)
{
	struct signalfd_siginfo si;

	while (read(e->cfg->sigfd, &si, sizeof si) == sizeof si) {
		if (!e->interrupted)
			e->signo = (int)si.ssi_signo;
		e->interrupted = true;
	}
}

static bool finished(const struct engine *e)
{
	return e->sink_closed || e->interrupted || e->failed ||
	       (e->src_done && e->count == 0);
}

static bool run_window(struct engine *e)
{
	unsigned ready[2];
	bool got, block;
	int n;

	for (;;) {
		take_targets(e);
		got = pool_collect(e->pool, mark_done, e) > 0;
		emit_ready(e);
		if (finished(e))
			return true;
		block = !got && !can_take(e);
		if (block)
			e->sink->flush(e->sink->ctx);
		n = pool_wait(e->pool, block, ready, 2);
		if (n < 0) {
			if (e->err == 0)
				e->what = pool_failure(e->pool);
			return failing(e);
		}
		for (int i = 0; i < n; i++) {
			if (ready[i] == ID_SIGNAL)
				on_signal(e);
			else
				e->src_waiting = false;
		}
	}
}

/* After a signal or a failure the finished targets are still reported,
 * in order.  With lookups still out, their probes' memory is left to them. */
static void drain(struct engine *e, bool keep)
{
	for (; e->count > 0; e->head = (e->head + 1) % e->size, e->count--) {
		struct entry *en = &e->window[e->head];
		struct report rp;

		if (en->state == ENTRY_DONE && (e->interrupted || e->failed) &&
		    !e->sink_closed) {
			rp = entry_report(en);
			e->sink_closed = !e->sink->emit(e->sink->ctx, &rp);
		}
		if (!keep)
			release(en);
	}
}

static bool open_window(struct engine *e)
{
	const struct engine_config *c = e->cfg;
	struct pool_config pc = {c->concurrency, c->cpus, c->fd_budget,
				 c->resolver_threads, on_retry, e};
	size_t n;

	e->pool = pool_new(&pc);
	if (!e->pool)
		return failing(e);
	/* room for finished results to wait behind a slow one: 3N, but not
	 * 3 x an entry x a huge -c */
	n = pool_capacity(e->pool);
	e->size = n + (n < WINDOW_EXTRA_MAX / 3 ? 3 * n : WINDOW_EXTRA_MAX);
	e->window = calloc(e->size, sizeof *e->window);
	if (!e->window ||
	    (c->sigfd >= 0 &&
	     pool_watch(e->pool, c->sigfd, EPOLLIN, ID_SIGNAL) != 0))
		return failing(e);
	return true;
}

enum engine_end engine_run(const struct engine_config *cfg,
			   struct engine_source *src, struct engine_sink *sink,
			   struct engine_status *st)
{
	struct engine e = {.cfg = cfg, .src = src, .sink = sink};
	enum engine_end end = ENGINE_DONE;

	*st = (struct engine_status){0};
	if (!open_window(&e)) {
		*st = (struct engine_status){.err = e.err};
		pool_free(e.pool);
		free(e.window);
		return ENGINE_FAILED;
	}
	if (!run_window(&e))
		e.failed = true;
	pool_stop(e.pool);
	pool_collect(e.pool, mark_done, &e);
	if (e.failed || e.src_failed)
		end = ENGINE_FAILED;
	if (e.interrupted)
		end = ENGINE_INTERRUPTED;
	else if (e.sink_closed)
		end = ENGINE_STOPPED;
	st->abandoned = pool_lookups_out(e.pool);
	drain(&e, st->abandoned);
	sink->flush(sink->ctx);
	st->err = e.err;	/* not errno: the flush has had its say since */
	st->what = e.what;
	st->signo = e.signo;
	if (!st->abandoned) {
		pool_free(e.pool);
		free(e.window);
	}
	return end;
}
