/* Monotonic time in nanoseconds: deadlines and step timings. */
#ifndef SOCKERR_CLOCK_H
#define SOCKERR_CLOCK_H

#include <stdint.h>
#include <time.h>

#define NS_PER_SEC ((int64_t)1000000000)
#define NS_PER_MS ((int64_t)1000000)

static inline int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * NS_PER_SEC + ts.tv_nsec;
}

#endif
