/* The option number parsers, each against a reference written here.
 * Input: a selector byte; for parse_count 8 bytes of min and 8 of max
 * (any values, so the bounds themselves are fuzzed); then the text. */
#include <stdbool.h>

#include "fuzz.h"
#include "base/numparse.h"

static bool digit(char c)
{
	return c >= '0' && c <= '9';
}

/* digits* ['.' digits*], at least one digit; to nanoseconds, rounded up
 * (issue 17: as CPython's _PyTime_ROUND_TIMEOUT, so 1e-10 is not 0). */
static bool ref_seconds(const char *s, int64_t *ns)
{
	const char *dot = strchr(s, '.');
	size_t digits = 0;
	int64_t whole = 0, frac = 0;
	int places = 0;
	bool rest = false;	/* a non-zero digit past the ninth place */

	for (const char *p = s; *p; p++) {
		if (p == dot)
			continue;
		if (!digit(*p))
			return false;
		digits++;
		if (!dot || p < dot) {
			whole = whole * 10 + (*p - '0');
			if (whole > SECONDS_MAX)
				return false;
		} else if (places < 9) {
			frac = frac * 10 + (*p - '0');
			places++;
		} else if (*p != '0') {
			rest = true;
		}
	}
	for (; places < 9; places++)
		frac *= 10;
	*ns = whole * 1000000000 + frac + rest;
	return digits > 0 && *ns <= (int64_t)SECONDS_MAX * 1000000000;
}

static bool ref_count(const char *s, unsigned long min, unsigned long max,
		      unsigned long *v)
{
	bool overflow = false;

	*v = 0;
	if (!*s)
		return false;
	for (; *s; s++) {
		if (!digit(*s))
			return false;
		if (__builtin_mul_overflow(*v, 10ul, v) ||
		    __builtin_add_overflow(*v, (unsigned long)(*s - '0'), v))
			overflow = true;
	}
	return !overflow && *v >= min && *v <= max;
}

static unsigned long take_ulong(const uint8_t *p)
{
	unsigned long v = 0;

	for (int i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

static void check_seconds(const char *s)
{
	int64_t got = -7, want = -7;
	const char *why = NULL;
	bool ok = parse_seconds(s, &got, &why);

	FUZZ_CHECK(ok == ref_seconds(s, &want));
	if (ok)
		FUZZ_CHECK(got == want);
	else
		FUZZ_CHECK(why && why[0]);
}

static void check_count(const char *s, unsigned long min, unsigned long max)
{
	unsigned long got = 7, want;
	const char *why = NULL;
	bool ok = parse_count(s, min, max, &got, &why);

	FUZZ_CHECK(ok == ref_count(s, min, max, &want));
	if (ok)
		FUZZ_CHECK(got == want);
	else
		FUZZ_CHECK(why && why[0]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s;

	if (size < 1)
		return 0;
	if ((data[0] & 1) == 0) {
		s = fuzz_cstr(data + 1, size - 1);
		check_seconds(s);
	} else {
		if (size < 17)
			return 0;
		s = fuzz_cstr(data + 17, size - 17);
		check_count(s, take_ulong(data + 1), take_ulong(data + 9));
	}
	free(s);
	return 0;
}
