/* --expect=OUTCOME,...: what counts as success, parsed once and matched
 * against each result.  Pure. */
#ifndef SOCKERR_EXPECT_H
#define SOCKERR_EXPECT_H

#include <stdbool.h>
#include <stddef.h>

#include "model/result.h"

#define EXPECT_MAX 32

enum expect_what {
	EXPECT_OK,		/* connected (-n: resolved) */
	EXPECT_TIMEOUT,		/* socket.timeout, a kernel ETIMEDOUT, or a
				 * TLS handshake, read or write past -t */
	EXPECT_KIND,		/* a class: socket.error, gaierror... */
	EXPECT_CODE,		/* a code: ECONNREFUSED, EAI_NONAME... */
	EXPECT_SSL_CLASS,	/* ssl.SSLError...: as "except CLASS:" */
	EXPECT_SSL_REASON,	/* CERTIFICATE_VERIFY_FAILED...: the reason */
};

struct expect_item {
	enum expect_what what;
	enum sk_kind kind;
	int code;
	unsigned ssl_class;	/* EXPECT_SSL_CLASS (tlserror.h) */
	const char *reason;	/* EXPECT_SSL_REASON, as the table spells it */
};

struct expect {
	size_t n;		/* 0: not given, which means "ok" */
	struct expect_item items[EXPECT_MAX];
};

/* "ok,refused,socket.gaierror,EAI_AGAIN,ssl.SSLError,WRONG_VERSION_NUMBER".
 * On failure *why says why. */
bool expect_parse(const char *s, struct expect *e, const char **why);

/* Whether the outcome is one the user expects ("ok" when none given). */
bool expect_match(const struct expect *e, const struct result *r);

/* The exit status for one target: 0 when expected, EXIT_UNEXPECTED when
 * it connected without "ok" expected, else the outcome's usual status. */
int expect_status(const struct expect *e, const struct result *r);

#endif
