/* A probe's job (a lookup, a blocking connect) out to the resolver's
 * threads, and its answer back to the probe's shard. */
#include "run/pool_impl.h"

#include <errno.h>

#include "base/clock.h"
#include "net/job.h"

/* A lookup whose deadline the loop meets this late was held up with it
 * (a stopped process, a starved machine): its thread gets this long to
 * post an answer it may already hold before the lookup is cut. */
#define LOOKUP_LATE_NS (5 * NS_PER_MS)
#define LOOKUP_GRACE_NS (20 * NS_PER_MS)

/* The thread works on a clone, so a probe cut short at its deadline can
 * go while the lookup runs on; the clone's answer is then dropped.  A
 * lookup never runs on the loop's thread, where it would hold up every
 * probe and SIGINT: without memory or a thread for it the run ends. */
void lookup_submit(struct shard *sh, size_t idx,
			  const struct probe_wait *w)
{
	struct pool *p = sh->pool;
	struct task *t = &p->tasks[idx];
	int64_t deadline = w->deadline;

	t->asked = w->job;
	t->job = job_clone(w->job);
	if (!t->job) {
		pool_fail(p, ENOMEM, NULL);
		return;
	}
	t->job->token = idx;
	if (!resolver_submit(p->resolver, t->job, &sh->lookups)) {
		pool_fail(p, errno, errno == ENOMEM ? NULL : "cannot start a thread");
		job_drop(t->job);
		t->job = NULL;
		return;
	}
	loop_timer(sh->loop, idx, deadline);
	t->job_deadline = deadline;
	t->job_graced = false;
	t->job_out = true;
	sh->jobs_out++;
}

/* The loop met the lookup's deadline late: the lookup threads were held
 * up as long, and get a moment to catch up before the lookup is cut. */
bool lookup_grace(struct shard *sh, size_t idx, int64_t now)
{
	struct task *t = &sh->pool->tasks[idx];

	if (t->job_graced || now - t->job_deadline <= LOOKUP_LATE_NS)
		return false;
	t->job_graced = true;
	loop_timer(sh->loop, idx, now + LOOKUP_GRACE_NS);
	return true;
}

void lookup_orphan(struct task *t)
{
	t->job->orphaned = true;
	t->job = NULL;
	t->job_out = false;
}

void lookup_answers(struct shard *sh)
{
	struct job *j;
	struct probe_wait w;

	while ((j = resolver_take_done(sh->pool->resolver, &sh->lookups))) {
		size_t idx = (size_t)j->token;
		struct task *t = &sh->pool->tasks[idx];

		sh->jobs_out--;
		if (j->orphaned) {
			job_drop(j);
			continue;
		}
		t->job = NULL;
		t->job_out = false;
		job_take_answer(t->asked, j);
		probe_job_done(t->probe, now_ns(), &w);
		shard_apply_wait(sh, idx, &w);
	}
}
