/* The ssl.* text built from OpenSSL's facts (src/model/tlserror.c): the table
 * lookups and the shortened forms CPython uses when a name is missing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/exitcode.h"
#include "base/sbuf.h"
#include "gen/ssl_names.h"
#include "model/expect.h"
#include "model/tlserror.h"
#include "unit.h"

static void test_tables_sorted(void)
{
	const struct ssl_names *t[] = {&ssl_names_py3, &ssl_names_py2};

	for (size_t k = 0; k < 2; k++) {
		CHECK(t[k]->nlibs > 0 && t[k]->nreasons > 0);
		for (size_t i = 1; i < t[k]->nlibs; i++)
			CHECK(t[k]->libs[i - 1].lib < t[k]->libs[i].lib);
		for (size_t i = 1; i < t[k]->nreasons; i++) {
			const struct ssl_reason_name *a = &t[k]->reasons[i - 1];
			const struct ssl_reason_name *b = &t[k]->reasons[i];

			CHECK(a->lib < b->lib || (a->lib == b->lib && a->reason < b->reason));
		}
		/* every entry is found by the binary search */
		for (size_t i = 0; i < t[k]->nreasons; i++) {
			const struct ssl_reason_name *r = &t[k]->reasons[i];

			CHECK(ssl_reason_name(t[k], r->lib, r->reason) == r->name);
		}
	}
	CHECK(ssl_reason_name(&ssl_names_py3, 20, 99999) == NULL);
	CHECK(ssl_lib_name(&ssl_names_py3, 9999) == NULL);
}

static char *py3_line(const struct tls_facts *in, int *exit_status)
{
	struct tls_failure f;
	char *s = NULL;

	if (!tls_failure_build(&f, in))
		return NULL;
	if (asprintf(&s, "%s: %s", f.py3_class, f.py3_msg) < 0)
		s = NULL;
	*exit_status = f.exit_status;
	tls_failure_free(&f);
	return s;
}

static void test_shortened_forms(void)
{
	/* a reason the table lacks: "[LIB] text"; no error: "text" */
	struct tls_facts in = {.kind = TLS_FAIL_SSL, .ssl_error = TLS_SSL_ERROR_SSL,
			       .has_err = true, .lib = TLS_LIB_SSL, .reason = 4095,
			       .reason_text = "odd"};
	int rc;
	char *s = py3_line(&in, &rc);

	CHECK_STR(s, "ssl.SSLError: [SSL] odd (_ssl.c:1006)");
	CHECK(rc == EXIT_SSL);
	free(s);
	in.lib = 4000;
	in.reason_text = NULL;
	s = py3_line(&in, &rc);
	CHECK_STR(s, "ssl.SSLError: unknown error (_ssl.c:1006)");
	free(s);
	in = (struct tls_facts){.kind = TLS_FAIL_SSL, .ssl_error = TLS_SSL_ERROR_SSL};
	s = py3_line(&in, &rc);
	CHECK_STR(s, "ssl.SSLError: A failure in the SSL library occurred (_ssl.c:1006)");
	free(s);
	/* SSL_ERROR_SYSCALL, nothing queued, no errno: an EOF */
	in = (struct tls_facts){.kind = TLS_FAIL_SSL, .ssl_error = TLS_SSL_ERROR_SYSCALL};
	s = py3_line(&in, &rc);
	CHECK_STR(s, "ssl.SSLEOFError: EOF occurred in violation of protocol (_ssl.c:1006)");
	free(s);
}

static void test_verify_text(void)
{
	struct tls_facts in = {.kind = TLS_FAIL_SSL, .ssl_error = TLS_SSL_ERROR_SSL,
			       .has_err = true, .lib = TLS_LIB_SSL,
			       .reason = TLS_R_CERTIFICATE_VERIFY_FAILED,
			       .reason_text = "certificate verify failed",
			       .verify_code = TLS_V_ERR_IP_ADDRESS_MISMATCH,
			       .hostname = "192.0.2.1"};
	struct tls_failure f;

	CHECK(tls_failure_build(&f, &in));
	CHECK_STR(f.py3_class, "ssl.SSLCertVerificationError");
	CHECK_STR(f.py3_msg, "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify "
		  "failed: IP address mismatch, certificate is not valid for "
		  "'192.0.2.1'. (_ssl.c:1006)");
	/* 2.7 has no SSLCertVerificationError and no verify text */
	CHECK_STR(f.py2_class, "ssl.SSLError");
	CHECK_STR(f.py2_msg, "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify "
		  "failed (_ssl.c:727)");
	CHECK(f.code == 1);
	tls_failure_free(&f);
}

