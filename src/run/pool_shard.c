/* One shard: an event loop that runs probes, each as a task whose waits
 * (run/probe.h) become the loop's descriptors and timers. */
#include "run/pool_impl.h"

#include <errno.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "base/clock.h"

static uint64_t fd_token(size_t idx, uint32_t gen)
{
	return (uint64_t)gen << 32 | idx;
}

/* close() took a closed socket out of the epoll set already (sockerr
 * never dups one): only a socket the probe keeps open (w says which)
 * needs the call. */
static void unwatch(struct shard *sh, struct task *t, const struct probe_wait *w)
{
	if (t->watched_fd >= 0 && t->watched_fd == w->fd &&
	    t->gen == w->fd_serial)
		loop_unwatch(sh->loop, t->watched_fd);
	t->watched_fd = -1;
}

/* The probe may have closed and reopened a socket under the same number:
 * a number match is trusted only while the probe's fd is the same one. */
static void watch(struct shard *sh, struct task *t, size_t idx,
		  const struct probe_wait *w)
{
	if (t->watched_fd == w->fd && w->fd_serial == t->gen) {
		if (t->watched_events != w->events &&
		    loop_rewatch(sh->loop, w->fd, w->events,
				 fd_token(idx, t->gen)) == 0)
			t->watched_events = w->events;
		return;
	}
	unwatch(sh, t, w);
	t->gen = w->fd_serial;
	if (loop_watch(sh->loop, w->fd, w->events, fd_token(idx, t->gen)) == 0) {
		t->watched_fd = w->fd;
		t->watched_events = w->events;
	}
}

void shard_set_active(struct shard *sh, size_t active)
{
	sh->active = active;
	atomic_store_explicit(&sh->holding, active, memory_order_relaxed);
}

/* Each probe that ends lets the caller start one more again, up to the
 * shard's share, after descriptors ran out. */
static void finish_task(struct shard *sh, size_t idx,
			const struct probe_wait *w)
{
	struct task *t = &sh->pool->tasks[idx];
	size_t limit = atomic_load_explicit(&sh->limit, memory_order_relaxed);

	unwatch(sh, t, w);
	t->live = false;
	shard_set_active(sh, sh->active - 1);
	sh->freed++;
	if (limit < sh->max)
		atomic_store_explicit(&sh->limit, limit + 1,
				      memory_order_relaxed);
	list_push(sh->pool->tasks, &sh->finished, idx);
}

void shard_apply_wait(struct shard *sh, size_t idx, const struct probe_wait *w)
{
	struct pool *p = sh->pool;
	struct task *t = &p->tasks[idx];

	t->serial = w->fd_serial;
	loop_timer(sh->loop, idx, -1);
	if (w->kind != WAIT_FD)
		unwatch(sh, t, w);
	switch (w->kind) {
	case WAIT_DONE:
		finish_task(sh, idx, w);
		break;
	case WAIT_FD:
		watch(sh, t, idx, w);
		loop_timer(sh->loop, idx, w->deadline);
		break;
	case WAIT_TIMER:
		loop_timer(sh->loop, idx, w->deadline);
		if (w->retry && p->cfg.retry)
			p->cfg.retry(p->cfg.ctx, t->cookie, t->probe);
		break;
	case WAIT_JOB:
		lookup_submit(sh, idx, w);
		break;
	case WAIT_FDSLOT:
		shard_park(sh, idx);
		break;
	}
}

void shard_start(struct shard *sh, size_t idx)
{
	struct task *t = &sh->pool->tasks[idx];
	struct probe_wait w;

	t->live = true;
	shard_set_active(sh, sh->active + 1);
	probe_start(t->probe, now_ns(), &w);
	shard_apply_wait(sh, idx, &w);
	shard_unpark_freed(sh);
}

/* A task's events are its shard's alone while it runs; an event left
 * over from an earlier socket (or an earlier probe) fails the checks. */
static void on_fd(struct shard *sh, uint64_t token)
{
	size_t idx = (size_t)(token & 0xffffffff);
	struct task *t = &sh->pool->tasks[idx];
	struct probe_wait w;

	if (idx >= sh->pool->capacity || !t->live || t->parked ||
	    t->gen != (uint32_t)(token >> 32) || t->watched_fd < 0)
		return;
	probe_fd_ready(t->probe, now_ns(), &w);
	shard_apply_wait(sh, idx, &w);
}

