#include <limits.h>

#include "base/numparse.h"
#include "unit.h"

static void test_seconds(void)
{
	static const struct {
		const char *s;
		int64_t ns;
	} good[] = {
		{"0", 0}, {"2", 2000000000}, {"0.5", 500000000}, {".25", 250000000},
		{"1.", 1000000000}, {"0.000000001", 1}, {"0.0000000019", 2},
		{"0.0000000001", 1}, {".00000000000000000001", 1},
		{"0.0000000010", 1}, {"0.00000000000", 0}, {"0.9999999999", 1000000000},
		{"999999.9999999999", 1000000000000000},
		{"1000000", 1000000000000000}, {"007", 7000000000},
	};
	static const char *const bad[] = {
		"", ".", "-1", "+1", "1e3", "nan", "inf", " 1", "1 ", "0x10",
		"1,5", "1000000.5", "1000000.0000000001", "1000001", "99999999999999999999", "1..2",
	};
	int64_t ns;
	const char *why;

	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		CHECK(parse_seconds(good[i].s, &ns, &why));
		CHECK(ns == good[i].ns);
	}
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (parse_seconds(bad[i], &ns, &why)) {
			printf("  accepted \"%s\"\n", bad[i]);
			CHECK(0);
		}
	}
}

static void test_count(void)
{
	unsigned long v;
	const char *why;

	CHECK(parse_count("1", 1, 10, &v, &why) && v == 1);
	CHECK(parse_count("10", 1, 10, &v, &why) && v == 10);
	CHECK(!parse_count("0", 1, 10, &v, &why));
	CHECK(!parse_count("11", 1, 10, &v, &why));
	CHECK(!parse_count("1KB", 1, 10000, &v, &why));
	CHECK(!parse_count("0x10", 1, 10000, &v, &why));
	CHECK(!parse_count("", 1, 10, &v, &why));
	CHECK(!parse_count("-1", 0, 10, &v, &why));
	CHECK(!parse_count("184467440737095516160", 0, 10, &v, &why));
}

/* Found by fuzzing: with a bound near ULONG_MAX, v * 10 wrapped and a
 * 20-digit number passed for a small one. */
static void test_count_overflow(void)
{
	unsigned long v;
	const char *why;

	CHECK(parse_count("18446744073709551615", 0, ULONG_MAX, &v, &why));
	CHECK(v == ULONG_MAX);
	CHECK(!parse_count("18446744073709551616", 0, ULONG_MAX, &v, &why));
	CHECK(!parse_count("36893488147419103232", 0, ULONG_MAX, &v, &why));
	CHECK(!parse_count("99999999999999999999999", 0, ULONG_MAX, &v, &why));
	CHECK(!parse_count("1000000x", 0, 10, &v, &why));
	CHECK_STR(why, "not a whole number");
}

UNIT_TESTS(numparse) = {
	{"seconds: strict decimals only", test_seconds},
	{"counts: digits in range only", test_count},
	{"counts: no wrap-around near ULONG_MAX", test_count_overflow},
	{NULL, NULL},
};
