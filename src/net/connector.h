/* Blocking connects, as Python makes them without settimeout(): a
 * connect() that went on its way non-blocking is waited for (JOB_CONNECT,
 * job.h) in a worker thread of a pool apart from the lookups'. */
#ifndef SOCKERR_CONNECTOR_H
#define SOCKERR_CONNECTOR_H

#include <stdbool.h>

struct job;

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
