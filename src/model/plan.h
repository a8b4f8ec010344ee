/* What every probe of a run does: the options, turned into socket terms. */
#ifndef SOCKERR_PLAN_H
#define SOCKERR_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/clock.h"
#include "model/pyver.h"

#define UDP_DEFAULT_WAIT_NS (2 * NS_PER_SEC)
#define RECV_DEFAULT_BYTES 4096
#define RECV_MAX_BYTES 65536

/* --tls and its options (src/tls/tls.c). */
struct tls_plan {
	bool on;
	bool py2;		/* emulate Python 2.7's context and checks */
	enum py_version python;	/* the interpreter emulated (pyver.h) */
	bool insecure;		/* -k: CERT_NONE, check_hostname False */
	const char *servername;	/* --servername, NULL: the target's host */
	const char *cafile;	/* --cafile, NULL: the default paths */
	int cert_days;		/* --cert-days, -1: none; at most: */
#define CERT_DAYS_MAX 36500
	void *ctx;		/* SSL_CTX, from tls_context_new() */
};

struct plan {
	int family;		/* hint for getaddrinfo: -4, -6 or AF_UNSPEC */
	int socktype;		/* SOCK_STREAM, or SOCK_DGRAM with -u */
	int sock_family;	/* --family/--type/--proto, -1 = from */
	int sock_type;		/* getaddrinfo's answer */
	int sock_proto;
	const char *bind_host;	/* -s, NULL when absent */
	int bind_port;
	int64_t timeout_ns;	/* -t; -1 = blocking */
	const unsigned char *send;
	size_t send_len;
	bool send_set;
	size_t recv_max;	/* 0 = no recv */
	bool reverse, resolve_only, all;
	bool all_errors;	/* --all-errors: create_connection(all_errors=True) */
	bool canonname;		/* -n -v: ask getaddrinfo for the canonical name */
	bool idna;		/* encode the host as CPython 3 does (idna.h) */
	bool py2_bind;		/* Python 2.7's -s lookup and -r errors */
	enum py_version python;	/* --python: whose lines (pyver.h) */
	bool argv_ascii;	/* 3.6 in a locale that is not UTF-8: it
				 * decodes argv as ASCII (surrogateescape) */
	bool nameinfo;		/* the reverse step is getnameinfo(), with: */
	int nameinfo_flags;	/* NI_* */
	const char *interface;	/* --interface: SO_BINDTODEVICE, or NULL */
	bool facts;		/* -v or json: gather sockfacts.h's facts */
	int64_t wait_ns;	/* -w; -1 = one try */
	int64_t max_time_ns;	/* --max-time: a hard bound per check; -1 = none */
	int64_t interval_ns;
	bool happy;		/* --happy-eyeballs: race the addresses, */
	int64_t happy_ns;	/* starting the next after this delay */
	bool asyncio;		/* --asyncio: connect as asyncio does (the
				 * race without a delay: one after another) */
	struct tls_plan tls;
};

#endif
