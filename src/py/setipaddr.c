/* CPython's setipaddr(), as bind() runs it on source_address's host, and
 * Python 2.7's (setipaddr.h). */
#include "py/setipaddr.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "base/gai.h"

static void copy_first(struct py_bindaddr *q, const struct addrinfo *ai)
{
	memcpy(&q->addr, ai->ai_addr, ai->ai_addrlen);
	q->addrlen = ai->ai_addrlen;
}

/* The wildcard: CPython's setipaddr() asks getaddrinfo(NULL, "0"). */
static void bind_wildcard(struct py_bindaddr *q)
{
	struct addrinfo hints = {0}, *res;

	hints.ai_family = q->family;
	hints.ai_socktype = SOCK_DGRAM;
	hints.ai_flags = AI_PASSIVE;
	q->rc = gai_call(NULL, "0", &hints, &res, &q->saved_errno);
	if (q->rc != 0)
		return;
	if (res->ai_next)
		q->plain = "wildcard resolved to multiple address";
	else
		copy_first(q, res);
	freeaddrinfo(res);
}

/* An IPv6 literal without a scope, for an IPv6 socket (or any). */
static bool bind_v6_numeric(struct py_bindaddr *q)
{
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&q->addr;

	if ((q->family != AF_UNSPEC && q->family != AF_INET6) ||
	    strchr(q->host, '%') ||
	    inet_pton(AF_INET6, q->host, &in6->sin6_addr) <= 0)
		return false;
	in6->sin6_family = AF_INET6;
	q->addrlen = sizeof *in6;
	return true;
}

/* Python 2.7's setipaddr() reads a dotted quad with sscanf(), whatever
 * the socket's family, into the front of an uninitialised buffer: for an
 * IPv6 socket the address it binds is stack garbage, which no host has
 * (EADDRNOTAVAIL, where CPython 3 raises gaierror -9).  The discard-only
 * prefix 100::/64 (RFC 6666) stands for it, so the kernel says the same. */
static bool bind_dotted_py2(struct py_bindaddr *q)
{
	struct sockaddr_in *in = (struct sockaddr_in *)&q->addr;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&q->addr;
	int d[4];
	char ch;

	if (sscanf(q->host, "%d.%d.%d.%d%c", &d[0], &d[1], &d[2], &d[3],
		   &ch) != 4)
		return false;
	for (int i = 0; i < 4; i++)
		if (d[i] < 0 || d[i] > 255)
			return false;
	if (q->family == AF_INET6) {
		in6->sin6_family = AF_INET6;
		in6->sin6_addr.s6_addr[1] = 1;
		q->addrlen = sizeof *in6;
		return true;
	}
	in->sin_family = AF_INET;
	in->sin_addr.s_addr = htonl((uint32_t)d[0] << 24 | (uint32_t)d[1] << 16 |
				    (uint32_t)d[2] << 8 | (uint32_t)d[3]);
	q->addrlen = sizeof *in;
	return true;
}

/* Numeric forms setipaddr() takes without a lookup; false if none fits. */
static bool bind_numeric(struct py_bindaddr *q)
{
	struct sockaddr_in *in = (struct sockaddr_in *)&q->addr;

	memset(&q->addr, 0, sizeof q->addr);
	if (q->py2 && strcmp(q->host, "<broadcast>") != 0)
		return bind_dotted_py2(q) || bind_v6_numeric(q);
	if (strcmp(q->host, "255.255.255.255") == 0 ||
	    strcmp(q->host, "<broadcast>") == 0) {
		if (q->family != AF_INET && q->family != AF_UNSPEC)
			q->plain = "address family mismatched";
		in->sin_family = AF_INET;
		in->sin_addr.s_addr = INADDR_BROADCAST;
		q->addrlen = sizeof *in;
		return true;
	}
	if ((q->family == AF_UNSPEC || q->family == AF_INET) &&
	    inet_pton(AF_INET, q->host, &in->sin_addr) > 0) {
		in->sin_family = AF_INET;
		q->addrlen = sizeof *in;
		return true;
	}
	return bind_v6_numeric(q);
}

void py_setipaddr(struct py_bindaddr *q)
{
	struct addrinfo hints = {0}, *res;

	if (q->host[0] == '\0') {
		bind_wildcard(q);
		return;
	}
	if (bind_numeric(q))
		return;
	hints.ai_family = q->family;
	q->rc = gai_call(q->host, NULL, &hints, &res, &q->saved_errno);
	if (q->rc != 0)
		return;
	copy_first(q, res);
	freeaddrinfo(res);
	if (q->addr.ss_family != AF_INET && q->addr.ss_family != AF_INET6)
		q->plain = "unknown address family";
}

bool py_setipaddr_at_once(const char *host, int family, bool py2)
{
	struct py_bindaddr q = {.host = host, .family = family, .py2 = py2};

	return host[0] == '\0' || bind_numeric(&q);
}
