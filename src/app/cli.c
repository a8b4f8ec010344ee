/* The command line: argtable2 tables for the check, --explain and --list
 * syntaxes, parsed and checked into a plan (--help: cli_help.c; argv
 * before argtable2 reads it: cli_argv.c). */
#include "app/cli.h"

#include <argtable2.h>
#include <langinfo.h>
#include <locale.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "app/cli_argv.h"
#include "base/escape.h"
#include "base/numparse.h"
#include "base/sbuf.h"
#include "model/happy.h"
#include "model/sockname.h"
#include "model/target.h"

/* --interface: a name SO_BINDTODEVICE takes, at most IFNAMSIZ - 1 bytes. */
#define INTERFACE_MAX 15
_Static_assert(INTERFACE_MAX == IFNAMSIZ - 1, "an interface name's bytes");

struct check_table {
	struct arg_str *timeout;
	struct arg_lit *v4, *v6;
	struct arg_str *source;
	struct arg_lit *udp;
	struct arg_str *send, *recv;
	struct arg_lit *reverse, *resolve_only, *all;
	struct arg_lit *tls;
	struct arg_str *servername, *cafile;
	struct arg_lit *insecure;
	struct arg_str *cert_days;
	struct arg_str *family, *type, *proto;
	struct arg_str *wait, *interval, *max_time, *input, *concurrency;
	struct arg_str *resolvers, *format;
	struct arg_str *expect, *warning, *critical;
	struct arg_lit *verbose, *quiet, *help, *version;
	struct arg_str *nameinfo, *interface;	/* issue 10 */
	struct arg_str *happy;			/* issue 19 */
	struct arg_lit *asyncio;
	struct arg_str *python;			/* issue 18 */
	struct arg_lit *all_errors;
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
	t->source = arg_str0("s", "source", "ADDR[:PORT]", "bind first (:PORT: any address)");
	t->udp = arg_lit0("u", "udp", "UDP probe: send, await a reply");
	t->send = arg_str0(NULL, "send", "DATA", "send DATA (C escapes)");
	t->recv = arg_str0(NULL, "recv", "BYTES", "receive up to BYTES");
	t->recv->hdr.flag |= ARG_HASOPTVALUE;
	t->reverse = arg_lit0("r", "reverse", "look the address up (PTR)");
	t->resolve_only = arg_lit0("n", "resolve-only", "stop after resolving");
	t->all = arg_lit0("a", "all", "try every address");
	t->tls = arg_lit0(NULL, "tls", "TLS handshake after connecting");
	t->servername = arg_str0(NULL, "servername", "NAME", "TLS: name to send and verify");
	t->cafile = arg_str0(NULL, "cafile", "FILE", "TLS: trust FILE, not the system");
	t->insecure = arg_lit0("k", "insecure", "TLS: verify nothing (CERT_NONE)");
	t->cert_days = arg_str0(NULL, "cert-days", "N", "TLS: fail if it expires in N days");
	t->family = arg_str0(NULL, "family", "AF", "socket() family");
	t->type = arg_str0(NULL, "type", "TYPE", "socket() type");
	t->proto = arg_str0(NULL, "proto", "PROTO", "socket() protocol");
	t->wait = arg_str0("w", "wait", "SECONDS", "retry until up or SECONDS pass");
	t->interval = arg_str0(NULL, "interval", "SECONDS", "pause between tries");
	t->max_time = arg_str0(NULL, "max-time", "SECONDS", "hard bound per check");
	t->input = arg_str0("i", "input", "FILE", "targets from FILE (- = stdin)");
	t->concurrency = arg_str0("c", "concurrency", "N", "at most N at once");
	t->resolvers = arg_str0(NULL, "resolvers", "N", "at most N lookups at once");
	t->format = arg_str0("f", "format", "FMT",
			     "python, python3[.N], json, prometheus or nagios");
	t->python = arg_str0(NULL, "python", "VERSION",
			     "whose lines: 2.7, 3.6 ... 3.13 ($SOCKERR_PYTHON)");
	t->all_errors = arg_lit0(NULL, "all-errors",
				 "create_connection(all_errors=True): 3.11+");
	t->expect = arg_str0(NULL, "expect", "OUTCOME[,...]",
			     "success is: ok, refused, timeout, a class or code");
	t->warning = arg_str0(NULL, "warning", "SECONDS",
			      "nagios: WARNING when connecting takes longer");
	t->critical = arg_str0(NULL, "critical", "SECONDS",
			       "nagios: CRITICAL when connecting takes longer");
	t->verbose = arg_lit0("v", "verbose", "each step and its time");
	t->quiet = arg_lit0("q", "quiet", "no output, only the exit status");
	t->help = arg_lit0("h", "help", "this help");
	t->version = arg_lit0("V", "version", "the version, interpreters, OpenSSL");
	/* issue 10 */
	t->nameinfo = arg_str0(NULL, "nameinfo", "FLAGS", "reverse by getnameinfo (NI_ flags)");
	t->nameinfo->hdr.flag |= ARG_HASOPTVALUE;
	t->interface = arg_str0(NULL, "interface", "IFNAME", "bind to the device (SO_BINDTODEVICE)");
	/* issue 19 */
	t->happy = arg_str0(NULL, "happy-eyeballs", "DELAY", "race the addresses (RFC 8305)");
	t->happy->hdr.flag |= ARG_HASOPTVALUE;
	t->asyncio = arg_lit0(NULL, "asyncio", "connect as asyncio.open_connection()");
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
	free(o->usage);
	o->usage = NULL;
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

static void vfail(struct options *o, FILE *err, const char *fmt, va_list ap)
{
	char *msg = NULL;
	struct sbuf b = {0};

	if (vasprintf(&msg, fmt, ap) >= 0) {
		esc_terminal(&b, msg, strlen(msg));
		fprintf(err, "sockerr: %s\n", sb_str(&b));
		if (!o->usage)
			o->usage = msg;
		else
			free(msg);
	}
	sb_free(&b);
	cli_usage(o, err);
}

int cli_fail(struct options *o, FILE *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(o, err, fmt, ap);
	va_end(ap);
	return EXIT_USAGE;
}

/* argtable2's own message, first line only, escaped. */
static int argtable_fail(struct options *o, FILE *err,
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

static bool source_port(const char *s, int *port, const char **why)
{
	const char *p;

	for (p = s; is_digit(*p); p++)
		;
	if (p == s || *p != '\0') {
		*why = "source port must be a number";
		return false;
	}
	if (!port_valid(s, why))
		return false;
	*port = atoi(s);
	return true;
}

/* -s ADDR[:PORT], [ADDR]:PORT: split into host and numeric port. */
static bool bind_parse(const char *s, char **host, int *port,
		       const char **why)
{
	struct target t;
	bool ok;

	*port = 0;
	/* :PORT is source_address=('', PORT): the socket family's any-address */
	if (s[0] == ':' && !strchr(s + 1, ':')) {
		if (!source_port(s + 1, port, why))
			return false;
		*host = strdup("");
		return *host != NULL;
	}
	if (strchr(s, ':') && target_is_complete(s)) {
		if (!target_parse(s, NULL, false, &t, why))
			return false;
		if (t.kind == TARGET_UNIX) {	/* it has no port to read */
			target_free(&t);
			*why = "a source is an IP address, not unix:";
			return false;
		}
		ok = source_port(t.port, port, why);
		*host = ok ? strdup(t.host) : NULL;
		target_free(&t);
		return ok && *host;
	}
	if (s[0] == '[') {
		*why = "missing ']' after the IPv6 address";
		return false;
	}
	*host = strdup(s);
	return *host != NULL;
}

/* Whether argv token a is --send=, as getopt matched it: getopt takes
 * only an unambiguous prefix, and no other option starts like --send. */
static bool send_token(const char *a)
{
	const char *eq = strchr(a, '=');

	return eq && eq[1] == '\0' && eq - a > 2 &&
	       strncmp(a, "--send", (size_t)(eq - a)) == 0;
}

/* argtable2 reports an empty long-option value as a missing one, but
 * sendall(b"") is valid Python: the one error --send's empty value raised
 * (its token is --send= or the empty word itself) is dropped. */
static int allow_empty_send(struct check_table *t, int nerr)
{
	struct arg_end *e = t->end;

	if (t->send->count != 1 || t->send->sval[0][0] != '\0')
		return nerr;
	for (int pass = 0; pass < 2; pass++) {
		for (int i = 0; i < e->count; i++) {
			const char *a = e->argval[i] ? e->argval[i] : "-";

			if (e->error[i] != ARG_EMISSARG ||
			    !(pass ? a[0] == '\0' : send_token(a)))
				continue;
			for (int k = i + 1; k < e->count; k++) {
				e->error[k - 1] = e->error[k];
				e->parent[k - 1] = e->parent[k];
				e->argval[k - 1] = e->argval[k];
			}
			e->count--;
			return nerr - 1;
		}
	}
	return nerr;
}

static bool opt_seconds(struct arg_str *a, int64_t *ns, const char **why)
{
	return a->count == 0 || parse_seconds(a->sval[0], ns, why);
}

struct checker {
	struct options *o;
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

/* Options that cannot go together: a message of their own, naming both
 * ("-4 and -6 exclude each other"), not one about a value. */
static void conflict(struct checker *c, const char *a, const char *b)
{
	if (c->rc == 0)
		c->rc = cli_fail(c->o, c->err, "%s and %s exclude each other", a, b);
}

static void check_times(struct checker *c, struct check_table *t,
			struct plan *pl)
{
	const char *why;

	pl->timeout_ns = pl->wait_ns = pl->max_time_ns = -1;
	pl->interval_ns = NS_PER_SEC;
	if (!opt_seconds(t->timeout, &pl->timeout_ns, &why))
		bad(c, "--timeout", t->timeout->sval[0], why);
	if (!opt_seconds(t->wait, &pl->wait_ns, &why))
		bad(c, "--wait", t->wait->sval[0], why);
	if (!opt_seconds(t->max_time, &pl->max_time_ns, &why))
		bad(c, "--max-time", t->max_time->sval[0], why);
	if (!opt_seconds(t->interval, &pl->interval_ns, &why))
		bad(c, "--interval", t->interval->sval[0], why);
	else if (pl->interval_ns == 0)
		bad(c, "--interval", t->interval->sval[0], "must be more than 0");
	if (t->interval->count && pl->wait_ns < 0 && c->rc == 0)
		c->rc = cli_fail(c->o, c->err, "--interval goes with --wait");
}

static void check_socket_args(struct checker *c, struct check_table *t,
			      struct plan *pl)
{
	pl->family = t->v4->count ? AF_INET : t->v6->count ? AF_INET6 : AF_UNSPEC;
	if (t->v4->count && t->v6->count)
		conflict(c, "-4", "-6");
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
			    "not a number of bytes from 1 to "
			    NUM_TEXT(RECV_MAX_BYTES));
		else if (t->recv->sval[0][0])
			pl->recv_max = n;
	}
	if (t->source->count &&
	    !bind_parse(t->source->sval[0], &o->bind_buf, &pl->bind_port, &why))
		bad(c, "--source", t->source->sval[0], why);
	pl->bind_host = o->bind_buf;
}

/* CPython 3.6 decodes argv by the locale (LC_ALL, LC_CTYPE, LANG): as
 * ASCII unless it is UTF-8 (3.7 on coerce the C locale, PEP 538/540).
 * The C locale stays in force here. */
static bool locale_not_utf8(void)
{
	const char *set = setlocale(LC_CTYPE, "");
	bool utf8 = set && strcmp(nl_langinfo(CODESET), "UTF-8") == 0;

	setlocale(LC_CTYPE, "C");
	return !utf8;
}

/* Whose lines: --python, then -f python3.N, then $SOCKERR_PYTHON, then
 * the format's own (python: 2.7, the others: 3.11). */
static void check_python(struct checker *c, struct check_table *t,
			 const char *f, struct options *o)
{
	const char *env = getenv("SOCKERR_PYTHON");
	bool from_f = strncmp(f, "python3.", 8) == 0;
	char why[128];

	snprintf(why, sizeof why, "use %s (or the release: 3.8.18)",
		 pyver_names());
	o->plan.python = fmt_python(o->format);
	if (t->python->count) {
		if (!pyver_parse(t->python->sval[0], &o->plan.python))
			bad(c, "--python", t->python->sval[0], why);
	} else if (from_f) {
		if (!pyver_parse(f + 6, &o->plan.python))
			bad(c, "--format", f, "use python3.6 ... python3.13");
	} else if (env && env[0] && !pyver_parse(env, &o->plan.python)) {
		bad(c, "SOCKERR_PYTHON", env, why);
	}
	o->plan.argv_ascii = o->plan.python == PYV_3_6 && locale_not_utf8();
}

static void check_run(struct checker *c, struct check_table *t,
		      struct options *o)
{
	const char *f = t->format->count ? t->format->sval[0] : "python";
	const char *why;
	unsigned long n = CONCURRENCY_DEFAULT;

