#include "engine.h"

#include <dirent.h>
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "shard.h"

#define EVENTS_MAX 256
#define SHARDS_MAX 17	/* 16 workers and shard 0 */
/* A thread of its own pays off only with this many probes for it. */
#define PROBES_PER_SHARD 64
/* Shard 0 runs a run's first probes itself; workers start only when
 * more than this many are in flight, and then take over. */
#define SOLO_MAX (2 * PROBES_PER_SHARD)
/* Finished results held back, at most, waiting for an earlier target. */
#define WINDOW_EXTRA_MAX 8192
/* Descriptors kept back for stdio, the input and the C library. */
#define FD_SLACK 8

struct engine {
	const struct engine_config *cfg;
	struct engine_source *src;
	struct engine_sink *sink;
	struct hub hub;
	struct shard *main;	/* shard 0: this thread's */
	int sigfd;
	size_t concurrency, running;
	unsigned resolver_threads;
	unsigned started;	/* shards running: 0 and the first workers */
	unsigned startable;	/* at most */
	size_t head, count;	/* oldest unreported slot, slots in use */
	bool src_done, src_waiting, src_watched, src_failed;
	bool sink_closed, interrupted, failed;
};

/* The slot's own copy of the text, with a separate PORT after it, so the
 * target can point into it; shown as "HOST PORT". */
static char *slot_text(const char *text, const char **port)
{
	size_t n = strlen(text), m = *port ? strlen(*port) + 1 : 0;
	char *t = malloc(n + 1 + m);

	if (!t)
		return NULL;
	memcpy(t, text, n + 1);
	if (*port) {
		memcpy(t + n + 1, *port, m);
		*port = t + n + 1;
	}
	return t;
}

static bool start_worker(struct engine *e)
{
	struct shard *sh = &e->hub.shards[e->started];

	if (pthread_create(&sh->thread, NULL, shard_thread, sh) != 0) {
		e->startable = e->started;	/* shard 0 goes on alone */
		return false;
	}
	sh->started = true;
	e->started++;
	/* its own probes end; new ones go to the workers */
	e->main->max = 0;
	atomic_store_explicit(&e->main->limit, 0, memory_order_relaxed);
	return true;
}

/* The least busy shard that may take another probe; workers start when
 * the shards running are full. */
static struct shard *shard_with_room(struct engine *e)
{
	struct shard *best = NULL, *sh;

	if (e->running >= e->concurrency)
		return NULL;
	for (unsigned k = e->started; k-- > 0;) {
		sh = &e->hub.shards[k];
		if (sh->running < atomic_load_explicit(&sh->limit,
						       memory_order_relaxed) &&
		    (!best || sh->running < best->running))
			best = sh;
	}
	if (!best && e->started < e->startable && start_worker(e))
		best = &e->hub.shards[e->started - 1];
	return best;
}

static void start_one(struct engine *e, struct shard *sh, const char *text,
		      const char *port, const char *why)
{
	size_t idx = (e->head + e->count) % e->hub.window;
	struct slot *s = &e->hub.slots[idx];
	struct target t;

	*s = (struct slot){.state = SLOT_DONE, .watched_fd = -1,
			   .next = SLOT_NIL};
	e->count++;
	s->text = slot_text(text, &port);
	if (!s->text) {
		s->text = strdup("");
		s->bad.usage = "out of memory";
		return;
	}
	if (why || !target_parse(s->text, port, e->cfg->port_optional, &t, &why)) {
		s->bad.usage = why;
		return;
	}
	if (port)
		s->text[strlen(s->text)] = ' ';
	probe_init(&s->probe, e->cfg->plan, t);
	s->state = SLOT_RUNNING;
	s->shard = sh->id;
	sh->running++;
	e->running++;
	if (sh == e->main)
		shard_start(sh, idx);
	else
		slot_list_push(e->hub.slots, &sh->outbox, idx);
}

