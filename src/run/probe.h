/* The probe: one target's check as a state machine over a non-blocking
 * socket.  resolve -> (socket -> bind -> connect -> tls -> send -> recv
 * -> reverse) per address -> done.  It never blocks and never prints: each
 * call says what it waits for next, and the result is a value. */
#ifndef SOCKERR_PROBE_H
#define SOCKERR_PROBE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#include "model/plan.h"
#include "net/job.h"
#include "model/result.h"
#include "model/target.h"

enum probe_wait_kind {
	WAIT_DONE,	/* the result is final */
	WAIT_FD,	/* fd for events, until deadline (-1: none) */
	WAIT_JOB,	/* job must run (resolver), then probe_job_done */
	WAIT_TIMER,	/* until deadline */
	WAIT_FDSLOT,	/* out of descriptors: call probe_fdslot later */
};

/* What a probe waits for next: all its runner needs to know of it. */
struct probe_wait {
	enum probe_wait_kind kind;
	int fd;			/* the probe's socket now, or -1 */
	uint32_t fd_serial;	/* tells sockets of the same number apart */
	uint32_t events;	/* WAIT_FD: EPOLLIN / EPOLLOUT */
	int64_t deadline;
	bool retry;		/* WAIT_TIMER: a try failed, --wait tries again */
	struct job *job;	/* WAIT_JOB: the question, answered in place */
};

enum probe_state {
	P_RESOLVE, P_SOCKET, P_BIND_LOOKUP, P_BIND, P_CONNECT, P_CONNECTING,
	P_CONNECT_BLOCK,	/* a blocking connect() in a thread (no -t) */
	P_TLS, P_SEND, P_RECV, P_REVERSE, P_RETRY,
	P_RACE,		/* --happy-eyeballs: the addresses race (run/probe.c) */
	P_DONE
};

struct race;

struct probe {
	const struct plan *plan;
	struct target target;
	enum probe_state state;
	int fd;
	void *tls;		/* the SSL object while the handshake runs */
	uint32_t fd_serial;	/* counts socket() calls: tells fds apart */
	size_t cur;		/* the address being tried or reversed */
	int64_t start, step_start, deadline;
	int64_t wait_deadline;	/* -w's or --max-time's, the first; -1: none */
	size_t send_off;
	int socket_errno;	/* EMFILE or ENFILE, while waiting for a slot */
	int reset_pending;	/* ECONNRESET that Python's socket would hold
				 * after its connect() returned: sockerr's
				 * check of the connect read it already */
	struct race *race;	/* P_RACE: the attempts in flight */
	struct sockaddr_storage peer;	/* what connect() gets: the address, */
	socklen_t peer_len;		/* or as --family reads it (py/sockaddr.h) */
	bool job_ready;		/* probe->job holds an answer */
	struct job job;
	struct result res;
	char *idna_host;	/* the host as CPython 3 passes it (idna.h) */
	char *tls_name;		/* server_hostname as the emulated Python has it */
	char idna_why[256];	/* the UnicodeError's message (host, --servername) */
};

/* Takes over t.  wait_deadline is derived from plan->wait_ns and
 * plan->max_time_ns: at it every step is cut short, lookups included. */
void probe_init(struct probe *p, const struct plan *plan, struct target t);
void probe_start(struct probe *p, int64_t now, struct probe_wait *w);
void probe_fd_ready(struct probe *p, int64_t now, struct probe_wait *w);
void probe_timer(struct probe *p, int64_t now, struct probe_wait *w);
void probe_job_done(struct probe *p, int64_t now, struct probe_wait *w);
/* available: a descriptor may be free now; false: none will be. */
void probe_fdslot(struct probe *p, bool available, int64_t now,
		  struct probe_wait *w);
void probe_free(struct probe *p);

#endif