	if (strcmp(f, "python") == 0)
		o->format = FMT_PYTHON;
	else if (strcmp(f, "python3") == 0 || strncmp(f, "python3.", 8) == 0)
		o->format = FMT_PYTHON3;
	else if (strcmp(f, "json") == 0)
		o->format = FMT_JSON;
	else if (strcmp(f, "prometheus") == 0)
		o->format = FMT_PROMETHEUS;
	else if (strcmp(f, "nagios") == 0)
		o->format = FMT_NAGIOS;
	else
		bad(c, "--format", f, "use python, python3, json, prometheus or nagios");
	/* issue 19: asyncio is CPython 3's; its lines are the default then */
	if (t->asyncio->count && !t->format->count)
		o->format = FMT_PYTHON3;
	check_python(c, t, f, o);
	if (t->concurrency->count &&
	    !parse_count(t->concurrency->sval[0], 1, CONCURRENCY_MAX, &n, &why))
		bad(c, "--concurrency", t->concurrency->sval[0],
		    "not a whole number from 1 to " NUM_TEXT(CONCURRENCY_MAX));
	o->concurrency = n;
	if (t->resolvers->count &&
	    !parse_count(t->resolvers->sval[0], 1, RESOLVERS_MAX, &n, &why))
		bad(c, "--resolvers", t->resolvers->sval[0],
		    "not a whole number from 1 to " NUM_TEXT(RESOLVERS_MAX));
	o->resolvers = t->resolvers->count ? n : 0;
	o->verbose = t->verbose->count > 0;
	o->plan.canonname = o->verbose;
	/* every format but python emulates CPython 3 (fmt_lines), which
	 * IDNA-encodes */
	o->plan.idna = pyver_get(o->plan.python)->py3;
	o->plan.py2_bind = !pyver_get(o->plan.python)->py3;
	o->plan.facts = o->verbose || o->format == FMT_JSON;
	o->quiet = t->quiet->count > 0;
	if (o->verbose && o->quiet)
		conflict(c, "-q", "-v");
	o->input = t->input->count ? t->input->sval[0] : NULL;
	if (o->input && o->input[0] == '\0')
		bad(c, "--input", "", "empty file name");
	if (o->input && t->targets->count)
		conflict(c, "-i", "targets on the command line");
	if (!o->input && t->targets->count == 0 && c->rc == 0)
		c->rc = cli_fail(o, c->err, "missing target");
}

static void check_combinations(struct checker *c, struct check_table *t,
			       struct plan *pl)
{
	pl->reverse = t->reverse->count > 0;
	/* issue 10: --nameinfo is the reverse step, by getnameinfo() */
	if (t->nameinfo->count) {
		const char *why;

		pl->nameinfo = pl->reverse = true;
		if (!sockname_parse_ni(t->nameinfo->sval[0], &pl->nameinfo_flags, &why))
			bad(c, "--nameinfo", t->nameinfo->sval[0], why);
	}
	if (t->interface->count) {
		pl->interface = t->interface->sval[0];
		if (!pl->interface[0] || strlen(pl->interface) > INTERFACE_MAX)
			bad(c, "--interface", pl->interface, "an interface name of "
			    "1 to " NUM_TEXT(INTERFACE_MAX) " bytes");
	}
	pl->resolve_only = t->resolve_only->count > 0;
	pl->all = t->all->count > 0;
	pl->all_errors = t->all_errors->count > 0;
	if (pl->all_errors && pl->all)
		conflict(c, "-a", "--all-errors");
	else if (pl->all_errors && t->udp->count)
		conflict(c, "-u", "--all-errors");
	if (!pl->resolve_only)
		return;
	if (t->udp->count)
		conflict(c, "-n", "-u");
	else if (t->source->count)
		conflict(c, "-n", "-s");
	else if (t->wait->count)
		conflict(c, "-n", "-w");
	else if (t->send->count)
		conflict(c, "-n", "--send");
	else if (t->recv->count)
		conflict(c, "-n", "--recv");
}

static void check_monitor(struct checker *c, struct check_table *t,
			  struct options *o)
{
	const char *why;

