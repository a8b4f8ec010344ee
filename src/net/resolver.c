/* Lookups off the event loops: jobs (job.h) in threads started on demand
 * under the lookup window; connect jobs to the connector's pool. */
#include "net/resolver.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "base/clock.h"
#include "net/connector.h"
#include "net/flow.h"
#include "net/job.h"

/* A lookup thread; idle ones wait on their own condition, in a stack,
 * so a wake-up is never lost nor spent twice. */
struct lookup_thread {
	struct resolver *r;
	pthread_t tid;
	pthread_cond_t cv;
	bool woken;
	bool roused;	/* counted in pending until it looks for work */
	struct lookup_thread *next_idle;
};

struct resolver {
	pthread_mutex_t lock;
	struct job *todo_head, **todo_tail;
	size_t queued;
	unsigned threads, running, max_threads;
	unsigned pending;	/* roused, not yet looking for work */
	struct lookup_thread *idle;	/* stack */
	struct flow flow;		/* how many may run at once */
	bool stopping;
	bool pacing;		/* a thread times the silence (flow_quiet) */
	struct lookup_thread *elect;	/* roused to time it */
	pthread_condattr_t cattr;
	pthread_attr_t attr;
	struct lookup_thread *pool;	/* max_threads of them */
	int start_err;		/* pthread_create's, the last time it failed */
	struct connector *connects;	/* JOB_CONNECT: started on demand */
};

/* A lookup thread's stack: getaddrinfo and the NSS modules need far less
 * than the default 8 MiB, and thousands of threads reserve it. */
#define LOOKUP_STACK (512 * 1024)

/* At most this many blocking connects at once, per resolver. */
#define CONNECT_THREADS 1024

static void post_done(struct job *j)
{
	uint64_t one = 1;

	j->next = j->outlet->done;
	j->outlet->done = j;
	if (write(j->outlet->fd, &one, sizeof one) < 0) {
		/* cannot overflow: the loop drains it */
	}
}

/* issue 10: a connect job that ended, from the connector's thread */
static void connect_done(void *ctx, struct job *j)
{
	struct resolver *r = ctx;

	pthread_mutex_lock(&r->lock);
	post_done(j);
	pthread_mutex_unlock(&r->lock);
}

static void *worker(void *arg);

/* Lookups the window has room for, besides those of threads roused. */
static unsigned room(const struct resolver *r)
{
	unsigned w = flow_window(&r->flow), taken = r->running + r->pending;

	return w > taken ? w - taken : 0;
}

/* One more thread: an idle one woken, or a new one.  NULL if none. */
static struct lookup_thread *rouse(struct resolver *r)
{
	struct lookup_thread *t = r->idle;

	if (t) {
		r->idle = t->next_idle;
		t->woken = t->roused = true;
		r->pending++;
		pthread_cond_signal(&t->cv);
		return t;
	}
	if (r->threads >= r->max_threads)
		return NULL;
	t = &r->pool[r->threads];
	t->r = r;
	t->roused = true;
	if ((r->start_err = pthread_cond_init(&t->cv, &r->cattr)) != 0)
		return NULL;
	if ((r->start_err = pthread_create(&t->tid, &r->attr, worker, t)) != 0) {
		pthread_cond_destroy(&t->cv);
		return NULL;
	}
	r->threads++;
	r->pending++;
	return t;
}

/* Rouses as many threads as queued lookups fit the window, one fewer when
 * the caller is a thread about to take one (self), and one to time the
 * silence while lookups wait for the window.  Threads start on demand, so
 * a run of numeric targets starts none. */
static void kick(struct resolver *r, bool self)
{
	size_t slots = room(r), q = r->queued, want;

	if (self && slots > 0 && q > 0) {
		slots--;
		q--;
	}
	for (want = q < slots ? q : slots; want > 0; want--)
		if (!rouse(r))
			break;
	if (q > slots && !r->pacing && !r->elect &&
	    flow_window(&r->flow) < r->flow.cap)
		r->elect = rouse(r);
}

static bool may_start(const struct resolver *r)
{
	return r->todo_head && r->running < flow_window(&r->flow);
}

/* Lookups wait for the window: one thread times the silence that lets
 * it grow (flow_quiet); the others sleep until roused. */
static void wait_for_work(struct resolver *r, struct lookup_thread *me)
{
	struct timespec ts;
	unsigned before;
	int64_t at;

	if (r->todo_head && !r->pacing) {
		r->elect = NULL;
		before = flow_window(&r->flow);
		at = flow_quiet(&r->flow, now_ns());
		if (flow_window(&r->flow) > before)
			kick(r, true);
		if (may_start(r))
			return;
		r->pacing = true;
		ts.tv_sec = (time_t)(at / NS_PER_SEC);
		ts.tv_nsec = (long)(at % NS_PER_SEC);
		me->woken = false;
		pthread_cond_timedwait(&me->cv, &r->lock, &ts);
		r->pacing = false;
		return;
	}
	me->woken = false;
	me->next_idle = r->idle;
	r->idle = me;
	while (!me->woken && !r->stopping)
		pthread_cond_wait(&me->cv, &r->lock);
}

