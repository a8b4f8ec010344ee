/* The probe pool: probes run over one event loop per thread; tasks move
 * between the caller and the workers only through lists under one lock. */
#include "run/pool.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "net/loop.h"
#include "net/job.h"
#include "net/resolver.h"

#define LOOP_EVENTS 256
#define SHARDS_MAX 17	/* 16 workers and the caller's */
/* A thread of its own pays off only with this many probes for it. */
#define PROBES_PER_SHARD 64
/* The caller's loop runs a run's first probes itself; workers start only
 * when more than this many are in flight, and then take over. */
#define SOLO_MAX (2 * PROBES_PER_SHARD)
/* Parked probes also ask again this often: the descriptor they wait for
 * may come back in another shard. */
#define PARK_RETRY_NS (5 * NS_PER_MS)
/* A lookup whose deadline the loop meets this late was held up with it
 * (a stopped process, a starved machine): its thread gets this long to
 * post an answer it may already hold before the lookup is cut. */
#define LOOKUP_LATE_NS (5 * NS_PER_MS)
#define LOOKUP_GRACE_NS (20 * NS_PER_MS)
#define TASK_NIL SIZE_MAX
#define CALLER_IDS 16

/* Loop tokens besides a probe's (fd generation << 32 | task). */
#define TOKEN_RESOLVER UINT64_MAX
#define TOKEN_WAKE (UINT64_MAX - 1)
#define TOKEN_CALLER(id) (UINT64_MAX - 2 - (uint64_t)(id))

struct task {
	struct probe *probe;
	uint64_t cookie;
	size_t next;		/* link in the one list that holds the task */
	unsigned shard;
	/* The shard's, while it runs the probe. */
	bool live, parked, job_out;
	struct job *asked;	/* the probe's job, answered by the clone */
	struct job *job;	/* the lookup out for it, a clone */
	int64_t job_deadline;	/* its deadline, -1: none */
	bool job_graced;	/* LOOKUP_GRACE_NS given once */
	uint32_t gen;		/* the socket's serial when watched */
	uint32_t serial;	/* the serial of the probe's socket now */
	int watched_fd;
	uint32_t watched_events;
};

struct task_list {
	size_t head, tail;
};

struct shard {
	struct pool *pool;
	unsigned id;
	struct loop *loop;
	struct outlet lookups;
	int wake;		/* eventfd: work, finished work or stop */
	pthread_t thread;
	/* Under pool->lock: */
	struct task_list inbox;
	bool asleep;
	/* The shard's own: */
	struct task_list finished, parked;
	size_t active, nparked, freed, jobs_out;
	bool retry_armed;	/* the parked probes' timer */
	_Atomic size_t holding;	/* active, for the other shards to read */
	_Atomic size_t limit;	/* shrinks while descriptors run out */
	size_t max;
	/* The caller's side: */
	size_t running;		/* submitted, not yet collected */
	struct task_list outbox;
};

struct pool {
	struct pool_config cfg;
	size_t capacity, running;
	struct task *tasks;
	struct task_list free_tasks, ready;
	struct resolver *resolver;
	struct shard *shards;
	unsigned nshards, started, startable;
	struct shard *pick;	/* pool_has_room's choice */
	pthread_mutex_t lock;
	/* Under lock: */
	struct task_list done;	/* finished on worker threads */
	bool caller_asleep, stopping, failed;
	int fail_errno;		/* why the run cannot go on */
	const char *fail_what;	/* and what it was doing, or NULL */
};

static void list_init(struct task_list *l)
{
	l->head = l->tail = TASK_NIL;
}

static void list_push(struct task *tasks, struct task_list *l, size_t idx)
{
	tasks[idx].next = TASK_NIL;
	if (l->tail == TASK_NIL)
		l->head = idx;
	else
		tasks[l->tail].next = idx;
	l->tail = idx;
}