	o->warn_ns = o->crit_ns = -1;
	/* a check that never ends is killed by the scheduler: as check_tcp,
	 * whose -t (10 s by default) bounds the whole check, DNS included */
	if (o->format == FMT_NAGIOS && !t->timeout->count)
		o->plan.timeout_ns = NAGIOS_TIMEOUT_NS;
	if (o->format == FMT_NAGIOS && !t->max_time->count && !t->wait->count)
		o->plan.max_time_ns = o->plan.timeout_ns > 0 ? o->plan.timeout_ns
							     : NAGIOS_TIMEOUT_NS;
	if (!opt_seconds(t->warning, &o->warn_ns, &why))
		bad(c, "--warning", t->warning->sval[0], why);
	else if (t->warning->count && o->format != FMT_NAGIOS)
		bad(c, "--warning", t->warning->sval[0], "goes with -f nagios");
	if (!opt_seconds(t->critical, &o->crit_ns, &why))
		bad(c, "--critical", t->critical->sval[0], why);
	else if (t->critical->count && o->format != FMT_NAGIOS)
		bad(c, "--critical", t->critical->sval[0], "goes with -f nagios");
	if (t->expect->count &&
	    !expect_parse(t->expect->sval[0], &o->expect, &why))
		bad(c, "--expect", t->expect->sval[0], why);
	else if (t->expect->count && t->wait->count)
		bad(c, "--expect", t->expect->sval[0], "--wait waits for ok: "
		    "they exclude each other");
}

/* --tls and its options (main makes the context, once, for every probe). */
static void check_tls(struct checker *c, struct check_table *t,
		      struct options *o)
{
	struct tls_plan *tp = &o->plan.tls;
	const char *why;
	unsigned long n;

