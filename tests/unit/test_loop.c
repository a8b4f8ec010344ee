#include <stdlib.h>

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

UNIT_TESTS(loop) = {
	{"timers fire once each, in deadline order", test_timer_order},
	{NULL, NULL},
};