static size_t list_pop(struct task *tasks, struct task_list *l)
{
	size_t idx = l->head;

	if (idx != TASK_NIL) {
		l->head = tasks[idx].next;
		if (l->head == TASK_NIL)
			l->tail = TASK_NIL;
	}
	return idx;
}

static void list_move(struct task *tasks, struct task_list *to,
		      struct task_list *from)
{
	if (from->head == TASK_NIL)
		return;
	if (to->tail == TASK_NIL)
		to->head = from->head;
	else
		tasks[to->tail].next = from->head;
	to->tail = from->tail;
	list_init(from);
}

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

static void set_active(struct shard *sh, size_t active)
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
	set_active(sh, sh->active - 1);
	sh->freed++;
	if (limit < sh->max)
		atomic_store_explicit(&sh->limit, limit + 1,
				      memory_order_relaxed);
	list_push(sh->pool->tasks, &sh->finished, idx);
}

static bool others_holding(const struct shard *sh)
{
	for (unsigned k = 0; k < sh->pool->nshards; k++)
		if (k != sh->id &&
		    atomic_load_explicit(&sh->pool->shards[k].holding,
					 memory_order_relaxed) > 0)
			return true;
	return false;
}

static void apply_wait(struct shard *sh, size_t idx,
		       const struct probe_wait *w);
static void submit_lookup(struct shard *sh, size_t idx,
			  const struct probe_wait *w);
static void pool_fail(struct pool *p, int err, const char *what);

/* The caller gets no more room here than probes hold descriptors now. */
static void shrink_limit(struct shard *sh)
{
	size_t n = sh->active ? sh->active : 1;

	atomic_store_explicit(&sh->limit, n < sh->max ? n : sh->max,
			      memory_order_relaxed);
}

/* Descriptors ran out: wait for a running probe to give one back, unless
 * none runs anywhere, when EMFILE is the answer. */
static void park(struct shard *sh, size_t idx)
{
	struct task *t = &sh->pool->tasks[idx];
	struct probe_wait w;

	if (sh->active <= 1 && !others_holding(sh)) {
		probe_fdslot(t->probe, false, now_ns(), &w);
		apply_wait(sh, idx, &w);
		return;
	}
	t->parked = true;
	list_push(sh->pool->tasks, &sh->parked, idx);
	sh->nparked++;
	set_active(sh, sh->active - 1);
	shrink_limit(sh);
	if (!sh->retry_armed) {
		loop_timer(sh->loop, sh->pool->capacity, now_ns() + PARK_RETRY_NS);
		sh->retry_armed = true;
	}
}

static void unpark_one(struct shard *sh)
{
	size_t idx = list_pop(sh->pool->tasks, &sh->parked);
	struct task *t;
	struct probe_wait w;

	if (idx == TASK_NIL)
		return;
	t = &sh->pool->tasks[idx];
	t->parked = false;
	sh->nparked--;
	set_active(sh, sh->active + 1);
	probe_fdslot(t->probe, true, now_ns(), &w);
	apply_wait(sh, idx, &w);
}

/* As many parked probes go on as find a descriptor. */
static void unpark_retry(struct shard *sh)
{
	size_t before;

	sh->retry_armed = false;
	do {
		before = sh->nparked;
		unpark_one(sh);
	} while (sh->nparked > 0 && sh->nparked < before);
}

/* One parked probe goes on for each that ended. */
static void unpark_freed(struct shard *sh)
{
	while (sh->freed > 0 && sh->nparked > 0) {
		sh->freed--;
		unpark_one(sh);
	}
	sh->freed = 0;
}

static void apply_wait(struct shard *sh, size_t idx, const struct probe_wait *w)
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
		submit_lookup(sh, idx, w);
		break;
	case WAIT_FDSLOT:
		park(sh, idx);
		break;
	}
}

/* The thread works on a clone, so a probe cut short at its deadline can
 * go while the lookup runs on; the clone's answer is then dropped.  A
 * lookup never runs on the loop's thread, where it would hold up every
 * probe and SIGINT: without memory or a thread for it the run ends. */
