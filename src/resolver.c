/* Lookups off the event loops: getaddrinfo, the -s address and gethostbyaddr
 * in one bounded pool of threads, or inline when they cannot block. */
#include "resolver.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "connector.h"
#include "nameinfo.h"

static void run_getaddrinfo(struct job *j, int flags)
{
	struct addrinfo hints = {0};

	hints.ai_family = j->family;
	hints.ai_socktype = j->socktype;
	hints.ai_flags = flags | j->flags;
	errno = 0;
	j->rc = getaddrinfo(j->host, j->port, &hints, &j->ai);
	j->saved_errno = errno;
	if (j->rc != 0)
		j->ai = NULL;
}

static void copy_first(struct job *j, const struct addrinfo *ai)
{
	memcpy(&j->addr, ai->ai_addr, ai->ai_addrlen);
	j->addrlen = ai->ai_addrlen;
}

/* The wildcard: CPython's setipaddr() asks getaddrinfo(NULL, "0"). */
static void bind_wildcard(struct job *j)
{
	struct addrinfo hints = {0}, *res;

	hints.ai_family = j->family;
	hints.ai_socktype = SOCK_DGRAM;
	hints.ai_flags = AI_PASSIVE;
	errno = 0;
	j->rc = getaddrinfo(NULL, "0", &hints, &res);
	j->saved_errno = errno;
	if (j->rc != 0)
		return;
	if (res->ai_next)
		j->plain = "wildcard resolved to multiple address";
	else
		copy_first(j, res);
	freeaddrinfo(res);
}

/* Numeric forms setipaddr() takes without a lookup; false if none fits. */
static bool bind_numeric(struct job *j)
{
	struct sockaddr_in *in = (struct sockaddr_in *)&j->addr;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&j->addr;

	memset(&j->addr, 0, sizeof j->addr);
	if (strcmp(j->host, "255.255.255.255") == 0 ||
	    strcmp(j->host, "<broadcast>") == 0) {
		if (j->family != AF_INET && j->family != AF_UNSPEC)
			j->plain = "address family mismatched";
		in->sin_family = AF_INET;
		in->sin_addr.s_addr = INADDR_BROADCAST;
		j->addrlen = sizeof *in;
		return true;
	}
	if ((j->family == AF_UNSPEC || j->family == AF_INET) &&
	    inet_pton(AF_INET, j->host, &in->sin_addr) > 0) {
		in->sin_family = AF_INET;
		j->addrlen = sizeof *in;
		return true;
	}
	if ((j->family == AF_UNSPEC || j->family == AF_INET6) &&
	    !strchr(j->host, '%') &&
	    inet_pton(AF_INET6, j->host, &in6->sin6_addr) > 0) {
		in6->sin6_family = AF_INET6;
		j->addrlen = sizeof *in6;
		return true;
	}
	return false;
}

static void run_bind_addr(struct job *j)
{
	struct addrinfo hints = {0}, *res;

	if (j->host[0] == '\0') {
		bind_wildcard(j);
		return;
	}
	if (bind_numeric(j))
		return;
	hints.ai_family = j->family;
	errno = 0;
	j->rc = getaddrinfo(j->host, NULL, &hints, &res);
	j->saved_errno = errno;
	if (j->rc != 0)
		return;
	copy_first(j, res);
	freeaddrinfo(res);
	if (j->addr.ss_family != AF_INET && j->addr.ss_family != AF_INET6)
		j->plain = "unknown address family";
}

/* As CPython's gethostbyaddr(): gethostbyaddr_r, then the global h_errno. */
static void run_reverse(struct job *j)
{
	struct hostent he, *h = NULL;
	char buf[16384];
	int herr = 0;
	const void *ap;
	socklen_t al;

	if (j->addr.ss_family == AF_INET6) {
		ap = &((struct sockaddr_in6 *)&j->addr)->sin6_addr;
		al = sizeof(struct in6_addr);
	} else {
		ap = &((struct sockaddr_in *)&j->addr)->sin_addr;
		al = sizeof(struct in_addr);
	}
	h_errno = 0;
	gethostbyaddr_r(ap, al, j->addr.ss_family, &he, buf, sizeof buf - 1,
			&h, &herr);
	if (!h) {
		j->herr = h_errno;
		return;
	}
	j->name = strdup(h->h_name);
	if (!j->name)
		j->herr = NETDB_INTERNAL;
}

void job_run(struct job *j)
{
	switch (j->kind) {
	case JOB_GETADDRINFO:
		run_getaddrinfo(j, 0);
		break;
	case JOB_BIND_ADDR:
		run_bind_addr(j);
		break;
	case JOB_REVERSE:
		run_reverse(j);
		break;
	case JOB_NAMEINFO:	/* issue 10 */
		nameinfo_run(j);
		break;
	case JOB_CONNECT:	/* issue 10 */
		j->saved_errno = connect_wait(j->fd, (struct sockaddr *)&j->addr,
					      j->addrlen);
		break;
	}
}

