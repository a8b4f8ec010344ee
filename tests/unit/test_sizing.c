/* The probe pool's shape (run/pool_sizing.c): within the descriptor budget,
 * one loop for a small run, a worker per CPU for a big one. */
#include "run/pool_sizing.h"
#include "unit.h"

/* What the shape takes of the budget: each loop 3 descriptors, each
 * lookup thread 2, each probe 1. */
static size_t cost(const struct pool_shape *s)
{
	return s->capacity + 3 * (size_t)s->shards + 2 * (size_t)s->lookup_threads;
}

static size_t shares(const struct pool_shape *s, unsigned from)
{
	size_t n = 0;

	for (unsigned k = from; k < s->shards; k++)
		n += pool_share(s, k);
	return n;
}

static void test_shape(void)
{
	struct pool_shape s;

	/* a single check, or a small run: the caller's loop alone */
	s = pool_shape(1, 8, 1000, 4096);
	CHECK(s.capacity == 1 && s.shards == 1 && pool_share(&s, 0) == 1);
	s = pool_shape(100, 8, 100000, 100);
	CHECK(s.capacity == 100 && s.shards == 1 && s.lookup_threads == 100);
	/* one CPU: no worker, however big the run */
	s = pool_shape(10000, 1, 1000000, 256);
	CHECK(s.capacity == 10000 && s.shards == 1);
	/* a big run: a worker per CPU, which share every probe; the caller's
	 * loop runs the first few itself */
	s = pool_shape(10000, 4, 1000000, 256);
	CHECK(s.shards == 5 && shares(&s, 1) == 10000);
	CHECK(pool_share(&s, 0) > 0 && pool_share(&s, 0) < 10000);
	CHECK(pool_share(&s, 1) - pool_share(&s, 4) <= 1);
	/* never more loops than SHARDS_MAX, whatever the CPUs */
	s = pool_shape(1000000, 512, 100000000, 4096);
	CHECK(s.shards == SHARDS_MAX && shares(&s, 1) == s.capacity);
}

static void test_budget(void)
{
	struct pool_shape s;

	/* the probes get what the loops and lookup threads leave */
	s = pool_shape(256, 2, 100, 4096);
	CHECK(s.lookup_threads == 100 / 8);
	CHECK(s.capacity > 0 && s.capacity < 256 && cost(&s) <= 100);
	s = pool_shape(100000, 16, 5000, 4096);
	CHECK(cost(&s) <= 5000 && s.capacity >= 5000 / 2);
	/* no room at all: one probe, one thread, and EMFILE tells */
	s = pool_shape(256, 2, 0, 4096);
	CHECK(s.capacity == 1 && s.lookup_threads == 1 && s.shards == 1);
}

UNIT_TESTS(sizing) = {
	{"a loop for a small run, a worker per CPU for a big one", test_shape},
	{"within the descriptor budget", test_budget},
	{NULL, NULL},
};
