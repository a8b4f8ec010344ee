#include <errno.h>
#include <netdb.h>

#include "format.h"
#include "unit.h"

static const char *exc(struct sk_error e, bool py3, struct sbuf *b)
{
	sb_reset(b);
	fmt_exception(b, &e, py3);
	return sb_str(b);
}

static void test_exception_lines(void)
{
	struct sbuf b = {0};

	CHECK_STR(exc(sk_errno(STAGE_CONNECT, ECONNREFUSED), false, &b),
		  "socket.error: [Errno 111] Connection refused");
	CHECK_STR(exc(sk_errno(STAGE_CONNECT, ECONNREFUSED), true, &b),
		  "ConnectionRefusedError: [Errno 111] Connection refused");
	CHECK_STR(exc(sk_errno(STAGE_CONNECT, ENETUNREACH), true, &b),
		  "OSError: [Errno 101] Network is unreachable");
	CHECK_STR(exc(sk_errno(STAGE_CONNECT, ETIMEDOUT), true, &b),
		  "TimeoutError: [Errno 110] Connection timed out");
	CHECK_STR(exc(sk_timeout(STAGE_CONNECT), false, &b),
		  "socket.timeout: timed out");
	CHECK_STR(exc(sk_timeout(STAGE_RECV), true, &b), "TimeoutError: timed out");
	CHECK_STR(exc(sk_gaierror(STAGE_RESOLVE, EAI_NONAME, 0), true, &b),
		  "socket.gaierror: [Errno -2] Name or service not known");
	CHECK_STR(exc(sk_herror(STAGE_REVERSE, HOST_NOT_FOUND), false, &b),
		  "socket.herror: [Errno 1] Unknown host");
	CHECK_STR(exc(sk_plain(STAGE_CONNECT, "AF_UNIX path too long"), true, &b),
		  "OSError: AF_UNIX path too long");
	CHECK_STR(exc(sk_plain(STAGE_CONNECT, "AF_UNIX path too long"), false, &b),
		  "socket.error: AF_UNIX path too long");
	sb_free(&b);
}

static void test_eai_system(void)
{
	struct sk_error e = sk_gaierror(STAGE_RESOLVE, EAI_SYSTEM, EMFILE);

	CHECK(e.kind == SK_ERRNO && e.code == EMFILE);
}

static void test_ms(void)
{
	struct sbuf b = {0};

	fmt_ms(&b, 1234567);
	CHECK_STR(sb_str(&b), "1.235");
	sb_free(&b);
}

UNIT_TESTS(format) = {
	{"exception lines, Python 2 and 3", test_exception_lines},
	{"EAI_SYSTEM is the errno behind it", test_eai_system},
	{"milliseconds", test_ms},
	{NULL, NULL},
};
