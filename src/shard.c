#include "shard.h"

#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#define EVENTS_MAX 256
/* Parked probes also ask again this often: the descriptor they wait for
 * may come back in another shard. */
#define PARK_RETRY_NS (5 * NS_PER_MS)

void slot_list_init(struct slot_list *l)
{
	l->head = l->tail = SLOT_NIL;
}

void slot_list_push(struct slot *slots, struct slot_list *l, size_t idx)
{
	slots[idx].next = SLOT_NIL;
	if (l->tail == SLOT_NIL)
		l->head = idx;
	else
		slots[l->tail].next = idx;
	l->tail = idx;
}

size_t slot_list_pop(struct slot *slots, struct slot_list *l)
{
	size_t idx = l->head;

	if (idx != SLOT_NIL) {
		l->head = slots[idx].next;
		if (l->head == SLOT_NIL)
			l->tail = SLOT_NIL;
	}
	return idx;
}

void slot_list_move(struct slot *slots, struct slot_list *to,
		    struct slot_list *from)
{
	if (from->head == SLOT_NIL)
		return;
	if (to->tail == SLOT_NIL)
		to->head = from->head;
	else
		slots[to->tail].next = from->head;
	to->tail = from->tail;
	slot_list_init(from);
}

struct report slot_report(struct slot *s)
{
	if (s->bad.usage)
		return (struct report){s->text, NULL, &s->bad};
	return (struct report){s->text, &s->probe.target, &s->probe.res};
}

static uint64_t fd_token(size_t idx, uint32_t gen)
{
	return (uint64_t)gen << 32 | idx;
}

/* close() took a closed socket out of the epoll set already (sockerr
 * never dups one): only a socket the probe keeps open needs the call. */
static void unwatch(struct shard *sh, struct slot *s)
{
	if (s->watched_fd >= 0 && s->watched_fd == s->probe.fd &&
	    s->gen == s->probe.fd_serial)
		loop_unwatch(sh->loop, s->watched_fd);
	s->watched_fd = -1;
}

/* The probe may have closed and reopened a socket under the same number:
 * a number match is trusted only while the probe's fd is the same one. */
static void watch(struct shard *sh, struct slot *s, size_t idx,
		  const struct probe_wait *w)
{
	if (s->watched_fd == w->fd && s->probe.fd_serial == s->gen) {
		if (s->watched_events != w->events &&
		    loop_rewatch(sh->loop, w->fd, w->events,
				 fd_token(idx, s->gen)) == 0)
			s->watched_events = w->events;
		return;
	}
	unwatch(sh, s);
	s->gen = s->probe.fd_serial;
	if (loop_watch(sh->loop, w->fd, w->events, fd_token(idx, s->gen)) == 0) {
		s->watched_fd = w->fd;
		s->watched_events = w->events;
	}
}

static void set_active(struct shard *sh, size_t active)
{
	sh->active = active;
	atomic_store_explicit(&sh->holding, active, memory_order_relaxed);
}

/* Each probe that ends lets the engine start one more again, up to the
 * shard's share, after descriptors ran out. */
static void finish_slot(struct shard *sh, size_t idx)
{
	struct slot *s = &sh->hub->slots[idx];
	size_t limit = atomic_load_explicit(&sh->limit, memory_order_relaxed);

	unwatch(sh, s);
	s->live = false;
	set_active(sh, sh->active - 1);
	sh->freed++;
	if (limit < sh->max)
		atomic_store_explicit(&sh->limit, limit + 1,
				      memory_order_relaxed);
	slot_list_push(sh->hub->slots, &sh->finished, idx);
}

static bool others_holding(const struct shard *sh)
{
	for (unsigned k = 0; k < sh->hub->nshards; k++)
		if (k != sh->id &&
		    atomic_load_explicit(&sh->hub->shards[k].holding,
					 memory_order_relaxed) > 0)
			return true;
	return false;
}

static void apply(struct shard *sh, size_t idx, const struct probe_wait *w);

/* The engine gives the shard no more probes than hold descriptors now. */
static void shrink_limit(struct shard *sh)
{
	size_t n = sh->active ? sh->active : 1;

	atomic_store_explicit(&sh->limit, n < sh->max ? n : sh->max,
			      memory_order_relaxed);
}

