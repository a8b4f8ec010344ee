/* What a failed TLS stage raises in Python 2.7 and a CPython 3 (3.11 unless
 * facts.python names another), built
 * from the facts OpenSSL gave (Modules/_ssl.c's PySSL_SetError and
 * fill_and_set_sslerror, ssl.py's match_hostname).  Pure: no OpenSSL. */
#ifndef SOCKERR_TLSERROR_H
#define SOCKERR_TLSERROR_H

#include <stdbool.h>
#include <stddef.h>

#include "base/sbuf.h"
#include "model/pyver.h"

/* The _ssl.c line numbers of each interpreter are in model/pyver.c. */
/* 3.11's _ssl_configure_hostname: SSL_set_tlsext_host_name refused the
 * name (longer than 255 bytes); 2.7 ignores that call's result. */
#define PY3_SSL_LINE_SNI 759

/* OpenSSL's numbers, as CPython tests them (stable ABI values). */
#define TLS_SSL_ERROR_SSL 1
#define TLS_SSL_ERROR_SYSCALL 5
#define TLS_SSL_ERROR_ZERO_RETURN 6
#define TLS_LIB_SSL 20
#define TLS_R_CERTIFICATE_VERIFY_FAILED 134
#define TLS_R_UNEXPECTED_EOF_WHILE_READING 294
#define TLS_V_ERR_HOSTNAME_MISMATCH 62
#define TLS_V_ERR_IP_ADDRESS_MISMATCH 64

/* The _ssl call that failed (SNI: setting the server name, before the
 * handshake). */
enum tls_op { TLS_OP_HANDSHAKE, TLS_OP_READ, TLS_OP_WRITE, TLS_OP_SNI };

enum tls_fail_kind {
	TLS_FAIL_SSL,		/* SSL_do_handshake failed: PySSL_SetError */
	TLS_FAIL_TIMEOUT,	/* the handshake, a read or a write ran past -t */
	TLS_FAIL_HOSTNAME,	/* 2.7's match_hostname (3.11 asks OpenSSL) */
	TLS_FAIL_PRE_DATA,	/* ssl.py: closed before the handshake, data */
	TLS_FAIL_CERT_DAYS,	/* --cert-days: expires within N days */
	TLS_FAIL_SERVERNAME,	/* 3.11: the encoded name is empty or starts
				 * with a dot (ValueError) */
};

/* A certificate name as 2.7's getpeercert() gives it: DNS SANs are str,
 * subject values unicode (UTF-8 here, repr u'...'); either may hold a
 * NUL, so the length counts. */
struct py2_name {
	const char *s;
	size_t len;
	bool unicode;
};

struct tls_facts {
	enum tls_fail_kind kind;
	enum tls_op op;
	/* TLS_FAIL_SSL */
	int ssl_error;		/* SSL_get_error() */
	int ret;		/* SSL_do_handshake()'s return */
	bool py2;		/* the interpreter emulated: Python 2.7 */
	enum py_version python;	/* the Python 3 whose lines are built
				 * beside 2.7's; a 2.7 here: 3.11 */
	bool has_err;		/* ERR_peek_last_error() != 0 */
	int lib, reason;
	const char *reason_text;	/* ERR_reason_error_string(), or NULL */
	long verify_code;	/* SSL_get_verify_result() */
	const char *verify_text;	/* X509_verify_cert_error_string() */
	const char *hostname;	/* server_hostname */
	/* TLS_FAIL_HOSTNAME: the names match_hostname compared */
	const struct py2_name *names;
	size_t nnames;
	const struct py2_name *bad_wildcard;	/* two '*': raised on it */
	/* TLS_FAIL_CERT_DAYS */
	long days_left;
	int cert_days;
	const char *not_after;	/* "2027-01-05" */
};

struct tls_failure {
	const char *py2_class, *py3_class;
	char *py2_msg, *py3_msg;	/* what follows "CLASS: " */
	int code;		/* the exception's errno (PY_SSL_ERROR_*), -1: none */
	const char *name;	/* CPython 3.11's reason mnemonic, or NULL */
	int exit_status;
	/* for --expect */
	bool py2;		/* the interpreter emulated: Python 2.7 */
	enum py_version python;	/* as tls_facts.python */
	bool timeout;		/* a handshake, read or write past -t */
	bool has_reason;	/* OpenSSL's (lib, reason) below */
	int lib, reason;
};

/* False when out of memory.  tls_failure_free() frees what it built. */
bool tls_failure_build(struct tls_failure *f, const struct tls_facts *in);
/* A read error that ssl.py's suppress_ragged_eofs turns into b"": an
 * SSL_ERROR_EOF of the interpreter (3.11 counts OpenSSL 3's unexpected
 * EOF as one; 2.7 does not know it). */
bool tls_ragged_eof(const struct tls_facts *in, bool py3);
void tls_failure_free(struct tls_failure *f);
int tls_exit_status(const struct tls_failure *f);

/* Python 2.7's match_hostname: the DNS SANs, or the subject's CNs when
 * there is none, every one of them.  1 on a match; 0 when none matched,
 * with *bad_wildcard the name with too many wildcards, or NULL; -1 out
 * of memory. */
int py2_match_hostname(const struct py2_name *dns, size_t ndns,
		       const struct py2_name *cns, size_t ncns,
		       const char *hostname,
		       const struct py2_name **bad_wildcard);

/* Python 2's repr() of a str of len bytes (or, unicode, of UTF-8 text as
 * unicode). */
void py2_repr(struct sbuf *b, const char *s, size_t len, bool unicode);

/* --expect and the ssl.* failures (src/model/expect.c).  A class matches
 * what "except CLASS:" catches in the interpreter emulated; a class that
 * interpreter lacks (2.7 has no SSLCertVerificationError) matches what
 * CPython 3.11 raises it for.  A mnemonic matches the reason of the
 * exception, named by the emulated interpreter's table or by OpenSSL's. */
#define TLS_CLASS_NONE 0u
/* The class bit of "ssl.SSLError" ("SSLError" too), TLS_CLASS_NONE when
 * it is not one of the classes a TLS stage raises. */
unsigned tls_class_parse(const char *word);
bool tls_failure_is_a(const struct tls_failure *f, unsigned cls);
/* OpenSSL's or either interpreter's spelling of a reason, as the table
 * has it (static), or NULL. */
const char *tls_reason_parse(const char *word);
bool tls_failure_has_reason(const struct tls_failure *f, const char *name);

#endif
