/* The probe pool's shape: how many probes at once, over how many event
 * loops, with how many lookup threads, within the run's descriptors.
 * Pure. */
#ifndef SOCKERR_POOL_SIZING_H
#define SOCKERR_POOL_SIZING_H

#include <stddef.h>

#define SHARDS_MAX 17	/* 16 workers and the caller's */

struct pool_shape {
	size_t capacity;		/* probes at once */
	unsigned shards;		/* event loops: the caller's and workers */
	unsigned lookup_threads;	/* at most */
};

/* The run's shape within fd_budget descriptors: each loop takes three and
 * each lookup thread up to two (a DNS socket, a file); the probes get the
 * rest, so running out stays the exception.  cpus bounds the workers. */
struct pool_shape pool_shape(size_t concurrency, unsigned cpus,
			     size_t fd_budget, unsigned lookup_threads);
/* The probes shard k may run at once: all, a worker's part, or for the
 * caller's loop in a big run, the first few. */
size_t pool_share(const struct pool_shape *s, unsigned k);

#endif