/* Input from a pipe or a terminal: wait in the loop, not in read(). */
static void source_wait(struct engine *e)
{
	uint32_t ev = EPOLLIN | EPOLLONESHOT;
	struct loop *l = e->main->loop;

	e->src_waiting = true;
	if ((e->src_watched ? loop_rewatch(l, e->src->fd, ev, TOKEN_INPUT)
			    : loop_watch(l, e->src->fd, ev, TOKEN_INPUT)) == 0)
		e->src_watched = true;
	else
		e->src_done = e->src_failed = true;
}

static bool may_read(const struct engine *e)
{
	return !e->src_done && !e->src_waiting && !e->sink_closed &&
	       !e->interrupted && !e->failed && e->count < e->hub.window;
}

static bool can_fill(struct engine *e)
{
	return may_read(e) && shard_with_room(e);
}

static void fill(struct engine *e)
{
	const char *text, *port, *why;
	struct shard *sh;

	while (may_read(e) && (sh = shard_with_room(e))) {
		why = NULL;
		port = NULL;
		switch (e->src->next(e->src->ctx, &text, &port, &why)) {
		case SOURCE_TARGET:
			start_one(e, sh, text, port, why);
			break;
		case SOURCE_END:
			e->src_done = true;
			break;
		case SOURCE_WAIT:
			source_wait(e);
			break;
		}
	}
}

/* One locked exchange per round: new probes out to the workers, finished
 * ones back; without workers, no lock. */
static void exchange(struct engine *e, struct slot_list *done)
{
	struct hub *h = &e->hub;
	bool wakes[SHARDS_MAX] = {false};

	slot_list_init(done);
	slot_list_move(h->slots, done, &e->main->finished);
	if (e->started == 1)
		return;
	pthread_mutex_lock(&h->lock);
	for (unsigned k = 1; k < e->started; k++) {
		struct shard *sh = &h->shards[k];

		if (sh->outbox.head == SLOT_NIL)
			continue;
		slot_list_move(h->slots, &sh->inbox, &sh->outbox);
		wakes[k] = sh->asleep;
		sh->asleep = false;
	}
	slot_list_move(h->slots, done, &h->done);
	h->main_asleep = false;
	e->failed = e->failed || h->failed;
	pthread_mutex_unlock(&h->lock);
	for (unsigned k = 1; k < e->started; k++)
		if (wakes[k])
			shard_wake(&h->shards[k]);
}

static size_t collect(struct engine *e, struct slot_list *done)
{
	size_t idx, n = 0;

	while ((idx = slot_list_pop(e->hub.slots, done)) != SLOT_NIL) {
		struct slot *s = &e->hub.slots[idx];

		s->state = SLOT_DONE;
		e->hub.shards[s->shard].running--;
		e->running--;
		n++;
	}
	return n;
}

static void release(struct slot *s)
{
	if (s->bad.usage)
		s->bad = (struct result){0};
	else
		probe_free(&s->probe);
	free(s->text);
	s->text = NULL;
	s->state = SLOT_FREE;
}

/* Hands on every finished target at the head of the window. */
static void emit_ready(struct engine *e)
{
	while (e->count > 0 && !e->sink_closed) {
		struct slot *s = &e->hub.slots[e->head];
		struct report rp;

		if (s->state != SLOT_DONE)
			break;
		rp = slot_report(s);
		e->sink_closed = !e->sink->emit(e->sink->ctx, &rp);
		release(s);
		e->head = (e->head + 1) % e->hub.window;
		e->count--;
	}
}

/* Before sleeping: the output goes out, and workers learn to wake us. */
static bool may_sleep(struct engine *e)
{
	struct hub *h = &e->hub;
	bool ok;

	e->sink->flush(e->sink->ctx);
	if (e->started == 1)
		return true;
	pthread_mutex_lock(&h->lock);
	ok = h->done.head == SLOT_NIL && !h->failed;
	h->main_asleep = ok;
	pthread_mutex_unlock(&h->lock);
	return ok;
}

static void on_signal(struct engine *e)
{
	struct signalfd_siginfo si;

	while (read(e->sigfd, &si, sizeof si) == sizeof si)
		e->interrupted = true;
}

