/* The probe pool's shape (pool_sizing.h). */
#include "run/pool_sizing.h"

/* A thread of its own pays off only with this many probes for it. */
#define PROBES_PER_SHARD 64
/* The caller's loop runs a run's first probes itself; workers start only
 * when more than this many are in flight, and then take over. */
#define SOLO_MAX (2 * PROBES_PER_SHARD)

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

struct pool_shape pool_shape(size_t concurrency, unsigned cpus,
			     size_t fd_budget, unsigned lookup_threads)
{
	size_t room = fd_budget, threads = lookup_threads;
	size_t probes = concurrency, cost;

	if (threads > room / 8)
		threads = room / 8 ? room / 8 : 1;
	cost = 2 * threads + 3 * (size_t)shards_for(probes, cpus);
	if (probes + cost > room)
		probes = room > cost ? room - cost : 1;
	return (struct pool_shape){probes, shards_for(probes, cpus),
				   (unsigned)threads};
}

size_t pool_share(const struct pool_shape *s, unsigned k)
{
	size_t workers = s->shards - 1;

	if (workers == 0)
		return s->capacity;
	if (k == 0)
		return s->capacity < SOLO_MAX ? s->capacity : SOLO_MAX;
	return s->capacity / workers + (k - 1 < s->capacity % workers);
}
