/* The interpreters sockerr emulates, one patch release each, and what
 * differs between them (measured with the pyenv builds, one OpenSSL 3:
 * /work/shared/PYVERSIONS.md).  The one table --python, --version, the
 * man page and the tests read. */
#ifndef SOCKERR_PYVER_H
#define SOCKERR_PYVER_H

#include <stdbool.h>

#include "model/taxonomy.h"

enum py_version {
	PYV_2_7, PYV_3_6, PYV_3_7, PYV_3_8, PYV_3_9,
	PYV_3_10, PYV_3_11, PYV_3_12, PYV_3_13,
	PYV_COUNT
};

/* -f python's and every other format's interpreter when none is named. */
#define PYV_DEFAULT_PY2 PYV_2_7
#define PYV_DEFAULT_PY3 PYV_3_11

/* How the "idna" codec's failure reaches the traceback's last line(s). */
enum pyv_idna {
	IDNA_BYTES,	/* 2.7: no codec, the bytes go to getaddrinfo */
	IDNA_WRAPPED,	/* 3.6-3.11: "encoding with 'idna' codec failed
			 * (UnicodeError: REASON)" */
	IDNA_NOTE,	/* 3.12: "UnicodeError: REASON", then the note */
	IDNA_ENCODE_NOTE,	/* 3.13: UnicodeEncodeError with positions,
				 * then the note */
};

struct pyver {
	const char *name;	/* "3.8": what --python takes */
	const char *release;	/* "3.8.18": the patch release measured */
	const char *label;	/* "CPython 3.8.18" */
	bool py3;
	const char *timeout_class;	/* socket.timeout up to 3.9 */
	/* asyncio.wait_for()'s timeout: concurrent.futures' up to 3.7,
	 * asyncio.exceptions' in 3.8-3.10, the builtin from 3.11 */
	const char *asyncio_timeout;
	enum pyv_idna idna;
	/* Modules/_ssl.c's lines: an error in the handshake, its timeout,
	 * SSL_read, SSL_write (write measured for 2.7 and 3.11 only: the
	 * other 3.x carry 3.11's) */
	int ssl_handshake, ssl_timeout, ssl_read, ssl_write;
	bool ssl_old_names;	/* 2.7-3.7: the old [LIB: REASON] table */
	bool ssl_verify_class;	/* 3.7+: SSLCertVerificationError, reason */
	bool ssl_openssl_hostname;	/* 3.7+: OpenSSL checks the name;
					 * before, ssl.match_hostname */
	bool ssl_ignore_eof;	/* 3.8-3.9: OP_IGNORE_UNEXPECTED_EOF set,
				 * a closed peer is SSLZeroReturnError */
	bool ssl_eof_error;	/* 3.10+: OpenSSL 3's unexpected EOF is
				 * SSLEOFError */
	bool ssl_x509_strict;	/* 3.13: VERIFY_X509_STRICT|PARTIAL_CHAIN */
	bool ssl_client_method;	/* 3.10+: PROTOCOL_TLS_CLIENT, TLS 1.2 at
				 * least; before, PROTOCOL_TLS */
	bool all_errors;	/* 3.11+: create_connection(all_errors=) */
};

const struct pyver *pyver_get(enum py_version v);
/* "3.8" or "3.8.18" (also "2.7", "2.7.18"); false for anything else. */
bool pyver_parse(const char *s, enum py_version *v);
/* "2.7, 3.6, 3.7, ..., 3.13": the names --python takes (static). */
const char *pyver_names(void);

/* The Python 3 a version stands for where a line needs one (JSON's
 * py3_class): itself, or 3.11 for 2.7. */
enum py_version pyver_py3(enum py_version v);

/* The class an error of kind/code is printed as by interpreter v (not
 * SK_SSL: its classes are in the failure). */
const char *pyver_class(enum py_version v, enum sk_kind kind, int code);

#endif
