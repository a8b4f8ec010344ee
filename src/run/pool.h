/* The probe pool: runs probes to their end over event loops, one on the
 * caller's thread and, for a big run, one worker thread per CPU, with one
 * lookup pool for them all.  Narrow on purpose: submit a probe, collect
 * the finished ones, wait for events; the caller's own descriptors (its
 * input, SIGINT) are watched in the caller's loop and reported by wait. */
#ifndef SOCKERR_POOL_H
#define SOCKERR_POOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "run/probe.h"

struct pool_config {
	size_t concurrency;		/* probes at once, at most */
	unsigned cpus;			/* worker threads, at most */
	size_t fd_budget;		/* descriptors the run may use */
	unsigned resolver_threads;	/* at most, for the whole run */
	/* A try failed and --wait will try again: from the thread that runs
	 * the probe, which the callback may only read. */
	void (*retry)(void *ctx, uint64_t cookie, const struct probe *p);
	void *ctx;
};

struct pool;

struct pool *pool_new(const struct pool_config *cfg);
/* The concurrency that fits the descriptor budget. */
size_t pool_capacity(const struct pool *p);
/* Whether a probe submitted now would start. */
bool pool_has_room(struct pool *p);
/* Runs probe (initialised, owned by the caller until collected). */
void pool_submit(struct pool *p, struct probe *probe, uint64_t cookie);
/* Calls done for each finished probe; returns how many. */
size_t pool_collect(struct pool *p, void (*done)(void *ctx, uint64_t cookie),
		    void *ctx);
/* The caller's descriptor, reported by pool_wait as id (0-15); watching
 * it again re-arms it (EPOLLONESHOT). */
int pool_watch(struct pool *p, int fd, uint32_t events, unsigned id);
/* Runs the caller's loop once, sleeping if block and nothing finished
 * elsewhere.  Returns how many of the caller's ids are in ready, or -1
 * when a loop failed (errno). */
int pool_wait(struct pool *p, bool block, unsigned *ready, int max);
/* After pool_wait failed: what the pool was doing ("cannot start a
 * thread"), or NULL when nothing more than errno can be said. */
const char *pool_failure(struct pool *p);
/* Stops the workers where they are; what they finished can be collected. */
void pool_stop(struct pool *p);
/* Lookups still running hold their probes' memory: the caller must leave
 * it (and _exit) rather than free it. */
bool pool_lookups_out(const struct pool *p);
/* After pool_stop, and only when no lookup is out. */
void pool_free(struct pool *p);

#endif