	tp->on = t->tls->count > 0;
	tp->py2 = !pyver_get(o->plan.python)->py3;
	tp->python = o->plan.python;
	tp->insecure = t->insecure->count > 0;
	tp->servername = t->servername->count ? t->servername->sval[0] : NULL;
	tp->cafile = t->cafile->count ? t->cafile->sval[0] : NULL;
	tp->cert_days = -1;
	if (t->cert_days->count &&
	    !parse_count(t->cert_days->sval[0], 0, CERT_DAYS_MAX, &n, &why))
		bad(c, "--cert-days", t->cert_days->sval[0],
		    "not a whole number of days from 0 to "
		    NUM_TEXT(CERT_DAYS_MAX));
	else if (t->cert_days->count)
		tp->cert_days = (int)n;
	if (tp->servername && (!tp->servername[0] || tp->servername[0] == '.'))
		bad(c, "--servername", tp->servername,
		    "cannot be empty or start with a dot");
	if (!tp->on) {
		if (tp->servername || tp->cafile || tp->insecure || tp->cert_days >= 0)
			bad(c, "--tls", "", "--servername, --cafile, -k and "
			    "--cert-days go with --tls");
		return;
	}
	if (t->udp->count || t->resolve_only->count)
		bad(c, "--tls", "", "excludes -u and -n");
}

/* issue 19: --happy-eyeballs[=DELAY] races TCP connects to every address,
 * --asyncio makes them one after another as asyncio; what would pick or
 * stretch one address apart goes without them. */
static void check_happy(struct checker *c, struct check_table *t,
			struct options *o)
{
	struct plan *pl = &o->plan;
	const char *why, *v = t->happy->count ? t->happy->sval[0] : "";
	const char *opt = t->happy->count ? "--happy-eyeballs" : "--asyncio";

