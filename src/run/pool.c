/* The probe pool (pool.h): probes run over one event loop per thread
 * (pool_shard.c); tasks move between the caller and the workers only
 * through lists under one lock (pool_exchange.c).  Here: the pool's life,
 * submitting and collecting probes, the caller's loop and descriptors. */
#include "run/pool.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>

#include "run/pool_impl.h"

static bool build_shards(struct pool *p)
{
	struct pool_shape shape = pool_shape(p->cfg.concurrency, p->cfg.cpus,
					     p->cfg.fd_budget,
					     p->cfg.resolver_threads);

	p->capacity = shape.capacity;
	p->nshards = shape.shards;
	p->cfg.resolver_threads = shape.lookup_threads;
	p->tasks = calloc(p->capacity, sizeof *p->tasks);
	p->shards = calloc(p->nshards, sizeof *p->shards);
	p->resolver = resolver_new(p->cfg.resolver_threads, p->cfg.cpus);
	if (!p->tasks || !p->shards || !p->resolver)
		return false;
	for (size_t i = 0; i < p->capacity; i++)
		list_push(p->tasks, &p->free_tasks, i);
	for (unsigned k = 0; k < p->nshards; k++) {
		if (!shard_init(&p->shards[k], p, k, pool_share(&shape, k))) {
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

size_t pool_collect(struct pool *p, void (*done)(void *ctx, uint64_t cookie),
		    void *ctx)
{
	size_t idx, n = 0;

	exchange_caller(p);
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

int pool_wait(struct pool *p, bool block, unsigned *ready, int max)
{
	struct loop_event evs[LOOP_EVENTS];
	struct shard *own = &p->shards[0];
	int n, k = 0;

	if (block && exchange_may_sleep(p))
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
	if (pool_failed(p)) {
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
