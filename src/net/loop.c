/* The event loop: epoll for descriptors, an indexed min-heap of
 * deadlines; each ready descriptor or expired timer is reported once. */
#include "net/loop.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <unistd.h>

struct timer {
	int64_t deadline;
	size_t id;
};

struct loop {
	int ep;
	struct timer *heap;	/* min-heap by deadline */
	size_t *pos;		/* id -> heap index + 1, or 0: zeroed pages
				 * cost nothing until a timer uses them */
	uint32_t *serial;	/* id -> times set or cancelled */
	size_t n, max;
};

struct loop *loop_new(size_t max_timers)
{
	struct loop *l = calloc(1, sizeof *l);

	if (!l)
		return NULL;
	l->ep = epoll_create1(EPOLL_CLOEXEC);
	l->heap = calloc(max_timers ? max_timers : 1, sizeof *l->heap);
	l->pos = calloc(max_timers ? max_timers : 1, sizeof *l->pos);
	l->serial = calloc(max_timers ? max_timers : 1, sizeof *l->serial);
	if (l->ep < 0 || !l->heap || !l->pos || !l->serial) {
		loop_free(l);
		return NULL;
	}
	l->max = max_timers;
	return l;
}

void loop_free(struct loop *l)
{
	if (!l)
		return;
	if (l->ep >= 0)
		close(l->ep);
	free(l->heap);
	free(l->pos);
	free(l->serial);
	free(l);
}

static int ctl(struct loop *l, int op, int fd, uint32_t events, uint64_t token)
{
	struct epoll_event ev = {.events = events, .data.u64 = token};

	return epoll_ctl(l->ep, op, fd, &ev);
}

int loop_watch(struct loop *l, int fd, uint32_t events, uint64_t token)
{
	return ctl(l, EPOLL_CTL_ADD, fd, events, token);
}

int loop_rewatch(struct loop *l, int fd, uint32_t events, uint64_t token)
{
	return ctl(l, EPOLL_CTL_MOD, fd, events, token);
}

void loop_unwatch(struct loop *l, int fd)
{
	ctl(l, EPOLL_CTL_DEL, fd, 0, 0);
}

static void heap_set(struct loop *l, size_t i, struct timer t)
{
	l->heap[i] = t;
	l->pos[t.id] = i + 1;
}

static void sift_up(struct loop *l, size_t i)
{
	struct timer t = l->heap[i];

	while (i > 0 && l->heap[(i - 1) / 2].deadline > t.deadline) {
		heap_set(l, i, l->heap[(i - 1) / 2]);
		i = (i - 1) / 2;
	}
	heap_set(l, i, t);
}

static void sift_down(struct loop *l, size_t i)
{
	struct timer t = l->heap[i];
	size_t c;

	while ((c = 2 * i + 1) < l->n) {
		if (c + 1 < l->n && l->heap[c + 1].deadline < l->heap[c].deadline)
			c++;
		if (l->heap[c].deadline >= t.deadline)
			break;
		heap_set(l, i, l->heap[c]);
		i = c;
	}
	heap_set(l, i, t);
}

static void heap_remove(struct loop *l, size_t i)
{
	struct timer moved;

	l->pos[l->heap[i].id] = 0;
	if (--l->n == i)
		return;
	moved = l->heap[l->n];
	heap_set(l, i, moved);
	sift_down(l, i);
	sift_up(l, l->pos[moved.id] - 1);
}

void loop_timer(struct loop *l, size_t id, int64_t deadline)
{
	size_t i;

	if (id >= l->max)
		return;
	l->serial[id]++;
	if (l->pos[id] > 0)
		heap_remove(l, l->pos[id] - 1);
	if (deadline < 0)
		return;
	i = l->n++;
	heap_set(l, i, (struct timer){deadline, id});
	sift_up(l, i);
}

bool loop_timer_current(const struct loop *l, const struct loop_event *ev)
{
	return ev->kind != LOOP_TIMER ||
	       (ev->token < l->max && l->serial[ev->token] == ev->serial);
}

static int wait_ms(const struct loop *l)
{
	int64_t left;

	if (l->n == 0)
		return -1;
	left = l->heap[0].deadline - now_ns();
	if (left <= 0)
		return 0;
	/* round up, so a deadline is never met early */
	return left >= (int64_t)1 << 40 ? 1 << 30 : (int)((left + NS_PER_MS - 1) / NS_PER_MS);
}

static int ready_events(struct loop *l, struct loop_event *out, int max,
			int timeout_ms)
{
	struct epoll_event evs[max];
	int n, k = 0;
	int64_t now;

	n = epoll_wait(l->ep, evs, max, timeout_ms);
	if (n < 0)
		return errno == EINTR ? 0 : -1;
	/* descriptors first: the event wins over its wait's deadline */
	for (int i = 0; i < n; i++)
		out[k++] = (struct loop_event){LOOP_FD, evs[i].data.u64, 0};
	now = now_ns();
	while (k < max && l->n > 0 && l->heap[0].deadline <= now) {
		size_t id = l->heap[0].id;

		out[k++] = (struct loop_event){LOOP_TIMER, id, l->serial[id]};
		heap_remove(l, 0);
	}
	return k;
}

int loop_wait(struct loop *l, struct loop_event *out, int max)
{
	return ready_events(l, out, max, wait_ms(l));
}

int loop_poll(struct loop *l, struct loop_event *out, int max)
{
	return ready_events(l, out, max, 0);
}
