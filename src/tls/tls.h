/* The TLS stage over OpenSSL 3: a context made as Python's
 * ssl.create_default_context() makes it (3.11's, or 2.7's with the
 * default format), a non-blocking handshake on the probe's socket, and
 * the certificate's facts.  Only a run with --tls calls OpenSSL. */
#ifndef SOCKERR_TLS_H
#define SOCKERR_TLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/plan.h"
#include "model/tlserror.h"
#include "model/tlsresult.h"

enum tls_step {
	TLS_STEP_DONE,		/* handshake and checks passed */
	TLS_STEP_WANT_READ,	/* wait for the socket, call again */
	TLS_STEP_WANT_WRITE,
	TLS_STEP_ERRNO,		/* a socket error: *sys_errno, as OSError */
	TLS_STEP_FAILED,	/* r->fail holds the exception */
};

/* NULL with *why (the --cafile cannot be loaded, no memory). */
void *tls_context_new(const struct tls_plan *tp, const char **why);
void tls_context_free(void *ctx);

/* The SSL object for fd (*conn), with SNI and the name to verify (host:
 * server_hostname as the emulated Python hands it to _ssl).  DONE, or
 * FAILED (r->fail: 3.11 refused the name), or ERRNO (no memory). */
enum tls_step tls_conn_new(const struct tls_plan *tp, int fd, const char *host,
			   void **conn, struct tls_result *r, int *sys_errno);
void tls_conn_free(void *conn);

enum tls_step tls_handshake(void *conn, const struct tls_plan *tp,
			    const char *host, struct tls_result *r,
			    int *sys_errno);
/* After the handshake: sendall() and recv() over TLS.  DONE: *sent
 * bytes written (all of len, as SSL_write does), *got read (0: EOF). */
enum tls_step tls_write(void *conn, const struct tls_plan *tp,
			const char *host, const void *buf, size_t len,
			size_t *sent, struct tls_result *r, int *sys_errno);
enum tls_step tls_read(void *conn, const struct tls_plan *tp, const char *host,
		       void *buf, size_t max, size_t *got,
		       struct tls_result *r, int *sys_errno);
/* ssl.py's check before the handshake (SSLSocket.__init__, both
 * interpreters): getpeername(); on ENOTCONN the socket counts as not
 * connected and gets no handshake, but CPython 3 first reads one byte,
 * non-blocking: data fails (TLS_PRE_DATA), an error other than ENOTCONN
 * or EINVAL is raised (TLS_PRE_ERRNO, *err).  pending: an error Python's
 * socket would still hold that sockerr has read already (0: none). */
enum tls_pre {
	TLS_PRE_CONNECTED,	/* handshake */
	TLS_PRE_UNCONNECTED,	/* no handshake, no error: plain I/O after */
	TLS_PRE_DATA,
	TLS_PRE_ERRNO,
};
enum tls_pre tls_precheck(int fd, bool py2, int pending, int *err);
/* Fills r->fail for kind (a timeout of op, or the precheck's data). */
bool tls_fail(struct tls_result *r, const struct tls_plan *tp,
	      enum tls_fail_kind kind, enum tls_op op);

#endif
