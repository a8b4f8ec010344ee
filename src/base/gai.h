/* getaddrinfo() with the errno behind EAI_SYSTEM, the one way every layer
 * calls it: errno cleared before the call and kept after it, for
 * sk_gaierror() (CPython raises EAI_SYSTEM as the OSError of errno). */
#ifndef SOCKERR_GAI_H
#define SOCKERR_GAI_H

#include <netdb.h>

/* getaddrinfo(host, port, hints, res): its EAI_* (0: *res is the answer,
 * to be freed with freeaddrinfo; else *res is NULL) and *saved_errno. */
int gai_call(const char *host, const char *port, const struct addrinfo *hints,
	     struct addrinfo **res, int *saved_errno);

#endif
