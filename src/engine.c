#include "engine.h"

#include <dirent.h>
#include <stdio.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "loop.h"
#include "probe.h"
#include "resolver.h"

#define TOKEN_RESOLVER UINT64_MAX
#define TOKEN_SIGNAL (UINT64_MAX - 1)
#define TOKEN_INPUT (UINT64_MAX - 2)
#define EVENTS_MAX 256

enum slot_state { SLOT_FREE, SLOT_RUNNING, SLOT_PARKED, SLOT_DONE };

struct slot {
	enum slot_state state;
	struct probe probe;
	char *text;
	struct result bad;	/* a malformed target's result */
	uint32_t gen;		/* bumps when the watched fd changes */
	int watched_fd;
	uint32_t watched_events;
	bool job_out;		/* probe.job is with the resolver */
};

struct engine {
	const struct engine_config *cfg;
	struct engine_source *src;
	struct engine_sink *sink;
	struct loop *loop;
	struct resolver *resolver;
	int sigfd;
	struct slot *slots;
	size_t window;		/* slots in the ring */
	size_t head, count;	/* oldest unreported, slots in use */
	size_t running, limit;	/* probes in flight, and the most allowed */
	size_t parked;
	size_t jobs_out;
	bool src_done, src_waiting, src_watched, src_failed;
	bool sink_closed, interrupted;
};

static uint64_t fd_token(size_t idx, uint32_t gen)
{
	return (uint64_t)gen << 32 | idx;
}

/* close() took a closed socket out of the epoll set already (sockerr
 * never dups one): only a socket the probe keeps open needs the call. */
static void unwatch(struct engine *e, struct slot *s)
{
	if (s->watched_fd >= 0 && s->watched_fd == s->probe.fd &&
	    s->gen == s->probe.fd_serial)
		loop_unwatch(e->loop, s->watched_fd);
	s->watched_fd = -1;
}

/* The probe may have closed and reopened a socket under the same number:
 * a number match is trusted only while the probe's fd is the same one. */
static void watch(struct engine *e, struct slot *s, size_t idx,
		  const struct probe_wait *w)
{
	if (s->watched_fd == w->fd && s->probe.fd_serial == s->gen) {
		if (s->watched_events != w->events &&
		    loop_rewatch(e->loop, w->fd, w->events,
				 fd_token(idx, s->gen)) == 0)
			s->watched_events = w->events;
		return;
	}
	unwatch(e, s);
	s->gen = s->probe.fd_serial;
	if (loop_watch(e->loop, w->fd, w->events, fd_token(idx, s->gen)) == 0) {
		s->watched_fd = w->fd;
		s->watched_events = w->events;
	}
}

static void finish_slot(struct engine *e, struct slot *s)
{
	unwatch(e, s);
	s->state = SLOT_DONE;
	e->running--;
}

static struct report report_of(struct slot *s)
{
	if (s->bad.usage)
		return (struct report){s->text, NULL, &s->bad};
	return (struct report){s->text, &s->probe.target, &s->probe.res};
}

static void apply(struct engine *e, size_t idx, const struct probe_wait *w);

/* Descriptors ran out: wait for a running probe to give one back. */
static void park(struct engine *e, size_t idx)
{
	struct slot *s = &e->slots[idx];
	struct probe_wait w;

	if (e->running - e->parked <= 1) {
		probe_fdslot(&s->probe, false, now_ns(), &w);
		apply(e, idx, &w);
		return;
	}
	s->state = SLOT_PARKED;
	e->parked++;
	if (e->limit > e->running - e->parked)
		e->limit = e->running - e->parked;
}

