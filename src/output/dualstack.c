/* issue 19: the broken address family, found and said (pure). */
#include "output/dualstack.h"

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "model/happy.h"

static int family_of(const struct result *r, const struct attempt *a)
{
	return r->addrs[a->addr].family;
}

static const char *family_name(int family)
{
	return family == AF_INET6 ? "IPv6" : "IPv4";
}

static bool connect_failed(const struct attempt *a)
{
	return sk_failed(&a->err) && a->err.stage <= STAGE_CONNECT;
}

static int64_t delay_ns(const struct plan *pl)
{
	return pl->happy ? pl->happy_ns : HAPPY_DEFAULT_NS;
}

/* No answer at all: a SYN that went unanswered until the attempt ended. */
static bool hung(const struct attempt *a)
{
	return a->cancelled || a->err.kind == SK_TIMEOUT ||
	       (a->err.kind == SK_ERRNO && a->err.code == ETIMEDOUT);
}

static int64_t spent(const struct attempt *a)
{
	return a->ns[STAGE_SOCKET] + a->ns[STAGE_CONNECT];
}

static const struct attempt *attempt_for(const struct result *r, size_t addr)
{
	for (size_t i = 0; i < r->nattempts; i++)
		if (r->attempts[i].addr == addr)
			return &r->attempts[i];
	return NULL;
}

/* An address never tried (the race was won first) is taken to fare as
 * the broken family's first attempt did. */
static const struct attempt *fate(const struct result *r, size_t addr,
				  const struct dualstack *d)
{
	const struct attempt *a = attempt_for(r, addr);

	if (a)
		return a;
	return r->addrs[addr].family == family_of(r, d->bad) ? d->bad : NULL;
}

/* Python tries the addresses one by one, in getaddrinfo()'s order: an
 * address that hangs costs -t, or the kernel's SYN timeout without it. */
static int64_t python_cost(const struct result *r, const struct plan *pl,
			   const struct dualstack *d)
{
	int64_t t = 0;

	for (size_t i = 0; i < r->naddrs; i++) {
		const struct attempt *a = fate(r, i, d);

		if (!a)
			return -1;
		if (a == d->good)
			return t + spent(a);
		if (!hung(a))
			t += spent(a);
		else if (pl->timeout_ns >= 0)
			t += pl->timeout_ns;
		else if (r->syn_timeout_ns >= 0)
			t += r->syn_timeout_ns;
		else
			return -1;
	}
	return -1;
}

/* A Happy Eyeballs client: measured when sockerr raced (from the first
 * start: the lookup left out, as from Python's); else each address before
 * the winner, in racing order, costs its time up to the delay. */
static int64_t happy_cost(const struct result *r, const struct plan *pl,
			  const struct dualstack *d)
{
	size_t *order;
	int64_t t = 0;

	if (d->good->raced) {
		int64_t first = d->good->start_ns;

		for (size_t i = 0; i < r->nattempts; i++)
			if (r->attempts[i].start_ns < first)
				first = r->attempts[i].start_ns;
		return d->good->start_ns - first + spent(d->good);
	}
	order = calloc(r->naddrs, sizeof *order);
	if (!order)
		return -1;
	happy_order(r->addrs, r->naddrs, order);
	for (size_t i = 0; i < r->naddrs; i++) {
		const struct attempt *a = fate(r, order[i], d);

		if (a == d->good) {
			t += spent(a);
			break;
		}
		t += !a || hung(a) || spent(a) > delay_ns(pl) ? delay_ns(pl)
							      : spent(a);
	}
	free(order);
	return t;
}

bool dualstack_find(const struct result *r, const struct plan *pl,
		    struct dualstack *d)
{
	const struct attempt *good = result_shown_attempt(r);

	*d = (struct dualstack){0};
	if (!good || connect_failed(good) || good->cancelled ||
	    !good->ran[STAGE_CONNECT])
		return false;
	for (size_t i = 0; i < r->nattempts && !d->bad; i++) {
		const struct attempt *a = &r->attempts[i];

		if (family_of(r, a) == family_of(r, good) ||
		    (family_of(r, a) != AF_INET && family_of(r, a) != AF_INET6))
			continue;
		if (connect_failed(a) ||
		    (a->cancelled && spent(a) >= delay_ns(pl)))
			d->bad = a;
	}
	if (!d->bad)
		return false;
	d->good = good;
	d->python_ns = python_cost(r, pl, d);
	d->happy_ns = happy_cost(r, pl, d);
	return true;
}

