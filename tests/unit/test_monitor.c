/* --expect, -f prometheus and -f nagios on results built by hand. */
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdlib.h>

#include "model/exitcode.h"
#include "model/expect.h"
#include "output/fmt_nagios.h"
#include "output/fmt_prom.h"
#include "unit.h"

/* A result for 127.0.0.1:port: one attempt that failed with err (or
 * connected in connect_ns when err is SK_NONE). */
struct fake {
	struct target t;
	struct address addr;
	struct attempt at;
	struct result r;
	struct report rp;
};

static void fake(struct fake *f, const char *text, struct sk_error err,
		 int64_t connect_ns)
{
	*f = (struct fake){0};
	f->t = (struct target){.kind = TARGET_INET, .host = "127.0.0.1", .port = "80"};
	f->addr.sa.ss_family = AF_INET;
	f->addr.len = sizeof(struct sockaddr_in);
	f->addr.family = AF_INET;
	f->at.err = err;
	f->at.ran[STAGE_SOCKET] = f->at.ran[STAGE_CONNECT] = err.stage != STAGE_RESOLVE;
	f->at.ns[STAGE_SOCKET] = 1000;
	f->at.ns[STAGE_CONNECT] = connect_ns;
	f->r.err = err;
	f->r.addrs = &f->addr;
	f->r.naddrs = err.stage == STAGE_RESOLVE ? 0 : 1;
	f->r.attempts = &f->at;
	f->r.nattempts = err.stage == STAGE_RESOLVE ? 0 : 1;
	f->r.ok_attempt = sk_failed(&err) ? NO_ATTEMPT : 0;
	f->r.resolve_ns = 2000;
	f->r.elapsed_ns = 1500000000;
	f->rp = (struct report){text, &f->t, &f->r};
}

static bool parses(const char *s, struct expect *e)
{
	const char *why = NULL;
	bool ok = expect_parse(s, e, &why);

	CHECK(ok || why != NULL);
	return ok;
}

static void test_expect_parse(void)
{
	struct expect e;

	CHECK(parses("ok", &e) && e.n == 1 && e.items[0].what == EXPECT_OK);
	CHECK(parses("refused,timeout", &e) && e.n == 2 &&
	      e.items[0].what == EXPECT_CODE && e.items[0].code == ECONNREFUSED &&
	      e.items[1].what == EXPECT_TIMEOUT);
	CHECK(parses("socket.gaierror,herror", &e) &&
	      e.items[0].what == EXPECT_KIND && e.items[0].kind == SK_GAIERROR &&
	      e.items[1].kind == SK_HERROR);
	CHECK(parses("EAI_NONAME,econnreset", &e) &&
	      e.items[0].kind == SK_GAIERROR && e.items[0].code == EAI_NONAME &&
	      e.items[1].kind == SK_ERRNO && e.items[1].code == ECONNRESET);
	CHECK(!parses("", &e));
	CHECK(!parses("ok,", &e));
	CHECK(!parses(",ok", &e));
	CHECK(!parses("closed", &e));
	CHECK(!parses("ok,,refused", &e));
	CHECK(parses("ok,ok,ok,ok,ok,ok,ok,ok,ok,ok,ok,ok,ok,ok,ok,ok,"
		     "ok,ok,ok,ok,ok,ok,ok,ok,ok,ok,ok,ok,ok,ok,ok,ok", &e));
	CHECK(!parses("ok,ok,ok,ok,ok,ok,ok,ok,ok,ok,ok,ok,ok,ok,ok,ok,"
		      "ok,ok,ok,ok,ok,ok,ok,ok,ok,ok,ok,ok,ok,ok,ok,ok,ok", &e));
}

