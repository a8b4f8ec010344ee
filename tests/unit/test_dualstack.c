/* output/dualstack.c: a broken address family found in a result, and the
 * figures for Python's sequential connect and a Happy Eyeballs client. */
#include "unit.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>

#include "output/dualstack.h"

static void set_addr(struct address *a, int family, const char *ip)
{
	*a = (struct address){0};
	a->family = a->sa.ss_family = (sa_family_t)family;
	if (family == AF_INET6) {
		inet_pton(AF_INET6, ip, &((struct sockaddr_in6 *)&a->sa)->sin6_addr);
		((struct sockaddr_in6 *)&a->sa)->sin6_port = htons(443);
		a->len = sizeof(struct sockaddr_in6);
	} else {
		inet_pton(AF_INET, ip, &((struct sockaddr_in *)&a->sa)->sin_addr);
		((struct sockaddr_in *)&a->sa)->sin_port = htons(443);
		a->len = sizeof(struct sockaddr_in);
	}
}

static void ran(struct attempt *a, size_t addr, int64_t connect_ns)
{
	*a = (struct attempt){.addr = addr};
	a->ran[STAGE_SOCKET] = a->ran[STAGE_CONNECT] = true;
	a->ns[STAGE_CONNECT] = connect_ns;
}

/* create_connection(timeout=2): the IPv6 address times out, IPv4 answers
 * in 3 ms: Python 2.003 s, a Happy Eyeballs client 0.253 s */
static void test_sequential_timeout(void)
{
	struct address ad[2];
	struct attempt at[2];
	struct result r = {.addrs = ad, .naddrs = 2, .attempts = at,
			   .nattempts = 2, .ok_attempt = 1, .syn_timeout_ns = -1};
	struct plan pl = {.timeout_ns = 2 * NS_PER_SEC};
	struct dualstack d;
	struct sbuf b = {0};

	set_addr(&ad[0], AF_INET6, "2001:db8::1");
	set_addr(&ad[1], AF_INET, "192.0.2.1");
	ran(&at[0], 0, 2 * NS_PER_SEC);
	at[0].err = sk_timeout(STAGE_CONNECT);
	ran(&at[1], 1, 3 * NS_PER_MS);
	CHECK(dualstack_find(&r, &pl, &d));
	CHECK(d.bad == &at[0] && d.good == &at[1]);
	CHECK(d.python_ns == 2 * NS_PER_SEC + 3 * NS_PER_MS);
	CHECK(d.happy_ns == 250 * NS_PER_MS + 3 * NS_PER_MS);
	dualstack_text(&b, &r, &pl, &d);
	CHECK_STR(sb_str(&b), "IPv6 [2001:db8::1]:443 did not answer the SYN in 2 s "
		  "(dropped, or an ICMP error held to the next SYN); IPv4 "
		  "192.0.2.1:443 answered in 3 ms; Python's create_connection() "
		  "would take 2 s here, a Happy Eyeballs client 253 ms "
		  "(--happy-eyeballs)");
	sb_free(&b);
}

/* no -t: a hung address costs the kernel's SYN timeout; a refused one
 * its own time; both families failing is no broken family */
static void test_syn_timeout_and_none(void)
{
	struct address ad[2];
	struct attempt at[2];
	struct result r = {.addrs = ad, .naddrs = 2, .attempts = at,
			   .nattempts = 2, .ok_attempt = 1,
			   .syn_timeout_ns = 127 * NS_PER_SEC};
	struct plan pl = {.timeout_ns = -1, .happy = true,
			  .happy_ns = 250 * NS_PER_MS};
	struct dualstack d;

	set_addr(&ad[0], AF_INET6, "2001:db8::1");
	set_addr(&ad[1], AF_INET, "192.0.2.1");
	ran(&at[0], 0, 251 * NS_PER_MS);
	at[0].cancelled = at[0].raced = at[1].raced = true;
	ran(&at[1], 1, NS_PER_MS);
	at[1].raced = true;
	at[1].start_ns = 250 * NS_PER_MS;
	CHECK(dualstack_find(&r, &pl, &d));
	CHECK(d.python_ns == 127 * NS_PER_SEC + NS_PER_MS);
	CHECK(d.happy_ns == 251 * NS_PER_MS);
	/* answered within the delay: nothing broken */
	at[0].ns[STAGE_CONNECT] = 100 * NS_PER_MS;
	CHECK(!dualstack_find(&r, &pl, &d));
	/* refused, then IPv4 */
	at[0].cancelled = false;
	at[0].err = sk_errno(STAGE_CONNECT, ECONNREFUSED);
	CHECK(dualstack_find(&r, &pl, &d));
	CHECK(d.python_ns == 100 * NS_PER_MS + NS_PER_MS);
	/* both failed */
	at[1].err = sk_errno(STAGE_CONNECT, ECONNREFUSED);
	r.ok_attempt = NO_ATTEMPT;
	CHECK(!dualstack_find(&r, &pl, &d));
}

UNIT_TESTS(dualstack) = {
	{"-t 2, IPv6 timed out: Python 2 s, Happy Eyeballs 0.25 s, in words", test_sequential_timeout},
	{"no -t: the SYN timeout; within the delay or both failed: none", test_syn_timeout_and_none},
	{NULL, NULL},
};