static void test_timeout_exits_4(void)
{
	struct tls_facts in = {.kind = TLS_FAIL_TIMEOUT};
	struct tls_failure f;

	CHECK(tls_failure_build(&f, &in));
	CHECK(tls_exit_status(&f) == EXIT_TIMEOUT);
	CHECK_STR(f.py3_class, "TimeoutError");
	tls_failure_free(&f);
}

static int match_name(const char *dn, size_t len, bool unicode, const char *host)
{
	struct py2_name n = {dn, len, unicode};
	const struct py2_name *bad;

	return py2_match_hostname(&n, 1, NULL, 0, host, &bad);
}

static bool match(const char *dn, const char *host)
{
	return match_name(dn, strlen(dn), false, host) > 0;
}

static bool umatch(const char *dn, const char *host)
{
	return match_name(dn, strlen(dn), true, host) > 0;
}

static void test_py2_dnsname_match(void)
{
	CHECK(match("*.example.org", "www.EXAMPLE.org"));
	CHECK(!match("*.example.org", "a.b.example.org"));
	CHECK(!match("*.example.org", "example.org"));
	CHECK(match("w*.example.org", "www.example.org"));
	CHECK(match("w*.example.org", "w.example.org"));
	CHECK(!match("w*.example.org", "xw.example.org"));
	CHECK(!match("xn--*.example.org", "xn--a.example.org"));
	CHECK(match("*", "localhost"));
	CHECK(!match("*", "a.b"));
	CHECK(!match("", "localhost"));
	CHECK(!match("a.*.example.org", "a.b.example.org"));
	CHECK(!match("*.example", ".example"));
	CHECK(match("f*o.example", "fXo.Example"));
	/* startswith('xn--') is case-sensitive (measured with 2.7.18) */
	CHECK(!match("XN--*.example", "xn--a.example"));
	CHECK(match("XN--*.example", "XN--a.example"));
	CHECK(match("x*.example", "XN--a.example"));
	/* str names are bytes: equal bytes match, ASCII folds */
	CHECK(match("b\xc3\xbc" "cher.example", "B\xc3\xbc" "CHER.example"));
}

/* What 2.7.18's ssl._dnsname_match answered for each (tests/ns/71-tls-names.sh
 * checks the same through a real handshake). */
static void test_py2_match_nul_and_unicode(void)
{
	const char nul[] = "good.example\0.evil";

	CHECK(match_name(nul, sizeof nul - 1, false, "good.example") == 0);
	CHECK(match_name(nul, sizeof nul - 1, true, "good.example") == 0);
	CHECK(match_name(nul, sizeof nul - 1, false, "good.example\\x00.evil") == 0);
	/* u'b\xfccher.example' == 'b\xc3\xbccher.example': a host that is not
	 * ASCII never equals a unicode name */
	CHECK(!umatch("b\xc3\xbc" "cher.example", "b\xc3\xbc" "cher.example"));
	CHECK(!umatch("b\xc3\xbc" "cher.example", "b\xfc" "cher.example"));
	/* the regex of a unicode name meets the host's bytes as code points */
	CHECK(umatch("*.b\xc3\xbc" "cher.example", "x.b\xfc" "cher.example"));
	CHECK(!umatch("*.b\xc3\xbc" "cher.example", "x.b\xc3\xbc" "cher.example"));
	/* unicode.lower(): KELVIN SIGN and U+0130 lower into ASCII; the
	 * regex's IGNORECASE does not fold them */
	CHECK(umatch("\xe2\x84\xaa.example", "K.EXAMPLE"));
	CHECK(umatch("\xc4\xb0.example", "I.example"));
	CHECK(!umatch("*.\xe2\x84\xaa", "a.k"));
}

