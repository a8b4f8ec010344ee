/* The text of a failed TLS stage, as CPython 3.11 and Python 2.7 build it:
 * exception class, "[LIB: REASON] text: verify (_ssl.c:LINE)", exit status. */
#include "model/tlserror.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/utf8.h"
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

/* The Python 3 a facts.python stands for: itself, or 3.11 for 2.7. */
static const struct pyver *tls_py3(enum py_version v)
{
	return pyver_get(pyver_py3(v));
}

/* The interpreter whose side of the failure is built. */
static const struct pyver *side(const struct tls_facts *in, bool py3)
{
	return py3 ? tls_py3(in->python) : pyver_get(PYV_2_7);
}

static struct ssl_verdict ssl_verdict(const struct tls_facts *in, bool py3)
{
	const struct pyver *p = side(in, py3);

	struct ssl_verdict v = {"ssl.SSLError", NULL, 0, false};

	/* _setSSLError: the errno is the queued error's reason */
	if (in->op == TLS_OP_SNI) {
		v.code = in->has_err ? in->reason : 0;
		return v;
	}
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
		if (p->ssl_verify_class &&
		    is_ssl_reason(in, TLS_R_CERTIFICATE_VERIFY_FAILED)) {
			v.cls = "ssl.SSLCertVerificationError";
			v.verify = true;
		}
		/* OpenSSL 3 reports a transport EOF this way; 3.10+ know it */
		if (p->ssl_eof_error && is_ssl_reason(in, TLS_R_UNEXPECTED_EOF_WHILE_READING))
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

static int ssl_line(enum tls_op op, const struct pyver *p)
{
	switch (op) {
	case TLS_OP_READ:
		return p->ssl_read;
	case TLS_OP_WRITE:
		return p->ssl_write;
	case TLS_OP_SNI:	/* 2.7 never fails there: its line is 3.11's */
		return PY3_SSL_LINE_SNI;
	default:
		return p->ssl_handshake;
	}
}

/* fill_and_set_sslerror's message. */
static char *ssl_message(const struct tls_facts *in, bool py3, int *code,
			 const char **cls)
{
	const struct pyver *p = side(in, py3);
	const struct ssl_names *t = p->ssl_old_names ? &ssl_names_py2
						     : &ssl_names_py3;
	struct ssl_verdict v = ssl_verdict(in, py3);
	const char *lib = NULL, *reason = NULL, *errstr = v.errstr;
	int line = ssl_line(in->op, p);
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

/* One UTF-8 sequence of at most left bytes (base/utf8.h, strict, as the
 * UTF-8 OpenSSL's ASN1_STRING_to_UTF8 makes); 0 when it is not one (a
 * lone byte). */
static size_t utf8_next(const unsigned char *s, size_t left, unsigned long *c)
{
	uint32_t cp;
	size_t n = utf8_decode(s, left, &cp);

	if (n > 0)
		*c = cp;
	return n;
}

void py2_repr(struct sbuf *b, const char *s, size_t len, bool unicode)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	char q = memchr(s, '\'', len) && !memchr(s, '"', len) ? '"' : '\'';

	if (unicode)
		sb_addc(b, 'u');
	sb_addc(b, q);
	while (p < end) {
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
		else if (unicode && *p >= 0x80 &&
			 (n = utf8_next(p, (size_t)(end - p), &c)) > 0) {
			repr_unicode_char(b, c);
			p += n;
			continue;
		} else
			sb_printf(b, "\\x%02x", *p);
		p++;
	}
	sb_addc(b, q);
}

/* A name as the characters Python 2 compares: a str's bytes, a unicode's
 * code points (decoded from UTF-8). */
struct chars {
	unsigned long *c;
	size_t n;
};

static bool chars_of(const struct py2_name *name, struct chars *out)
{
	const unsigned char *p = (const unsigned char *)name->s;
	const unsigned char *end = p + name->len;

	out->n = 0;
	out->c = malloc((name->len ? name->len : 1) * sizeof *out->c);
	if (!out->c)
		return false;
	while (p < end) {
		size_t k = name->unicode && *p >= 0x80
			   ? utf8_next(p, (size_t)(end - p), &out->c[out->n]) : 0;

		if (k == 0)
			out->c[out->n] = *p, k = 1;
		out->n++;
		p += k;
	}
	return true;
}

static unsigned long ascii_lower(unsigned long c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

/* unicode.lower() in 2.7 (simple case mapping), as far as an ASCII
 * host can tell: the two letters outside ASCII that lower into it. */
static unsigned long unicode_lower(unsigned long c)
{
	if (c == 0x130)		/* LATIN CAPITAL LETTER I WITH DOT ABOVE */
		return 'i';
	if (c == 0x212a)	/* KELVIN SIGN */
		return 'k';
	return ascii_lower(c);
}

static bool has_high_byte(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return true;
	return false;
}

/* dn.lower() == hostname.lower(): a unicode dn decodes the str host as
 * ASCII, and a host that is not ASCII is never equal (UnicodeWarning). */
static bool equal_lower(const struct chars *dn, bool unicode, const char *host)
{
	size_t hlen = strlen(host);

	if (unicode && has_high_byte(host))
		return false;
	if (dn->n != hlen)
		return false;
	for (size_t i = 0; i < hlen; i++) {
		unsigned long c = unicode ? unicode_lower(dn->c[i])
					  : ascii_lower(dn->c[i]);

		if (c != ascii_lower((unsigned char)host[i]))
			return false;
	}
	return true;
}

/* re.IGNORECASE without re.UNICODE folds ASCII only; a unicode pattern
 * meets a str host byte by byte. */
static bool same_char(unsigned long pat, unsigned char h)
{
	return ascii_lower(pat) == ascii_lower(h);
}

static bool starts_xn(const unsigned long *c, size_t n)
{
	return n >= 4 && c[0] == 'x' && c[1] == 'n' && c[2] == '-' && c[3] == '-';
}

/* The regex _dnsname_match builds, matched against the whole host:
 * leftmost label (its '*' as [^.]*, or "*" alone as [^.]+), then the
 * remainder literally. */
static bool wildcard_match(const struct chars *dn, size_t left, const char *host)
{
	const unsigned char *h = (const unsigned char *)host;
	size_t hlen = strlen(host), hleft = 0, star = 0, pre, suf;

	while (hleft < hlen && h[hleft] != '.')
		hleft++;
	/* the remainder: ".rest" on both sides, dots included */
	if (dn->n - left != hlen - hleft)
		return false;
	for (size_t i = left; i < dn->n; i++)
		if (!same_char(dn->c[i], h[hleft + (i - left)]))
			return false;
	if (left == 1 && dn->c[0] == '*')
		return hleft > 0;
	if (starts_xn(dn->c, left) || strncmp(host, "xn--", 4) == 0) {
		/* re.escape(leftmost): the '*' is a literal */
		if (left != hleft)
			return false;
		for (size_t i = 0; i < left; i++)
			if (!same_char(dn->c[i], h[i]))
				return false;
		return true;
	}
	while (dn->c[star] != '*')
		star++;
	pre = star;
	suf = left - star - 1;
	if (hleft < pre + suf)
		return false;
	for (size_t i = 0; i < pre; i++)
		if (!same_char(dn->c[i], h[i]))
			return false;
	for (size_t i = 0; i < suf; i++)
		if (!same_char(dn->c[star + 1 + i], h[hleft - suf + i]))
			return false;
	return true;
}

/* ssl.py's _dnsname_match: 1 on a match, 0 not, -1 too many wildcards
 * (CertificateError), -2 out of memory. */
static int dnsname_match(const struct py2_name *name, const char *host)
{
	struct chars dn;
	size_t left = 0, stars = 0;
	int m;

	if (name->len == 0)
		return 0;
	if (!chars_of(name, &dn))
		return -2;
	while (left < dn.n && dn.c[left] != '.')
		stars += dn.c[left++] == '*';
	if (stars > 1)
		m = -1;
	else if (stars == 0)
		m = equal_lower(&dn, name->unicode, host);
	else
		m = wildcard_match(&dn, left, host);
	free(dn.c);
	return m;
}

static int match_list(const struct py2_name *names, size_t n, const char *host,
		      const struct py2_name **bad)
{
	for (size_t i = 0; i < n; i++) {
		int m = dnsname_match(&names[i], host);

		if (m == -1) {	/* raised there: no later name is tried */
			*bad = &names[i];
			return 0;
		}
		if (m != 0)
			return m > 0 ? 1 : -1;
	}
	return 0;
}

int py2_match_hostname(const struct py2_name *dns, size_t ndns,
		       const struct py2_name *cns, size_t ncns,
		       const char *hostname,
		       const struct py2_name **bad_wildcard)
{
	*bad_wildcard = NULL;
	if (ndns)
		return match_list(dns, ndns, hostname, bad_wildcard);
	return match_list(cns, ncns, hostname, bad_wildcard);
}

static char *hostname_message(const struct tls_facts *in)
{
	struct sbuf b = {0};

	if (in->bad_wildcard) {
		sb_adds(&b, "too many wildcards in certificate DNS name: ");
		py2_repr(&b, in->bad_wildcard->s, in->bad_wildcard->len,
			 in->bad_wildcard->unicode);
	} else if (in->nnames == 0) {
		sb_adds(&b, "no appropriate commonName or subjectAltName fields "
			    "were found");
	} else {
		sb_adds(&b, "hostname ");
		py2_repr(&b, in->hostname, strlen(in->hostname), false);
		sb_adds(&b, in->nnames > 1 ? " doesn't match either of "
					   : " doesn't match ");
		for (size_t i = 0; i < in->nnames; i++) {
			if (i)
				sb_adds(&b, ", ");
			py2_repr(&b, in->names[i].s, in->names[i].len,
				 in->names[i].unicode);
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
static void timeout_messages(struct tls_failure *f, enum tls_op op,
			     const struct pyver *p)
{
	const char *what = op == TLS_OP_READ ? "read"
			 : op == TLS_OP_WRITE ? "write" : "handshake";
	char where3[24] = "", where2[24] = "";

	if (op == TLS_OP_HANDSHAKE) {
		snprintf(where3, sizeof where3, "_ssl.c:%d: ", p->ssl_timeout);
		snprintf(where2, sizeof where2, "_ssl.c:%d: ",
			 pyver_get(PYV_2_7)->ssl_timeout);
	}
	f->timeout = true;
	f->py3_class = p->timeout_class;
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

	*f = (struct tls_failure){.code = -1, .exit_status = EXIT_SSL,
				  .py2 = in->py2, .python = in->python};
	switch (in->kind) {
	case TLS_FAIL_SSL:
		f->py3_msg = ssl_message(in, true, &f->code, &f->py3_class);
		f->py2_msg = ssl_message(in, false, &code2, &f->py2_class);
		if (in->has_err) {
			f->name = ssl_reason_name(
				tls_py3(in->python)->ssl_old_names
				? &ssl_names_py2 : &ssl_names_py3,
				in->lib, in->reason);
			f->has_reason = true;
			f->lib = in->lib;
			f->reason = in->reason;
		}
		break;
	case TLS_FAIL_TIMEOUT:
		timeout_messages(f, in->op, tls_py3(in->python));
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
	case TLS_FAIL_SERVERNAME:
		/* _ssl_configure_hostname; a ValueError, as UnicodeError is */
		f->py2_class = f->py3_class = "ValueError";
		f->py2_msg = strdup("server_hostname cannot be an empty string "
				    "or start with a leading dot.");
		f->py3_msg = f->py2_msg ? strdup(f->py2_msg) : NULL;
		f->exit_status = EXIT_SOCKET;
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

/* The ssl classes --expect knows, with what each interpreter's instance
 * of it also is (2.7: CertificateError is a ValueError; 3.7+: it is
 * SSLCertVerificationError, an SSLError). */
enum {
	C_SSL = 1u << 0,	/* ssl.SSLError */
	C_VERIFY = 1u << 1,	/* ssl.SSLCertVerificationError (3.7+) */
	C_CERT = 1u << 2,	/* ssl.CertificateError */
	C_EOF = 1u << 3,
	C_ZERO = 1u << 4,
	C_SYSCALL = 1u << 5,
	C_EXPIRING = 1u << 6,	/* sockerr.CertificateExpiring */
};

static const struct tls_class {
	const char *name;
	unsigned bit, py2_isa, py3_isa;	/* 0: not in that interpreter */
} tls_classes[] = {
	{"ssl.SSLError", C_SSL, C_SSL, C_SSL},
	{"ssl.SSLCertVerificationError", C_VERIFY, 0, C_VERIFY | C_CERT | C_SSL},
	{"ssl.CertificateError", C_CERT, C_CERT, C_VERIFY | C_CERT | C_SSL},
	{"ssl.SSLEOFError", C_EOF, C_EOF | C_SSL, C_EOF | C_SSL},
	{"ssl.SSLZeroReturnError", C_ZERO, C_ZERO | C_SSL, C_ZERO | C_SSL},
	{"ssl.SSLSyscallError", C_SYSCALL, C_SYSCALL | C_SSL, C_SYSCALL | C_SSL},
	{"sockerr.CertificateExpiring", C_EXPIRING, C_EXPIRING, C_EXPIRING},
};

#define NCLASSES (sizeof tls_classes / sizeof tls_classes[0])

unsigned tls_class_parse(const char *word)
{
	for (size_t i = 0; i < NCLASSES; i++) {
		const char *n = tls_classes[i].name;

		if (strcmp(word, n) == 0 ||
		    (strncmp(n, "ssl.", 4) == 0 && strcmp(word, n + 4) == 0))
			return tls_classes[i].bit;
	}
	return TLS_CLASS_NONE;
}

/* What an exception printed as cls is an instance of (new: 3.7+'s
 * classes, where CertificateError is SSLCertVerificationError). */
static unsigned isa(const char *cls, bool new)
{
	for (size_t i = 0; i < NCLASSES; i++)
		if (cls && strcmp(cls, tls_classes[i].name) == 0)
			return new ? tls_classes[i].py3_isa : tls_classes[i].py2_isa;
	return 0;	/* TimeoutError, ValueError */
}

bool tls_failure_is_a(const struct tls_failure *f, unsigned cls)
{
	bool in_old = false;
	const char *own = f->py2 ? f->py2_class : f->py3_class;

	if (!f->py2 && tls_py3(f->python)->ssl_verify_class)
		return (isa(f->py3_class, true) & cls) != 0;
	for (size_t i = 0; i < NCLASSES; i++)
		if (tls_classes[i].bit == cls)
			in_old = tls_classes[i].py2_isa != 0;
	if (!in_old && f->has_reason && f->lib == TLS_LIB_SSL &&
	    f->reason == TLS_R_CERTIFICATE_VERIFY_FAILED)	/* 3.6 */
		return (isa("ssl.SSLCertVerificationError", true) & cls) != 0;
	if (!in_old)	/* the same failure as CPython 3.11 names it */
		return (isa(f->py3_class, true) & cls) != 0;
	return (isa(own, false) & cls) != 0;
}

static const char *reason_in(const struct ssl_names *t, const char *word)
{
	for (size_t i = 0; i < t->nreasons; i++)
		if (strcasecmp(t->reasons[i].name, word) == 0)
			return t->reasons[i].name;
	return NULL;
}

const char *tls_reason_parse(const char *word)
{
	const char *n = reason_in(&ssl_names_py3, word);

	return n ? n : reason_in(&ssl_names_py2, word);
}

static bool same_name(const char *a, const char *b)
{
	return a && b && strcasecmp(a, b) == 0;
}

bool tls_failure_has_reason(const struct tls_failure *f, const char *name)
{
	if (!f->has_reason)
		return false;
	if (same_name(ssl_reason_name(&ssl_names_py3, f->lib, f->reason), name))
		return true;
	return f->py2 &&
	       same_name(ssl_reason_name(&ssl_names_py2, f->lib, f->reason), name);
}
