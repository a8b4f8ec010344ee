/* A shard: one event loop and the probes it drives, on one thread.  The
 * engine runs shard 0 on the calling thread and, for a big batch, one
 * more per CPU.  Slots move between threads only through lists under the
 * hub's lock: out to a shard's inbox, back on the hub's done list. */
#ifndef SOCKERR_SHARD_H
#define SOCKERR_SHARD_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine.h"
#include "loop.h"
#include "probe.h"
#include "resolver.h"

#define SLOT_NIL SIZE_MAX

/* Loop tokens besides a probe's (fd generation << 32 | slot). */
#define TOKEN_RESOLVER UINT64_MAX
#define TOKEN_WAKE (UINT64_MAX - 1)
#define TOKEN_SIGNAL (UINT64_MAX - 2)
#define TOKEN_INPUT (UINT64_MAX - 3)

enum slot_state { SLOT_FREE, SLOT_RUNNING, SLOT_DONE };

struct slot {
	struct probe probe;
	char *text;
	struct result bad;	/* a malformed target's result */
	size_t next;		/* link in the one list that holds the slot */
	/* The engine's. */
	enum slot_state state;
	unsigned shard;
	/* The shard's, while it runs the probe. */
	bool live, parked, job_out;
	uint32_t gen;		/* the probe's fd_serial when watched */
	int watched_fd;
	uint32_t watched_events;
};

struct slot_list {
	size_t head, tail;
};

struct shard;

/* What the engine's threads share. */
struct hub {
	struct slot *slots;
	size_t window;
	struct engine_sink *sink;	/* only retry(), from any shard */
	struct shard *shards;
	unsigned nshards;
	pthread_mutex_t lock;
	/* Under lock: */
	struct slot_list done;		/* finished on worker threads */
	bool main_asleep, stopping, failed;
};

struct shard {
	struct hub *hub;
	unsigned id;
	struct loop *loop;
	struct resolver *resolver;
	int wake;		/* eventfd: work, finished work or stop */
	pthread_t thread;
	bool started;
	/* Under hub->lock: */
	struct slot_list inbox;
	bool asleep;
	/* The shard's own: */
	struct slot_list finished, parked;
	size_t active, nparked, freed, jobs_out;
	bool retry_armed;	/* the parked probes' timer */
	_Atomic size_t holding;	/* active, for the other shards to read */
	_Atomic size_t limit;	/* shrinks while descriptors run out */
	size_t max;
	/* The engine's: */
	size_t running;		/* handed over, not yet collected */
	struct slot_list outbox;
};

void slot_list_init(struct slot_list *l);
void slot_list_push(struct slot *slots, struct slot_list *l, size_t idx);
size_t slot_list_pop(struct slot *slots, struct slot_list *l);
void slot_list_move(struct slot *slots, struct slot_list *to,
		    struct slot_list *from);

/* id 0 runs on the caller's thread and its wake fd is the engine's. */
bool shard_init(struct shard *sh, struct hub *hub, unsigned id, size_t max,
		unsigned resolver_threads);
void shard_free(struct shard *sh);

struct report slot_report(struct slot *s);

/* Starts the probe in slot idx (set up, handed over). */
void shard_start(struct shard *sh, size_t idx);
/* Wakes the shard's loop (the engine's, for shard 0). */
void shard_wake(struct shard *sh);
/* One event of the shard's loop. */
void shard_handle(struct shard *sh, const struct loop_event *ev);
/* A worker thread: runs until the hub stops. */
void *shard_thread(void *arg);

#endif
