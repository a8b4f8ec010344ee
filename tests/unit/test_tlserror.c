/* The ssl.* text built from OpenSSL's facts (src/tls/tlserror.c): the table
 * lookups and the shortened forms CPython uses when a name is missing. */
#include <stdlib.h>

#include "model/exitcode.h"
#include "base/sbuf.h"
#include "gen/ssl_names.h"
#include "tls/tlserror.h"
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

static bool match(const char *dn, const char *host)
{
	struct py2_name n = {dn, false};
	const char *bad;
	bool u;

	return py2_match_hostname(&n, 1, NULL, 0, host, &bad, &u);
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
	CHECK(!match("", "localhost"));
	CHECK(!match("a.*.example.org", "a.b.example.org"));
}

static void test_py2_repr(void)
{
	struct sbuf b = {0};

	py2_repr(&b, "it's", false);
	CHECK_STR(sb_str(&b), "\"it's\"");
	sb_reset(&b);
	py2_repr(&b, "caf\xc3\xa9\x1b\\", true);
	CHECK_STR(sb_str(&b), "u'caf\\xe9\\x1b\\\\'");
	sb_reset(&b);
	py2_repr(&b, "\xe2\x82\xac\t", true);
	CHECK_STR(sb_str(&b), "u'\\u20ac\\t'");
	sb_free(&b);
}

UNIT_TESTS(tlserror) = {
	{"mnemonic tables sorted, every entry found", test_tables_sorted},
	{"[LIB] text and text alone when a name is missing", test_shortened_forms},
	{"verify text in 3.11 only", test_verify_text},
	{"handshake timeout exits 4", test_timeout_exits_4},
	{"2.7's _dnsname_match", test_py2_dnsname_match},
	{"Python 2 repr of str and unicode", test_py2_repr},
	{NULL, NULL},
};