static void *worker(void *arg)
{
	struct lookup_thread *me = arg;
	struct resolver *r = me->r;
	struct job *j;
	int64_t t0;

	pthread_mutex_lock(&r->lock);
	for (;;) {
		for (;;) {
			if (me->roused) {
				me->roused = false;
				r->pending--;
			}
			if (may_start(r) || r->stopping)
				break;
			wait_for_work(r, me);
		}
		if (r->stopping)
			break;
		if (r->elect == me)
			r->elect = NULL;	/* work came first: rouse another */
		j = r->todo_head;
		r->todo_head = j->next;
		if (!r->todo_head)
			r->todo_tail = &r->todo_head;
		r->queued--;
		r->running++;
		pthread_mutex_unlock(&r->lock);
		t0 = now_ns();
		job_run(j);
		pthread_mutex_lock(&r->lock);
		flow_done(&r->flow, t0, now_ns(), job_again(j));
		r->running--;
		post_done(j);
		if (r->queued > 0)
			kick(r, true);	/* the window may have grown */
	}
	pthread_mutex_unlock(&r->lock);
	return NULL;
}

struct resolver *resolver_new(unsigned max_threads, unsigned cpus)
{
	struct resolver *r = calloc(1, sizeof *r);

	if (!r)
		return NULL;
	r->max_threads = max_threads ? max_threads : 1;
	r->pool = calloc(r->max_threads, sizeof *r->pool);
	if (!r->pool) {
		free(r);
		return NULL;
	}
	pthread_mutex_init(&r->lock, NULL);
	pthread_condattr_init(&r->cattr);
	pthread_condattr_setclock(&r->cattr, CLOCK_MONOTONIC);
	pthread_attr_init(&r->attr);
	pthread_attr_setstacksize(&r->attr, LOOKUP_STACK);
	r->todo_tail = &r->todo_head;
	flow_init(&r->flow, r->max_threads, cpus, now_ns());
	return r;
}

void resolver_free(struct resolver *r)
{
	if (!r)
		return;
	connector_free(r->connects);
	pthread_mutex_lock(&r->lock);
	r->stopping = true;
	for (unsigned i = 0; i < r->threads; i++)
		pthread_cond_signal(&r->pool[i].cv);
	pthread_mutex_unlock(&r->lock);
	for (unsigned i = 0; i < r->threads; i++) {
		pthread_join(r->pool[i].tid, NULL);
		pthread_cond_destroy(&r->pool[i].cv);
	}
	pthread_mutex_destroy(&r->lock);
	pthread_condattr_destroy(&r->cattr);
	pthread_attr_destroy(&r->attr);
	free(r->pool);
	free(r);
}

bool outlet_init(struct outlet *o)
{
	o->done = NULL;
	o->fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	return o->fd >= 0;
}

void outlet_close(struct outlet *o)
{
	if (o->fd >= 0)
		close(o->fd);
	o->fd = -1;
}

/* Queued, and a thread woken or started if the window has room; with
 * threads running, a lookup that finds none free waits for one.  Without
 * any (pthread_create failed), j is handed back: running it here would
 * block the event loop until the resolver gives up. */
bool resolver_submit(struct resolver *r, struct job *j, struct outlet *o)
{
	int err = 0;

	j->outlet = o;
	if (j->kind == JOB_CONNECT) {	/* issue 10: a pool of its own */
		if (!r->connects)
			r->connects = connector_new(CONNECT_THREADS, connect_done, r);
		if (!r->connects)
			return false;	/* errno: ENOMEM */
		return connector_submit(r->connects, j);
	}
	j->next = NULL;
	pthread_mutex_lock(&r->lock);
	*r->todo_tail = j;
	r->todo_tail = &j->next;
	r->queued++;
	kick(r, false);
	if (r->threads == 0) {
		/* no thread ever started, so j is the only one queued */
		r->todo_head = NULL;
		r->todo_tail = &r->todo_head;
		r->queued = 0;
		err = r->start_err ? r->start_err : EAGAIN;
	}
	pthread_mutex_unlock(&r->lock);
	if (err)
		errno = err;
	return err == 0;
}

struct job *resolver_take_done(struct resolver *r, struct outlet *o)
{
	struct job *j;
	uint64_t n;

	pthread_mutex_lock(&r->lock);
	j = o->done;
	if (j)
		o->done = j->next;
	else if (read(o->fd, &n, sizeof n) < 0) {
		/* EAGAIN: nothing pending */
	}
	pthread_mutex_unlock(&r->lock);
	return j;
}