static void test_expect_match(void)
{
	struct expect none = {0}, e;
	struct fake ok, refused, kto, to, gai, plain;

	fake(&ok, "a:1", sk_ok(), 5);
	fake(&refused, "a:1", sk_errno(STAGE_CONNECT, ECONNREFUSED), 5);
	fake(&kto, "a:1", sk_errno(STAGE_CONNECT, ETIMEDOUT), 5);
	fake(&to, "a:1", sk_timeout(STAGE_CONNECT), 5);
	fake(&gai, "a:1", sk_gaierror(STAGE_RESOLVE, EAI_NONAME, 0), 0);
	fake(&plain, "a:1", sk_plain(STAGE_CONNECT, "AF_UNIX path too long"), 0);
	/* no --expect: ok, and the usual statuses */
	CHECK(expect_status(&none, &ok.r) == EXIT_OK);
	CHECK(expect_status(&none, &refused.r) == EXIT_SOCKET);
	CHECK(expect_status(&none, &gai.r) == EXIT_GAIERROR);
	CHECK(parses("refused", &e));
	CHECK(expect_status(&e, &refused.r) == EXIT_OK);
	CHECK(expect_status(&e, &ok.r) == EXIT_UNEXPECTED);
	CHECK(expect_status(&e, &to.r) == EXIT_TIMEOUT);
	CHECK(expect_status(&e, &gai.r) == EXIT_GAIERROR);
	CHECK(parses("timeout", &e));
	CHECK(expect_match(&e, &to.r) && expect_match(&e, &kto.r));
	CHECK(!expect_match(&e, &refused.r));
	CHECK(parses("socket.timeout", &e));
	CHECK(expect_match(&e, &to.r) && !expect_match(&e, &kto.r));
	CHECK(parses("ETIMEDOUT", &e));
	CHECK(!expect_match(&e, &to.r) && expect_match(&e, &kto.r));
	CHECK(parses("error", &e));
	CHECK(expect_match(&e, &refused.r) && expect_match(&e, &plain.r) &&
	      !expect_match(&e, &gai.r) && !expect_match(&e, &to.r));
	/* except socket.error catches no UnicodeError, TypeError, ValueError */
	for (int code = SK_PLAIN_UNICODE; code <= SK_PLAIN_VALUE; code++) {
		plain.r.err.code = code;
		CHECK(!expect_match(&e, &plain.r));
		CHECK(expect_status(&e, &plain.r) == EXIT_SOCKET);
	}
	plain.r.err.code = 0;
	CHECK(parses("ok,EAI_NONAME", &e));
	CHECK(expect_match(&e, &ok.r) && expect_match(&e, &gai.r) &&
	      !expect_match(&e, &refused.r));
	refused.r.usage = "bad";
	CHECK(parses("error", &e));
	CHECK(expect_status(&e, &refused.r) == EXIT_USAGE);
}

static const char *label(const char *in, size_t len, struct sbuf *b)
{
	sb_reset(b);
	prom_label_value(b, in, len);
	return sb_str(b);
}

static void test_prom_label(void)
{
	struct sbuf b = {0};

	/* the value's text is a\\b"c\x0ad; the exposition escapes \ and " */
	CHECK_STR(label("a\\b\"c\nd", 7, &b), "a\\\\\\\\b\\\"c\\\\x0ad");
	CHECK_STR(label("h\xc3\xa9", 3, &b), "h\xc3\xa9");	/* UTF-8 kept */
	CHECK_STR(label("\xff\xc3", 2, &b), "\\\\xff\\\\xc3");
	CHECK_STR(label("\xed\xa0\x80", 3, &b), "\\\\xed\\\\xa0\\\\x80");
	CHECK_STR(label("\t\x1b\x7f", 3, &b), "\\\\x09\\\\x1b\\\\x7f");
	/* C1 controls (the 8-bit CSI, NEL) as their two bytes; U+00A0 kept */
	CHECK_STR(label("\xc2\x9b\xc2\x85\xc2\xa0", 6, &b),
		  "\\\\xc2\\\\x9b\\\\xc2\\\\x85\xc2\xa0");
	/* a control byte and the text that spells it: two values */
	CHECK_STR(label("\x01", 1, &b), "\\\\x01");
	CHECK_STR(label("\\x01", 4, &b), "\\\\\\\\x01");
	sb_reset(&b);
	fmt_seconds(&b, 1500000000);
	CHECK_STR(sb_str(&b), "1.5");
	sb_reset(&b);
	fmt_seconds(&b, 123000);
	CHECK_STR(sb_str(&b), "0.000123");
	sb_reset(&b);
	fmt_seconds(&b, 2 * NS_PER_SEC);
	CHECK_STR(sb_str(&b), "2");
	sb_free(&b);
}

