/* The lookup window (src/net/flow.c): growth, holds, cuts, silence, bounds. */
#include "base/clock.h"
#include "net/flow.h"
#include "unit.h"

#define MS NS_PER_MS

/* n answers of took ns each, one after the other from *now. */
static void answers(struct flow *f, int64_t *now, int n, int64_t took,
		    bool again)
{
	for (int i = 0; i < n; i++) {
		*now += took / 4;
		flow_done(f, *now - took, *now, again);
	}
}

static void test_start_and_bounds(void)
{
	struct flow f;

	flow_init(&f, 1024, 4, 0);
	CHECK(flow_window(&f) == FLOW_START);
	flow_init(&f, 3, 4, 0);
	CHECK(flow_window(&f) == 3);
	flow_init(&f, 0, 4, 0);
	CHECK(flow_window(&f) == 1);
}

static void test_grows_while_fast(void)
{
	struct flow f;
	int64_t now = 0;

	unsigned w;

	flow_init(&f, 1024, 4, now);
	answers(&f, &now, 30, 50 * MS, false);		/* the base is known */
	w = flow_window(&f);
	answers(&f, &now, 100, 50 * MS, false);
	CHECK(flow_window(&f) == w + 100);		/* slow start: +1 each */
	answers(&f, &now, 5000, 50 * MS, false);
	CHECK(flow_window(&f) == 1024);			/* never past the cap */
	CHECK(f.cuts == 0);
}

static void test_holds_on_queue_cuts_on_long_queue(void)
{
	struct flow f;
	int64_t now = 0;
	unsigned w;

	flow_init(&f, 1024, 4, now);
	answers(&f, &now, 30, 10 * MS, false);		/* base: 10 ms */
	w = flow_window(&f);
	answers(&f, &now, 100, 10 * MS, false);
	CHECK(flow_window(&f) == w + 100);
	w = flow_window(&f);
	answers(&f, &now, 7, 30 * MS, false);		/* > 2x + 0.5 ms */
	CHECK(flow_window(&f) == w);
	CHECK(f.cuts == 0);
	answers(&f, &now, 1, 50 * MS, false);		/* > 4x + 2 ms */
	CHECK(flow_window(&f) == w / 2);
	CHECK(f.cuts == 1);
}

static void test_fast_few_do_not_set_the_pace(void)
{
	struct flow f;
	int64_t now = 0;

	flow_init(&f, 1024, 4, now);
	/* one name in 20 from /etc/hosts (50 us), the rest at 50 ms */
	for (int i = 0; i < 60; i++) {
		answers(&f, &now, 1, 50000, false);
		answers(&f, &now, 19, 50 * MS, false);
	}
	CHECK(f.cuts == 0);
	CHECK(flow_window(&f) == 1024);
}

static void test_hosts_burst_first(void)
{
	struct flow f;
	int64_t now = 0;

	flow_init(&f, 1024, 2, now);
	/* a batch's first dozen /etc/hosts names come back before any
	 * server's answer, then one in 21 */
	answers(&f, &now, 12, 20000, false);
	for (int i = 0; i < 60; i++) {
		answers(&f, &now, 20, 50 * MS, false);
		answers(&f, &now, 1, 20000, false);
	}
	CHECK(f.cuts == 0);
	CHECK(flow_window(&f) == 1024);
}

static void test_one_cut_per_loss_event(void)
{
	struct flow f;
	int64_t now = 0;
	unsigned w;

	flow_init(&f, 1024, 4, now);
	answers(&f, &now, 200, 10 * MS, false);
	w = flow_window(&f);
	/* lookups started together before the last good answer, lost
	 * together (a timeout of 1 s): one cut */
	for (int i = 0; i < 20; i++)
		flow_done(&f, now - 5 * MS - i * MS, now + NS_PER_SEC + i, true);
	CHECK(f.cuts == 1);
	CHECK(flow_window(&f) == w / 2);
}

