/* A job: one blocking call, run on a thread of the lookup pool
 * (resolver.h) or of the connect pool (connector.h) so the event loop
 * never waits for it: getaddrinfo, the source-address lookup CPython's
 * bind() does, gethostbyaddr, getnameinfo, a blocking connect.  The
 * caller fills in the question; job_run() fills in the answer. */
#ifndef SOCKERR_JOB_H
#define SOCKERR_JOB_H

#include <netdb.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

enum job_kind {
	JOB_GETADDRINFO,	/* host, port, family, socktype -> ai */
	JOB_BIND_ADDR,		/* host, family -> addr (CPython setipaddr) */
	JOB_REVERSE,		/* addr -> name (gethostbyaddr) */
	JOB_CONNECT,		/* fd, addr -> saved_errno */
	JOB_NAMEINFO,		/* addr, flags -> rc, name (getnameinfo) */
};

struct outlet;

struct job {
	enum job_kind kind;
	const char *host, *port;
	int family, socktype;
	int flags;		/* GETADDRINFO: added to Python's flags (0);
				 * NAMEINFO: the NI_* flags */
	struct sockaddr_storage addr;
	socklen_t addrlen;
	int fd;			/* CONNECT: the socket, connecting */
	bool py2;		/* BIND_ADDR: as Python 2.7's setipaddr() */

	int rc;			/* EAI_* for GETADDRINFO, BIND_ADDR, NAMEINFO;
				 * REVERSE: the answer's family (AF_UNSPEC: none) */
	int saved_errno;	/* the errno behind EAI_SYSTEM; CONNECT: its error */
	const char *plain;	/* BIND_ADDR: an OSError with no code */
	int herr;		/* REVERSE: h_errno when no answer came */
	struct addrinfo *ai;
	char *name;

	char *own;		/* a clone's copy of host and port */
	bool orphaned;		/* its answer is to be dropped (submitter's) */
	uint64_t token;		/* the caller's, untouched */
	struct outlet *outlet;	/* where it goes when done (resolver.h) */
	struct job *next;
};

/* Makes the call, blocking: the answer in j. */
void job_run(struct job *j);
/* Runs j at once if that cannot block; false if it needs a thread. */
bool job_run_if_immediate(struct job *j);
/* Whether a lookup's answer says "try again" (EAI_AGAIN, TRY_AGAIN). */
bool job_again(const struct job *j);
/* Frees what a finished job holds, so the job can be used again. */
void job_clear(struct job *j);
/* A copy of j that owns its strings, for a thread that may outlive j's
 * owner; NULL when out of memory. */
struct job *job_clone(const struct job *j);
/* Moves a finished clone's answer into j and frees the clone. */
void job_take_answer(struct job *j, struct job *clone);
/* Frees a clone whose answer nobody wants. */
void job_drop(struct job *clone);

#endif
