/* What crosses between threads: new probes out to the workers, finished
 * ones back to the caller, a failure, and who may sleep; always in one
 * locked exchange per round, and a wake-up (an eventfd) for a sleeper. */
#include "run/pool_impl.h"

#include <unistd.h>

void shard_wake(struct shard *sh)
{
	uint64_t one = 1;

	if (write(sh->wake, &one, sizeof one) < 0) {
		/* EAGAIN: the counter is full, so a wake-up is pending */
	}
}

/* A worker's one locked exchange per round: finished probes out, new
 * ones in, and whether it may sleep.  False once the pool stops. */
bool exchange_worker(struct shard *sh, struct task_list *todo, bool *sleep)
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
void pool_fail(struct pool *p, int err, const char *what)
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

/* One locked exchange per round: new probes out to the workers, finished
 * ones back; without workers, no lock. */
void exchange_caller(struct pool *p)
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

/* Before sleeping, workers learn to wake the caller. */
bool exchange_may_sleep(struct pool *p)
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

bool pool_failed(struct pool *p)
{
	bool f;

	if (p->started == 1)
		return p->failed;	/* no other thread sets it */
	pthread_mutex_lock(&p->lock);
	f = p->failed;
	pthread_mutex_unlock(&p->lock);
	return f;
}
