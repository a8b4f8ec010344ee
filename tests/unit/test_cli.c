#include <netinet/in.h>
#include <stdio.h>
#include <sys/socket.h>

#include "cli.h"
#include "unit.h"

static int parse(struct options *o, const char *const *args)
{
	char *argv[32];
	int argc = 0;
	FILE *devnull = fopen("/dev/null", "w");
	int rc;

	argv[argc++] = "sockerr";
	for (; *args; args++)
		argv[argc++] = (char *)*args;
	argv[argc] = NULL;
	rc = cli_parse(argc, argv, o, devnull);
	fclose(devnull);
	return rc;
}

#define ARGS(...) ((const char *const[]){__VA_ARGS__, NULL})

static void test_good(void)
{
	struct options o;

	CHECK(parse(&o, ARGS("-t", "1.5", "-6", "h", "80")) == 0);
	CHECK(o.mode == MODE_CHECK && o.plan.timeout_ns == 1500000000 &&
	      o.plan.family == AF_INET6 && o.nargs == 2);
	cli_free(&o);
	CHECK(parse(&o, ARGS("--recv", "h:1")) == 0);
	CHECK(o.plan.recv_max == 4096 && o.nargs == 1);
	cli_free(&o);
	CHECK(parse(&o, ARGS("--recv=10", "--send=a\\r\\n", "h:1")) == 0);
	CHECK(o.plan.recv_max == 10 && o.plan.send_len == 3);
	cli_free(&o);
	CHECK(parse(&o, ARGS("-s", "[::1]:5000", "-u", "h:1")) == 0);
	CHECK_STR(o.plan.bind_host, "::1");
	CHECK(o.plan.bind_port == 5000 && o.plan.socktype == SOCK_DGRAM);
	cli_free(&o);
	CHECK(parse(&o, ARGS("--family=inet6", "--type=SOCK_RAW", "--proto=255", "h:1")) == 0);
	CHECK(o.plan.sock_family == AF_INET6 && o.plan.sock_type == SOCK_RAW &&
	      o.plan.sock_proto == 255);
	cli_free(&o);
	CHECK(parse(&o, ARGS("--explain=-2", "ECONNREFUSED")) == 0);
	CHECK(o.mode == MODE_EXPLAIN && o.nargs == 2);
	CHECK_STR(o.args[0], "-2");
	cli_free(&o);
	CHECK(parse(&o, ARGS("--explain", "--", "-3")) == 0);
	CHECK(o.mode == MODE_EXPLAIN && o.nargs == 1);
	cli_free(&o);
	CHECK(parse(&o, ARGS("--explain", "-3", "110", "--explain=-2")) == 0);
	CHECK(o.mode == MODE_EXPLAIN && o.nargs == 3);
	CHECK_STR(o.args[0], "-3");
	CHECK_STR(o.args[2], "-2");
	cli_free(&o);
	CHECK(parse(&o, ARGS("--list")) == 0);
	CHECK(o.mode == MODE_LIST && o.nargs == 0);
	cli_free(&o);
	CHECK(parse(&o, ARGS("--list", "gaierror")) == 0 && o.nargs == 1);
	cli_free(&o);
}

static void test_bad(void)
{
	const char *const *const bad[] = {
		ARGS("-t", "", "h:1"), ARGS("-t", "nan", "h:1"),
		ARGS("-t", "-1", "h:1"), ARGS("-t", "1e3", "h:1"),
		ARGS("-c", "0", "h:1"), ARGS("-c", "1KB", "h:1"),
		ARGS("-4", "-6", "h:1"), ARGS("-q", "-v", "h:1"),
		ARGS("--recv=0", "h:1"), ARGS("--recv=99999", "h:1"),
		ARGS("--send=\\q", "h:1"), ARGS("--format=xml", "h:1"),
		ARGS("--family=nope", "h:1"), ARGS("--bogus", "h:1"),
		ARGS("-n", "--send=x", "h"), ARGS("--interval=1", "h:1"),
		ARGS("-w", "1", "--interval=0", "h:1"), ARGS("-i", "f", "h:1"),
		ARGS("-s", "[::1", "h:1"), ARGS("-s", "1.2.3.4:http", "h:1"),
		ARGS("--list", "a", "b"), ARGS("-v"), ARGS("--explain"),
		/* found by fuzzing: a unix: source crashed bind_parse */
		ARGS("-s", "unix:/x", "h:1"), ARGS("-s", "unix:@a", "h:1"),
	};
	struct options o;

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int rc = parse(&o, bad[i]);

		if (rc != EXIT_USAGE)
			printf("  case %zu: rc %d\n", i, rc);
		CHECK(rc == EXIT_USAGE);
		cli_free(&o);
	}
}

static void test_resolvers(void)
{
	static const char *const bad[] = {"0", "4097", "-1", "1k", ""};
	struct options o;
	char arg[32];

	CHECK(parse(&o, ARGS("h:1")) == 0 && o.resolvers == 0);
	cli_free(&o);
	CHECK(parse(&o, ARGS("--resolvers=1", "h:1")) == 0 && o.resolvers == 1);
	cli_free(&o);
	CHECK(parse(&o, ARGS("--resolvers", "4096", "h:1")) == 0 &&
	      o.resolvers == 4096);
	cli_free(&o);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		snprintf(arg, sizeof arg, "--resolvers=%s", bad[i]);
		CHECK(parse(&o, ARGS(arg, "h:1")) == EXIT_USAGE);
		cli_free(&o);
	}
}

UNIT_TESTS(cli) = {
	{"options become the plan", test_good},
	{"bad values and combinations are usage errors", test_bad},
	{"--resolvers: 1 to 4096, default as many as -c", test_resolvers},
	{NULL, NULL},
};
