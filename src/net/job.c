/* The blocking calls a job makes (job.h), each as the emulated Python
 * makes it, and a job's life: cleared, cloned for a thread, its answer
 * taken back or dropped. */
#include "net/job.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* An IPv6 literal without a scope, for an IPv6 socket (or any). */
static bool bind_v6_numeric(struct job *j)
{
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&j->addr;

	if ((j->family != AF_UNSPEC && j->family != AF_INET6) ||
	    strchr(j->host, '%') ||
	    inet_pton(AF_INET6, j->host, &in6->sin6_addr) <= 0)
		return false;
	in6->sin6_family = AF_INET6;
	j->addrlen = sizeof *in6;
	return true;
}

/* Python 2.7's setipaddr() reads a dotted quad with sscanf(), whatever
 * the socket's family, into the front of an uninitialised buffer: for an
 * IPv6 socket the address it binds is stack garbage, which no host has
 * (EADDRNOTAVAIL, where CPython 3 raises gaierror -9).  The discard-only
 * prefix 100::/64 (RFC 6666) stands for it, so the kernel says the same. */
static bool bind_dotted_py2(struct job *j)
{
	struct sockaddr_in *in = (struct sockaddr_in *)&j->addr;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&j->addr;
	int d[4];
	char ch;

	if (sscanf(j->host, "%d.%d.%d.%d%c", &d[0], &d[1], &d[2], &d[3],
		   &ch) != 4)
		return false;
	for (int i = 0; i < 4; i++)
		if (d[i] < 0 || d[i] > 255)
			return false;
	if (j->family == AF_INET6) {
		in6->sin6_family = AF_INET6;
		in6->sin6_addr.s6_addr[1] = 1;
		j->addrlen = sizeof *in6;
		return true;
	}
	in->sin_family = AF_INET;
	in->sin_addr.s_addr = htonl((uint32_t)d[0] << 24 | (uint32_t)d[1] << 16 |
				    (uint32_t)d[2] << 8 | (uint32_t)d[3]);
	j->addrlen = sizeof *in;
	return true;
}

/* Numeric forms setipaddr() takes without a lookup; false if none fits. */
static bool bind_numeric(struct job *j)
{
	struct sockaddr_in *in = (struct sockaddr_in *)&j->addr;

	memset(&j->addr, 0, sizeof j->addr);
	if (j->py2 && strcmp(j->host, "<broadcast>") != 0)
		return bind_dotted_py2(j) || bind_v6_numeric(j);
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
	return bind_v6_numeric(j);
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

bool job_again(const struct job *j)
{
	return j->kind == JOB_REVERSE ? j->herr == TRY_AGAIN
				      : j->rc == EAI_AGAIN;
}