static void dispatch(struct engine *e, const struct loop_event *ev)
{
	if (ev->kind == LOOP_FD && ev->token == TOKEN_SIGNAL)
		on_signal(e);
	else if (ev->kind == LOOP_FD && ev->token == TOKEN_INPUT)
		e->src_waiting = false;
	else
		shard_handle(e->main, ev);
}

static bool finished(const struct engine *e)
{
	return e->sink_closed || e->interrupted || e->failed ||
	       (e->src_done && e->count == 0);
}

static bool run_loop(struct engine *e)
{
	struct loop_event evs[EVENTS_MAX];
	struct slot_list done;
	bool got;
	int n;

	for (;;) {
		fill(e);
		exchange(e, &done);
		got = collect(e, &done) > 0;
		emit_ready(e);
		if (finished(e))
			return true;
		if (!got && !can_fill(e) && may_sleep(e))
			n = loop_wait(e->main->loop, evs, EVENTS_MAX);
		else
			n = loop_poll(e->main->loop, evs, EVENTS_MAX);
		if (n < 0)
			return false;
		for (int i = 0; i < n && !e->interrupted; i++)
			dispatch(e, &evs[i]);
	}
}

/* Workers stop where they are; what they finished is collected. */
static void stop_workers(struct engine *e)
{
	struct hub *h = &e->hub;
	struct slot_list done;

	if (e->started <= 1)
		return;
	pthread_mutex_lock(&h->lock);
	h->stopping = true;
	pthread_mutex_unlock(&h->lock);
	for (unsigned k = 1; k < e->started; k++) {
		shard_wake(&h->shards[k]);
		pthread_join(h->shards[k].thread, NULL);
		h->shards[k].started = false;
		slot_list_move(h->slots, &h->done, &h->shards[k].finished);
	}
	exchange(e, &done);
	collect(e, &done);
}

/* After SIGINT the finished targets are still reported, in order. */
static void drain(struct engine *e)
{
	for (; e->count > 0; e->head = (e->head + 1) % e->hub.window, e->count--) {
		struct slot *s = &e->hub.slots[e->head];
		struct report rp;

		if (s->state == SLOT_DONE && e->interrupted && !e->sink_closed) {
			rp = slot_report(s);
			e->sink_closed = !e->sink->emit(e->sink->ctx, &rp);
		}
		if (!s->job_out)
			release(s);
	}
}

static unsigned cpus(void)
{
	cpu_set_t set;
	int n;

	if (sched_getaffinity(0, sizeof set, &set) != 0)
		return 1;
	n = CPU_COUNT(&set);
	return n < 1 ? 1 : n >= SHARDS_MAX ? SHARDS_MAX - 1 : (unsigned)n;
}

static size_t open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	size_t n = 0;

	if (!d)
		return 16;
	while (readdir(d))
		n++;
	closedir(d);
	return n;
}

/* Descriptors the run may use, after raising the soft limit to the hard
 * one. */
static size_t fd_room(void)
{
	struct rlimit rl;
	size_t used = open_fds() + FD_SLACK;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return SIZE_MAX;
	if (rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
		getrlimit(RLIMIT_NOFILE, &rl);
	}
	if (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur > SIZE_MAX / 2)
		return SIZE_MAX / 2;
	return rl.rlim_cur > used ? rl.rlim_cur - used : 0;
}

/* One shard on this thread for a small run; for a big one, a worker
 * shard per CPU too, and shard 0 feeds them once they start. */
static unsigned shards_for(size_t probes)
{
	size_t n = probes / PROBES_PER_SHARD;
	unsigned c = cpus();

	if (n < 2 || c < 2)
		return 1;
	return (n < c ? (unsigned)n : c) + 1;
}

/* The run's shape within the descriptor limit: each shard's loop takes
 * three descriptors and each lookup thread up to two (a DNS socket, a
 * file); the probes get the rest, so running out stays the exception. */
static void fit(struct engine *e)
{
	size_t room = fd_room(), threads = e->cfg->resolver_threads;
	size_t probes = e->cfg->concurrency, cost;
	unsigned shards = shards_for(probes);

	if (threads > room / 8)
		threads = room / 8 ? room / 8 : 1;
	cost = 2 * threads + 3 * (size_t)shards;
	if (probes + cost > room)
		probes = room > cost ? room - cost : 1;
	e->hub.nshards = shards_for(probes);
	e->concurrency = probes;
	e->resolver_threads = (unsigned)threads;
}