static void test_prom_families(void)
{
	struct prom p = {0};
	struct sbuf b = {0};
	struct fake a, c;

	fake(&a, "x:1", sk_errno(STAGE_CONNECT, ECONNREFUSED), 123000);
	fake(&c, "y:2", sk_ok(), 5000);
	CHECK(prom_add(&p, "x:1", 3, &a.rp, false, EXIT_SOCKET));
	CHECK(prom_add(&p, "y:2", 3, &c.rp, true, EXIT_OK));
	CHECK(!prom_add(&p, "x:1", 3, &a.rp, false, EXIT_SOCKET));	/* repeated */
	CHECK(p.repeated == 1);
	prom_write(&p, &b, NULL, NULL);
	CHECK_STR(sb_str(&b),
		  "# HELP sockerr_probe_success 1 when the check had the expected outcome (by default: it connected), else 0.\n"
		  "# TYPE sockerr_probe_success gauge\n"
		  "sockerr_probe_success{target=\"x:1\"} 0\n"
		  "sockerr_probe_success{target=\"y:2\"} 1\n"
		  "# HELP sockerr_probe_duration_seconds Time spent in each phase of the check, and in all (phase=\"total\").\n"
		  "# TYPE sockerr_probe_duration_seconds gauge\n"
		  "sockerr_probe_duration_seconds{target=\"x:1\",phase=\"resolve\"} 0.000002\n"
		  "sockerr_probe_duration_seconds{target=\"x:1\",phase=\"socket\"} 0.000001\n"
		  "sockerr_probe_duration_seconds{target=\"x:1\",phase=\"connect\"} 0.000123\n"
		  "sockerr_probe_duration_seconds{target=\"x:1\",phase=\"total\"} 1.5\n"
		  "sockerr_probe_duration_seconds{target=\"y:2\",phase=\"resolve\"} 0.000002\n"
		  "sockerr_probe_duration_seconds{target=\"y:2\",phase=\"socket\"} 0.000001\n"
		  "sockerr_probe_duration_seconds{target=\"y:2\",phase=\"connect\"} 0.000005\n"
		  "sockerr_probe_duration_seconds{target=\"y:2\",phase=\"total\"} 1.5\n"
		  "# HELP sockerr_probe_failure_info The exception Python raises for a check that failed: stage, class, code name, code, message.\n"
		  "# TYPE sockerr_probe_failure_info gauge\n"
		  "sockerr_probe_failure_info{target=\"x:1\",stage=\"connect\",class=\"socket.error\",py3_class=\"ConnectionRefusedError\",name=\"ECONNREFUSED\",code=\"111\",message=\"Connection refused\"} 1\n"
		  "# HELP sockerr_probe_exit_status The exit status sockerr gives for this target alone.\n"
		  "# TYPE sockerr_probe_exit_status gauge\n"
		  "sockerr_probe_exit_status{target=\"x:1\"} 1\n"
		  "sockerr_probe_exit_status{target=\"y:2\"} 0\n");
	prom_free(&p);
	sb_free(&b);
}

static void append(struct sbuf *out, void *ctx)
{
	struct sbuf *all = ctx;

	CHECK(out->len >= PROM_FLUSH_BYTES);
	sb_add(all, out->p, out->len);
	sb_reset(out);
}

static void test_prom_many(void)
{
	struct prom p = {0};
	struct sbuf b = {0}, parts = {0}, all = {0};
	struct fake a;
	char name[32];

	/* the label set grows past its first size; every label stays unique */
	fake(&a, "", sk_timeout(STAGE_CONNECT), 0);
	for (int i = 0; i < 1000; i++) {
		snprintf(name, sizeof name, "h%d:80", i % 500);
		CHECK(prom_add(&p, name, strlen(name), &a.rp, false,
			       EXIT_TIMEOUT) == (i < 500));
	}
	CHECK(p.repeated == 500 && p.seen_n == 500);
	prom_write(&p, &b, NULL, NULL);
	CHECK(strstr(b.p, "sockerr_probe_failure_info{target=\"h499:80\",stage=\"connect\",class=\"socket.timeout\",py3_class=\"TimeoutError\",name=\"timeout\",code=\"\",message=\"timed out\"} 1\n") != NULL);
	/* written in parts, the same text */
	CHECK(b.len > 3 * PROM_FLUSH_BYTES);
	prom_write(&p, &parts, append, &all);
	CHECK(parts.len < PROM_FLUSH_BYTES);
	sb_add(&all, sb_str(&parts), parts.len);
	CHECK(all.len == b.len && memcmp(all.p, b.p, b.len) == 0);
	prom_free(&p);
	sb_free(&b);
	sb_free(&parts);
	sb_free(&all);
}

static enum nagios_state state(struct fake *f, bool expected, int64_t warn,
			       int64_t crit)
{
	struct nagios_check c = {f->rp.text, strlen(f->rp.text), &f->rp, "x",
				 expected};

	return nagios_state(&c, &(struct nagios_limits){warn, crit});
}