	pl->happy = t->happy->count > 0;
	pl->happy_ns = HAPPY_DEFAULT_NS;
	pl->asyncio = t->asyncio->count > 0;
	if (!pl->happy && !pl->asyncio)
		return;
	if (v[0] && !parse_seconds(v, &pl->happy_ns, &why))
		bad(c, "--happy-eyeballs", v, why);
	else if (pl->asyncio && o->format == FMT_PYTHON)
		conflict(c, "--asyncio", "-f python (Python 2.7 has no asyncio)");
	else if (pl->asyncio && (t->tls->count || t->send->count || t->recv->count))
		conflict(c, "--asyncio", "--tls, --send and --recv");
	else if (pl->asyncio && pl->python == PYV_2_7)
		conflict(c, "--asyncio", "--python=2.7 (Python 2.7 has no asyncio)");
	else if (pl->happy && (pl->python == PYV_3_6 || pl->python == PYV_3_7))
		conflict(c, "--happy-eyeballs", "--python=3.6 or 3.7 (asyncio's happy_eyeballs_delay came in 3.8)");
	else if (t->all_errors->count)
		conflict(c, opt, "--all-errors (create_connection()'s)");
	else if (t->all->count)
		conflict(c, opt, "-a");
	else if (t->udp->count)
		conflict(c, opt, "-u");
	else if (t->source->count)
		conflict(c, opt, "-s");
	else if (t->resolve_only->count)
		conflict(c, opt, "-n");
	else if (t->family->count || t->type->count || t->proto->count)
		conflict(c, opt, "--family, --type and --proto");
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
	check_monitor(&c, t, o);
	check_tls(&c, t, o);
	check_happy(&c, t, o);
	copy_args(o, t->targets);
	if (c.rc == 0 && !o->args)
		c.rc = EXIT_INTERNAL;
	return c.rc;
}

int cli_parse(int argc, char **argv, struct options *o, FILE *err)
{
	struct check_table *ct;
	struct explain_table *et;
	struct list_table *lt;
	int nerr[3], split;

	*o = (struct options){0};
	o->tables[0] = check_new(args_max(argc));
	ct = o->tables[0];
	if (ct && arg_nullcheck(o->tables[0]) == 0 &&
	    (split = cli_command_split(ct, &ct->wait->hdr, argc, argv)) != 0) {
		o->command = argv + split + 1;
		argc = split;
	}
	o->tables[1] = explain_new(args_max(argc));
	o->tables[2] = list_new();
	o->explain_argv = cli_explain_argv(argc, argv, &o->explain_argc);
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
	nerr[0] = allow_empty_send(ct, nerr[0]);
	et = o->tables[1];
	lt = o->tables[2];
	/* a nagios plugin reports even a bad command line as UNKNOWN */
	if (ct->format->count && strcmp(ct->format->sval[0], "nagios") == 0)
		o->format = FMT_NAGIOS;
	if (ct->help->count) {
		o->mode = MODE_HELP;
		return EXIT_OK;
	}
	if (ct->version->count && nerr[0] == 0) {
		o->mode = MODE_VERSION;
		return EXIT_OK;
	}
	if (et->explain->count) {
		if (nerr[1])
			return argtable_fail(o, err, et->end);
		o->mode = MODE_EXPLAIN;
		copy_args(o, et->codes);
		return o->args ? EXIT_OK : EXIT_INTERNAL;
	}
	if (lt->list->count) {
		if (nerr[2])
			return argtable_fail(o, err, lt->end);
		o->mode = MODE_LIST;
		copy_args(o, lt->cls);
		return o->args ? EXIT_OK : EXIT_INTERNAL;
	}
	if (nerr[0])
		return argtable_fail(o, err, ct->end);
	return check_options(o, err);
}
