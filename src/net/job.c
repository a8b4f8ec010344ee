/* The blocking calls a job makes (job.h), each as the emulated Python
 * makes it, and a job's life: cleared, cloned for a thread, its answer
 * taken back or dropped. */
#include "net/job.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "base/gai.h"
#include "py/setipaddr.h"

static void run_getaddrinfo(struct job *j, int flags)
{
	struct addrinfo hints = {0};

	hints.ai_family = j->family;
	hints.ai_socktype = j->socktype;
	hints.ai_flags = flags | j->flags;
	j->rc = gai_call(j->host, j->port, &hints, &j->ai, &j->saved_errno);
}

/* CPython's setipaddr() for source_address's host (py/setipaddr.h). */
static void run_bind_addr(struct job *j)
{
	struct py_bindaddr q = {.host = j->host, .family = j->family,
				.py2 = j->py2};

	py_setipaddr(&q);
	j->addr = q.addr;
	j->addrlen = q.addrlen;
	j->rc = q.rc;
	j->saved_errno = q.saved_errno;
	j->plain = q.plain;
}

/* As CPython's gethostbyaddr(): gethostbyaddr_r, then the global h_errno.
 * What Python makes of the answer (its family too) is py/hostbyaddr.h's:
 * rc carries the answer's h_addrtype, AF_UNSPEC when there is none. */
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
	j->rc = AF_UNSPEC;
	if (!h) {
		j->herr = h_errno;
		return;
	}
	j->name = strdup(h->h_name);
	if (!j->name)
		j->herr = NETDB_INTERNAL;
	else
		j->rc = h->h_addrtype;
}

/* As CPython's socket.getnameinfo(): gaierror on failure. */
static void run_nameinfo(struct job *j)
{
	char host[NI_MAXHOST], serv[NI_MAXSERV];

	errno = 0;
	j->rc = getnameinfo((const struct sockaddr *)&j->addr, j->addrlen,
			    host, sizeof host, serv, sizeof serv, j->flags);
	j->saved_errno = errno;
	if (j->rc == 0) {
		j->name = strdup(host);
		if (!j->name)
			j->rc = EAI_MEMORY;
	}
}

/* Waits, blocking, for the connect in progress on fd to end: 0 when it
 * stands, else the errno Python's connect() raises.  fd is left
 * non-blocking again.  Python makes its connect() without settimeout()
 * so: a blocking connect() in a worker thread, so the kernel treats an
 * ICMP error during the SYN as it does for Python (seen at the next
 * retransmission). */
static int connect_wait(int fd, const struct sockaddr *sa, socklen_t len)
{
	int flags = fcntl(fd, F_GETFL), err = 0;

	if (flags < 0 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) < 0)
		return errno;
	/* A blocking connect() on a socket already connecting waits for it,
	 * as the first one would have. */
	while (connect(fd, sa, len) < 0) {
		if (errno == EINTR)
			continue;	/* as Python (PEP 475) */
		if (errno != EISCONN)
			err = errno;
		break;
	}
	if (fcntl(fd, F_SETFL, flags) < 0 && !err)
		err = errno;
	return err;
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
		run_nameinfo(j);
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
		if (!py_setipaddr_at_once(j->host, j->family, j->py2))
			return false;
		run_bind_addr(j);
		return true;
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

bool job_again(const struct job *j)
{
	return j->kind == JOB_REVERSE ? j->herr == TRY_AGAIN
				      : j->rc == EAI_AGAIN;
}
