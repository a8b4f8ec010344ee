/* The one UTF-8 decoder (base/utf8.c): each sequence as Python 3's strict
 * codec reads it (the table: b.decode("utf-8") of the first 1-4 bytes,
 * run with python3 -c), overlongs and surrogates refused. */
#include <stdint.h>

#include "base/utf8.h"
#include "unit.h"

static const struct {
	const char *bytes;
	size_t len, n;		/* n: the first sequence's length, 0: none */
	uint32_t cp;
} cases[] = {
	{"\x41", 1, 1, 0x41},
	{"\x00", 1, 1, 0x0},
	{"\x7f", 1, 1, 0x7f},
	{"\x80", 1, 0, 0x0},
	{"\xbf", 1, 0, 0x0},
	{"\xc0\x80", 2, 0, 0x0},		/* overlong NUL */
	{"\xc1\xbf", 2, 0, 0x0},
	{"\xc2\x80", 2, 2, 0x80},
	{"\xc2\xa0", 2, 2, 0xa0},
	{"\xdf\xbf", 2, 2, 0x7ff},
	{"\xc2", 1, 0, 0x0},			/* cut short */
	{"\xc2\x41", 2, 0, 0x0},
	{"\xe0\x80\x80", 3, 0, 0x0},		/* overlong */
	{"\xe0\x9f\xbf", 3, 0, 0x0},
	{"\xe0\xa0\x80", 3, 3, 0x800},
	{"\xed\x9f\xbf", 3, 3, 0xd7ff},
	{"\xed\xa0\x80", 3, 0, 0x0},		/* a surrogate */
	{"\xed\xbf\xbf", 3, 0, 0x0},
	{"\xee\x80\x80", 3, 3, 0xe000},
	{"\xef\xbf\xbf", 3, 3, 0xffff},
	{"\xe2\x82", 2, 0, 0x0},
	{"\xe2\x82\xac", 3, 3, 0x20ac},
	{"\xf0\x80\x80\x80", 4, 0, 0x0},	/* overlong */
	{"\xf0\x8f\xbf\xbf", 4, 0, 0x0},
	{"\xf0\x90\x80\x80", 4, 4, 0x10000},
	{"\xf4\x8f\xbf\xbf", 4, 4, 0x10ffff},
	{"\xf4\x90\x80\x80", 4, 0, 0x0},	/* above U+10FFFF */
	{"\xf5\x80\x80\x80", 4, 0, 0x0},
	{"\xf8\x88\x80\x80\x80", 5, 0, 0x0},
	{"\xff", 1, 0, 0x0},
	{"\xf0\x9f\x98\x80", 4, 4, 0x1f600},
	{"\xf0\x9f\x98", 3, 0, 0x0},
	{"\xe2\x82\xac\x41", 4, 3, 0x20ac},
};

static void test_decode(void)
{
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		uint32_t cp = 0xffffffff;
		size_t n = utf8_decode((const unsigned char *)cases[i].bytes,
				       cases[i].len, &cp);

		if (n != cases[i].n || (n && cp != cases[i].cp)) {
			printf("  case %zu: got %zu U+%04X, want %zu U+%04X\n", i,
			       n, (unsigned)cp, cases[i].n, (unsigned)cases[i].cp);
			unit_failed_checks++;
		}
	}
	/* a sequence longer than what is left is cut short */
	CHECK(utf8_decode((const unsigned char *)"\xe2\x82\xac", 2,
			  &(uint32_t){0}) == 0);
	CHECK(utf8_decode((const unsigned char *)"A", 0, &(uint32_t){0}) == 0);
}

UNIT_TESTS(utf8) = {
	{"strict: as Python 3's codec, no overlong, no surrogate", test_decode},
	{NULL, NULL},
};