static void test_py2_every_name(void)
{
	struct py2_name names[300];
	char text[300][24];
	const struct py2_name *bad;

	for (int i = 0; i < 300; i++) {
		snprintf(text[i], sizeof text[i], "n%d.example", i);
		names[i] = (struct py2_name){text[i], strlen(text[i]), i % 2 == 0};
	}
	CHECK(py2_match_hostname(names, 300, NULL, 0, "n299.example", &bad) == 1);
	CHECK(py2_match_hostname(NULL, 0, names, 300, "n298.example", &bad) == 1);
	CHECK(py2_match_hostname(names, 300, NULL, 0, "n300.example", &bad) == 0 &&
	      bad == NULL);
	/* too many wildcards: raised at that name, later ones not tried */
	names[100] = (struct py2_name){"*a*.example", 11, false};
	CHECK(py2_match_hostname(names, 300, NULL, 0, "n299.example", &bad) == 0 &&
	      bad == &names[100]);
}

static void test_py2_repr(void)
{
	struct sbuf b = {0};

	py2_repr(&b, "it's", 4, false);
	CHECK_STR(sb_str(&b), "\"it's\"");
	sb_reset(&b);
	py2_repr(&b, "caf\xc3\xa9\x1b\\", 7, true);
	CHECK_STR(sb_str(&b), "u'caf\\xe9\\x1b\\\\'");
	sb_reset(&b);
	py2_repr(&b, "\xe2\x82\xac\t", 4, true);
	CHECK_STR(sb_str(&b), "u'\\u20ac\\t'");
	sb_reset(&b);
	py2_repr(&b, "good.example\0.evil", 18, false);
	CHECK_STR(sb_str(&b), "'good.example\\x00.evil'");
	sb_reset(&b);
	py2_repr(&b, "good.example\0.evil\"'", 20, true);
	CHECK_STR(sb_str(&b), "u'good.example\\x00.evil\"\\''");
	sb_reset(&b);
	/* a UTF-8 sequence cut by the end: its bytes, escaped */
	py2_repr(&b, "\xc3\xbc", 1, true);
	CHECK_STR(sb_str(&b), "u'\\xc3'");
	sb_free(&b);
}

/* 2.7's CertificateError lists every name, NULs shown as 2.7 shows them. */
static void test_py2_hostname_message(void)
{
	const char nul[] = "good.example\0.evil";
	struct py2_name names[2] = {{nul, sizeof nul - 1, false},
				    {nul, sizeof nul - 1, true}};
	struct tls_facts in = {.kind = TLS_FAIL_HOSTNAME, .py2 = true,
			       .hostname = "b\xc3\xbc" "cher.example",
			       .names = names, .nnames = 2};
	struct tls_failure f;

	CHECK(tls_failure_build(&f, &in));
	CHECK_STR(f.py2_msg, "hostname 'b\\xc3\\xbccher.example' doesn't match "
		  "either of 'good.example\\x00.evil', u'good.example\\x00.evil'");
	tls_failure_free(&f);
}

/* 3.11's _ssl_configure_hostname: SNI refused (over 255 bytes), and an
 * encoded name that starts with a dot. */
static void test_servername_refused(void)
{
	struct tls_facts in = {.kind = TLS_FAIL_SSL, .op = TLS_OP_SNI,
			       .has_err = true, .lib = TLS_LIB_SSL, .reason = 319,
			       .reason_text = "ssl3 ext invalid servername"};
	struct tls_failure f;
	int rc;
	char *s = py3_line(&in, &rc);

	CHECK_STR(s, "ssl.SSLError: [SSL: SSL3_EXT_INVALID_SERVERNAME] ssl3 ext "
		  "invalid servername (_ssl.c:759)");
	CHECK(rc == EXIT_SSL);
	free(s);
	CHECK(tls_failure_build(&f, &in) && f.code == 319);
	tls_failure_free(&f);
	in = (struct tls_facts){.kind = TLS_FAIL_SERVERNAME};
	s = py3_line(&in, &rc);
	CHECK_STR(s, "ValueError: server_hostname cannot be an empty string or "
		  "start with a leading dot.");
	CHECK(rc == EXIT_SOCKET);
	free(s);
}

static bool expects(const char *outcomes, const struct tls_failure *f)
{
	struct expect e;
	const char *why;
	struct result r = {.err = sk_ssl(STAGE_TLS, f)};

	return expect_parse(outcomes, &e, &why) && expect_match(&e, &r);
}