/* "3 ms", "0.25 s", "127 s" */
static void span(struct sbuf *b, int64_t ns)
{
	if (ns < NS_PER_SEC)
		sb_printf(b, "%.3g ms", (double)ns / 1e6);
	else
		sb_printf(b, "%.3g s", (double)ns / 1e9);
}

static void where(struct sbuf *b, const struct result *r,
		  const struct attempt *a)
{
	const struct address *ad = &r->addrs[a->addr];
	char host[NI_MAXHOST];
	int port = ad->family == AF_INET6
		   ? ntohs(((const struct sockaddr_in6 *)&ad->sa)->sin6_port)
		   : ntohs(((const struct sockaddr_in *)&ad->sa)->sin_port);

	if (getnameinfo((const struct sockaddr *)&ad->sa, ad->len, host,
			sizeof host, NULL, 0, NI_NUMERICHOST) != 0)
		strcpy(host, "?");
	sb_printf(b, ad->family == AF_INET6 ? "[%s]:%d" : "%s:%d", host, port);
}

/* What the broken family's attempt met, in words. */
static void failure(struct sbuf *b, const struct attempt *a)
{
	if (hung(a)) {
		/* a non-blocking connect holds an ICMP error to the next SYN
		 * (a soft error): silence is all that can be said */
		sb_adds(b, "did not answer the SYN in ");
		span(b, a->ns[STAGE_CONNECT]);
		sb_adds(b, " (dropped, or an ICMP error held to the next SYN");
		if (a->facts.have_tcpi && a->facts.retransmits)
			sb_printf(b, "; %u SYN%s sent again", a->facts.retransmits,
				  a->facts.retransmits == 1 ? "" : "s");
		sb_addc(b, ')');
	} else if (a->err.kind == SK_ERRNO && a->err.code == ECONNREFUSED) {
		sb_adds(b, "refused the connection (a reset: nothing listens there)");
	} else {
		sb_printf(b, "failed: [Errno %d] %s", a->err.code,
			  tax_message(a->err.kind, a->err.code));
	}
}

void dualstack_text(struct sbuf *b, const struct result *r,
		    const struct plan *pl, const struct dualstack *d)
{
	sb_printf(b, "%s ", family_name(family_of(r, d->bad)));
	where(b, r, d->bad);
	sb_addc(b, ' ');
	failure(b, d->bad);
	sb_printf(b, "; %s ", family_name(family_of(r, d->good)));
	where(b, r, d->good);
	sb_adds(b, " answered in ");
	span(b, d->good->ns[STAGE_CONNECT]);
	sb_adds(b, "; Python's create_connection() would take ");
	if (d->python_ns >= 0)
		span(b, d->python_ns);
	else
		sb_adds(b, "?");
	sb_adds(b, " here, a Happy Eyeballs client ");
	span(b, d->happy_ns);
	if (!pl->happy)
		sb_adds(b, " (--happy-eyeballs)");
}

static void json_s(struct sbuf *b, const char *key, int64_t ns)
{
	if (ns < 0)
		sb_printf(b, ",\"%s\":null", key);
	else
		sb_printf(b, ",\"%s\":%.3f", key, (double)ns / 1e9);
}

void dualstack_json(struct sbuf *b, const struct result *r,
		    const struct plan *pl, const struct dualstack *d)
{
	struct sbuf t = {0};

	sb_printf(b, ",\"dualstack\":{\"broken_family\":\"%s\"",
		  family_name(family_of(r, d->bad)));
	sb_printf(b, ",\"failure\":\"%s\"", hung(d->bad) ? "no answer"
		  : d->bad->err.kind == SK_ERRNO &&
		    d->bad->err.code == ECONNREFUSED ? "refused" : "error");
	json_s(b, "python_s", d->python_ns);
	json_s(b, "happy_eyeballs_s", d->happy_ns);
	dualstack_text(&t, r, pl, d);
	sb_adds(b, ",\"text\":\"");
	esc_json(b, sb_str(&t), t.len);
	sb_adds(b, "\"}");
	sb_free(&t);
}