static void submit_lookup(struct shard *sh, size_t idx,
			  const struct probe_wait *w)
{
	struct pool *p = sh->pool;
	struct task *t = &p->tasks[idx];
	int64_t deadline = w->deadline;

	t->asked = w->job;
	t->job = job_clone(w->job);
	if (!t->job) {
		pool_fail(p, ENOMEM, NULL);
		return;
	}
	t->job->token = idx;
	if (!resolver_submit(p->resolver, t->job, &sh->lookups)) {
		pool_fail(p, errno, errno == ENOMEM ? NULL : "cannot start a thread");
		job_drop(t->job);
		t->job = NULL;
		return;
	}
	loop_timer(sh->loop, idx, deadline);
	t->job_deadline = deadline;
	t->job_graced = false;
	t->job_out = true;
	sh->jobs_out++;
}

/* The loop met the lookup's deadline late: the lookup threads were held
 * up as long, and get a moment to catch up before the lookup is cut. */
static bool grace_lookup(struct shard *sh, size_t idx, int64_t now)
{
	struct task *t = &sh->pool->tasks[idx];

	if (t->job_graced || now - t->job_deadline <= LOOKUP_LATE_NS)
		return false;
	t->job_graced = true;
	loop_timer(sh->loop, idx, now + LOOKUP_GRACE_NS);
	return true;
}

static void orphan_lookup(struct task *t)
{
	t->job->orphaned = true;
	t->job = NULL;
	t->job_out = false;
}

static void shard_start(struct shard *sh, size_t idx)
{
	struct task *t = &sh->pool->tasks[idx];
	struct probe_wait w;

	t->live = true;
	set_active(sh, sh->active + 1);
	probe_start(t->probe, now_ns(), &w);
	apply_wait(sh, idx, &w);
	unpark_freed(sh);
}

static void on_lookups(struct shard *sh)
{
	struct job *j;
	struct probe_wait w;

	while ((j = resolver_take_done(sh->pool->resolver, &sh->lookups))) {
		size_t idx = (size_t)j->token;
		struct task *t = &sh->pool->tasks[idx];

		sh->jobs_out--;
		if (j->orphaned) {
			job_drop(j);
			continue;
		}
		t->job = NULL;
		t->job_out = false;
		job_take_answer(t->asked, j);
		probe_job_done(t->probe, now_ns(), &w);
		apply_wait(sh, idx, &w);
	}
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
	apply_wait(sh, idx, &w);
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
		unpark_retry(sh);
		return;
	}
	if (!t->live || t->parked)
		return;
	if (t->job_out) {
		on_lookups(sh);		/* answers posted since the loop woke */
		if (!loop_timer_current(sh->loop, ev) ||
		    grace_lookup(sh, idx, now_ns()))
			return;
		orphan_lookup(t);
	} else if (fd_ready_now(t)) {
		probe_fd_ready(t->probe, now_ns(), &w);
		apply_wait(sh, idx, &w);
		return;
	}
	probe_timer(t->probe, now_ns(), &w);
	apply_wait(sh, idx, &w);
}

static void drain_wake(struct shard *sh)
{
	uint64_t n;

	if (read(sh->wake, &n, sizeof n) < 0) {
		/* EAGAIN: woken already */
	}
}

static void shard_handle(struct shard *sh, const struct loop_event *ev)
{
	if (ev->kind == LOOP_TIMER)
		on_timer(sh, ev);
	else if (ev->token == TOKEN_RESOLVER)
		on_lookups(sh);
	else if (ev->token == TOKEN_WAKE)
		drain_wake(sh);
	else
		on_fd(sh, ev->token);
	unpark_freed(sh);
}

static void shard_wake(struct shard *sh)
{
	uint64_t one = 1;

	if (write(sh->wake, &one, sizeof one) < 0) {
		/* EAGAIN: the counter is full, so a wake-up is pending */
	}
}

