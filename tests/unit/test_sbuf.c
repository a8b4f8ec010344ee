/* The growable buffer (src/base/sbuf.c): what it holds is always a C
 * string inside its allocation, however it grew. */
#include <stdlib.h>

#include "base/sbuf.h"
#include "unit.h"

static void test_grows_with_nul(void)
{
	struct sbuf b = {0};
	char big[1000];
	size_t want = 0;

	memset(big, 'a', sizeof big);
	/* every length from 1 to 300 bytes, one add at a time, and a jump of
	 * far more than the buffer doubled once */
	for (size_t n = 1; n <= 300; n++) {
		sb_addc(&b, 'x');
		want++;
		CHECK(b.len == want && b.len < b.cap && b.p[b.len] == '\0');
	}
	sb_reset(&b);
	CHECK(b.len == 0 && sb_str(&b)[0] == '\0');
	sb_add(&b, big, sizeof big);
	CHECK(b.len == sizeof big && b.len < b.cap && b.p[b.len] == '\0');
	sb_printf(&b, "%0*d", 3000, 7);
	CHECK(b.len == sizeof big + 3000 && b.len < b.cap && b.p[b.len] == '\0');
	CHECK(strlen(sb_str(&b)) == b.len);
	sb_free(&b);
	CHECK(b.p == NULL && b.len == 0 && b.cap == 0 && sb_str(&b)[0] == '\0');
}

UNIT_TESTS(sbuf) = {
	{"a C string in its allocation, however it grows", test_grows_with_nul},
	{NULL, NULL},
};
