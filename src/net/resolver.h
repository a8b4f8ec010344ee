/* Name resolution off the event loop: getaddrinfo, the source-address
 * lookup CPython's bind() does, and gethostbyaddr, run by threads started
 * on demand, as many at once as the lookup window allows (flow.h), or
 * inline when the answer cannot block (numeric addresses).  Blocking
 * connects (JOB_CONNECT) take the same way back, through a pool of their
 * own (connector.h), so a hanging connect never holds up a lookup. */
#ifndef SOCKERR_RESOLVER_H
#define SOCKERR_RESOLVER_H

#include <netdb.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

enum job_kind {
	JOB_GETADDRINFO,	/* host, port, family, socktype -> ai */
	JOB_BIND_ADDR,		/* host, family -> addr (CPython setipaddr) */
	JOB_REVERSE,		/* addr -> name (gethostbyaddr) */
	JOB_CONNECT,		/* fd, addr -> saved_errno (connector.h) */
	JOB_NAMEINFO,		/* addr, flags -> rc, name (nameinfo.h) */
};

struct job {
	enum job_kind kind;
	const char *host, *port;
	int family, socktype;
	int flags;		/* GETADDRINFO: added to Python's flags (0) */
	struct sockaddr_storage addr;
	socklen_t addrlen;
	int fd;			/* CONNECT: the socket, connecting */
	bool py2;		/* BIND_ADDR: as Python 2.7's setipaddr() */

	int rc;			/* EAI_* for GETADDRINFO and SOURCE;
				 * REVERSE: the answer's family (AF_UNSPEC: none) */
	int saved_errno;	/* the errno behind EAI_SYSTEM */
	const char *plain;	/* SOURCE: an OSError with no code */
	int herr;		/* REVERSE: h_errno when no answer came */
	struct addrinfo *ai;
	char *name;

	char *own;		/* a clone's copy of host and port */
	bool orphaned;		/* its answer is to be dropped (submitter's) */
	uint64_t token;		/* the caller's, untouched */
	struct outlet *outlet;	/* where it goes when done */
	struct job *next;
};

/* Where one event loop's finished jobs land: fd becomes readable. */
struct outlet {
	struct job *done;	/* under the resolver's lock */
	int fd;
};

void job_run(struct job *j);
/* Runs j at once if that cannot block; false if it needs the pool. */
bool job_run_if_immediate(struct job *j);
/* Frees what a finished job holds, so the job can be used again. */
void job_clear(struct job *j);
/* A copy of j that owns its strings, for a thread that may outlive j's
 * owner; NULL when out of memory. */
struct job *job_clone(const struct job *j);
/* Moves a finished clone's answer into j and frees the clone. */
void job_take_answer(struct job *j, struct job *clone);
/* Frees a clone whose answer nobody wants. */
void job_drop(struct job *clone);

/* One pool of lookup threads for the process, shared by every loop: at
 * most max_threads, and at most the window's worth running at once (the
 * window knows the machine by its cpus). */
struct resolver;
struct resolver *resolver_new(unsigned max_threads, unsigned cpus);
void resolver_free(struct resolver *r);
bool outlet_init(struct outlet *o);
void outlet_close(struct outlet *o);
/* Queues j for o.  False, with errno (EAGAIN), when no thread could be
 * started to run it and none runs: a lookup never runs on the caller's
 * thread, where it would hold up the event loop and SIGINT. */
bool resolver_submit(struct resolver *r, struct job *j, struct outlet *o);
/* The next finished job of o, or NULL (then o->fd is drained). */
struct job *resolver_take_done(struct resolver *r, struct outlet *o);

#endif
