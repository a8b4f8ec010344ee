/* The UTF-8 decoder (base/utf8.c) against Unicode's Table 3-7, the
 * well-formed byte sequences written out as byte ranges: the decoder
 * takes exactly the sequences the table lists, and the code point it
 * gives encodes back to the bytes it read. */
#include <stdbool.h>

#include "base/utf8.h"
#include "fuzz.h"

/* Table 3-7: the first byte's range and the second byte's; every later
 * byte is 80..BF. */
static const struct {
	unsigned char lo, hi, lo2, hi2, len;
} table[] = {
	{0x00, 0x7f, 0, 0, 1},
	{0xc2, 0xdf, 0x80, 0xbf, 2},
	{0xe0, 0xe0, 0xa0, 0xbf, 3},
	{0xe1, 0xec, 0x80, 0xbf, 3},
	{0xed, 0xed, 0x80, 0x9f, 3},
	{0xee, 0xef, 0x80, 0xbf, 3},
	{0xf0, 0xf0, 0x90, 0xbf, 4},
	{0xf1, 0xf3, 0x80, 0xbf, 4},
	{0xf4, 0xf4, 0x80, 0x8f, 4},
};

static size_t well_formed(const uint8_t *s, size_t avail)
{
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
		if (s[0] < table[i].lo || s[0] > table[i].hi)
			continue;
		if (table[i].len > avail)
			return 0;
		if (table[i].len > 1 && (s[1] < table[i].lo2 || s[1] > table[i].hi2))
			return 0;
		for (size_t k = 2; k < table[i].len; k++)
			if (s[k] < 0x80 || s[k] > 0xbf)
				return 0;
		return table[i].len;
	}
	return 0;
}

static size_t encode(uint32_t cp, uint8_t out[4])
{
	if (cp < 0x80) {
		out[0] = (uint8_t)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (uint8_t)(0xc0 | cp >> 6);
		out[1] = (uint8_t)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (uint8_t)(0xe0 | cp >> 12);
		out[1] = (uint8_t)(0x80 | (cp >> 6 & 0x3f));
		out[2] = (uint8_t)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (uint8_t)(0xf0 | cp >> 18);
	out[1] = (uint8_t)(0x80 | (cp >> 12 & 0x3f));
	out[2] = (uint8_t)(0x80 | (cp >> 6 & 0x3f));
	out[3] = (uint8_t)(0x80 | (cp & 0x3f));
	return 4;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* every position, as the escapers walk a text byte by byte */
	for (size_t i = 0; i < size; i++) {
		uint32_t cp = 0;
		uint8_t back[4];
		size_t n = utf8_decode(data + i, size - i, &cp);

		FUZZ_CHECK(n == well_formed(data + i, size - i));
		if (n == 0)
			continue;
		FUZZ_CHECK(cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff));
		FUZZ_CHECK(encode(cp, back) == n && memcmp(back, data + i, n) == 0);
	}
	return 0;
}