/* A worker's one locked exchange per round: finished probes out, new
 * ones in, and whether it may sleep.  False once the pool stops. */
static bool worker_swap(struct shard *sh, struct task_list *todo, bool *sleep)
{
	struct pool *p = sh->pool;
	bool wake_caller = false, stop;

	pthread_mutex_lock(&p->lock);
	if (sh->finished.head != TASK_NIL) {
		list_move(p->tasks, &p->done, &sh->finished);
		wake_caller = p->caller_asleep;
		p->caller_asleep = false;
	}
	*todo = sh->inbox;
	list_init(&sh->inbox);
	stop = p->stopping;
	sh->asleep = *sleep = todo->head == TASK_NIL;
	pthread_mutex_unlock(&p->lock);
	if (wake_caller)
		shard_wake(&p->shards[0]);
	return !stop;
}

/* The run cannot go on (a loop failed, a lookup found no thread): the
 * caller's pool_wait says so, with err, from any shard; what names the
 * step for the message (NULL: an internal error). */
static void pool_fail(struct pool *p, int err, const char *what)
{
	pthread_mutex_lock(&p->lock);
	if (!p->failed) {
		p->fail_errno = err;
		p->fail_what = what;
	}
	p->failed = true;
	pthread_mutex_unlock(&p->lock);
	shard_wake(&p->shards[0]);
}

