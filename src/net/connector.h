/* Blocking connects, as Python makes them without settimeout(): a
 * connect() that went on its way non-blocking is waited for by a blocking
 * connect() in a worker thread, so the kernel treats an ICMP error during
 * the SYN as it does for Python (seen at the next retransmission). */
#ifndef SOCKERR_CONNECTOR_H
#define SOCKERR_CONNECTOR_H

#include <stdbool.h>
#include <sys/socket.h>

struct job;

/* Waits, blocking, for the connect in progress on fd to end: 0 when it
 * stands, else the errno Python's connect() raises.  fd is left
 * non-blocking again. */
int connect_wait(int fd, const struct sockaddr *sa, socklen_t len);

/* A pool of threads that run connect jobs (any job, in fact) and hand each
 * finished one to done(ctx, job).  Threads start on demand, up to max,
 * with small stacks: a batch of hanging connects costs little. */
struct connector;
struct connector *connector_new(unsigned max_threads,
				void (*done)(void *ctx, struct job *j),
				void *ctx);
/* False, with errno, when no thread runs and none could be started: the
 * job is not taken (it never blocks the caller's thread). */
bool connector_submit(struct connector *c, struct job *j);
/* Stops and joins the threads; only when no job is out. */
void connector_free(struct connector *c);

#endif