static void test_silent_server_does_not_cut(void)
{
	struct flow f;
	int64_t now = 0;

	flow_init(&f, 1024, 4, now);
	/* no good answer ever: timeouts say the server is down */
	answers(&f, &now, 500, 5 * NS_PER_SEC, true);
	CHECK(f.cuts == 0);
	CHECK(flow_window(&f) == FLOW_START);
}

static void test_servfail_holds(void)
{
	struct flow f;
	int64_t now = 0;

	flow_init(&f, 1024, 4, now);
	answers(&f, &now, 100, 1 * MS, true);
	CHECK(flow_window(&f) == FLOW_START);
	CHECK(f.cuts == 0);
}

static void test_silence_doubles(void)
{
	struct flow f;
	int64_t now = 0, at;
	unsigned w;

	flow_init(&f, 1000, 4, now);
	at = flow_quiet(&f, now);
	CHECK(at == FLOW_QUIET_NS);
	CHECK(flow_window(&f) == FLOW_START);
	for (int i = 0; i < 10; i++)
		at = flow_quiet(&f, at);
	CHECK(flow_window(&f) == 1000);
	/* once answers come, silence is measured against them, from the
	 * first time lookups wait */
	flow_init(&f, 1000, 4, 0);
	answers(&f, &now, 40, 50 * MS, false);
	w = flow_window(&f);
	at = flow_quiet(&f, now + 10 * MS);
	CHECK(at == now + 10 * MS + 100 * MS);		/* 2 x 50 ms */
	CHECK(flow_window(&f) == w);
	flow_quiet(&f, at);
	CHECK(flow_window(&f) == 2 * w);
}

static void test_fast_server_needs_few(void)
{
	struct flow f;
	int64_t now = 0;
	unsigned w;

	flow_init(&f, 1024, 4, now);
	answers(&f, &now, 100, 100000, false);		/* 0.1 ms */
	w = flow_window(&f);
	/* no growth before the base is known, and none after */
	CHECK(w == FLOW_START);
	answers(&f, &now, 2000, 100000, false);
	CHECK(flow_window(&f) == w);
	flow_init(&f, 4096, 4, now);
	answers(&f, &now, 5000, 50 * MS, false);	/* 2 x 40,000/s x 50 ms */
	CHECK(flow_window(&f) == 4000);
	flow_init(&f, 4096, 2, now);			/* 2 CPUs */
	answers(&f, &now, 5000, 50 * MS, false);	/* 2 x 20,000/s x 50 ms */
	CHECK(flow_window(&f) == 2000);
}

static void test_floors(void)
{
	struct flow f;
	int64_t now = 0;

	flow_init(&f, 1024, 4, now);
	answers(&f, &now, 200, 1 * MS, false);
	for (int i = 0; i < 20; i++)			/* long queues */
		answers(&f, &now, 1, 100 * MS, false);
	CHECK(flow_window(&f) == FLOW_START);
	for (int i = 0; i < 20; i++) {			/* lost queries */
		answers(&f, &now, 1, 1 * MS, false);
		flow_done(&f, now - 5 * MS, now + NS_PER_SEC, true);
		now += NS_PER_SEC;
	}
	CHECK(flow_window(&f) == FLOW_MIN);
}

UNIT_TESTS(flow) = {
	{"start and bounds", test_start_and_bounds},
	{"grows while answers are fast, up to the cap", test_grows_while_fast},
	{"holds on a queue, halves on a long one", test_holds_on_queue_cuts_on_long_queue},
	{"a burst of /etc/hosts names first does not set the pace", test_hosts_burst_first},
	{"one cut per loss event", test_one_cut_per_loss_event},
	{"a silent server does not shrink it", test_silent_server_does_not_cut},
	{"SERVFAIL holds it", test_servfail_holds},
	{"a few quick names (/etc/hosts) do not set the pace", test_fast_few_do_not_set_the_pace},
	{"silence doubles it", test_silence_doubles},
	{"a fast server gets FLOW_START, a slow one more", test_fast_server_needs_few},
	{"a queue takes it to FLOW_START, lost queries to FLOW_MIN", test_floors},
	{NULL, NULL},
};