static void *worker_main(void *arg)
{
	struct shard *sh = arg;
	struct loop_event evs[LOOP_EVENTS];
	struct task_list todo;
	bool sleep;
	size_t idx;
	int n;

	while (worker_swap(sh, &todo, &sleep)) {
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

static bool shard_init(struct shard *sh, struct pool *p, unsigned id,
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

static void shard_free(struct shard *sh)
{
	loop_free(sh->loop);
	outlet_close(&sh->lookups);
	if (sh->wake >= 0)
		close(sh->wake);
	sh->loop = NULL;
	sh->wake = -1;
}

/* The caller's loop alone for a small run; for a big one, a worker per
 * CPU too, and the caller's loop hands over once they start. */
static unsigned shards_for(size_t probes, unsigned cpus)
{
	size_t n = probes / PROBES_PER_SHARD;

	if (cpus >= SHARDS_MAX)
		cpus = SHARDS_MAX - 1;
	if (n < 2 || cpus < 2)
		return 1;
	return (n < cpus ? (unsigned)n : cpus) + 1;
}

/* The run's shape within the descriptor budget: each loop takes three
 * descriptors and each lookup thread up to two (a DNS socket, a file);
 * the probes get the rest, so running out stays the exception. */
static void fit(struct pool *p)
{
	size_t room = p->cfg.fd_budget, threads = p->cfg.resolver_threads;
	size_t probes = p->cfg.concurrency, cost;

	if (threads > room / 8)
		threads = room / 8 ? room / 8 : 1;
	cost = 2 * threads + 3 * (size_t)shards_for(probes, p->cfg.cpus);
	if (probes + cost > room)
		probes = room > cost ? room - cost : 1;
	p->nshards = shards_for(probes, p->cfg.cpus);
	p->capacity = probes;
	p->cfg.resolver_threads = (unsigned)threads;
}

/* The probes shard k may run at once: all, a worker's part, or for the
 * caller's loop in a big run, the first few. */
static size_t share(const struct pool *p, unsigned k)
{
	size_t workers = p->nshards - 1;

	if (workers == 0)
		return p->capacity;
	if (k == 0)
		return p->capacity < SOLO_MAX ? p->capacity : SOLO_MAX;
	return p->capacity / workers + (k - 1 < p->capacity % workers);
}

static bool build_shards(struct pool *p)
{
	fit(p);
	p->tasks = calloc(p->capacity, sizeof *p->tasks);
	p->shards = calloc(p->nshards, sizeof *p->shards);
	p->resolver = resolver_new(p->cfg.resolver_threads, p->cfg.cpus);
	if (!p->tasks || !p->shards || !p->resolver)
		return false;
	for (size_t i = 0; i < p->capacity; i++)
		list_push(p->tasks, &p->free_tasks, i);
	for (unsigned k = 0; k < p->nshards; k++) {
		if (!shard_init(&p->shards[k], p, k, share(p, k))) {
			p->nshards = k + 1;	/* what pool_free frees */
			return false;
		}
	}
	p->started = 1;
	p->startable = p->nshards;
	return true;
}

struct pool *pool_new(const struct pool_config *cfg)
{
	struct pool *p = calloc(1, sizeof *p);
	int err;

	if (!p)
		return NULL;
	p->cfg = *cfg;
	list_init(&p->free_tasks);
	list_init(&p->ready);
	list_init(&p->done);
	pthread_mutex_init(&p->lock, NULL);
	if (!build_shards(p)) {
		err = errno;
		pool_free(p);
		errno = err;
		return NULL;
	}
	return p;
}

size_t pool_capacity(const struct pool *p)
{
	return p->capacity;
}

static bool start_worker(struct pool *p)
{
	struct shard *sh = &p->shards[p->started], *own = &p->shards[0];

	if (pthread_create(&sh->thread, NULL, worker_main, sh) != 0) {
		p->startable = p->started;	/* the caller's loop goes on alone */
		return false;
	}
	p->started++;
	/* its own probes end; new ones go to the workers */
	own->max = 0;
	atomic_store_explicit(&own->limit, 0, memory_order_relaxed);
	return true;
}

/* The least busy shard that may take another probe; workers start when
 * the shards running are full. */
bool pool_has_room(struct pool *p)
{
	struct shard *best = NULL, *sh;

	p->pick = NULL;
	if (p->running >= p->capacity)
		return false;
	for (unsigned k = p->started; k-- > 0;) {
		sh = &p->shards[k];
		if (sh->running < atomic_load_explicit(&sh->limit,
						       memory_order_relaxed) &&
		    (!best || sh->running < best->running))
			best = sh;
	}
	if (!best && p->started < p->startable && start_worker(p))
		best = &p->shards[p->started - 1];
	p->pick = best;
	return best != NULL;
}

void pool_submit(struct pool *p, struct probe *probe, uint64_t cookie)
{
	struct shard *sh = p->pick;
	size_t idx = list_pop(p->tasks, &p->free_tasks);

	if (!sh && pool_has_room(p))
		sh = p->pick;
	p->pick = NULL;
	p->tasks[idx] = (struct task){.probe = probe, .cookie = cookie,
				      .shard = sh->id, .watched_fd = -1,
				      .next = TASK_NIL};
	sh->running++;
	p->running++;
	if (sh->id == 0)
		shard_start(sh, idx);
	else
		list_push(p->tasks, &sh->outbox, idx);
}

/* One locked exchange per round: new probes out to the workers, finished
 * ones back; without workers, no lock. */
static void exchange(struct pool *p)
{
	bool wakes[SHARDS_MAX] = {false};

	list_move(p->tasks, &p->ready, &p->shards[0].finished);
	if (p->started == 1)
		return;
	pthread_mutex_lock(&p->lock);
	for (unsigned k = 1; k < p->started; k++) {
		struct shard *sh = &p->shards[k];

		if (sh->outbox.head == TASK_NIL)
			continue;
		list_move(p->tasks, &sh->inbox, &sh->outbox);
		wakes[k] = sh->asleep;
		sh->asleep = false;
	}
	list_move(p->tasks, &p->ready, &p->done);
	p->caller_asleep = false;
	pthread_mutex_unlock(&p->lock);
	for (unsigned k = 1; k < p->started; k++)
		if (wakes[k])
			shard_wake(&p->shards[k]);
}

size_t pool_collect(struct pool *p, void (*done)(void *ctx, uint64_t cookie),
		    void *ctx)
{
	size_t idx, n = 0;

	exchange(p);
	while ((idx = list_pop(p->tasks, &p->ready)) != TASK_NIL) {
		struct task *t = &p->tasks[idx];

		p->shards[t->shard].running--;
		p->running--;
		done(ctx, t->cookie);
		t->probe = NULL;
		list_push(p->tasks, &p->free_tasks, idx);
		n++;
	}
	return n;
}

int pool_watch(struct pool *p, int fd, uint32_t events, unsigned id)
{
	struct loop *l = p->shards[0].loop;

	if (id >= CALLER_IDS) {
		errno = EINVAL;
		return -1;
	}
	if (loop_rewatch(l, fd, events, TOKEN_CALLER(id)) == 0)
		return 0;
	return loop_watch(l, fd, events, TOKEN_CALLER(id));
}

/* Before sleeping, workers learn to wake the caller. */
static bool may_sleep(struct pool *p)
{
	bool ok;

	if (p->ready.head != TASK_NIL || p->shards[0].finished.head != TASK_NIL)
		return false;
	if (p->started == 1)
		return !p->failed;
	pthread_mutex_lock(&p->lock);
	ok = p->done.head == TASK_NIL && !p->failed;
	p->caller_asleep = ok;
	pthread_mutex_unlock(&p->lock);
	return ok;
}

static bool failed(struct pool *p)
{
	bool f;

	if (p->started == 1)
		return p->failed;	/* no other thread sets it */
	pthread_mutex_lock(&p->lock);
	f = p->failed;
	pthread_mutex_unlock(&p->lock);
	return f;
}

int pool_wait(struct pool *p, bool block, unsigned *ready, int max)
{
	struct loop_event evs[LOOP_EVENTS];
	struct shard *own = &p->shards[0];
	int n, k = 0;

	if (block && may_sleep(p))
		n = loop_wait(own->loop, evs, LOOP_EVENTS);
	else
		n = loop_poll(own->loop, evs, LOOP_EVENTS);
	if (n < 0)
		return -1;
	for (int i = 0; i < n; i++) {
		uint64_t tok = evs[i].token;

		if (evs[i].kind == LOOP_FD && tok <= TOKEN_CALLER(0) &&
		    tok > TOKEN_CALLER(CALLER_IDS)) {
			if (k < max)
				ready[k++] = (unsigned)(TOKEN_CALLER(0) - tok);
		} else {
			shard_handle(own, &evs[i]);
		}
	}
	if (failed(p)) {
		errno = p->fail_errno;
		return -1;
	}
	return k;
}

const char *pool_failure(struct pool *p)
{
	const char *what;

	pthread_mutex_lock(&p->lock);
	what = p->failed ? p->fail_what : NULL;
	pthread_mutex_unlock(&p->lock);
	return what;
}

void pool_stop(struct pool *p)
{
	if (p->started <= 1)
		return;
	pthread_mutex_lock(&p->lock);
	p->stopping = true;
	pthread_mutex_unlock(&p->lock);
	for (unsigned k = 1; k < p->started; k++) {
		shard_wake(&p->shards[k]);
		pthread_join(p->shards[k].thread, NULL);
		list_move(p->tasks, &p->done, &p->shards[k].finished);
	}
	list_move(p->tasks, &p->ready, &p->done);
	list_move(p->tasks, &p->ready, &p->shards[0].finished);
	p->started = 1;
}

bool pool_lookups_out(const struct pool *p)
{
	for (unsigned k = 0; k < p->nshards && p->shards; k++)
		if (p->shards[k].jobs_out > 0)
			return true;
	return false;
}

void pool_free(struct pool *p)
{
	if (!p)
		return;
	for (unsigned k = 0; k < p->nshards && p->shards; k++)
		shard_free(&p->shards[k]);
	resolver_free(p->resolver);
	free(p->shards);
	free(p->tasks);
	pthread_mutex_destroy(&p->lock);
	free(p);
}
