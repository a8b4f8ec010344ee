/* Name resolution off the event loop: lookup jobs (job.h: getaddrinfo,
 * the source-address lookup CPython's bind() does, gethostbyaddr,
 * getnameinfo) run by threads started on demand, as many at once as the
 * lookup window allows (flow.h).  Blocking connects (JOB_CONNECT) take the
 * same way back, through a pool of their own (connector.h), so a hanging
 * connect never holds up a lookup. */
#ifndef SOCKERR_RESOLVER_H
#define SOCKERR_RESOLVER_H

#include <stdbool.h>

struct job;

/* Where one event loop's finished jobs land: fd becomes readable. */
struct outlet {
	struct job *done;	/* under the resolver's lock */
	int fd;
};

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
