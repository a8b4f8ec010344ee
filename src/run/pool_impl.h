/* Inside the probe pool (run/pool.c and the files beside it): the tasks
 * that carry probes, the shards (one event loop each: the caller's, and a
 * worker's per CPU) and the pool that holds them.  Not for outside run/. */
#ifndef SOCKERR_POOL_IMPL_H
#define SOCKERR_POOL_IMPL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net/loop.h"
#include "net/resolver.h"
#include "run/pool.h"
#include "run/pool_sizing.h"

#define LOOP_EVENTS 256
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

/* Task lists: a task is in one list at a time, linked by index. */
static inline void list_init(struct task_list *l)
{
	l->head = l->tail = TASK_NIL;
}

static inline void list_push(struct task *tasks, struct task_list *l, size_t idx)
{
	tasks[idx].next = TASK_NIL;
	if (l->tail == TASK_NIL)
		l->head = idx;
	else
		tasks[l->tail].next = idx;
	l->tail = idx;
}

static inline size_t list_pop(struct task *tasks, struct task_list *l)
{
	size_t idx = l->head;

	if (idx != TASK_NIL) {
		l->head = tasks[idx].next;
		if (l->head == TASK_NIL)
			l->tail = TASK_NIL;
	}
	return idx;
}

static inline void list_move(struct task *tasks, struct task_list *to,
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

/* pool_shard.c: one event loop and the probes it runs. */
bool shard_init(struct shard *sh, struct pool *p, unsigned id, size_t max);
void shard_free(struct shard *sh);
void shard_start(struct shard *sh, size_t idx);
void shard_handle(struct shard *sh, const struct loop_event *ev);
void shard_apply_wait(struct shard *sh, size_t idx, const struct probe_wait *w);
void shard_set_active(struct shard *sh, size_t active);
void *worker_main(void *arg);

/* pool_park.c: probes that found no descriptor wait for one. */
void shard_park(struct shard *sh, size_t idx);
void shard_unpark_retry(struct shard *sh);
void shard_unpark_freed(struct shard *sh);

/* pool_lookups.c: a probe's job out to the resolver, and back. */
void lookup_submit(struct shard *sh, size_t idx, const struct probe_wait *w);
bool lookup_grace(struct shard *sh, size_t idx, int64_t now);
void lookup_orphan(struct task *t);
void lookup_answers(struct shard *sh);

/* pool_exchange.c: what crosses between threads, under pool->lock. */
void shard_wake(struct shard *sh);
bool exchange_worker(struct shard *sh, struct task_list *todo, bool *sleep);
void exchange_caller(struct pool *p);
bool exchange_may_sleep(struct pool *p);
void pool_fail(struct pool *p, int err, const char *what);
bool pool_failed(struct pool *p);

#endif
