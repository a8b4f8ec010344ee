/* getaddrinfo() and its errno (gai.h). */
#include "base/gai.h"

#include <errno.h>
#include <stddef.h>

int gai_call(const char *host, const char *port, const struct addrinfo *hints,
	     struct addrinfo **res, int *saved_errno)
{
	int rc;

	errno = 0;
	rc = getaddrinfo(host, port, hints, res);
	*saved_errno = errno;
	if (rc != 0)
		*res = NULL;
	return rc;
}
