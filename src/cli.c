#include "cli.h"

#include <argtable2.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "escape.h"
#include "numparse.h"
#include "sbuf.h"
#include "sockname.h"
#include "target.h"

#ifndef SOCKERR_VERSION
#define SOCKERR_VERSION "0.0.0"
#endif

struct check_table {
	struct arg_str *timeout;
	struct arg_lit *v4, *v6;
	struct arg_str *source;
	struct arg_lit *udp;
	struct arg_str *send, *recv;
	struct arg_lit *reverse, *resolve_only, *all;
	struct arg_str *family, *type, *proto;
	struct arg_str *wait, *interval, *input, *concurrency, *resolvers;
	struct arg_str *format;
	struct arg_lit *verbose, *quiet, *help, *version;
	struct arg_str *targets;
	struct arg_end *end;
};

struct explain_table {
	struct arg_lit *explain;
	struct arg_str *codes;
	struct arg_end *end;
};

struct list_table {
	struct arg_lit *list;
	struct arg_str *cls;
	struct arg_end *end;
};

#define ARGS_MAX 100000

/* argtable2 fills every one of max slots up front: sized by the command
 * line, a single check does not pay for 100,000 of them. */
static int args_max(int argc)
{
	return argc < 1 ? 1 : argc + 2 < ARGS_MAX ? argc + 2 : ARGS_MAX;
}

static void **check_new(int max)
{
	struct check_table *t = calloc(1, sizeof *t);

	if (!t)
		return NULL;
	t->timeout = arg_str0("t", "timeout", "SECONDS", "connect/send/recv timeout");
	t->v4 = arg_lit0("4", NULL, "IPv4 only");
	t->v6 = arg_lit0("6", NULL, "IPv6 only");
	t->source = arg_str0("s", "source", "ADDR[:PORT]", "bind to ADDR first");
	t->udp = arg_lit0("u", "udp", "UDP probe: send, await a reply");
	t->send = arg_str0(NULL, "send", "DATA", "send DATA (C escapes)");
	t->recv = arg_str0(NULL, "recv", "BYTES", "receive up to BYTES");
	t->recv->hdr.flag |= ARG_HASOPTVALUE;
	t->reverse = arg_lit0("r", "reverse", "look the address up (PTR)");
	t->resolve_only = arg_lit0("n", "resolve-only", "stop after resolving");
	t->all = arg_lit0("a", "all", "try every address");
	t->family = arg_str0(NULL, "family", "AF", "socket() family");
	t->type = arg_str0(NULL, "type", "TYPE", "socket() type");
	t->proto = arg_str0(NULL, "proto", "PROTO", "socket() protocol");
	t->wait = arg_str0("w", "wait", "SECONDS", "retry until up or SECONDS pass");
	t->interval = arg_str0(NULL, "interval", "SECONDS", "pause between tries");
	t->input = arg_str0("i", "input", "FILE", "targets from FILE (- = stdin)");
	t->concurrency = arg_str0("c", "concurrency", "N", "at most N at once");
	t->resolvers = arg_str0(NULL, "resolvers", "N", "at most N lookups at once");
	t->format = arg_str0("f", "format", "FMT", "python, python3 or json");
	t->verbose = arg_lit0("v", "verbose", "each step and its time");
	t->quiet = arg_lit0("q", "quiet", "no output, only the exit status");
	t->help = arg_lit0("h", "help", "this help");
	t->version = arg_lit0("V", "version", "the version");
	t->targets = arg_strn(NULL, NULL, "TARGET", 0, max, NULL);
	t->end = arg_end(20);
	return (void **)t;
}

static void **explain_new(int max)
{
	struct explain_table *t = calloc(1, sizeof *t);

	if (!t)
		return NULL;
	t->explain = arg_lit1(NULL, "explain", "look codes up");
	t->codes = arg_strn(NULL, NULL, "CODE", 1, max, NULL);
	t->end = arg_end(20);
	return (void **)t;
}

static void **list_new(void)
{
	struct list_table *t = calloc(1, sizeof *t);

	if (!t)
		return NULL;
	t->list = arg_lit1(NULL, "list", "print the error table");
	t->cls = arg_str0(NULL, NULL, "CLASS", NULL);
	t->end = arg_end(20);
	return (void **)t;
}

/* The tables are structs of pointers ending in an arg_end: argtable2 reads
 * them as arrays. */
static const size_t table_len[3] = {
	sizeof(struct check_table) / sizeof(void *),
	sizeof(struct explain_table) / sizeof(void *),
	sizeof(struct list_table) / sizeof(void *),
};

