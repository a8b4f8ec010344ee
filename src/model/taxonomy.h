/* The error taxonomy: every errno, EAI_* and h_errno value with the class
 * Python raises for it.  One table; --list, --explain and the man page's
 * ERRORS section are views of it. */
#ifndef SOCKERR_TAXONOMY_H
#define SOCKERR_TAXONOMY_H

#include <stdbool.h>
#include <stddef.h>

enum sk_kind {
	SK_NONE,	/* no error */
	SK_ERRNO,	/* socket.error: errno + strerror() */
	SK_HERROR,	/* socket.herror: h_errno + hstrerror() */
	SK_GAIERROR,	/* socket.gaierror: EAI_* + gai_strerror() */
	SK_TIMEOUT,	/* socket.timeout: "timed out" */
	SK_PLAIN,	/* socket.error with a message and no code */
	SK_SSL,		/* ssl.*: the text is in sk_error.ssl (src/model/tlserror.h) */
	SK_KIND_COUNT
};

/* The code of an SK_PLAIN error that CPython 3 raises as UnicodeError (the
 * idna codec, before getaddrinfo), not as OSError; Python 2.7 never raises
 * it (it passes the bytes), and its class is the same builtin there. */
#define SK_PLAIN_UNICODE 1
/* ... and of one both interpreters raise as TypeError: an address that is
 * not of the socket's family (--family, py/sockaddr.h). */
#define SK_PLAIN_TYPE 2
/* ... and of one both raise as ValueError: ssl.py's wrap_socket() of a
 * connected socket whose timeout is 0 (-t 0 --tls). */
#define SK_PLAIN_VALUE 3

struct sk_entry {
	enum sk_kind kind;
	int code;
	const char *name;	/* ECONNREFUSED, EAI_NONAME, HOST_NOT_FOUND */
	const char *py3_class;	/* CPython 3.11 class for this code */
	const char *cause;	/* what usually causes it, or NULL */
	bool alias;		/* another name for a code listed before */
};

size_t tax_count(void);
const struct sk_entry *tax_at(size_t i);
const struct sk_entry *tax_find(enum sk_kind kind, int code);
const struct sk_entry *tax_find_name(const char *name);
const char *tax_cause(const struct sk_entry *e);	/* "" if none */

bool tax_kind_parse(const char *s, enum sk_kind *kind);
/* What "except socket.error" catches among the errors of kind, by class
 * name: an errno's, or one without a code; not a UnicodeError, a
 * TypeError or a ValueError (nor herror, gaierror, timeout: --expect
 * names them). */
bool tax_is_socket_error(enum sk_kind kind, int code);
const char *tax_py2_class(enum sk_kind kind, int code);
const char *tax_py3_class(enum sk_kind kind, int code);
const char *tax_name(enum sk_kind kind, int code);	/* NULL if none */
const char *tax_message(enum sk_kind kind, int code);
int tax_exit_status(enum sk_kind kind);

#endif
