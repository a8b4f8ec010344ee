/* A small unit-test harness: one PASS or FAIL line per test function. */
#ifndef SOCKERR_UNIT_H
#define SOCKERR_UNIT_H

#include <stdio.h>
#include <string.h>

extern int unit_failed_checks;

#define CHECK(cond)                                                        \
	do {                                                               \
		if (!(cond)) {                                             \
			printf("  %s:%d: CHECK(%s)\n", __FILE__, __LINE__, \
			       #cond);                                     \
			unit_failed_checks++;                              \
		}                                                          \
	} while (0)

#define CHECK_STR(got, want)                                               \
	do {                                                               \
		const char *g_ = (got), *w_ = (want);                      \
		if (!g_ || strcmp(g_, w_) != 0) {                          \
			printf("  %s:%d: got \"%s\", want \"%s\"\n", __FILE__, \
			       __LINE__, g_ ? g_ : "(null)", w_);          \
			unit_failed_checks++;                              \
		}                                                          \
	} while (0)

struct unit_test {
	const char *name;
	void (*fn)(void);
};

/* Each test file defines its table with UNIT_TESTS(file) { ... }. */
#define UNIT_TESTS(group) const struct unit_test unit_##group[]

#endif
