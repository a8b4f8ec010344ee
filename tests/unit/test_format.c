#include <errno.h>
#include <netdb.h>
#include <string.h>
#include <sys/un.h>

#include "output/format.h"
#include "unit.h"

static const char *exc(struct sk_error e, bool py3, struct sbuf *b)
{
	sb_reset(b);
	fmt_exception(b, &e, py3 ? PYV_3_11 : PYV_2_7);
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

/* A unix target that failed to connect (or connected), one address. */
struct unix_case {
	struct target t;
	struct address ad;
	struct attempt at;
	struct result r;
	struct report rp;
};

static void unix_case(struct unix_case *c, const char *path, size_t len,
		      bool ok)
{
	*c = (struct unix_case){0};
	c->t = (struct target){.kind = TARGET_UNIX, .path = path, .path_len = len};
	c->ad.sa.ss_family = AF_UNIX;
	c->ad.family = AF_UNIX;
	c->ad.len = sizeof(struct sockaddr_un);
	c->at.err = ok ? sk_ok() : sk_errno(STAGE_CONNECT, ENOENT);
	c->at.ran[STAGE_SOCKET] = c->at.ran[STAGE_CONNECT] = true;
	c->r.err = c->at.err;
	c->r.addrs = &c->ad;
	c->r.naddrs = 1;
	c->r.attempts = &c->at;
	c->r.nattempts = 1;
	c->r.ok_attempt = ok ? 0 : NO_ATTEMPT;
	c->rp = (struct report){"t", &c->t, &c->r};
}

static const char *result_of(struct unix_case *c, const struct plan *pl,
			     enum out_format f, struct sbuf *b)
{
	struct out_style st = {f, false, fmt_python(f)};

	sb_reset(b);
	fmt_result(b, &c->rp, pl, &st);
	return sb_str(b);
}

static void test_host_bytes(void)
{
	struct unix_case c;
	struct sbuf b = {0};

	unix_case(&c, "/srv/caf\xc3\xa9\xff\\", 12, false);
	fmt_host(&b, &c.ad, &c.t);
	CHECK(b.len == 17 && memcmp(b.p, "unix:/srv/caf\xc3\xa9\xff\\", 17) == 0);
	sb_reset(&b);
	unix_case(&c, "\0n\x01\xe9", 4, false);
	fmt_host(&b, &c.ad, &c.t);
	CHECK(b.len == 9 && memcmp(b.p, "unix:@n\x01\xe9", 9) == 0);
	sb_free(&b);
}

/* The address is escaped once, by the encoder that prints it. */
static void test_escaped_once(void)
{
	struct plan pl = {.socktype = SOCK_STREAM, .wait_ns = -1};
	struct unix_case c;
	struct sbuf b = {0};

	unix_case(&c, "/srv/caf\xc3\xa9", 10, false);
	CHECK(strstr(result_of(&c, &pl, FMT_JSON, &b),
		     ",\"address\":\"unix:/srv/caf\xc3\xa9\",") != NULL);
	unix_case(&c, "/srv/caf\xe9\x1b\"\\", 12, false);
	CHECK(strstr(result_of(&c, &pl, FMT_JSON, &b),
		     ",\"address\":\"unix:/srv/caf\\u00e9\\u001b\\\"\\\\\",") != NULL);
	unix_case(&c, "/srv/caf\xc3\xa9", 10, true);
	CHECK_STR(result_of(&c, &pl, FMT_PYTHON, &b),
		  "ok unix:/srv/caf\\xc3\\xa9: connected in 0.000 ms\n");
	pl.all = true;
	unix_case(&c, "/srv/caf\xe9\\", 10, false);
	CHECK_STR(result_of(&c, &pl, FMT_PYTHON, &b),
		  "unix:/srv/caf\\xe9\\\\: socket.error: [Errno 2] No such file or directory\n");
	CHECK(strstr(result_of(&c, &pl, FMT_JSON, &b),
		     "\"attempts\":[{\"ok\":false,\"stage\":\"connect\","
		     "\"address\":\"unix:/srv/caf\\u00e9\\\\\",") != NULL);
	pl.all = false;
	pl.resolve_only = true;
	CHECK_STR(result_of(&c, &pl, FMT_PYTHON, &b), "socket.error: [Errno 2] No such file or directory\n");
	c.r.err = sk_ok();
	CHECK_STR(result_of(&c, &pl, FMT_PYTHON, &b),
		  "ok unix:/srv/caf\\xe9\\\\: unix:/srv/caf\\xe9\\\\ (AF_UNIX)\n");
	CHECK(strstr(result_of(&c, &pl, FMT_JSON, &b),
		     "\"addresses\":[{\"family\":\"AF_UNIX\",\"address\":\"unix:/srv/caf\\u00e9\\\\\"}]") != NULL);
	sb_free(&b);
}

static void test_trace_escaped_once(void)
{
	struct plan pl = {.socktype = SOCK_STREAM, .wait_ns = -1};
	struct out_style st = {FMT_PYTHON, false, PYV_2_7};
	struct unix_case c;
	struct sbuf b = {0};

	unix_case(&c, "\0caf\xc3\xa9", 6, false);
	fmt_trace(&b, &c.rp, &pl, &st);
	CHECK(strstr(sb_str(&b), "\n* connect unix:@caf\\xc3\\xa9: socket.error: ") != NULL);
	sb_free(&b);
}

UNIT_TESTS(format) = {
	{"exception lines, Python 2 and 3", test_exception_lines},
	{"EAI_SYSTEM is the errno behind it", test_eai_system},
	{"milliseconds", test_ms},
	{"fmt_host gives the path's raw bytes", test_host_bytes},
	{"a unix path is escaped once, in text and in JSON", test_escaped_once},
	{"-v: a unix path is escaped once", test_trace_escaped_once},
	{NULL, NULL},
};
