/* What a probe found: every address, every attempt, the outcome. */
#ifndef SOCKERR_RESULT_H
#define SOCKERR_RESULT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "model/error.h"
#include "model/facts.h"
#include "model/target.h"

struct tls_result;

struct address {
	struct sockaddr_storage sa;
	socklen_t len;
	int family, socktype, protocol;		/* from getaddrinfo */
	char *name;		/* reverse name (-r), or NULL */
	struct sk_error reverse_err;
	int64_t reverse_ns;
};

struct attempt {
	size_t addr;		/* index into result.addrs */
	struct sk_error err;	/* SK_NONE: this address worked */
	int sock_family, sock_type, sock_proto;	/* what socket() got */
	int64_t ns[STAGE_COUNT];	/* time spent in each stage */
	bool ran[STAGE_COUNT];
	size_t sent;
	unsigned char *data;	/* received bytes */
	size_t data_len;
	bool got_data;
	struct tls_result *tls;	/* --tls: the handshake's facts (model/tlsresult.h) */
	struct sock_facts facts;	/* -v and json only (issue 10) */
	/* --happy-eyeballs: when it started (since the check began), and
	 * whether another address won first; text: asyncio's message
	 * ("Connect call failed ('::1', 9, 0, 0)"), which err.text points to */
	int64_t start_ns;
	bool raced, cancelled;
	char *text;
};

struct result {
	struct sk_error err;	/* the exception Python would raise */
	const char *usage;	/* the target itself is malformed: why */
	struct address *addrs;
	size_t naddrs;
	char *canonname;
	int64_t resolve_ns, elapsed_ns;
	struct attempt *attempts;
	size_t nattempts;
	size_t ok_attempt;	/* index of the attempt that connected */
	unsigned tries;		/* -w: how many times it ran */
	char *text;		/* err.text when it is made for this result */
	int64_t syn_timeout_ns;	/* the kernel's (sockfacts.h), for the
				 * dual-stack diagnosis; -1: unknown */
};

#define NO_ATTEMPT ((size_t)-1)

/* --all-errors: how many sub-exceptions the ExceptionGroup Python raises
 * holds: every address's error when each failed in create_connection()
 * (socket, bind, connect); 0 when the error is raised bare (a lookup, the
 * TLS stage, send, recv). */
size_t result_group_size(const struct result *r);

/* One finished target: its text as given, as parsed, and what happened. */
struct report {
	const char *text;
	const struct target *target;	/* NULL when res->usage is set */
	const struct result *res;
};

void result_free(struct result *r);
bool result_ok(const struct result *r);
/* The attempt a report shows: the one that connected, else the last;
 * NULL when none ran. */
const struct attempt *result_shown_attempt(const struct result *r);
int result_exit_status(const struct result *r);

#endif
