/* EMFILE parking: a probe that found no descriptor waits in its shard
 * for a running probe to give one back, and the caller gets no more room
 * there meanwhile (shard->limit). */
#include "run/pool_impl.h"

#include "base/clock.h"

/* Parked probes also ask again this often: the descriptor they wait for
 * may come back in another shard. */
#define PARK_RETRY_NS (5 * NS_PER_MS)

static bool others_holding(const struct shard *sh)
{
	for (unsigned k = 0; k < sh->pool->nshards; k++)
		if (k != sh->id &&
		    atomic_load_explicit(&sh->pool->shards[k].holding,
					 memory_order_relaxed) > 0)
			return true;
	return false;
}

/* The caller gets no more room here than probes hold descriptors now. */
static void shrink_limit(struct shard *sh)
{
	size_t n = sh->active ? sh->active : 1;

	atomic_store_explicit(&sh->limit, n < sh->max ? n : sh->max,
			      memory_order_relaxed);
}

/* Descriptors ran out: wait for a running probe to give one back, unless
 * none runs anywhere, when EMFILE is the answer. */
void shard_park(struct shard *sh, size_t idx)
{
	struct task *t = &sh->pool->tasks[idx];
	struct probe_wait w;

	if (sh->active <= 1 && !others_holding(sh)) {
		probe_fdslot(t->probe, false, now_ns(), &w);
		shard_apply_wait(sh, idx, &w);
		return;
	}
	t->parked = true;
	list_push(sh->pool->tasks, &sh->parked, idx);
	sh->nparked++;
	shard_set_active(sh, sh->active - 1);
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
	shard_set_active(sh, sh->active + 1);
	probe_fdslot(t->probe, true, now_ns(), &w);
	shard_apply_wait(sh, idx, &w);
}

/* As many parked probes go on as find a descriptor. */
void shard_unpark_retry(struct shard *sh)
{
	size_t before;

	sh->retry_armed = false;
	do {
		before = sh->nparked;
		unpark_one(sh);
	} while (sh->nparked > 0 && sh->nparked < before);
}

/* One parked probe goes on for each that ended. */
void shard_unpark_freed(struct shard *sh)
{
	while (sh->freed > 0 && sh->nparked > 0) {
		sh->freed--;
		unpark_one(sh);
	}
	sh->freed = 0;
}
