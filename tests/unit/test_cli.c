#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "app/cli.h"
#include "unit.h"

/* Parses args; what cli_parse writes to its error stream goes to *err
 * when err is not NULL (the caller frees it). */
static int parse_to(struct options *o, const char *const *args, char **err)
{
	char *argv[32];
	int argc = 0;
	size_t len;
	FILE *f = err ? open_memstream(err, &len) : fopen("/dev/null", "w");
	int rc;

	argv[argc++] = "sockerr";
	for (; *args; args++)
		argv[argc++] = (char *)*args;
	argv[argc] = NULL;
	rc = cli_parse(argc, argv, o, f);
	fclose(f);
	return rc;
}

static int parse(struct options *o, const char *const *args)
{
	return parse_to(o, args, NULL);
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
		/* a name, not a part of one: inet, not in; udp, not ud */
		ARGS("--family=in", "h:1"), ARGS("--proto=ud", "h:1"),
		ARGS("--type=dg", "h:1"),
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

/* Options that exclude each other: "sockerr: A and B exclude each other",
 * then the usage syntax; not "invalid -6 \"-6\": ...". */
static void test_conflicts(void)
{
	const struct {
		const char *const *args;
		const char *line;
	} cases[] = {
		{ARGS("-4", "-6", "x", "1"), "sockerr: -4 and -6 exclude each other"},
		{ARGS("-6", "-4", "x:1"), "sockerr: -4 and -6 exclude each other"},
		{ARGS("-v", "-q", "x:1"), "sockerr: -q and -v exclude each other"},
		{ARGS("-n", "-u", "x"), "sockerr: -n and -u exclude each other"},
		{ARGS("-n", "-s", "::1", "x"), "sockerr: -n and -s exclude each other"},
		{ARGS("-n", "-w", "1", "x"), "sockerr: -n and -w exclude each other"},
		{ARGS("-n", "--send=a", "x"), "sockerr: -n and --send exclude each other"},
		{ARGS("-n", "--recv", "x"), "sockerr: -n and --recv exclude each other"},
		{ARGS("-i", "-", "x:1"),
		 "sockerr: -i and targets on the command line exclude each other"},
		{ARGS("--interval=1", "x:1"), "sockerr: --interval goes with --wait"},
	};
	struct options o;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *err = NULL;
		char *nl;

		CHECK(parse_to(&o, cases[i].args, &err) == EXIT_USAGE);
		nl = err ? strchr(err, '\n') : NULL;
		CHECK(nl != NULL);
		if (nl) {
			*nl = '\0';
			CHECK_STR(err, cases[i].line);
			CHECK(strncmp(nl + 1, "usage: sockerr", 14) == 0);
		}
		free(err);
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

/* -f prometheus and nagios, --expect, --warning, --critical */
static void test_monitor_options(void)
{
	struct options o;

	CHECK(parse(&o, ARGS("-f", "nagios", "--warning=0.5", "--critical", "1",
			     "--expect=refused,ok", "h:1")) == 0);
	CHECK(o.format == FMT_NAGIOS && o.warn_ns == NS_PER_SEC / 2 &&
	      o.crit_ns == NS_PER_SEC && o.expect.n == 2);
	CHECK(o.plan.timeout_ns == 10 * NS_PER_SEC);	/* as check_tcp */
	/* check_tcp's -t is an alarm over the whole check: --max-time */
	CHECK(o.plan.max_time_ns == 10 * NS_PER_SEC);
	/* the lines and the probe are CPython 3's */
	CHECK(o.plan.idna && !o.plan.py2_bind && !o.plan.tls.py2);
	cli_free(&o);
	CHECK(parse(&o, ARGS("-f", "nagios", "-t", "2", "h:1")) == 0);
	CHECK(o.plan.timeout_ns == 2 * NS_PER_SEC);
	CHECK(o.plan.max_time_ns == 2 * NS_PER_SEC);
	cli_free(&o);
	CHECK(parse(&o, ARGS("-f", "nagios", "-t", "0", "h:1")) == 0);
	CHECK(o.plan.timeout_ns == 0 && o.plan.max_time_ns == 10 * NS_PER_SEC);
	cli_free(&o);
	CHECK(parse(&o, ARGS("-f", "nagios", "-t", "2", "--max-time=3", "h:1")) == 0);
	CHECK(o.plan.max_time_ns == 3 * NS_PER_SEC);
	cli_free(&o);
	CHECK(parse(&o, ARGS("-f", "nagios", "-w", "30", "h:1")) == 0);
	CHECK(o.plan.max_time_ns == -1);	/* -w's deadline bounds it */
	cli_free(&o);
	CHECK(parse(&o, ARGS("h:1")) == 0);
	CHECK(o.plan.timeout_ns == -1 && o.plan.max_time_ns == -1);
	CHECK(!o.plan.idna && o.plan.py2_bind && o.plan.tls.py2);
	cli_free(&o);
	CHECK(parse(&o, ARGS("-f", "prometheus", "-t", "2", "h:1")) == 0);
	CHECK(o.plan.max_time_ns == -1 && o.plan.idna && !o.plan.tls.py2);
	cli_free(&o);
	CHECK(parse(&o, ARGS("-f", "prometheus", "h:1")) == 0);
	CHECK(o.format == FMT_PROMETHEUS && o.warn_ns == -1 && o.crit_ns == -1 &&
	      o.expect.n == 0);
	cli_free(&o);
	CHECK(parse(&o, ARGS("--warning=1", "h:1")) == EXIT_USAGE);
	cli_free(&o);
	CHECK(parse(&o, ARGS("-f", "json", "--critical=1", "h:1")) == EXIT_USAGE);
	cli_free(&o);
	CHECK(parse(&o, ARGS("--expect=refused", "-w", "1", "h:1")) == EXIT_USAGE);
	cli_free(&o);
	CHECK(parse(&o, ARGS("--expect=nope", "h:1")) == EXIT_USAGE);
	cli_free(&o);
	CHECK(parse(&o, ARGS("-f", "prometheus", "--warning=-1", "h:1")) == EXIT_USAGE);
	cli_free(&o);
}

/* issue 17: -s :PORT is source_address=('', PORT); --send= is sendall(b"") */
static void test_issue17(void)
{
	struct options o;
	char *err = NULL;

	CHECK(parse(&o, ARGS("-s", ":5000", "h:1")) == 0);
	CHECK_STR(o.plan.bind_host, "");
	CHECK(o.plan.bind_port == 5000);
	cli_free(&o);
	CHECK(parse(&o, ARGS("--source=:0", "h:1")) == 0);
	CHECK_STR(o.plan.bind_host, "");
	CHECK(o.plan.bind_port == 0);
	cli_free(&o);
	CHECK(parse(&o, ARGS("-s", "::", "h:1")) == 0);	/* IPv6's any */
	CHECK_STR(o.plan.bind_host, "::");
	CHECK(o.plan.bind_port == 0);
	cli_free(&o);
	CHECK(parse(&o, ARGS("-s", ":", "h:1")) == EXIT_USAGE);
	cli_free(&o);
	CHECK(parse(&o, ARGS("-s", ":65536", "h:1")) == EXIT_USAGE);
	cli_free(&o);
	CHECK(parse(&o, ARGS("-s", ":http", "h:1")) == EXIT_USAGE);
	cli_free(&o);
	CHECK(parse(&o, ARGS("--send=", "h:1")) == 0);
	CHECK(o.plan.send_set && o.plan.send_len == 0);
	cli_free(&o);
	CHECK(parse(&o, ARGS("--sen=", "-u", "h:1")) == 0);
	CHECK(o.plan.send_set && o.plan.send_len == 0);
	cli_free(&o);
	CHECK(parse(&o, ARGS("--send", "", "h:1")) == 0);
	CHECK(o.plan.send_set && o.plan.send_len == 0);
	cli_free(&o);
	/* only --send's empty value: another's still is a missing value */
	CHECK(parse_to(&o, ARGS("--send=", "--cafile=", "h:1"), &err) == EXIT_USAGE);
	CHECK(err && strstr(err, "\"--cafile=\" requires an argument"));
	free(err);
	cli_free(&o);
	CHECK(parse(&o, ARGS("--cafile", "", "--send=", "h:1")) == EXIT_USAGE);
	cli_free(&o);
	CHECK(parse(&o, ARGS("h:1", "--send")) == EXIT_USAGE);
	cli_free(&o);
}

/* -w ... -- CMD: the words before "--" must parse exactly as they do
 * alone (argtable2's own reading is the reference), and CMD is the rest. */
static void split_as_alone(const char *const *words)
{
	const char *with[32];
	struct options a, b;
	size_t n = 0;
	int ra, rb;

	for (; words[n]; n++)
		with[n] = words[n];
	with[n] = "--";
	with[n + 1] = "echo";
	with[n + 2] = "RAN";
	with[n + 3] = NULL;
	ra = parse(&a, words);
	rb = parse(&b, with);
	CHECK(ra == rb);
	CHECK(b.command && strcmp(b.command[0], "echo") == 0 &&
	      strcmp(b.command[1], "RAN") == 0 && !b.command[2]);
	if (ra == 0 && rb == 0) {
		CHECK(a.nargs == b.nargs && a.plan.wait_ns == b.plan.wait_ns &&
		      a.plan.send_len == b.plan.send_len &&
		      a.plan.recv_max == b.plan.recv_max &&
		      a.plan.tls.on == b.plan.tls.on &&
		      (a.input == b.input || (a.input && b.input &&
					      strcmp(a.input, b.input) == 0)));
		for (size_t i = 0; i < a.nargs && i < b.nargs; i++)
			CHECK_STR(b.args[i], a.args[i]);
		if (a.plan.wait_ns != b.plan.wait_ns || a.nargs != b.nargs)
			printf("  (spelled %s %s ...)\n", words[0], words[1]);
	}
	cli_free(&a);
	cli_free(&b);
}

static void no_split(const char *const *words)
{
	struct options o;

	parse(&o, words);
	CHECK(o.command == NULL);
	if (o.command)
		printf("  (split in %s %s ...)\n", words[0], words[1]);
	cli_free(&o);
}

static void test_command_split(void)
{
	split_as_alone(ARGS("-w", "2", "h", "80"));
	split_as_alone(ARGS("-w2", "h:80"));
	split_as_alone(ARGS("--wait=2", "h:80"));
	split_as_alone(ARGS("--wait", "2", "h:80"));
	split_as_alone(ARGS("--wai", "2", "h:80"));
	no_split(ARGS("--w=2", "h:80", "--", "echo"));	/* ambiguous: not -w */
	split_as_alone(ARGS("-qw", "2", "h:80"));
	split_as_alone(ARGS("-4qw2", "h:80"));
	split_as_alone(ARGS("--tls", "-kw", "2", "h:80"));
	split_as_alone(ARGS("h:80", "-w", "2"));
	split_as_alone(ARGS("-t", "1", "h", "-w", "2", "80"));
	split_as_alone(ARGS("--send", "--", "-w", "2", "h:80"));
	split_as_alone(ARGS("--send=--", "-w", "2", "h:80"));
	split_as_alone(ARGS("-w", "2", "-i", "--"));
	split_as_alone(ARGS("-w", "2", "-i--"));
	split_as_alone(ARGS("--input", "--", "-w", "2"));
	split_as_alone(ARGS("--recv", "-w", "2", "h:80"));
	split_as_alone(ARGS("-w", "--", "h:80"));	/* "--" is -w's value */
	split_as_alone(ARGS("-w", "2", "-s", "--", "h:80"));
	no_split(ARGS("h:80", "--", "echo", "RAN"));
	no_split(ARGS("--send=-w", "h:80", "--", "echo"));
	no_split(ARGS("--send", "-w", "h:80", "--", "echo"));
	no_split(ARGS("--servername", "-kw", "--tls", "h:80", "--", "echo"));
	no_split(ARGS("h:80", "--", "-w", "2", "echo"));
	no_split(ARGS("-w", "2", "h:80", "--"));
	no_split(ARGS("-i", "-w", "--", "echo"));
}

/* Issue 18: --python, then -f python3.N, then $SOCKERR_PYTHON, then the
 * format's own interpreter. */
static void test_python(void)
{
	struct options o;
	char *err = NULL;

	unsetenv("SOCKERR_PYTHON");
	CHECK(parse(&o, ARGS("h:1")) == 0 && o.plan.python == PYV_2_7);
	cli_free(&o);
	CHECK(parse(&o, ARGS("-f", "json", "h:1")) == 0 &&
	      o.plan.python == PYV_3_11 && o.plan.tls.python == PYV_3_11);
	cli_free(&o);
	CHECK(parse(&o, ARGS("--python=3.8", "h:1")) == 0 &&
	      o.plan.python == PYV_3_8 && o.format == FMT_PYTHON &&
	      o.plan.idna && !o.plan.tls.py2 && o.plan.tls.python == PYV_3_8);
	cli_free(&o);
	CHECK(parse(&o, ARGS("--python", "3.13.0", "-f", "json", "h:1")) == 0 &&
	      o.plan.python == PYV_3_13 && o.format == FMT_JSON);
	cli_free(&o);
	CHECK(parse(&o, ARGS("--python=2.7", "-f", "nagios", "h:1")) == 0 &&
	      o.plan.python == PYV_2_7 && !o.plan.idna && o.plan.tls.py2);
	cli_free(&o);
	CHECK(parse(&o, ARGS("-f", "python3.10", "h:1")) == 0 &&
	      o.plan.python == PYV_3_10 && o.format == FMT_PYTHON3);
	cli_free(&o);
	setenv("SOCKERR_PYTHON", "3.9", 1);
	CHECK(parse(&o, ARGS("h:1")) == 0 && o.plan.python == PYV_3_9);
	cli_free(&o);
	CHECK(parse(&o, ARGS("-f", "python3.12", "h:1")) == 0 &&
	      o.plan.python == PYV_3_12);
	cli_free(&o);
	CHECK(parse(&o, ARGS("--python=3.6", "-f", "python3.12", "h:1")) == 0 &&
	      o.plan.python == PYV_3_6);
	cli_free(&o);
	setenv("SOCKERR_PYTHON", "3.5", 1);
	CHECK(parse_to(&o, ARGS("h:1"), &err) == EXIT_USAGE);
	CHECK(err && strstr(err, "SOCKERR_PYTHON \"3.5\"") &&
	      strstr(err, "2.7, 3.6, 3.7, 3.8, 3.9, 3.10, 3.11, 3.12 or 3.13"));
	free(err);
	cli_free(&o);
	/* an explicit option wins over a bad environment */
	CHECK(parse(&o, ARGS("--python=3.7", "h:1")) == 0 &&
	      o.plan.python == PYV_3_7);
	cli_free(&o);
	unsetenv("SOCKERR_PYTHON");
	CHECK(parse(&o, ARGS("--python=3", "h:1")) == EXIT_USAGE);
	cli_free(&o);
	CHECK(parse(&o, ARGS("--python=3.14", "h:1")) == EXIT_USAGE);
	cli_free(&o);
	CHECK(parse(&o, ARGS("-f", "python3.5", "h:1")) == EXIT_USAGE);
	cli_free(&o);
	CHECK(parse(&o, ARGS("-f", "python3.", "h:1")) == EXIT_USAGE);
	cli_free(&o);
	CHECK(parse(&o, ARGS("--all-errors", "h:1")) == 0 && o.plan.all_errors);
	cli_free(&o);
	CHECK(parse(&o, ARGS("h:1")) == 0 && !o.plan.all_errors);
	cli_free(&o);
	CHECK(parse_to(&o, ARGS("--all-errors", "-a", "h:1"), &err) == EXIT_USAGE);
	CHECK(err && strstr(err, "-a and --all-errors exclude each other"));
	free(err);
	cli_free(&o);
	CHECK(parse(&o, ARGS("--all-errors", "-u", "h:1")) == EXIT_USAGE);
	cli_free(&o);
}

UNIT_TESTS(cli) = {
	{"issue 18: --python, -f python3.N, SOCKERR_PYTHON", test_python},
	{"issue 17: -s :PORT, --send=", test_issue17},
	{"-w ... -- CMD: \"--\" found as the option parser reads argv", test_command_split},
	{"options become the plan", test_good},
	{"bad values and combinations are usage errors", test_bad},
	{"conflicting options name both, in a message of their own", test_conflicts},
	{"monitoring options: formats, --expect, thresholds", test_monitor_options},
	{"--resolvers: 1 to 4096, default as many as -c", test_resolvers},
	{NULL, NULL},
};
