/* The text of a failed TLS stage, as CPython 3.11 and Python 2.7 build it:
 * exception class, "[LIB: REASON] text: verify (_ssl.c:LINE)", exit status. */
#include "tls/tlserror.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "model/exitcode.h"
#include "gen/ssl_names.h"

/* Modules/_ssl.c's enum py_ssl_error: the exception's errno. */
enum py_ssl_error {
	PY_SSL_ERROR_SSL = 1,
	PY_SSL_ERROR_SYSCALL = 5,
	PY_SSL_ERROR_ZERO_RETURN = 6,
	PY_SSL_ERROR_EOF = 8,
	PY_SSL_ERROR_INVALID_ERROR_CODE = 10,
};

#define EOF_TEXT "EOF occurred in violation of protocol"

const char *ssl_lib_name(const struct ssl_names *t, int lib)
{
	size_t lo = 0, hi = t->nlibs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (t->libs[mid].lib == lib)
			return t->libs[mid].name;
		if (t->libs[mid].lib < lib)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const char *ssl_reason_name(const struct ssl_names *t, int lib, int reason)
{
	size_t lo = 0, hi = t->nreasons;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct ssl_reason_name *r = &t->reasons[mid];

		if (r->lib == lib && r->reason == reason)
			return r->name;
		if (r->lib < lib || (r->lib == lib && r->reason < reason))
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* What PySSL_SetError decides before it builds the message. */
struct ssl_verdict {
	const char *cls;
	const char *errstr;	/* NULL: the reason's text */
	int code;
	bool verify;		/* SSLCertVerificationError: add the verify text */
};

static bool is_ssl_reason(const struct tls_facts *in, int reason)
{
	return in->has_err && in->lib == TLS_LIB_SSL && in->reason == reason;
}

static struct ssl_verdict ssl_verdict(const struct tls_facts *in, bool py3)
{
	struct ssl_verdict v = {"ssl.SSLError", NULL, 0, false};

	switch (in->ssl_error) {
	case TLS_SSL_ERROR_ZERO_RETURN:
		v = (struct ssl_verdict){"ssl.SSLZeroReturnError",
			"TLS/SSL connection has been closed (EOF)",
			PY_SSL_ERROR_ZERO_RETURN, false};
		break;
	case TLS_SSL_ERROR_SYSCALL:
		/* with an errno the caller raised OSError instead */
		if (!in->has_err)
			v = (struct ssl_verdict){"ssl.SSLEOFError", EOF_TEXT,
						 PY_SSL_ERROR_EOF, false};
		else
			v.code = PY_SSL_ERROR_SYSCALL;
		break;
	case TLS_SSL_ERROR_SSL:
		v.code = PY_SSL_ERROR_SSL;
		if (!in->has_err)
			v.errstr = "A failure in the SSL library occurred";
		if (py3 && is_ssl_reason(in, TLS_R_CERTIFICATE_VERIFY_FAILED)) {
			v.cls = "ssl.SSLCertVerificationError";
			v.verify = true;
		}
		/* OpenSSL 3 reports a transport EOF this way; 3.11 knows it */
		if (py3 && is_ssl_reason(in, TLS_R_UNEXPECTED_EOF_WHILE_READING))
			v = (struct ssl_verdict){"ssl.SSLEOFError", EOF_TEXT,
						 PY_SSL_ERROR_EOF, false};
		break;
	default:
		v.errstr = "Invalid error code";
		v.code = PY_SSL_ERROR_INVALID_ERROR_CODE;
	}
	return v;
}

static void verify_text(struct sbuf *b, const struct tls_facts *in)
{
	if (in->verify_code == TLS_V_ERR_HOSTNAME_MISMATCH)
		sb_printf(b, "Hostname mismatch, certificate is not valid for '%s'.",
			  in->hostname);
	else if (in->verify_code == TLS_V_ERR_IP_ADDRESS_MISMATCH)
		sb_printf(b, "IP address mismatch, certificate is not valid for '%s'.",
			  in->hostname);
	else
		sb_adds(b, in->verify_text ? in->verify_text : "None");
}

bool tls_ragged_eof(const struct tls_facts *in, bool py3)
{
	return ssl_verdict(in, py3).code == PY_SSL_ERROR_EOF;
}

static int ssl_line(enum tls_op op, bool py3)
{
	switch (op) {
	case TLS_OP_READ:
		return py3 ? PY3_SSL_LINE_READ : PY2_SSL_LINE_READ;
	case TLS_OP_WRITE:
		return py3 ? PY3_SSL_LINE_WRITE : PY2_SSL_LINE_WRITE;
	default:
		return py3 ? PY3_SSL_LINE_HANDSHAKE : PY2_SSL_LINE_HANDSHAKE;
	}
}

/* fill_and_set_sslerror's message. */
static char *ssl_message(const struct tls_facts *in, bool py3, int *code,
			 const char **cls)
{
	const struct ssl_names *t = py3 ? &ssl_names_py3 : &ssl_names_py2;
	struct ssl_verdict v = ssl_verdict(in, py3);
	const char *lib = NULL, *reason = NULL, *errstr = v.errstr;
	int line = ssl_line(in->op, py3);
	struct sbuf b = {0};

	if (in->has_err) {
		lib = ssl_lib_name(t, in->lib);
		reason = ssl_reason_name(t, in->lib, in->reason);
		if (!errstr)
			errstr = in->reason_text;
	}
	if (!errstr)
		errstr = "unknown error";
	if (lib && reason)
		sb_printf(&b, "[%s: %s] %s", lib, reason, errstr);
	else if (lib)
		sb_printf(&b, "[%s] %s", lib, errstr);
	else
		sb_adds(&b, errstr);
	if (v.verify && lib && reason) {
		sb_adds(&b, ": ");
		verify_text(&b, in);
	}
	sb_printf(&b, " (_ssl.c:%d)", line);
	*code = v.code;
	*cls = v.cls;
	if (b.oom) {
		sb_free(&b);
		return NULL;
	}
	return b.p;
}

/* Python 2's repr() of one code point of a unicode string. */
static void repr_unicode_char(struct sbuf *b, unsigned long c)
{
	if (c < 0x100)
		sb_printf(b, "\\x%02lx", c);
	else if (c < 0x10000)
		sb_printf(b, "\\u%04lx", c);
	else
		sb_printf(b, "\\U%08lx", c);
}

/* Decodes one UTF-8 sequence; 0 when it is not one (a lone byte). */
static size_t utf8_next(const unsigned char *s, unsigned long *c)
{
	size_t n = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc0 ? 2 : 0;

	if (n == 0 || s[0] >= 0xf8)
		return 0;
	*c = s[0] & (0x7f >> n);
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		*c = (*c << 6) | (s[i] & 0x3f);
	}
	return n;
}

void py2_repr(struct sbuf *b, const char *s, bool unicode)
{
	const unsigned char *p = (const unsigned char *)s;
	char q = strchr(s, '\'') && !strchr(s, '"') ? '"' : '\'';

	if (unicode)
		sb_addc(b, 'u');
	sb_addc(b, q);
	while (*p) {
		unsigned long c;
		size_t n;

		if (*p == q || *p == '\\')
			sb_printf(b, "\\%c", *p);
		else if (*p == '\t')
			sb_adds(b, "\\t");
		else if (*p == '\n')
			sb_adds(b, "\\n");
		else if (*p == '\r')
			sb_adds(b, "\\r");
		else if (*p >= 0x20 && *p < 0x7f)
			sb_addc(b, (char)*p);
		else if (unicode && *p >= 0x80 && (n = utf8_next(p, &c)) > 0) {
			repr_unicode_char(b, c);
			p += n;
			continue;
		} else
			sb_printf(b, "\\x%02x", *p);
		p++;
	}
	sb_addc(b, q);
}

/* ssl.py's _dnsname_match: the leftmost label may hold one '*'. */
static int dnsname_match(const char *dn, const char *host)
{
	const char *dot = strchr(dn, '.'), *hdot = strchr(host, '.');
	size_t left = dot ? (size_t)(dot - dn) : strlen(dn);
	size_t hleft = hdot ? (size_t)(hdot - host) : strlen(host);
	const char *star = memchr(dn, '*', left);
	size_t pre, suf;

	if (!*dn)
		return 0;
	if (star && memchr(star + 1, '*', left - (size_t)(star - dn) - 1))
		return -1;
	if (!star)
		return strcasecmp(dn, host) == 0;
	/* the rest must be equal, dots included */
	if ((dot == NULL) != (hdot == NULL) || (dot && strcasecmp(dot, hdot) != 0))
		return 0;
	if (left == 1)	/* "*" alone: a non-empty label */
		return hleft > 0;
	if (strncasecmp(dn, "xn--", 4) == 0 || strncasecmp(host, "xn--", 4) == 0)
		return left == hleft && strncasecmp(dn, host, left) == 0;
	pre = (size_t)(star - dn);
	suf = left - pre - 1;
	return hleft >= pre + suf && strncasecmp(dn, host, pre) == 0 &&
	       strncasecmp(star + 1, host + hleft - suf, suf) == 0;
}

static int match_list(const struct py2_name *names, size_t n, const char *host,
		      const char **bad, bool *bad_unicode)
{
	for (size_t i = 0; i < n; i++) {
		int m = dnsname_match(names[i].s, host);

		if (m < 0) {
			*bad = names[i].s;
			*bad_unicode = names[i].unicode;
		}
		if (m != 0)
			return m;
	}
	return 0;
}

bool py2_match_hostname(const struct py2_name *dns, size_t ndns,
			const struct py2_name *cns, size_t ncns,
			const char *hostname, const char **bad_wildcard,
			bool *bad_unicode)
{
	int m;

	*bad_wildcard = NULL;
	if (ndns)
		m = match_list(dns, ndns, hostname, bad_wildcard, bad_unicode);
	else
		m = match_list(cns, ncns, hostname, bad_wildcard, bad_unicode);
	return m > 0;
}

static char *hostname_message(const struct tls_facts *in)
{
	struct sbuf b = {0};

	if (in->bad_wildcard) {
		sb_adds(&b, "too many wildcards in certificate DNS name: ");
		py2_repr(&b, in->bad_wildcard, in->bad_wildcard_unicode);
	} else if (in->nnames == 0) {
		sb_adds(&b, "no appropriate commonName or subjectAltName fields "
			    "were found");
	} else {
		sb_adds(&b, "hostname ");
		py2_repr(&b, in->hostname, false);
		sb_adds(&b, in->nnames > 1 ? " doesn't match either of "
					   : " doesn't match ");
		for (size_t i = 0; i < in->nnames; i++) {
			if (i)
				sb_adds(&b, ", ");
			py2_repr(&b, in->names[i].s, in->names[i].unicode);
		}
	}
	if (b.oom) {
		sb_free(&b);
		return NULL;
	}
	return b.p;
}

static char *days_message(const struct tls_facts *in)
{
	char *s = NULL;
	int rc;

	if (in->days_left < 0)
		rc = asprintf(&s, "certificate expired %s, %ld day%s ago "
			      "(--cert-days=%d)", in->not_after, -in->days_left,
			      in->days_left == -1 ? "" : "s", in->cert_days);
	else
		rc = asprintf(&s, "certificate expires %s, in %ld day%s "
			      "(--cert-days=%d)", in->not_after, in->days_left,
			      in->days_left == 1 ? "" : "s", in->cert_days);
	return rc < 0 ? NULL : s;
}

/* The handshake's message carries ERRSTR's "_ssl.c:LINE: "; a read's or
 * a write's does not.  2.7 raises ssl.SSLError with one argument. */
static void timeout_messages(struct tls_failure *f, enum tls_op op)
{
	const char *what = op == TLS_OP_READ ? "read"
			 : op == TLS_OP_WRITE ? "write" : "handshake";
	char where3[24] = "", where2[24] = "";

	if (op == TLS_OP_HANDSHAKE) {
		snprintf(where3, sizeof where3, "_ssl.c:%d: ", PY3_SSL_LINE_TIMEOUT);
		snprintf(where2, sizeof where2, "_ssl.c:%d: ", PY2_SSL_LINE_TIMEOUT);
	}
	f->py3_class = "TimeoutError";
	f->py2_class = "ssl.SSLError";
	if (asprintf(&f->py3_msg, "%sThe %s operation timed out", where3, what) < 0)
		f->py3_msg = NULL;
	if (asprintf(&f->py2_msg, "('%sThe %s operation timed out',)", where2,
		     what) < 0)
		f->py2_msg = NULL;
	f->exit_status = EXIT_TIMEOUT;
}

bool tls_failure_build(struct tls_failure *f, const struct tls_facts *in)
{
	int code2 = -1;

	*f = (struct tls_failure){.code = -1, .exit_status = EXIT_SSL};
	switch (in->kind) {
	case TLS_FAIL_SSL:
		f->py3_msg = ssl_message(in, true, &f->code, &f->py3_class);
		f->py2_msg = ssl_message(in, false, &code2, &f->py2_class);
		if (in->has_err)
			f->name = ssl_reason_name(&ssl_names_py3, in->lib, in->reason);
		break;
	case TLS_FAIL_TIMEOUT:
		timeout_messages(f, in->op);
		break;
	case TLS_FAIL_HOSTNAME:
		f->py2_class = f->py3_class = "ssl.CertificateError";
		f->py2_msg = hostname_message(in);
		f->py3_msg = f->py2_msg ? strdup(f->py2_msg) : NULL;
		break;
	case TLS_FAIL_PRE_DATA:
		f->py2_class = f->py3_class = "ssl.SSLError";
		f->py2_msg = strdup("Closed before TLS handshake with data in "
				    "recv buffer.");
		f->py3_msg = f->py2_msg ? strdup(f->py2_msg) : NULL;
		f->code = 107;	/* ENOTCONN, as ssl.py passes it */
		break;
	case TLS_FAIL_CERT_DAYS:
		f->py2_class = f->py3_class = "sockerr.CertificateExpiring";
		f->py2_msg = days_message(in);
		f->py3_msg = f->py2_msg ? strdup(f->py2_msg) : NULL;
		f->exit_status = EXIT_CERT_DAYS;
		break;
	}
	if (f->py2_msg && f->py3_msg)
		return true;
	tls_failure_free(f);
	return false;
}

void tls_failure_free(struct tls_failure *f)
{
	free(f->py2_msg);
	free(f->py3_msg);
	f->py2_msg = f->py3_msg = NULL;
}

int tls_exit_status(const struct tls_failure *f)
{
	return f->exit_status;
}
