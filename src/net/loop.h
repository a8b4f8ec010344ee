/* The event loop: epoll for descriptors, an indexed min-heap for deadlines.
 * Descriptors and timers carry the caller's 64-bit token; each timer id
 * (0..max_timers-1) holds at most one deadline.  A timer event belongs to
 * the deadline it was set for: once the id is set or cancelled again, an
 * event of the batch already taken is stale (loop_timer_current). */
#ifndef SOCKERR_LOOP_H
#define SOCKERR_LOOP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/clock.h"

enum loop_event_kind { LOOP_FD, LOOP_TIMER };

struct loop_event {
	enum loop_event_kind kind;
	uint64_t token;		/* LOOP_FD: as registered; LOOP_TIMER: the id */
	uint32_t serial;	/* LOOP_TIMER: which setting of the id fired */
};

struct loop;
struct loop *loop_new(size_t max_timers);
void loop_free(struct loop *l);

int loop_watch(struct loop *l, int fd, uint32_t events, uint64_t token);
int loop_rewatch(struct loop *l, int fd, uint32_t events, uint64_t token);
void loop_unwatch(struct loop *l, int fd);

/* deadline in CLOCK_MONOTONIC nanoseconds; -1 cancels. */
void loop_timer(struct loop *l, size_t id, int64_t deadline);
/* False for a timer event whose id was set or cancelled since it fired:
 * the wait it was set for is over, and the event must be dropped. */
bool loop_timer_current(const struct loop *l, const struct loop_event *ev);

/* Waits for descriptors or the earliest deadline; fills out with ready
 * descriptors, then expired timers (each reported once): a descriptor and
 * the deadline of its wait both ready come in that order, so the event
 * wins over the deadline, as CPython's poll() does after a stall.
 * Returns the count, 0 if interrupted, -1 on error. */
int loop_wait(struct loop *l, struct loop_event *out, int max);
/* The same without waiting: what is ready now. */
int loop_poll(struct loop *l, struct loop_event *out, int max);

#endif