/* Descriptors ran out: wait for a running probe to give one back, unless
 * none runs anywhere, when EMFILE is the answer. */
static void park(struct shard *sh, size_t idx)
{
	struct slot *s = &sh->hub->slots[idx];
	struct probe_wait w;

	if (sh->active <= 1 && !others_holding(sh)) {
		probe_fdslot(&s->probe, false, now_ns(), &w);
		apply(sh, idx, &w);
		return;
	}
	s->parked = true;
	slot_list_push(sh->hub->slots, &sh->parked, idx);
	sh->nparked++;
	set_active(sh, sh->active - 1);
	shrink_limit(sh);
	if (!sh->retry_armed) {
		loop_timer(sh->loop, sh->hub->window, now_ns() + PARK_RETRY_NS);
		sh->retry_armed = true;
	}
}

static void unpark_one(struct shard *sh)
{
	size_t idx = slot_list_pop(sh->hub->slots, &sh->parked);
	struct slot *s;
	struct probe_wait w;

	if (idx == SLOT_NIL)
		return;
	s = &sh->hub->slots[idx];
	s->parked = false;
	sh->nparked--;
	set_active(sh, sh->active + 1);
	probe_fdslot(&s->probe, true, now_ns(), &w);
	apply(sh, idx, &w);
}

/* As many parked probes go on as find a descriptor. */
static void unpark_retry(struct shard *sh)
{
	size_t before;

	sh->retry_armed = false;
	do {
		before = sh->nparked;
		unpark_one(sh);
	} while (sh->nparked > 0 && sh->nparked < before);
}

/* One parked probe goes on for each that ended. */
static void unpark_freed(struct shard *sh)
{
	while (sh->freed > 0 && sh->nparked > 0) {
		sh->freed--;
		unpark_one(sh);
	}
	sh->freed = 0;
}

static void apply(struct shard *sh, size_t idx, const struct probe_wait *w)
{
	struct slot *s = &sh->hub->slots[idx];
	struct report rp;

	loop_timer(sh->loop, idx, -1);
	if (w->kind != WAIT_FD)
		unwatch(sh, s);
	switch (w->kind) {
	case WAIT_DONE:
		finish_slot(sh, idx);
		break;
	case WAIT_FD:
		watch(sh, s, idx, w);
		loop_timer(sh->loop, idx, w->deadline);
		break;
	case WAIT_TIMER:
		loop_timer(sh->loop, idx, w->deadline);
		if (s->probe.state == P_RETRY) {
			rp = slot_report(s);
			sh->hub->sink->retry(sh->hub->sink->ctx, &rp);
		}
		break;
	case WAIT_JOB:
		s->probe.job.token = idx;
		s->job_out = true;
		sh->jobs_out++;
		resolver_submit(sh->resolver, &s->probe.job);
		break;
	case WAIT_FDSLOT:
		park(sh, idx);
		break;
	}
}

void shard_start(struct shard *sh, size_t idx)
{
	struct slot *s = &sh->hub->slots[idx];
	struct probe_wait w;

	s->live = true;
	set_active(sh, sh->active + 1);
	probe_start(&s->probe, now_ns(), &w);
	apply(sh, idx, &w);
	unpark_freed(sh);
}

static void on_resolver(struct shard *sh)
{
	struct job *j;
	struct probe_wait w;

	while ((j = resolver_take_done(sh->resolver))) {
		size_t idx = (size_t)j->token;
		struct slot *s = &sh->hub->slots[idx];

		s->job_out = false;
		sh->jobs_out--;
		probe_job_done(&s->probe, now_ns(), &w);
		apply(sh, idx, &w);
	}
}

/* A slot's events are its shard's alone while it runs; an event left
 * over from an earlier socket (or an earlier target) fails the checks. */
static void on_fd(struct shard *sh, uint64_t token)
{
	size_t idx = (size_t)(token & 0xffffffff);
	struct slot *s = &sh->hub->slots[idx];
	struct probe_wait w;

	if (idx >= sh->hub->window || !s->live || s->parked ||
	    s->gen != (uint32_t)(token >> 32) || s->watched_fd < 0)
		return;
	probe_fd_ready(&s->probe, now_ns(), &w);
	apply(sh, idx, &w);
}

