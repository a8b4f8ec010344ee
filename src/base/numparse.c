/* Strict parsers for numeric option values: decimal seconds and whole
 * counts, nothing strtod or strtoul would also let through. */
#include "base/numparse.h"

#include <stddef.h>

#include "base/clock.h"

bool parse_seconds(const char *s, int64_t *ns, const char **why)
{
	int64_t whole = 0, frac = 0, scale = 100000000;
	size_t digits = 0;
	bool below_ns = false;

	*why = "not a decimal number of seconds";
	for (; is_digit(*s); s++, digits++) {
		whole = whole * 10 + (*s - '0');
		if (whole > SECONDS_MAX) {
			*why = "too large (at most " NUM_TEXT(SECONDS_MAX) " seconds)";
			return false;
		}
	}
	if (*s == '.') {
		for (s++; is_digit(*s); s++, digits++) {
			frac += (*s - '0') * scale;
			below_ns = below_ns || (scale == 0 && *s != '0');
			scale /= 10;
		}
	}
	if (*s != '\0' || digits == 0)
		return false;
	/* rounded up, as CPython's settimeout() (_PyTime_ROUND_TIMEOUT): a
	 * non-zero time never becomes 0, which would mean non-blocking */
	frac += below_ns;
	if (whole == SECONDS_MAX && frac > 0) {
		*why = "too large (at most " NUM_TEXT(SECONDS_MAX) " seconds)";
		return false;
	}
	*ns = whole * NS_PER_SEC + frac;
	return true;
}

bool parse_count(const char *s, unsigned long min, unsigned long max,
		 unsigned long *out, const char **why)
{
	unsigned long v = 0;
	bool too_big = false;

	*why = "not a whole number";
	if (!is_digit(*s))
		return false;
	/* every digit is read, so junk after a huge number is still junk;
	 * a wrapped value must never pass for one in range */
	for (; is_digit(*s); s++)
		too_big = too_big || __builtin_mul_overflow(v, 10ul, &v) ||
			  __builtin_add_overflow(v, (unsigned long)(*s - '0'), &v);
	if (*s != '\0')
		return false;
	if (too_big || v < min || v > max) {
		*why = "out of range";
		return false;
	}
	*out = v;
	return true;
}
