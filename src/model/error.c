/* Errors as values: stage names, and a getaddrinfo failure turned into
 * the exception CPython raises. */
#include "model/error.h"

#include <netdb.h>

static const char *const stage_names[STAGE_COUNT] = {
	[STAGE_NONE] = "none",
	[STAGE_RESOLVE] = "resolve",
	[STAGE_SOCKET] = "socket",
	[STAGE_BIND] = "bind",
	[STAGE_CONNECT] = "connect",
	[STAGE_TLS] = "tls",
	[STAGE_SEND] = "send",
	[STAGE_RECV] = "recv",
	[STAGE_REVERSE] = "reverse",
};

const char *stage_name(enum sk_stage stage)
{
	return stage < STAGE_COUNT ? stage_names[stage] : "none";
}

struct sk_error sk_gaierror(enum sk_stage stage, int rc, int saved_errno)
{
	if (rc == EAI_SYSTEM)
		return sk_errno(stage, saved_errno);
	return (struct sk_error){stage, SK_GAIERROR, rc, NULL, NULL};
}
