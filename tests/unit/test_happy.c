/* model/happy.c: asyncio's interleave order, the address tuple's repr and
 * the exception of a race every address lost (CPython 3.11's
 * base_events._interleave_addrinfos and create_connection). */
#include "unit.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>

#include "model/happy.h"

static struct address addr(const char *ip, int port)
{
	struct address a = {0};

	if (inet_pton(AF_INET, ip, &((struct sockaddr_in *)&a.sa)->sin_addr) == 1) {
		a.family = a.sa.ss_family = AF_INET;
		((struct sockaddr_in *)&a.sa)->sin_port = htons((uint16_t)port);
		a.len = sizeof(struct sockaddr_in);
	} else {
		inet_pton(AF_INET6, ip, &((struct sockaddr_in6 *)&a.sa)->sin6_addr);
		a.family = a.sa.ss_family = AF_INET6;
		((struct sockaddr_in6 *)&a.sa)->sin6_port = htons((uint16_t)port);
		a.len = sizeof(struct sockaddr_in6);
	}
	return a;
}

/* list(_interleave_addrinfos(3 IPv6 + 2 IPv4)): v6 v4 v6 v4 v6; a list
 * that starts with IPv4 starts the rounds with it */
static void test_order(void)
{
	struct address a[5] = {addr("::1", 1), addr("::2", 1), addr("::3", 1),
			       addr("10.0.0.1", 1), addr("10.0.0.2", 1)};
	struct address b[4] = {addr("10.0.0.1", 1), addr("::1", 1),
			       addr("::2", 1), addr("::3", 1)};
	size_t o[5], want[5] = {0, 3, 1, 4, 2}, wantb[4] = {0, 1, 2, 3};

	happy_order(a, 5, o);
	for (size_t i = 0; i < 5; i++)
		CHECK(o[i] == want[i]);
	happy_order(b, 4, o);
	for (size_t i = 0; i < 4; i++)
		CHECK(o[i] == wantb[i]);
}

static void test_repr(void)
{
	struct address v4 = addr("127.0.0.1", 9), v6 = addr("::1", 9);
	struct sbuf b = {0};

	happy_addr_repr(&b, &v4.sa);
	CHECK_STR(sb_str(&b), "('127.0.0.1', 9)");
	sb_reset(&b);
	happy_addr_repr(&b, &v6.sa);
	CHECK_STR(sb_str(&b), "('::1', 9, 0, 0)");
	sb_free(&b);
}

/* OSError('Multiple exceptions: ...') unless every str() is the same */
static void test_all_failed(void)
{
	struct attempt a[2] = {0};
	char *text;
	struct sk_error e;

	a[0].err = sk_errno(STAGE_CONNECT, ECONNREFUSED);
	a[0].err.text = "Connect call failed ('::1', 9, 0, 0)";
	a[1].err = sk_errno(STAGE_CONNECT, ECONNREFUSED);
	a[1].err.text = "Connect call failed ('127.0.0.1', 9)";
	e = happy_all_failed(a, 2, &text);
	CHECK(e.kind == SK_PLAIN);
	CHECK_STR(e.text, "Multiple exceptions: [Errno 111] Connect call failed "
		  "('::1', 9, 0, 0), [Errno 111] Connect call failed ('127.0.0.1', 9)");
	free(text);
	a[0].err = sk_errno(STAGE_CONNECT, ENETUNREACH);
	a[1].err = sk_errno(STAGE_CONNECT, ENETUNREACH);
	e = happy_all_failed(a, 2, &text);
	CHECK(text == NULL && e.kind == SK_ERRNO && e.code == ENETUNREACH);
	e = happy_all_failed(a, 1, &text);
	CHECK(text == NULL && e.kind == SK_ERRNO);
}

UNIT_TESTS(happy) = {
	{"interleave: families in turn, the first family first", test_order},
	{"the address tuple as Python's repr", test_repr},
	{"every address failed: one exception or Multiple exceptions", test_all_failed},
	{NULL, NULL},
};
