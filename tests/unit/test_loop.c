#include <stdlib.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "net/loop.h"
#include "unit.h"

/* Timers set in random order, some moved, some cancelled, fire once each
 * in deadline order. */
static void test_timer_order(void)
{
	enum { N = 500 };
	struct loop *l = loop_new(N);
	int64_t base = now_ns() - 1000000000, last = -1, deadline[N];
	struct loop_event ev[64];
	int fired = 0, n;

	srand(7);
	for (int i = 0; i < N; i++) {
		deadline[i] = base + rand() % 100000;
		loop_timer(l, (size_t)i, deadline[i]);
	}
	for (int i = 0; i < N; i += 3) {
		deadline[i] = base + rand() % 100000;
		loop_timer(l, (size_t)i, deadline[i]);	/* moved */
	}
	for (int i = 1; i < N; i += 5) {
		loop_timer(l, (size_t)i, -1);	/* cancelled */
		deadline[i] = -1;
	}
	while (fired < N - N / 5 && (n = loop_wait(l, ev, 64)) > 0) {
		for (int k = 0; k < n; k++) {
			size_t id = (size_t)ev[k].token;

			CHECK(ev[k].kind == LOOP_TIMER && id < N);
			CHECK(deadline[id] >= last);
			last = deadline[id];
			deadline[id] = -2;
			fired++;
		}
	}
	CHECK(fired == N - N / 5);
	for (int i = 0; i < N; i++)
		CHECK(deadline[i] < 0);
	loop_free(l);
}

/* A descriptor and the deadline of its wait ready in one batch: the
 * descriptor comes first, and once the wait is replaced (the timer set
 * again or cancelled) the timer event of that batch is stale. */
static void test_timer_serial(void)
{
	struct loop *l = loop_new(4);
	struct loop_event ev[8];
	int fds[2], n;

	CHECK(pipe(fds) == 0);
	CHECK(loop_watch(l, fds[0], EPOLLIN, 42) == 0);
	loop_timer(l, 1, now_ns() - 1);
	loop_timer(l, 2, now_ns() - 1);
	CHECK(write(fds[1], "x", 1) == 1);
	n = loop_wait(l, ev, 8);
	CHECK(n == 3);
	CHECK(ev[0].kind == LOOP_FD && ev[0].token == 42);
	CHECK(ev[1].kind == LOOP_TIMER && ev[2].kind == LOOP_TIMER);
	for (int i = 0; i < n; i++)
		CHECK(loop_timer_current(l, &ev[i]));
	/* the descriptor's handler moves its probe on: timer 1 set anew,
	 * timer 2 cancelled; both events of this batch are stale now */
	loop_timer(l, 1, now_ns() + 1000000000);
	loop_timer(l, 2, -1);
	CHECK(loop_timer_current(l, &ev[0]));
	CHECK(!loop_timer_current(l, &ev[1]));
	CHECK(!loop_timer_current(l, &ev[2]));
	/* the new deadline of timer 1 is current when it fires */
	loop_timer(l, 1, now_ns() - 1);
	CHECK(read(fds[0], (char[1]){0}, 1) == 1);
	n = loop_poll(l, ev, 8);
	CHECK(n == 1 && ev[0].kind == LOOP_TIMER && ev[0].token == 1);
	CHECK(n == 1 && loop_timer_current(l, &ev[0]));
	close(fds[0]);
	close(fds[1]);
	loop_free(l);
}

UNIT_TESTS(loop) = {
	{"timers fire once each, in deadline order", test_timer_order},
	{"a descriptor comes before its deadline; a replaced timer is stale",
	 test_timer_serial},
	{NULL, NULL},
};
