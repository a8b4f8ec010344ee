/* The engine's account of a failed run: the errno of the call that
 * failed, carried as a value, whatever the calls after it leave in errno
 * (flushing to a closed stdout leaves EPIPE, say). */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>

#include "run/engine.h"
#include "unit.h"

/* A source that has nothing yet and asks to wait on fd. */
static enum source_next waiting(void *ctx, struct request *rq)
{
	(void)ctx;
	(void)rq;
	return SOURCE_WAIT;
}

static bool emit_none(void *ctx, const struct report *rp)
{
	(void)ctx;
	(void)rp;
	errno = EPIPE;
	return true;
}

/* As printer_sink's flush on a closed stdout: errno is EPIPE after it. */
static void flush_epipe(void *ctx)
{
	(*(int *)ctx)++;
	errno = EPIPE;
}

static void retry_none(void *ctx, const struct report *rp)
{
	(void)ctx;
	(void)rp;
}

/* A descriptor number nothing has open, nor will (a low one freed now
 * would be the engine's epoll descriptor next). */
static int closed_fd(void)
{
	int fd = 900;

	while (fcntl(fd, F_GETFD) != -1)
		fd++;
	return fd;
}

static void test_failure_errno(void)
{
	struct plan plan = {.timeout_ns = -1, .wait_ns = -1, .max_time_ns = -1};
	struct engine_config cfg = {&plan, 1, 1, 64, 1, -1};
	int flushes = 0;
	struct engine_sink sink = {emit_none, flush_epipe, retry_none, &flushes};
	struct engine_source src = {waiting, closed_fd(), NULL};
	struct engine_status st;

	/* the input cannot be watched (EBADF); the flush after it says EPIPE */
	CHECK(engine_run(&cfg, &src, &sink, &st) == ENGINE_FAILED);
	CHECK(st.err == EBADF && flushes > 0 && !st.abandoned && st.signo == 0);
	/* nor can the stop signals' descriptor: the set-up fails */
	cfg.sigfd = closed_fd();
	src.fd = -1;
	CHECK(engine_run(&cfg, &src, &sink, &st) == ENGINE_FAILED);
	CHECK(st.err == EBADF);
}

UNIT_TESTS(engine) = {
	{"a failed run carries the errno of the call that failed", test_failure_errno},
	{NULL, NULL},
};