/* Whether the descriptor a task waits for is ready now. */
static bool fd_ready_now(const struct task *t)
{
	struct pollfd pfd = {.fd = t->watched_fd};

	if (t->watched_fd < 0 || t->gen != t->serial)
		return false;
	pfd.events = (short)((t->watched_events & EPOLLIN ? POLLIN : 0) |
			     (t->watched_events & EPOLLOUT ? POLLOUT : 0));
	return poll(&pfd, 1, 0) > 0;
}

/* A deadline counts only for the wait it was set for (a timer taken in
 * the batch that ended its wait is dropped), and only if the event
 * waited for is not in: after a stall, what came in the meantime wins,
 * as CPython's poll() says ready and the call goes on. */
static void on_timer(struct shard *sh, const struct loop_event *ev)
{
	size_t idx = (size_t)ev->token;
	struct task *t = &sh->pool->tasks[idx];
	struct probe_wait w;

	if (!loop_timer_current(sh->loop, ev))
		return;
	if (idx == sh->pool->capacity) {
		shard_unpark_retry(sh);
		return;
	}
	if (!t->live || t->parked)
		return;
	if (t->job_out) {
		lookup_answers(sh);		/* answers posted since the loop woke */
		if (!loop_timer_current(sh->loop, ev) ||
		    lookup_grace(sh, idx, now_ns()))
			return;
		lookup_orphan(t);
	} else if (fd_ready_now(t)) {
		probe_fd_ready(t->probe, now_ns(), &w);
		shard_apply_wait(sh, idx, &w);
		return;
	}
	probe_timer(t->probe, now_ns(), &w);
	shard_apply_wait(sh, idx, &w);
}

static void drain_wake(struct shard *sh)
{
	uint64_t n;

	if (read(sh->wake, &n, sizeof n) < 0) {
		/* EAGAIN: woken already */
	}
}

void shard_handle(struct shard *sh, const struct loop_event *ev)
{
	if (ev->kind == LOOP_TIMER)
		on_timer(sh, ev);
	else if (ev->token == TOKEN_RESOLVER)
		lookup_answers(sh);
	else if (ev->token == TOKEN_WAKE)
		drain_wake(sh);
	else
		on_fd(sh, ev->token);
	shard_unpark_freed(sh);
}

void *worker_main(void *arg)
{
	struct shard *sh = arg;
	struct loop_event evs[LOOP_EVENTS];
	struct task_list todo;
	bool sleep;
	size_t idx;
	int n;

	while (exchange_worker(sh, &todo, &sleep)) {
		while ((idx = list_pop(sh->pool->tasks, &todo)) != TASK_NIL)
			shard_start(sh, idx);
		n = sleep ? loop_wait(sh->loop, evs, LOOP_EVENTS)
			  : loop_poll(sh->loop, evs, LOOP_EVENTS);
		if (n < 0) {
			pool_fail(sh->pool, errno, NULL);
			break;
		}
		for (int i = 0; i < n; i++)
			shard_handle(sh, &evs[i]);
	}
	return NULL;
}

bool shard_init(struct shard *sh, struct pool *p, unsigned id,
		       size_t max)
{
	*sh = (struct shard){.pool = p, .id = id, .wake = -1, .max = max,
			     .lookups = {NULL, -1}};
	list_init(&sh->inbox);
	list_init(&sh->finished);
	list_init(&sh->parked);
	list_init(&sh->outbox);
	atomic_init(&sh->holding, 0);
	atomic_init(&sh->limit, max);
	/* one timer per task, and one to retry parked probes */
	sh->loop = loop_new(p->capacity + 1);
	sh->wake = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	return sh->loop && outlet_init(&sh->lookups) && sh->wake >= 0 &&
	       loop_watch(sh->loop, sh->lookups.fd, EPOLLIN, TOKEN_RESOLVER) == 0 &&
	       loop_watch(sh->loop, sh->wake, EPOLLIN, TOKEN_WAKE) == 0;
}

void shard_free(struct shard *sh)
{
	loop_free(sh->loop);
	outlet_close(&sh->lookups);
	if (sh->wake >= 0)
		close(sh->wake);
	sh->loop = NULL;
	sh->wake = -1;
}
