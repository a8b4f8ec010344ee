/* Runs every unit test; the runner counts the PASS and FAIL lines. */
#include "unit.h"

int unit_failed_checks;

#define GROUPS(X) X(target) X(numparse) X(escape) X(format) X(taxonomy) \
	X(loop) X(input) X(request) X(cli) X(monitor) X(tlserror) X(idna) X(flow) \
	X(py) X(engine) X(sbuf) X(sizing) X(utf8) X(happy) X(dualstack) X(pyver)
#define DECLARE(g) extern const struct unit_test unit_##g[];
GROUPS(DECLARE)

static int run_group(const char *group, const struct unit_test *t)
{
	int failed = 0;

	for (; t->name; t++) {
		int before = unit_failed_checks;

		t->fn();
		if (unit_failed_checks == before) {
			printf("PASS unit: %s: %s\n", group, t->name);
		} else {
			printf("FAIL unit: %s: %s\n", group, t->name);
			failed++;
		}
		fflush(stdout);
	}
	return failed;
}

int main(void)
{
	int failed = 0;

#define RUN(g) failed += run_group(#g, unit_##g);
	GROUPS(RUN)
	return failed ? 1 : 0;
}