static struct tls_failure failure(const struct tls_facts *in)
{
	struct tls_failure f;

	if (!tls_failure_build(&f, in))
		abort();
	return f;
}

static void test_expect_ssl(void)
{
	struct tls_facts cvf = {.kind = TLS_FAIL_SSL, .ssl_error = TLS_SSL_ERROR_SSL,
				.has_err = true, .lib = TLS_LIB_SSL,
				.reason = TLS_R_CERTIFICATE_VERIFY_FAILED,
				.reason_text = "certificate verify failed"};
	struct tls_facts eof = {.kind = TLS_FAIL_SSL, .ssl_error = TLS_SSL_ERROR_SSL,
				.has_err = true, .lib = TLS_LIB_SSL,
				.reason = TLS_R_UNEXPECTED_EOF_WHILE_READING};
	struct tls_facts name = {.kind = TLS_FAIL_HOSTNAME, .py2 = true,
				 .hostname = "x"};
	struct tls_facts hs = {.kind = TLS_FAIL_TIMEOUT};
	struct tls_failure f3, f2, e3, e2, n2, t3, t2;
	struct expect e;
	const char *why;

	f3 = failure(&cvf);
	cvf.py2 = true;
	f2 = failure(&cvf);
	e3 = failure(&eof);
	eof.py2 = true;
	e2 = failure(&eof);
	n2 = failure(&name);
	t3 = failure(&hs);
	hs.py2 = true;
	t2 = failure(&hs);
	/* except ssl.SSLError: every ssl.* of 3.11; in 2.7 not the
	 * CertificateError (a ValueError there), but its handshake timeout */
	CHECK(expects("ssl.SSLError", &f3) && expects("SSLError", &f2) &&
	      expects("ssl.SSLError", &e3) && !expects("ssl.SSLError", &n2) &&
	      !expects("ssl.SSLError", &t3) && expects("ssl.SSLError", &t2));
	/* 3.11: CertificateError is SSLCertVerificationError */
	CHECK(expects("ssl.SSLCertVerificationError", &f3) &&
	      expects("ssl.CertificateError", &f3) &&
	      !expects("ssl.CertificateError", &f2) &&
	      expects("ssl.CertificateError", &n2));
	/* a class 2.7 lacks: what 3.11 raises it for */
	CHECK(expects("ssl.SSLCertVerificationError", &f2) &&
	      expects("ssl.SSLCertVerificationError", &n2) &&
	      !expects("ssl.SSLCertVerificationError", &e2));
	CHECK(expects("ssl.SSLEOFError", &e3) && !expects("ssl.SSLEOFError", &e2) &&
	      !expects("ssl.SSLEOFError", &f3));
	/* the reason: OpenSSL's name, or the emulated interpreter's */
	CHECK(expects("CERTIFICATE_VERIFY_FAILED", &f3) &&
	      expects("certificate_verify_failed", &f2) &&
	      !expects("CERTIFICATE_VERIFY_FAILED", &n2) &&
	      !expects("WRONG_VERSION_NUMBER", &f3));
	CHECK(expects("UNEXPECTED_EOF_WHILE_READING", &e3) &&
	      expects("UNEXPECTED_EOF_WHILE_READING", &e2) &&
	      expects("KRB5_S_TKT_NYV", &e2) && !expects("KRB5_S_TKT_NYV", &e3));
	/* a timeout, however spelled, in every format */
	CHECK(expects("timeout", &t3) && expects("timeout", &t2) &&
	      expects("socket.timeout", &t3) && expects("socket.timeout", &t2) &&
	      !expects("timeout", &f3) && !expects("socket.error", &f3));
	/* whole words only */
	CHECK(!expect_parse("CERTIFICATE_VERIFY", &e, &why));
	CHECK(!expect_parse("CERTIFICATE_VERIFY_FAILEDX", &e, &why));
	CHECK(!expect_parse("ssl.SSLErr", &e, &why));
	CHECK(!expect_parse("ssl.sslerror", &e, &why));
	CHECK(!expect_parse("SSL3_EXT_INVALID_SERVERNAM", &e, &why));
	tls_failure_free(&f3);
	tls_failure_free(&f2);
	tls_failure_free(&e3);
	tls_failure_free(&e2);
	tls_failure_free(&n2);
	tls_failure_free(&t3);
	tls_failure_free(&t2);
}

