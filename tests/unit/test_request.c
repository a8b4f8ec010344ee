/* Unit tests for src/model/request.c: targets as given, display text, misfits. */
#include <stdlib.h>

#include "model/request.h"
#include "unit.h"

static const struct plan inet = {.bind_host = NULL};
static const struct plan bound = {.bind_host = "127.0.0.1"};

static void line(const char *text, const char *shown, const char *why)
{
	struct request rq;

	request_from_line(&rq, &inet, text);
	CHECK_STR(rq.text, shown);
	if (why)
		CHECK_STR(rq.why, why);
	else
		CHECK(rq.why == NULL && rq.target.kind == TARGET_INET);
	request_free(&rq);
}

static void test_lines(void)
{
	line("web.test:80", "web.test:80", NULL);
	line("web.test 80", "web.test 80", NULL);
	line("web.test\t\thttp", "web.test http", NULL);
	line("a b c", "a b c", "more than HOST PORT on the line");
	/* found by fuzzing: a CR inside the port was taken for part of it */
	line("a 80\r81", "a 80\r81", "more than HOST PORT on the line");
	line("web.test:80 81", "web.test:80 81", "port given twice");
}

static void test_words(void)
{
	struct request rq;

	request_from_words(&rq, &inet, "::1", "22");
	CHECK_STR(rq.text, "::1 22");
	CHECK(rq.why == NULL);
	CHECK_STR(rq.target.host, "::1");
	CHECK_STR(rq.target.port, "22");
	request_free(&rq);
	request_from_words(&rq, &inet, "x", "65536");
	CHECK_STR(rq.why, "port out of range (0-65535)");
	request_free(&rq);
}

/* -s with a unix: target names the conflict, in a batch as alone. */
static void test_misfit(void)
{
	struct request rq;

	request_from_words(&rq, &bound, "unix:/srv/x", NULL);
	CHECK(rq.why && strstr(rq.why, "--source") && strstr(rq.why, "unix:"));
	CHECK(rq.target.mem == NULL);
	request_free(&rq);
	request_from_line(&rq, &bound, "unix:/srv/x");
	CHECK(rq.why && strstr(rq.why, "--source"));
	request_free(&rq);
	request_from_words(&rq, &bound, "127.0.0.1", "80");
	CHECK(rq.why == NULL);
	request_free(&rq);
}

static void test_host_port(void)
{
	const char *two[] = {"web.test", "80"}, *pair[] = {"a:1", "b:2"};

	CHECK(args_are_host_port(two, 2));
	CHECK(!args_are_host_port(pair, 2));
	CHECK(!args_are_host_port(two, 1));
}

UNIT_TESTS(request) = {
	{"-i lines: TARGET or HOST PORT, shown with one space", test_lines},
	{"words: HOST and PORT become one target", test_words},
	{"options that do not fit the target: -s with unix:", test_misfit},
	{"arguments: HOST PORT or one target each", test_host_port},
	{NULL, NULL},
};