void cli_free(struct options *o)
{
	for (int i = 0; i < 3; i++) {
		if (!o->tables[i])
			continue;
		arg_freetable(o->tables[i], table_len[i]);
		free(o->tables[i]);
		o->tables[i] = NULL;
	}
	free(o->send_buf);
	free(o->bind_buf);
	free(o->explain_argv);
	o->explain_argv = NULL;
	free(o->args);
	o->send_buf = NULL;
	o->bind_buf = NULL;
	o->args = NULL;
}

void cli_usage(const struct options *o, FILE *out)
{
	fputs("usage: sockerr", out);
	arg_print_syntax(out, o->tables[0], "\n");
	fputs("       sockerr", out);
	arg_print_syntax(out, o->tables[1], "\n");
	fputs("       sockerr", out);
	arg_print_syntax(out, o->tables[2], "\n");
}

static void vfail(const struct options *o, FILE *err, const char *fmt,
		  va_list ap)
{
	char *msg = NULL;
	struct sbuf b = {0};

	if (vasprintf(&msg, fmt, ap) >= 0) {
		esc_terminal(&b, msg, strlen(msg));
		fprintf(err, "sockerr: %s\n", sb_str(&b));
	}
	free(msg);
	sb_free(&b);
	cli_usage(o, err);
}

int cli_fail(const struct options *o, FILE *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(o, err, fmt, ap);
	va_end(ap);
	return EXIT_USAGE;
}

/* argtable2's own message, first line only, escaped. */
static int argtable_fail(const struct options *o, FILE *err,
			 struct arg_end *end)
{
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	char *nl;

	if (!mem)
		return cli_fail(o, err, "bad arguments");
	arg_print_errors(mem, end, "");
	fclose(mem);
	nl = text ? strchr(text, '\n') : NULL;
	if (nl)
		*nl = '\0';
	cli_fail(o, err, "%s", text && text[0] == ':' ? text + 2 : "bad arguments");
	free(text);
	return EXIT_USAGE;
}

bool bind_parse(const char *s, char **host, int *port, const char **why)
{
	struct target t;
	const char *p;
	bool ok;

	*port = 0;
	if (strchr(s, ':') && target_is_complete(s)) {
		if (!target_parse(s, NULL, false, &t, why))
			return false;
		if (t.kind == TARGET_UNIX) {	/* it has no port to read */
			target_free(&t);
			*why = "a source is an IP address, not unix:";
			return false;
		}
		for (p = t.port; *p >= '0' && *p <= '9'; p++)
			;
		ok = *p == '\0';
		if (ok)
			*port = atoi(t.port);
		*host = ok ? strdup(t.host) : NULL;
		target_free(&t);
		if (!ok)
			*why = "source port must be a number";
		return ok && *host;
	}
	if (s[0] == '[') {
		*why = "missing ']' after the IPv6 address";
		return false;
	}
	*host = strdup(s);
	return *host != NULL;
}

static bool opt_seconds(struct arg_str *a, int64_t *ns, const char **why)
{
	return a->count == 0 || parse_seconds(a->sval[0], ns, why);
}

struct checker {
	const struct options *o;
	FILE *err;
	int rc;
};

static bool bad(struct checker *c, const char *opt, const char *val,
		const char *why)
{
	if (c->rc == 0)
		c->rc = cli_fail(c->o, c->err, "invalid %s \"%s\": %s", opt, val, why);
	return false;
}

static void check_times(struct checker *c, struct check_table *t,
			struct plan *pl)
{
	const char *why;

	pl->timeout_ns = pl->wait_ns = -1;
	pl->interval_ns = NS_PER_SEC;
	if (!opt_seconds(t->timeout, &pl->timeout_ns, &why))
		bad(c, "--timeout", t->timeout->sval[0], why);
	if (!opt_seconds(t->wait, &pl->wait_ns, &why))
		bad(c, "--wait", t->wait->sval[0], why);
	if (!opt_seconds(t->interval, &pl->interval_ns, &why))
		bad(c, "--interval", t->interval->sval[0], why);
	else if (pl->interval_ns == 0)
		bad(c, "--interval", t->interval->sval[0], "must be more than 0");
	if (t->interval->count && pl->wait_ns < 0)
		bad(c, "--interval", t->interval->sval[0], "goes with --wait");
}

