/* The address bind() gets for -s HOST: CPython's setipaddr() (3.11's, or
 * 2.7's with the default format) reads the wildcard "", "<broadcast>" and
 * numeric forms itself and asks getaddrinfo() for the rest. */
#ifndef SOCKERR_PY_SETIPADDR_H
#define SOCKERR_PY_SETIPADDR_H

#include <stdbool.h>
#include <sys/socket.h>

struct py_bindaddr {
	const char *host;	/* "" for the wildcard */
	int family;		/* the socket's */
	bool py2;		/* as Python 2.7's setipaddr() */
	/* the answer */
	struct sockaddr_storage addr;
	socklen_t addrlen;
	int rc;			/* EAI_*, 0 */
	int saved_errno;	/* the errno behind EAI_SYSTEM */
	const char *plain;	/* an OSError with no code, or NULL */
};

/* Fills q's answer; may block (a name goes to getaddrinfo). */
void py_setipaddr(struct py_bindaddr *q);
/* Whether py_setipaddr() answers host without a lookup, so at once. */
bool py_setipaddr_at_once(const char *host, int family, bool py2);

#endif