/* --python: the Python 3 side of the failure is that release's
 * (measured: /work/shared/PYVERSIONS.md, tests/ns/79-pyversions.sh). */
static void check_v(enum py_version v, struct tls_facts in, const char *want)
{
	int rc;
	char *s;

	in.python = v;
	s = py3_line(&in, &rc);
	CHECK_STR(s, want);
	free(s);
}

static void test_versions(void)
{
	struct tls_facts cvf = {.kind = TLS_FAIL_SSL, .ssl_error = TLS_SSL_ERROR_SSL,
				.has_err = true, .lib = TLS_LIB_SSL,
				.reason = TLS_R_CERTIFICATE_VERIFY_FAILED,
				.reason_text = "certificate verify failed",
				.verify_code = 18,
				.verify_text = "self-signed certificate"};
	struct tls_facts eof = cvf;
	struct tls_facts hs = {.kind = TLS_FAIL_TIMEOUT, .op = TLS_OP_HANDSHAKE};

	eof.reason = TLS_R_UNEXPECTED_EOF_WHILE_READING;
	eof.reason_text = "unexpected eof while reading";
	check_v(PYV_3_6, cvf, "ssl.SSLError: [SSL: CERTIFICATE_VERIFY_FAILED] "
		"certificate verify failed (_ssl.c:852)");
	check_v(PYV_3_7, cvf, "ssl.SSLCertVerificationError: [SSL: "
		"CERTIFICATE_VERIFY_FAILED] certificate verify failed: "
		"self-signed certificate (_ssl.c:1091)");
	check_v(PYV_3_13, cvf, "ssl.SSLCertVerificationError: [SSL: "
		"CERTIFICATE_VERIFY_FAILED] certificate verify failed: "
		"self-signed certificate (_ssl.c:1020)");
	check_v(PYV_3_7, eof, "ssl.SSLError: [SSL: KRB5_S_TKT_NYV] unexpected "
		"eof while reading (_ssl.c:1091)");
	check_v(PYV_3_10, eof, "ssl.SSLEOFError: [SSL: UNEXPECTED_EOF_WHILE_READING] "
		"EOF occurred in violation of protocol (_ssl.c:1007)");
	check_v(PYV_3_9, hs, "socket.timeout: _ssl.c:1112: The handshake "
		"operation timed out");
	check_v(PYV_3_12, hs, "TimeoutError: _ssl.c:983: The handshake "
		"operation timed out");
	/* --expect: 3.6 lacks SSLCertVerificationError: what 3.11 raises
	 * for the same failure matches it */
	{
		struct tls_failure f;

		cvf.python = PYV_3_6;
		CHECK(tls_failure_build(&f, &cvf));
		CHECK(tls_failure_is_a(&f, tls_class_parse("SSLCertVerificationError")));
		CHECK(tls_failure_is_a(&f, tls_class_parse("ssl.SSLError")));
		CHECK(!tls_failure_is_a(&f, tls_class_parse("SSLEOFError")));
		tls_failure_free(&f);
	}
	/* 2.7 builds 3.11's beside its own */
	check_v(PYV_2_7, hs, "TimeoutError: _ssl.c:989: The handshake "
		"operation timed out");
}

UNIT_TESTS(tlserror) = {
	{"--python: each release's classes and _ssl.c lines", test_versions},
	{"mnemonic tables sorted, every entry found", test_tables_sorted},
	{"[LIB] text and text alone when a name is missing", test_shortened_forms},
	{"verify text in 3.11 only", test_verify_text},
	{"handshake timeout exits 4", test_timeout_exits_4},
	{"2.7's _dnsname_match", test_py2_dnsname_match},
	{"2.7's _dnsname_match: NULs, unicode names", test_py2_match_nul_and_unicode},
	{"2.7's match_hostname reads every name", test_py2_every_name},
	{"Python 2 repr of str and unicode", test_py2_repr},
	{"2.7's CertificateError: every name, NULs shown", test_py2_hostname_message},
	{"3.11 refuses a server name: SNI, leading dot", test_servername_refused},
	{"--expect: ssl classes, reasons, timeouts", test_expect_ssl},
	{NULL, NULL},
};