static void check_socket_args(struct checker *c, struct check_table *t,
			      struct plan *pl)
{
	pl->family = t->v4->count ? AF_INET : t->v6->count ? AF_INET6 : AF_UNSPEC;
	if (t->v4->count && t->v6->count)
		bad(c, "-6", "-6", "-4 and -6 exclude each other");
	pl->socktype = t->udp->count ? SOCK_DGRAM : SOCK_STREAM;
	pl->sock_family = pl->sock_type = pl->sock_proto = -1;
	if (t->family->count &&
	    !sockname_parse(NAMES_FAMILY, t->family->sval[0], &pl->sock_family))
		bad(c, "--family", t->family->sval[0], "not a family name or number");
	if (t->type->count &&
	    !sockname_parse(NAMES_TYPE, t->type->sval[0], &pl->sock_type))
		bad(c, "--type", t->type->sval[0], "not a socket type or number");
	if (t->proto->count &&
	    !sockname_parse(NAMES_PROTO, t->proto->sval[0], &pl->sock_proto))
		bad(c, "--proto", t->proto->sval[0], "not a protocol name or number");
}

static void check_data(struct checker *c, struct check_table *t,
		       struct options *o)
{
	struct plan *pl = &o->plan;
	const char *why;
	unsigned long n;

	if (t->send->count) {
		o->send_buf = malloc(strlen(t->send->sval[0]) + 1);
		if (!o->send_buf ||
		    !esc_decode(t->send->sval[0], o->send_buf, &pl->send_len, &why))
			bad(c, "--send", t->send->sval[0], o->send_buf ? why : "no memory");
		pl->send = o->send_buf;
		pl->send_set = true;
	}
	if (t->recv->count) {
		pl->recv_max = RECV_DEFAULT_BYTES;
		if (t->recv->sval[0][0] &&
		    !parse_count(t->recv->sval[0], 1, RECV_MAX_BYTES, &n, &why))
			bad(c, "--recv", t->recv->sval[0],
			    "not a number of bytes from 1 to 65536");
		else if (t->recv->sval[0][0])
			pl->recv_max = n;
	}
	if (t->source->count &&
	    !bind_parse(t->source->sval[0], &o->bind_buf, &pl->bind_port, &why))
		bad(c, "--source", t->source->sval[0], why);
	pl->bind_host = o->bind_buf;
}

static void check_run(struct checker *c, struct check_table *t,
		      struct options *o)
{
	const char *f = t->format->count ? t->format->sval[0] : "python";
	const char *why;
	unsigned long n = CONCURRENCY_DEFAULT;

	if (strcmp(f, "python") == 0)
		o->format = FMT_PYTHON;
	else if (strcmp(f, "python3") == 0)
		o->format = FMT_PYTHON3;
	else if (strcmp(f, "json") == 0)
		o->format = FMT_JSON;
	else
		bad(c, "--format", f, "use python, python3 or json");
	if (t->concurrency->count &&
	    !parse_count(t->concurrency->sval[0], 1, CONCURRENCY_MAX, &n, &why))
		bad(c, "--concurrency", t->concurrency->sval[0],
		    "not a whole number from 1 to 100000");
	o->concurrency = n;
	if (t->resolvers->count &&
	    !parse_count(t->resolvers->sval[0], 1, RESOLVERS_MAX, &n, &why))
		bad(c, "--resolvers", t->resolvers->sval[0],
		    "not a whole number from 1 to 4096");
	o->resolvers = t->resolvers->count ? n : 0;
	o->verbose = t->verbose->count > 0;
	o->plan.canonname = o->verbose;
	o->quiet = t->quiet->count > 0;
	if (o->verbose && o->quiet)
		bad(c, "-q", "-q", "-q and -v exclude each other");
	o->input = t->input->count ? t->input->sval[0] : NULL;
	if (o->input && o->input[0] == '\0')
		bad(c, "--input", "", "empty file name");
	if (o->input && t->targets->count)
		bad(c, "--input", o->input, "give targets or -i FILE, not both");
	if (!o->input && t->targets->count == 0 && c->rc == 0)
		c->rc = cli_fail(o, c->err, "missing target");
}

static void check_combinations(struct checker *c, struct check_table *t,
			       struct plan *pl)
{
	pl->reverse = t->reverse->count > 0;
	pl->resolve_only = t->resolve_only->count > 0;
	pl->all = t->all->count > 0;
	if (!pl->resolve_only)
		return;
	if (t->udp->count || t->send->count || t->recv->count ||
	    t->source->count || t->wait->count)
		bad(c, "-n", "-n", "resolve-only excludes -u, -s, -w, --send and --recv");
}

static void copy_args(struct options *o, struct arg_str *a)
{
	o->args = calloc(a->count ? (size_t)a->count : 1, sizeof *o->args);
	if (!o->args)
		return;
	for (int i = 0; i < a->count; i++)
		o->args[o->nargs++] = a->sval[i];
}

