/* issue 19: a name with addresses of both families where one family fails
 * or lags by more than the Happy Eyeballs delay while the other connects:
 * found in a result, said in plain words for -v and as JSON (pure). */
#ifndef SOCKERR_DUALSTACK_H
#define SOCKERR_DUALSTACK_H

#include <stdbool.h>
#include <stdint.h>

#include "base/sbuf.h"
#include "model/plan.h"
#include "model/result.h"

struct dualstack {
	const struct attempt *bad;	/* the broken family's first attempt */
	const struct attempt *good;	/* the one that connected */
	int64_t python_ns;	/* create_connection(), in getaddrinfo's order; -1: unknown */
	int64_t happy_ns;	/* a Happy Eyeballs client (measured when raced) */
};

bool dualstack_find(const struct result *r, const struct plan *pl,
		    struct dualstack *d);
/* "IPv6 [2001:db8::1]:443 dropped the SYN ...; IPv4 ... answered in 3 ms;
 * Python's create_connection() would take 127 s here, a Happy Eyeballs
 * client 0.25 s" */
void dualstack_text(struct sbuf *b, const struct result *r,
		    const struct plan *pl, const struct dualstack *d);
/* ,"dualstack":{...} */
void dualstack_json(struct sbuf *b, const struct result *r,
		    const struct plan *pl, const struct dualstack *d);

#endif
