/* Blocking connects in a bounded pool of cheap threads (see connector.h):
 * the single check and the batch make Python's blocking connect(). */
#include "net/connector.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>

#include "net/job.h"

/* A blocking connect needs little stack: 64 KiB, not 8 MiB. */
#define CONNECTOR_STACK (64 * 1024)

struct connector {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	struct job *todo_head, **todo_tail;
	unsigned threads, idle, max_threads;
	pthread_t *tids;	/* joined by connector_free */
	bool stopping;
	void (*done)(void *ctx, struct job *j);
	void *ctx;
};

static void *worker(void *arg)
{
	struct connector *c = arg;
	struct job *j;

	pthread_mutex_lock(&c->lock);
	for (;;) {
		while (!c->todo_head && !c->stopping) {
			c->idle++;
			pthread_cond_wait(&c->wake, &c->lock);
			c->idle--;
		}
		if (c->stopping)
			break;
		j = c->todo_head;
		c->todo_head = j->next;
		if (!c->todo_head)
			c->todo_tail = &c->todo_head;
		pthread_mutex_unlock(&c->lock);
		job_run(j);
		c->done(c->ctx, j);
		pthread_mutex_lock(&c->lock);
	}
	pthread_mutex_unlock(&c->lock);
	return NULL;
}

struct connector *connector_new(unsigned max_threads,
				void (*done)(void *ctx, struct job *j),
				void *ctx)
{
	struct connector *c = calloc(1, sizeof *c);

	if (!c)
		return NULL;
	c->max_threads = max_threads ? max_threads : 1;
	c->tids = calloc(c->max_threads, sizeof *c->tids);
	if (!c->tids) {
		free(c);
		return NULL;
	}
	c->done = done;
	c->ctx = ctx;
	c->todo_tail = &c->todo_head;
	pthread_mutex_init(&c->lock, NULL);
	pthread_cond_init(&c->wake, NULL);
	return c;
}

/* 0, or pthread_create's error. */
static int start_thread(struct connector *c)
{
	pthread_attr_t attr;
	sigset_t all, old;
	int err;

	if ((err = pthread_attr_init(&attr)) != 0)
		return err;
	pthread_attr_setstacksize(&attr, CONNECTOR_STACK);
	/* signals (SIGINT) stay with the event loop's thread */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	err = pthread_create(&c->tids[c->threads], &attr, worker, c);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	pthread_attr_destroy(&attr);
	return err;
}

/* A thread is started if none is idle; when none can be, the job waits
 * for a running one.  With no thread at all it is refused: a blocking
 * connect on the caller's thread would hold up the loop and SIGINT. */
bool connector_submit(struct connector *c, struct job *j)
{
	int err = 0;

	j->next = NULL;
	pthread_mutex_lock(&c->lock);
	if (c->idle == 0 && c->threads < c->max_threads &&
	    (err = start_thread(c)) == 0)
		c->threads++;
	if (c->threads == 0) {
		pthread_mutex_unlock(&c->lock);
		errno = err ? err : EAGAIN;
		return false;
	}
	*c->todo_tail = j;
	c->todo_tail = &j->next;
	pthread_cond_signal(&c->wake);
	pthread_mutex_unlock(&c->lock);
	return true;
}

/* Called with no job out (the engine abandons a run with jobs out, and
 * _exits): every thread is idle, ends, and is joined. */
void connector_free(struct connector *c)
{
	unsigned n;

	if (!c)
		return;
	pthread_mutex_lock(&c->lock);
	c->stopping = true;
	n = c->threads;
	pthread_cond_broadcast(&c->wake);
	pthread_mutex_unlock(&c->lock);
	for (unsigned i = 0; i < n; i++)
		pthread_join(c->tids[i], NULL);
	pthread_mutex_destroy(&c->lock);
	pthread_cond_destroy(&c->wake);
	free(c->tids);
	free(c);
}