static void on_timer(struct shard *sh, size_t idx)
{
	struct slot *s = &sh->hub->slots[idx];
	struct probe_wait w;

	if (idx == sh->hub->window) {
		unpark_retry(sh);
		return;
	}
	if (!s->live || s->parked)
		return;
	probe_timer(&s->probe, now_ns(), &w);
	apply(sh, idx, &w);
}

static void drain_wake(struct shard *sh)
{
	uint64_t n;

	if (read(sh->wake, &n, sizeof n) < 0) {
		/* EAGAIN: woken already */
	}
}

void shard_handle(struct shard *sh, const struct loop_event *ev)
{
	if (ev->kind == LOOP_TIMER)
		on_timer(sh, (size_t)ev->token);
	else if (ev->token == TOKEN_RESOLVER)
		on_resolver(sh);
	else if (ev->token == TOKEN_WAKE)
		drain_wake(sh);
	else
		on_fd(sh, ev->token);
	unpark_freed(sh);
}

void shard_wake(struct shard *sh)
{
	uint64_t one = 1;

	if (write(sh->wake, &one, sizeof one) < 0) {
		/* EAGAIN: the counter is full, so a wake-up is pending */
	}
}

/* One locked exchange per round: finished probes out, new ones in, and
 * whether the shard may sleep.  False once the hub stops. */
static bool swap(struct shard *sh, struct slot_list *todo, bool *sleep)
{
	struct hub *h = sh->hub;
	bool wake_main = false, stop;

	pthread_mutex_lock(&h->lock);
	if (sh->finished.head != SLOT_NIL) {
		slot_list_move(h->slots, &h->done, &sh->finished);
		wake_main = h->main_asleep;
		h->main_asleep = false;
	}
	*todo = sh->inbox;
	slot_list_init(&sh->inbox);
	stop = h->stopping;
	sh->asleep = *sleep = todo->head == SLOT_NIL;
	pthread_mutex_unlock(&h->lock);
	if (wake_main)
		shard_wake(&h->shards[0]);
	return !stop;
}

static void hub_fail(struct hub *h)
{
	pthread_mutex_lock(&h->lock);
	h->failed = true;
	pthread_mutex_unlock(&h->lock);
	shard_wake(&h->shards[0]);
}

void *shard_thread(void *arg)
{
	struct shard *sh = arg;
	struct loop_event evs[EVENTS_MAX];
	struct slot_list todo;
	bool sleep;
	size_t idx;
	int n;

	while (swap(sh, &todo, &sleep)) {
		while ((idx = slot_list_pop(sh->hub->slots, &todo)) != SLOT_NIL)
			shard_start(sh, idx);
		n = sleep ? loop_wait(sh->loop, evs, EVENTS_MAX)
			  : loop_poll(sh->loop, evs, EVENTS_MAX);
		if (n < 0) {
			hub_fail(sh->hub);
			break;
		}
		for (int i = 0; i < n; i++)
			shard_handle(sh, &evs[i]);
	}
	return NULL;
}

bool shard_init(struct shard *sh, struct hub *hub, unsigned id, size_t max,
		unsigned resolver_threads)
{
	*sh = (struct shard){.hub = hub, .id = id, .wake = -1, .max = max};
	slot_list_init(&sh->inbox);
	slot_list_init(&sh->finished);
	slot_list_init(&sh->parked);
	slot_list_init(&sh->outbox);
	atomic_init(&sh->holding, 0);
	atomic_init(&sh->limit, max);
	/* one timer per slot, and one to retry parked probes */
	sh->loop = loop_new(hub->window + 1);
	sh->resolver = resolver_new(resolver_threads);
	sh->wake = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	return sh->loop && sh->resolver && sh->wake >= 0 &&
	       loop_watch(sh->loop, resolver_fd(sh->resolver), EPOLLIN,
			  TOKEN_RESOLVER) == 0 &&
	       loop_watch(sh->loop, sh->wake, EPOLLIN, TOKEN_WAKE) == 0;
}

void shard_free(struct shard *sh)
{
	loop_free(sh->loop);
	resolver_free(sh->resolver);
	if (sh->wake >= 0)
		close(sh->wake);
	sh->loop = NULL;
	sh->resolver = NULL;
	sh->wake = -1;
}
