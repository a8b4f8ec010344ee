/* The strict UTF-8 decoder (utf8.h). */
#include "base/utf8.h"

size_t utf8_decode(const unsigned char *s, size_t avail, uint32_t *cp)
{
	static const uint32_t shortest[5] = {0, 0, 0x80, 0x800, 0x10000};
	size_t n;
	uint32_t c;

	if (avail == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	/* C0 and C1 start only overlong forms; F5-FF nothing at all */
	n = s[0] < 0xc2 ? 0 : s[0] < 0xe0 ? 2 : s[0] < 0xf0 ? 3 : s[0] < 0xf5 ? 4 : 0;
	if (n == 0 || n > avail)
		return 0;
	c = s[0] & (0x7fu >> n);
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if (c < shortest[n] || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}
