/* Monotonic time in nanoseconds: deadlines and step timings. */
#ifndef SOCKERR_CLOCK_H
#define SOCKERR_CLOCK_H

#include <stdint.h>
#include <time.h>

static inline int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

#endif
