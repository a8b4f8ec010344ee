/* An error as a value: the step that failed and what Python would raise. */
#ifndef SOCKERR_ERROR_H
#define SOCKERR_ERROR_H

#include "model/taxonomy.h"

enum sk_stage {
	STAGE_NONE,
	STAGE_RESOLVE,
	STAGE_SOCKET,
	STAGE_BIND,
	STAGE_CONNECT,
	STAGE_TLS,	/* --tls: the handshake (src/tls/tls.c) */
	STAGE_SEND,
	STAGE_RECV,
	STAGE_REVERSE,
	STAGE_COUNT
};

struct tls_failure;

struct sk_error {
	enum sk_stage stage;
	enum sk_kind kind;
	int code;
	const char *text;	/* SK_PLAIN: the message, a static string */
	const struct tls_failure *ssl;	/* SK_SSL: owned by the attempt */
};

const char *stage_name(enum sk_stage stage);

static inline struct sk_error sk_ok(void)
{
	return (struct sk_error){STAGE_NONE, SK_NONE, 0, NULL, NULL};
}

static inline struct sk_error sk_errno(enum sk_stage stage, int code)
{
	return (struct sk_error){stage, SK_ERRNO, code, NULL, NULL};
}

static inline struct sk_error sk_timeout(enum sk_stage stage)
{
	return (struct sk_error){stage, SK_TIMEOUT, 0, NULL, NULL};
}

static inline struct sk_error sk_plain(enum sk_stage stage, const char *text)
{
	return (struct sk_error){stage, SK_PLAIN, 0, text, NULL};
}

static inline struct sk_error sk_herror(enum sk_stage stage, int code)
{
	return (struct sk_error){stage, SK_HERROR, code, NULL, NULL};
}

/* An ssl.* exception (or the handshake timeout), built by src/model/tlserror.c. */
static inline struct sk_error sk_ssl(enum sk_stage stage,
				     const struct tls_failure *f)
{
	return (struct sk_error){stage, SK_SSL, 0, NULL, f};
}

/* EAI_SYSTEM is the socket.error of the errno behind it, as in CPython. */
struct sk_error sk_gaierror(enum sk_stage stage, int rc, int saved_errno);

static inline bool sk_failed(const struct sk_error *e)
{
	return e->kind != SK_NONE;
}

#endif