static void apply(struct engine *e, size_t idx, const struct probe_wait *w)
{
	struct slot *s = &e->slots[idx];

	loop_timer(e->loop, idx, -1);
	if (w->kind != WAIT_FD)
		unwatch(e, s);
	switch (w->kind) {
	case WAIT_DONE:
		finish_slot(e, s);
		break;
	case WAIT_FD:
		watch(e, s, idx, w);
		loop_timer(e->loop, idx, w->deadline);
		break;
	case WAIT_TIMER:
		loop_timer(e->loop, idx, w->deadline);
		if (s->probe.state == P_RETRY) {
			struct report rp = report_of(s);

			e->sink->retry(e->sink->ctx, &rp);
		}
		break;
	case WAIT_JOB:
		s->probe.job.token = idx;
		s->job_out = true;
		e->jobs_out++;
		resolver_submit(e->resolver, &s->probe.job);
		break;
	case WAIT_FDSLOT:
		park(e, idx);
		break;
	}
}

static void unpark_one(struct engine *e, bool available)
{
	struct probe_wait w;

	for (size_t i = 0, idx = e->head; i < e->count; i++, idx = (idx + 1) % e->window) {
		struct slot *s = &e->slots[idx];

		if (s->state != SLOT_PARKED)
			continue;
		s->state = SLOT_RUNNING;
		e->parked--;
		probe_fdslot(&s->probe, available, now_ns(), &w);
		apply(e, idx, &w);
		return;
	}
}

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

static void start_one(struct engine *e, const char *text, const char *port,
		      const char *why)
{
	size_t idx = (e->head + e->count) % e->window;
	struct slot *s = &e->slots[idx];
	struct target t;
	struct probe_wait w;

	*s = (struct slot){.state = SLOT_DONE, .watched_fd = -1};
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
	e->running++;
	probe_start(&s->probe, now_ns(), &w);
	apply(e, idx, &w);
}

/* Input from a pipe or a terminal: wait in the loop, not in read(). */
static void source_wait(struct engine *e)
{
	uint32_t ev = EPOLLIN | EPOLLONESHOT;

	e->src_waiting = true;
	if ((e->src_watched
		     ? loop_rewatch(e->loop, e->src->fd, ev, TOKEN_INPUT)
		     : loop_watch(e->loop, e->src->fd, ev, TOKEN_INPUT)) == 0)
		e->src_watched = true;
	else
		e->src_done = e->src_failed = true;
}

static bool can_fill(const struct engine *e)
{
	return !e->src_done && !e->src_waiting && !e->sink_closed &&
	       !e->interrupted && e->count < e->window &&
	       e->running < e->limit;
}

