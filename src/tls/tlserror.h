/* What a failed TLS stage raises in CPython 3.11 and in Python 2.7, built
 * from the facts OpenSSL gave (Modules/_ssl.c's PySSL_SetError and
 * fill_and_set_sslerror, ssl.py's match_hostname).  Pure: no OpenSSL. */
#ifndef SOCKERR_TLSERROR_H
#define SOCKERR_TLSERROR_H

#include <stdbool.h>
#include <stddef.h>

#include "base/sbuf.h"

/* The interpreters' _ssl.c line numbers (CPython 3.11.7, Python 2.7.18),
 * measured: an error in the handshake, its timeout, SSL_read, SSL_write. */
#define PY3_SSL_LINE_HANDSHAKE 1006
#define PY3_SSL_LINE_TIMEOUT 989
#define PY3_SSL_LINE_READ 2580
#define PY3_SSL_LINE_WRITE 2427
#define PY2_SSL_LINE_HANDSHAKE 727
#define PY2_SSL_LINE_TIMEOUT 711
#define PY2_SSL_LINE_READ 1946
#define PY2_SSL_LINE_WRITE 1829

/* OpenSSL's numbers, as CPython tests them (stable ABI values). */
#define TLS_SSL_ERROR_SSL 1
#define TLS_SSL_ERROR_SYSCALL 5
#define TLS_SSL_ERROR_ZERO_RETURN 6
#define TLS_LIB_SSL 20
#define TLS_R_CERTIFICATE_VERIFY_FAILED 134
#define TLS_R_UNEXPECTED_EOF_WHILE_READING 294
#define TLS_V_ERR_HOSTNAME_MISMATCH 62
#define TLS_V_ERR_IP_ADDRESS_MISMATCH 64

/* The _ssl call that failed. */
enum tls_op { TLS_OP_HANDSHAKE, TLS_OP_READ, TLS_OP_WRITE };

enum tls_fail_kind {
	TLS_FAIL_SSL,		/* SSL_do_handshake failed: PySSL_SetError */
	TLS_FAIL_TIMEOUT,	/* the handshake, a read or a write ran past -t */
	TLS_FAIL_HOSTNAME,	/* 2.7's match_hostname (3.11 asks OpenSSL) */
	TLS_FAIL_PRE_DATA,	/* ssl.py: closed before the handshake, data */
	TLS_FAIL_CERT_DAYS,	/* --cert-days: expires within N days */
};

/* A certificate name as 2.7's getpeercert() gives it: DNS SANs are str,
 * subject values unicode (repr u'...'). */
struct py2_name {
	const char *s;
	bool unicode;
};

struct tls_facts {
	enum tls_fail_kind kind;
	enum tls_op op;
	/* TLS_FAIL_SSL */
	int ssl_error;		/* SSL_get_error() */
	int ret;		/* SSL_do_handshake()'s return */
	bool has_err;		/* ERR_peek_last_error() != 0 */
	int lib, reason;
	const char *reason_text;	/* ERR_reason_error_string(), or NULL */
	long verify_code;	/* SSL_get_verify_result() */
	const char *verify_text;	/* X509_verify_cert_error_string() */
	const char *hostname;	/* server_hostname */
	/* TLS_FAIL_HOSTNAME: the names match_hostname compared */
	const struct py2_name *names;
	size_t nnames;
	const char *bad_wildcard;	/* a name with two '*': raised on it */
	bool bad_wildcard_unicode;
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
 * there is none.  Returns true on a match; else fills *why (names
 * compared, or the name with too many wildcards). */
bool py2_match_hostname(const struct py2_name *dns, size_t ndns,
			const struct py2_name *cns, size_t ncns,
			const char *hostname, const char **bad_wildcard,
			bool *bad_unicode);

/* Python 2's repr() of a str (or, unicode, of UTF-8 text as unicode). */
void py2_repr(struct sbuf *b, const char *s, bool unicode);

#endif