bool job_run_if_immediate(struct job *j)
{
	switch (j->kind) {
	case JOB_GETADDRINFO:
		if (!j->host)
			break;
		run_getaddrinfo(j, AI_NUMERICHOST);
		if (j->rc == EAI_NONAME)
			return false;
		/* Numeric: the answer without AI_NUMERICHOST is the one Python
		 * gets, errors included, and it cannot block either. */
		if (j->rc != 0)
			run_getaddrinfo(j, 0);
		return true;
	case JOB_BIND_ADDR:
		if (j->host[0] == '\0' || bind_numeric(j)) {
			run_bind_addr(j);
			return true;
		}
		return false;
	case JOB_REVERSE:
	case JOB_CONNECT:
	case JOB_NAMEINFO:
		return false;
	}
	run_getaddrinfo(j, 0);
	return true;
}

void job_clear(struct job *j)
{
	if (j->ai)
		freeaddrinfo(j->ai);
	free(j->name);
	j->ai = NULL;
	j->name = NULL;
	j->rc = j->saved_errno = j->herr = 0;
	j->plain = NULL;
	j->next = NULL;
}

struct job *job_clone(const struct job *j)
{
	size_t h = j->host ? strlen(j->host) + 1 : 0;
	size_t p = j->port ? strlen(j->port) + 1 : 0;
	struct job *c = malloc(sizeof *c);

	if (!c)
		return NULL;
	*c = *j;
	c->own = malloc(h + p + 1);
	if (!c->own) {
		free(c);
		return NULL;
	}
	if (j->host)
		c->host = memcpy(c->own, j->host, h);
	if (j->port)
		c->port = memcpy(c->own + h, j->port, p);
	return c;
}

void job_take_answer(struct job *j, struct job *clone)
{
	j->rc = clone->rc;
	j->saved_errno = clone->saved_errno;
	j->plain = clone->plain;
	j->herr = clone->herr;
	j->ai = clone->ai;
	j->name = clone->name;
	j->addr = clone->addr;
	j->addrlen = clone->addrlen;
	free(clone->own);
	free(clone);
}

void job_drop(struct job *clone)
{
	job_clear(clone);
	free(clone->own);
	free(clone);
}

struct resolver {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	struct job *todo_head, **todo_tail;
	unsigned threads, idle, max_threads;
	bool stopping;
	pthread_t *tids;
	struct connector *connects;	/* JOB_CONNECT: started on demand */
};

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

static void *worker(void *arg)
{
	struct resolver *r = arg;
	struct job *j;

	pthread_mutex_lock(&r->lock);
	for (;;) {
		while (!r->todo_head && !r->stopping) {
			r->idle++;
			pthread_cond_wait(&r->wake, &r->lock);
			r->idle--;
		}
		if (r->stopping)
			break;
		j = r->todo_head;
		r->todo_head = j->next;
		if (!r->todo_head)
			r->todo_tail = &r->todo_head;
		pthread_mutex_unlock(&r->lock);
		job_run(j);
		pthread_mutex_lock(&r->lock);
		post_done(j);
	}
	pthread_mutex_unlock(&r->lock);
	return NULL;
}

struct resolver *resolver_new(unsigned max_threads)
{
	struct resolver *r = calloc(1, sizeof *r);

	if (!r)
		return NULL;
	r->max_threads = max_threads ? max_threads : 1;
	r->tids = calloc(r->max_threads, sizeof *r->tids);
	if (!r->tids) {
		free(r);
		return NULL;
	}
	pthread_mutex_init(&r->lock, NULL);
	pthread_cond_init(&r->wake, NULL);
	r->todo_tail = &r->todo_head;
	return r;
}

void resolver_free(struct resolver *r)
{
	if (!r)
		return;
	connector_free(r->connects);
	pthread_mutex_lock(&r->lock);
	r->stopping = true;
	pthread_cond_broadcast(&r->wake);
	pthread_mutex_unlock(&r->lock);
	for (unsigned i = 0; i < r->threads; i++)
		pthread_join(r->tids[i], NULL);
	pthread_mutex_destroy(&r->lock);
	pthread_cond_destroy(&r->wake);
	free(r->tids);
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

/* Threads start on demand: a run of numeric targets starts none.  Without
 * any thread (pthread_create failed), the job runs here, blocking. */
void resolver_submit(struct resolver *r, struct job *j, struct outlet *o)
{
	j->outlet = o;
	if (j->kind == JOB_CONNECT) {	/* issue 10: a pool of its own */
		if (!r->connects)
			r->connects = connector_new(CONNECT_THREADS, connect_done, r);
		if (r->connects) {
			connector_submit(r->connects, j);
			return;
		}
	}
	j->next = NULL;
	pthread_mutex_lock(&r->lock);
	if (r->idle == 0 && r->threads < r->max_threads &&
	    pthread_create(&r->tids[r->threads], NULL, worker, r) == 0)
		r->threads++;
	if (r->threads == 0) {
		job_run(j);
		post_done(j);
	} else {
		*r->todo_tail = j;
		r->todo_tail = &j->next;
		pthread_cond_signal(&r->wake);
	}
	pthread_mutex_unlock(&r->lock);
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