static void fill(struct engine *e)
{
	const char *text, *port, *why;

	while (can_fill(e)) {
		why = NULL;
		port = NULL;
		switch (e->src->next(e->src->ctx, &text, &port, &why)) {
		case SOURCE_TARGET:
			start_one(e, text, port, why);
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
		struct slot *s = &e->slots[e->head];
		struct report rp;

		if (s->state != SLOT_DONE)
			break;
		rp = report_of(s);
		e->sink_closed = !e->sink->emit(e->sink->ctx, &rp);
		release(s);
		e->head = (e->head + 1) % e->window;
		e->count--;
	}
}

static void on_resolver(struct engine *e)
{
	struct job *j;
	struct probe_wait w;

	while ((j = resolver_take_done(e->resolver))) {
		size_t idx = (size_t)j->token;
		struct slot *s = &e->slots[idx];

		s->job_out = false;
		e->jobs_out--;
		probe_job_done(&s->probe, now_ns(), &w);
		apply(e, idx, &w);
	}
}

static void on_fd(struct engine *e, uint64_t token)
{
	size_t idx = (size_t)(token & 0xffffffff);
	struct slot *s = &e->slots[idx];
	struct probe_wait w;

	if (idx >= e->window || s->state != SLOT_RUNNING ||
	    s->gen != (uint32_t)(token >> 32) || s->watched_fd < 0)
		return;
	probe_fd_ready(&s->probe, now_ns(), &w);
	apply(e, idx, &w);
}

static void on_timer(struct engine *e, size_t idx)
{
	struct slot *s = &e->slots[idx];
	struct probe_wait w;

	if (s->state != SLOT_RUNNING)
		return;
	probe_timer(&s->probe, now_ns(), &w);
	apply(e, idx, &w);
}

static void on_signal(struct engine *e)
{
	struct signalfd_siginfo si;

	while (read(e->sigfd, &si, sizeof si) == sizeof si)
		e->interrupted = true;
}

static void dispatch(struct engine *e, const struct loop_event *ev)
{
	size_t before = e->running;

	if (ev->kind == LOOP_TIMER)
		on_timer(e, (size_t)ev->token);
	else if (ev->token == TOKEN_RESOLVER)
		on_resolver(e);
	else if (ev->token == TOKEN_SIGNAL)
		on_signal(e);
	else if (ev->token == TOKEN_INPUT)
		e->src_waiting = false;
	else
		on_fd(e, ev->token);
	for (size_t n = e->running; n < before && e->parked > 0; n++)
		unpark_one(e, true);
}

static bool setup(struct engine *e)
{
	sigset_t set;

	e->window = e->cfg->concurrency * 4;
	e->limit = e->cfg->concurrency;
	e->slots = calloc(e->window, sizeof *e->slots);
	e->loop = loop_new(e->window);
	e->resolver = resolver_new(e->cfg->resolver_threads);
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	/* blocked before any resolver thread starts, so they inherit it */
	sigprocmask(SIG_BLOCK, &set, NULL);
	e->sigfd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	if (!e->slots || !e->loop || !e->resolver || e->sigfd < 0)
		return false;
	return loop_watch(e->loop, resolver_fd(e->resolver), EPOLLIN,
			  TOKEN_RESOLVER) == 0 &&
	       loop_watch(e->loop, e->sigfd, EPOLLIN, TOKEN_SIGNAL) == 0;
}

/* After SIGINT the finished targets are still reported, in order. */
static void drain(struct engine *e)
{
	for (; e->count > 0; e->head = (e->head + 1) % e->window, e->count--) {
		struct slot *s = &e->slots[e->head];
		struct report rp;

		if (s->state == SLOT_DONE && e->interrupted && !e->sink_closed) {
			rp = report_of(s);
			e->sink_closed = !e->sink->emit(e->sink->ctx, &rp);
		}
		if (!s->job_out)
			release(s);
	}
}

static void teardown(struct engine *e, bool *abandoned)
{
	*abandoned = e->jobs_out > 0;
	if (*abandoned)
		return;
	for (size_t i = 0; i < e->window && e->slots; i++)
		if (e->slots[i].state != SLOT_FREE)
			release(&e->slots[i]);
	free(e->slots);
	loop_free(e->loop);
	resolver_free(e->resolver);
	if (e->sigfd >= 0)
		close(e->sigfd);
}

enum engine_end engine_run(const struct engine_config *cfg,
			   struct engine_source *src, struct engine_sink *sink,
			   bool *abandoned)
{
	struct engine e = {.cfg = cfg, .src = src, .sink = sink, .sigfd = -1};
	struct loop_event evs[EVENTS_MAX];
	enum engine_end end = ENGINE_DONE;
	int n;

	*abandoned = false;
	if (!setup(&e)) {
		teardown(&e, abandoned);
		return ENGINE_FAILED;
	}
	for (;;) {
		fill(&e);
		emit_ready(&e);
		if (e.sink_closed || e.interrupted || (e.src_done && e.count == 0))
			break;
		if (can_fill(&e))
			continue;	/* every probe finished at once */
		sink->flush(sink->ctx);
		n = loop_wait(e.loop, evs, EVENTS_MAX);
		if (n < 0) {
			end = ENGINE_FAILED;
			break;
		}
		for (int i = 0; i < n && !e.interrupted; i++)
			dispatch(&e, &evs[i]);
	}
	if (e.src_failed)
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

size_t engine_fd_budget(size_t wanted, unsigned resolver_threads)
{
	struct rlimit rl;
	size_t reserve = 8 + 2 * (size_t)resolver_threads, used = open_fds();

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return wanted;
	if (rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
		getrlimit(RLIMIT_NOFILE, &rl);
	}
	if (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur > used + reserve + wanted)
		return wanted;
	if (rl.rlim_cur <= used + reserve)
		return 1;
	return rl.rlim_cur - used - reserve;
}
