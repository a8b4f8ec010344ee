/* The event loop: epoll for descriptors, an indexed min-heap for deadlines.
 * Descriptors and timers carry the caller's 64-bit token; each timer id
 * (0..max_timers-1) holds at most one deadline. */
#ifndef SOCKERR_LOOP_H
#define SOCKERR_LOOP_H

#include <stddef.h>
#include <stdint.h>

#include "base/clock.h"

enum loop_event_kind { LOOP_FD, LOOP_TIMER };

struct loop_event {
	enum loop_event_kind kind;
	uint64_t token;		/* LOOP_FD: as registered; LOOP_TIMER: the id */
};

struct loop;
struct loop *loop_new(size_t max_timers);
void loop_free(struct loop *l);

int loop_watch(struct loop *l, int fd, uint32_t events, uint64_t token);
int loop_rewatch(struct loop *l, int fd, uint32_t events, uint64_t token);
void loop_unwatch(struct loop *l, int fd);

/* deadline in CLOCK_MONOTONIC nanoseconds; -1 cancels. */
void loop_timer(struct loop *l, size_t id, int64_t deadline);

/* Waits for descriptors or the earliest deadline; fills out with ready
 * descriptors, then expired timers (each reported once).  Returns the
 * count, 0 if interrupted, -1 on error. */
int loop_wait(struct loop *l, struct loop_event *out, int max);
/* The same without waiting: what is ready now. */
int loop_poll(struct loop *l, struct loop_event *out, int max);

#endif