static void test_nagios_states(void)
{
	struct fake ok, refused, gai;

	fake(&ok, "a:1", sk_ok(), 2 * NS_PER_SEC);
	fake(&refused, "a:1", sk_errno(STAGE_CONNECT, ECONNREFUSED), 5);
	fake(&gai, "a:1", sk_gaierror(STAGE_RESOLVE, EAI_NONAME, 0), 0);
	CHECK(state(&ok, true, -1, -1) == NAGIOS_OK);
	CHECK(state(&ok, true, NS_PER_SEC, -1) == NAGIOS_WARNING);
	CHECK(state(&ok, true, NS_PER_SEC, 3 * NS_PER_SEC) == NAGIOS_WARNING);
	CHECK(state(&ok, true, NS_PER_SEC, NS_PER_SEC) == NAGIOS_CRITICAL);
	CHECK(state(&ok, true, 2 * NS_PER_SEC, -1) == NAGIOS_OK);	/* not over */
	/* a limit the time equals is not passed (check_tcp: "> critical") */
	CHECK(state(&ok, true, -1, 2 * NS_PER_SEC) == NAGIOS_OK);
	CHECK(state(&ok, true, -1, 2 * NS_PER_SEC - 1) == NAGIOS_CRITICAL);
	CHECK(state(&ok, true, 2 * NS_PER_SEC, 2 * NS_PER_SEC) == NAGIOS_OK);
	CHECK(state(&ok, true, 2 * NS_PER_SEC - 1, 2 * NS_PER_SEC) == NAGIOS_WARNING);
	CHECK(state(&ok, false, -1, -1) == NAGIOS_CRITICAL);
	CHECK(state(&refused, false, -1, -1) == NAGIOS_CRITICAL);
	CHECK(state(&refused, true, 0, 0) == NAGIOS_OK);
	CHECK(state(&gai, false, -1, -1) == NAGIOS_CRITICAL);
	gai.r.usage = "bad";
	CHECK(state(&gai, false, -1, -1) == NAGIOS_UNKNOWN);
	CHECK(nagios_worst(NAGIOS_OK, NAGIOS_UNKNOWN) == NAGIOS_UNKNOWN);
	CHECK(nagios_worst(NAGIOS_UNKNOWN, NAGIOS_WARNING) == NAGIOS_WARNING);
	CHECK(nagios_worst(NAGIOS_CRITICAL, NAGIOS_WARNING) == NAGIOS_CRITICAL);
}

static void test_nagios_output(void)
{
	struct nagios n = {0};
	struct sbuf b = {0};
	struct fake ok, refused;
	struct nagios_limits l = {NS_PER_SEC / 2, -1};

	fake(&ok, "a:1", sk_ok(), NS_PER_SEC);
	fake(&refused, "b|'=:2", sk_errno(STAGE_CONNECT, ECONNREFUSED), 123000);
	nagios_add(&n, &(struct nagios_check){"a:1", 3, &ok.rp, "ok line", true}, &l);
	CHECK(nagios_write(&n, &b, false) == NAGIOS_WARNING);
	CHECK_STR(sb_str(&b), "SOCKERR WARNING - ok line (slower than --warning 0.5 s) | "
		  "time=1s;0.5;;0 resolve=0.000002s;;;0 socket=0.000001s;;;0 "
		  "connect=1s;;;0 total=1.5s;;;0\n");
	nagios_free(&n);
	sb_reset(&b);
	n.many = true;
	nagios_add(&n, &(struct nagios_check){"a:1", 3, &ok.rp, "ok line", true}, &l);
	nagios_add(&n, &(struct nagios_check){refused.rp.text, 6, &refused.rp,
			"refused|line", false}, &l);
	CHECK(nagios_write(&n, &b, false) == NAGIOS_CRITICAL);
	CHECK_STR(sb_str(&b), "SOCKERR CRITICAL - 2 targets: 1 CRITICAL, 1 WARNING\n"
		  "WARNING a:1: ok line (slower than --warning 0.5 s)\n"
		  "CRITICAL b\\x7c'=:2: refused\\x7cline | 'a:1 time'=1s;0.5;;0\n"
		  "'b\\x7c''\\x3d:2 time'=0.000123s;0.5;;0\n");
	sb_reset(&b);
	CHECK(nagios_write(&n, &b, true) == NAGIOS_UNKNOWN);
	CHECK(strncmp(sb_str(&b), "SOCKERR UNKNOWN - interrupted after 2 targets", 45) == 0);
	nagios_free(&n);
	sb_reset(&b);
	n.many = true;
	CHECK(nagios_write(&n, &b, false) == NAGIOS_UNKNOWN);
	CHECK_STR(sb_str(&b), "SOCKERR UNKNOWN - 0 targets\n");
	nagios_free(&n);
	sb_free(&b);
}

UNIT_TESTS(monitor) = {
	{"--expect parses outcomes", test_expect_parse},
	{"--expect matches and sets the exit status", test_expect_match},
	{"prometheus label values and seconds", test_prom_label},
	{"prometheus families, in order, each once", test_prom_families},
	{"prometheus: repeated targets left out", test_prom_many},
	{"nagios states and thresholds", test_nagios_states},
	{"nagios status lines and perfdata", test_nagios_output},
	{NULL, NULL},
};
