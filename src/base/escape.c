/* Byte escaping: --send's C escapes in; terminal-safe and JSON-safe
 * text out. */
#include "base/escape.h"

#include <stdint.h>
#include <string.h>

#include "base/utf8.h"

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int simple_escape(char c)
{
	static const char from[] = "\\\"'abefnrtv0";
	static const char to[] = "\\\"'\a\b\033\f\n\r\t\v\0";
	const char *p = c ? strchr(from, c) : NULL;

	return p ? to[p - from] : -1;
}

bool esc_decode(const char *in, unsigned char *out, size_t *out_len,
		const char **why)
{
	size_t n = 0;
	int hi, lo, c;

	while (*in) {
		if (*in != '\\') {
			out[n++] = (unsigned char)*in++;
			continue;
		}
		in++;
		if (*in == 'x') {
			hi = hex_value(in[1]);
			lo = hi < 0 ? -1 : hex_value(in[2]);
			if (lo < 0) {
				*why = "\\x needs two hex digits";
				return false;
			}
			out[n++] = (unsigned char)(hi << 4 | lo);
			in += 3;
			continue;
		}
		c = simple_escape(*in);
		if (c < 0) {
			*why = *in ? "unknown escape (use \\\\ for a backslash)"
				   : "trailing backslash";
			return false;
		}
		out[n++] = (unsigned char)c;
		in++;
	}
	*out_len = n;
	return true;
}

void esc_terminal(struct sbuf *b, const void *data, size_t len)
{
	const unsigned char *s = data;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = s[i];

		if (c == '\\')
			sb_adds(b, "\\\\");
		else if (c == '\n')
			sb_adds(b, "\\n");
		else if (c == '\r')
			sb_adds(b, "\\r");
		else if (c == '\t')
			sb_adds(b, "\\t");
		else if (c < 0x20 || c >= 0x7f)
			sb_printf(b, "\\x%02x", c);
		else
			sb_addc(b, (char)c);
	}
}

void esc_json(struct sbuf *b, const void *data, size_t len)
{
	const unsigned char *s = data;
	size_t n;
	uint32_t cp;

	for (size_t i = 0; i < len; i += n) {
		unsigned char c = s[i];

		n = 1;
		if (c == '"' || c == '\\') {
			sb_addc(b, '\\');
			sb_addc(b, (char)c);
		} else if (c == '\n') {
			sb_adds(b, "\\n");
		} else if (c == '\r') {
			sb_adds(b, "\\r");
		} else if (c == '\t') {
			sb_adds(b, "\\t");
		} else if (c < 0x20 || c == 0x7f) {
			sb_printf(b, "\\u%04x", c);
		} else if (c < 0x80) {
			sb_addc(b, (char)c);
		} else if ((n = utf8_decode(s + i, len - i, &cp)) == 0) {
			sb_printf(b, "\\u%04x", c);
			n = 1;
		} else if (c == 0xc2 && s[i + 1] < 0xa0) {
			sb_printf(b, "\\u%04x", s[i + 1]);	/* C1 control */
		} else {
			sb_add(b, (const char *)s + i, n);
		}
	}
}
