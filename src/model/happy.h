/* RFC 8305 as asyncio does it (--happy-eyeballs): the order addresses are
 * raced in, the address tuple Python prints, and the one exception asyncio's
 * create_connection() raises when every attempt failed (pure). */
#ifndef SOCKERR_HAPPY_H
#define SOCKERR_HAPPY_H

#include <stddef.h>
#include <sys/socket.h>

#include "base/clock.h"
#include "base/sbuf.h"
#include "model/result.h"

#define HAPPY_DEFAULT_NS (250 * NS_PER_MS)

/* asyncio's _interleave_addrinfos(addrs, 1): the families in the order
 * getaddrinfo() first gave them, taken in turn (3 IPv6 + 2 IPv4: v6 v4 v6
 * v4 v6).  order gets n indexes into a. */
void happy_order(const struct address *a, size_t n, size_t *order);

/* Python 3's repr() of the address tuple getaddrinfo() gives:
 * ('127.0.0.1', 9) or ('::1', 9, 0, 0). */
void happy_addr_repr(struct sbuf *b, const struct sockaddr_storage *ss);

/* When every attempt failed: the error create_connection() raises.  The
 * first attempt's, when all their str() are the same (one attempt
 * included); else OSError("Multiple exceptions: A, B"), whose text is put
 * in *text (the caller frees it; NULL: out of memory, and the first
 * attempt's error is returned). */
struct sk_error happy_all_failed(const struct attempt *a, size_t n, char **text);

#endif