static int check_options(struct options *o, FILE *err)
{
	struct check_table *t = o->tables[0];
	struct checker c = {o, err, 0};

	o->mode = MODE_CHECK;
	check_times(&c, t, &o->plan);
	check_socket_args(&c, t, &o->plan);
	check_data(&c, t, o);
	check_combinations(&c, t, &o->plan);
	check_run(&c, t, o);
	copy_args(o, t->targets);
	if (c.rc == 0 && !o->args)
		c.rc = EXIT_INTERNAL;
	return c.rc;
}

static bool is_explain(const char *arg)
{
	return strcmp(arg, "--explain") == 0 || strncmp(arg, "--explain=", 10) == 0;
}

/* Codes like -2 look like options to getopt: with --explain anywhere, the
 * command line becomes "--explain -- CODE...", codes in the order given
 * (--explain=CODE included). */
static char **explain_argv(int argc, char **argv, int *new_argc)
{
	char **v;
	int n = 0;
	bool any = false;

	for (int i = 1; i < argc; i++)
		any = any || is_explain(argv[i]);
	if (!any || !(v = calloc((size_t)argc + 3, sizeof *v)))
		return NULL;
	v[n++] = argv[0];
	v[n++] = "--explain";
	v[n++] = "--";
	for (int i = 1; i < argc; i++) {
		if (strncmp(argv[i], "--explain=", 10) == 0)
			v[n++] = argv[i] + 10;
		else if (strcmp(argv[i], "--explain") != 0 && strcmp(argv[i], "--") != 0)
			v[n++] = argv[i];
	}
	*new_argc = n;
	return v;
}

int cli_parse(int argc, char **argv, struct options *o, FILE *err)
{
	struct check_table *ct;
	struct explain_table *et;
	struct list_table *lt;
	int nerr[3];

	*o = (struct options){0};
	o->tables[0] = check_new(args_max(argc));
	o->tables[1] = explain_new(args_max(argc));
	o->tables[2] = list_new();
	o->explain_argv = explain_argv(argc, argv, &o->explain_argc);
	for (int i = 0; i < 3; i++) {
		if (!o->tables[i] || arg_nullcheck(o->tables[i]) != 0) {
			fputs("sockerr: out of memory\n", err);
			return EXIT_INTERNAL;
		}
		if (i == 1 && o->explain_argv)
			nerr[i] = arg_parse(o->explain_argc, o->explain_argv, o->tables[i]);
		else
			nerr[i] = arg_parse(argc, argv, o->tables[i]);
	}
	ct = o->tables[0];
	et = o->tables[1];
	lt = o->tables[2];
	if (ct->help->count) {
		o->mode = MODE_HELP;
		return 0;
	}
	if (ct->version->count && nerr[0] == 0) {
		o->mode = MODE_VERSION;
		return 0;
	}
	if (et->explain->count) {
		if (nerr[1])
			return argtable_fail(o, err, et->end);
		o->mode = MODE_EXPLAIN;
		copy_args(o, et->codes);
		return o->args ? 0 : EXIT_INTERNAL;
	}
	if (lt->list->count) {
		if (nerr[2])
			return argtable_fail(o, err, lt->end);
		o->mode = MODE_LIST;
		copy_args(o, lt->cls);
		return o->args ? 0 : EXIT_INTERNAL;
	}
	if (nerr[0])
		return argtable_fail(o, err, ct->end);
	return check_options(o, err);
}

void cli_help(const struct options *o, FILE *out)
{
	fputs("sockerr " SOCKERR_VERSION
	      " - resolve, connect, and report socket errors as Python does\n\n",
	      out);
	cli_usage(o, out);
	fputs("\nTargets: HOST PORT, HOST:PORT, [IPV6]:PORT, unix:PATH, "
	      "unix:@ABSTRACT.\nPORT: 0-65535 or a service name.\n\nOptions:\n",
	      out);
	arg_print_glossary(out, o->tables[0], "  %-26s %s\n");
	arg_print_glossary(out, o->tables[1], "  %-26s %s\n");
	arg_print_glossary(out, o->tables[2], "  %-26s %s\n");
	fputs("\nOutput: the last line of the Python traceback, or a line "
	      "starting \"ok\".\n"
	      "Exit status: 0 ok, 1 socket.error, 2 socket.herror, "
	      "3 socket.gaierror,\n"
	      "4 socket.timeout, 64 usage, 70 internal, 130 interrupted.\n"
	      "Defaults: blocking connect (no timeout), -c 256, --recv 4096 "
	      "bytes,\n--interval 1, -u waits 2 s for a reply without -t.\n"
	      "--explain takes negative codes as given: --explain -2.\n"
	      "See sockerr(1).\n",
	      out);
}