/* The probes shard k may run at once: all, a worker's part, or for
 * shard 0 of a big run, the first few. */
static size_t share(const struct engine *e, unsigned k)
{
	size_t workers = e->hub.nshards - 1;

	if (workers == 0)
		return e->concurrency;
	if (k == 0)
		return e->concurrency < SOLO_MAX ? e->concurrency : SOLO_MAX;
	return e->concurrency / workers + (k - 1 < e->concurrency % workers);
}

static bool setup_shards(struct engine *e)
{
	struct hub *h = &e->hub;
	unsigned n = h->nshards;
	/* shard 0 may run alone, the workers split the pool */
	unsigned all = e->resolver_threads, part = all / (n > 1 ? n - 1 : 1);

	h->shards = calloc(n, sizeof *h->shards);
	if (!h->shards)
		return false;
	for (unsigned k = 0; k < n; k++) {
		if (!shard_init(&h->shards[k], h, k, share(e, k),
				k == 0 ? all : part ? part : 1)) {
			h->nshards = k + 1;	/* what teardown frees */
			return false;
		}
	}
	e->main = &h->shards[0];
	e->started = 1;
	e->startable = n;
	return true;
}

static bool setup(struct engine *e)
{
	struct hub *h = &e->hub;
	sigset_t set;

	fit(e);
	/* room for finished results to wait behind a slow one: 3N, but not
	 * 3 x 608 bytes x a huge -c */
	h->window = e->concurrency +
		    (e->concurrency < WINDOW_EXTRA_MAX / 3 ? 3 * e->concurrency
							    : WINDOW_EXTRA_MAX);
	h->sink = e->sink;
	slot_list_init(&h->done);
	h->slots = calloc(h->window, sizeof *h->slots);
	if (!h->slots || !setup_shards(e))
		return false;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	/* blocked before any thread starts, so they all inherit it */
	sigprocmask(SIG_BLOCK, &set, NULL);
	e->sigfd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	return e->sigfd >= 0 &&
	       loop_watch(e->main->loop, e->sigfd, EPOLLIN, TOKEN_SIGNAL) == 0;
}

static bool jobs_out(const struct engine *e)
{
	for (unsigned k = 0; k < e->hub.nshards && e->hub.shards; k++)
		if (e->hub.shards[k].jobs_out > 0)
			return true;
	return false;
}

static void teardown(struct engine *e, bool *abandoned)
{
	struct hub *h = &e->hub;

	*abandoned = jobs_out(e);
	if (*abandoned)
		return;
	for (size_t i = 0; i < h->window && h->slots; i++)
		if (h->slots[i].state != SLOT_FREE)
			release(&h->slots[i]);
	for (unsigned k = 0; k < h->nshards && h->shards; k++)
		shard_free(&h->shards[k]);
	free(h->shards);
	free(h->slots);
	if (e->sigfd >= 0)
		close(e->sigfd);
	pthread_mutex_destroy(&h->lock);
}

enum engine_end engine_run(const struct engine_config *cfg,
			   struct engine_source *src, struct engine_sink *sink,
			   bool *abandoned)
{
	struct engine e = {.cfg = cfg, .src = src, .sink = sink, .sigfd = -1};
	enum engine_end end = ENGINE_DONE;

	*abandoned = false;
	pthread_mutex_init(&e.hub.lock, NULL);
	if (!setup(&e)) {
		teardown(&e, abandoned);
		return ENGINE_FAILED;
	}
	if (!run_loop(&e))
		e.failed = true;
	stop_workers(&e);
	if (e.failed || e.src_failed)
		end = ENGINE_FAILED;
	if (e.interrupted)
		end = ENGINE_INTERRUPTED;
	else if (e.sink_closed)
		end = ENGINE_STOPPED;
	drain(&e);
	sink->flush(sink->ctx);
	teardown(&e, abandoned);
	return end;
}
