/* The output escapers, on any bytes.  esc_terminal: only printable ASCII
 * comes out.  esc_json: a valid JSON string body (checked here by a small
 * validator of its own), no raw DEL or C1 control, and for input that is
 * valid UTF-8 the decoded string is the input itself. */
#include <ctype.h>
#include <stdbool.h>

#include "base/escape.h"
#include "fuzz.h"

/* Length of the valid UTF-8 sequence at s (RFC 3629), or 0. */
static size_t utf8_seq(const unsigned char *s, size_t avail, unsigned *cp)
{
	static const unsigned min[] = {0, 0, 0x80, 0x800, 0x10000};
	size_t n;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0)
		n = 2;
	else if ((s[0] & 0xf0) == 0xe0)
		n = 3;
	else if ((s[0] & 0xf8) == 0xf0)
		n = 4;
	else
		return 0;
	if (n > avail)
		return 0;
	*cp = s[0] & (0xffu >> (n + 1));
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		*cp = *cp << 6 | (s[i] & 0x3f);
	}
	if (*cp < min[n] || *cp > 0x10ffff || (*cp >= 0xd800 && *cp <= 0xdfff))
		return 0;
	return n;
}

static bool valid_utf8(const unsigned char *s, size_t len)
{
	unsigned cp;

	for (size_t i = 0, n; i < len; i += n)
		if ((n = utf8_seq(s + i, len - i, &cp)) == 0)
			return false;
	return true;
}

static size_t put_utf8(unsigned char *out, unsigned cp)
{
	if (cp < 0x80) {
		out[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (unsigned char)(0xc0 | cp >> 6);
		out[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return 2;
	}
	out[0] = (unsigned char)(0xe0 | cp >> 12);
	out[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
	out[2] = (unsigned char)(0x80 | (cp & 0x3f));
	return 3;
}

/* A backslash escape at s[0..len): its code point and length, or 0. */
static size_t json_escape(const char *s, size_t len, unsigned *cp)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char *p;
	char digits[5];

	if (len < 2)
		return 0;
	if (s[1] != 'u') {
		p = s[1] ? strchr(from, s[1]) : NULL;
		if (!p)
			return 0;
		*cp = (unsigned char)to[p - from];
		return 2;
	}
	if (len < 6)
		return 0;
	for (int i = 2; i < 6; i++)
		if (!isxdigit((unsigned char)s[i]))
			return 0;
	memcpy(digits, s + 2, 4);
	digits[4] = '\0';
	*cp = (unsigned)strtoul(digits, NULL, 16);
	/* escapes of surrogates would need a pair; esc_json never needs them */
	return *cp >= 0xd800 && *cp <= 0xdfff ? 0 : 6;
}

/* Validates the body of a JSON string and decodes it into out (which
 * needs 3 bytes per input byte at most).  Returns false if invalid. */
static bool json_body(const char *s, size_t len, unsigned char *out,
		      size_t *out_len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, n, o = 0;
	unsigned cp;

	while (i < len) {
		if (u[i] == '"' || u[i] < 0x20 || u[i] == 0x7f)
			return false;
		if (u[i] == '\\') {
			if ((n = json_escape(s + i, len - i, &cp)) == 0)
				return false;
			o += put_utf8(out + o, cp);
		} else {
			if ((n = utf8_seq(u + i, len - i, &cp)) == 0)
				return false;
			if (cp >= 0x80 && cp < 0xa0)
				return false;	/* C1 controls go out escaped */
			memcpy(out + o, u + i, n);
			o += n;
		}
		i += n;
	}
	*out_len = o;
	return true;
}

static void check_json(const uint8_t *data, size_t size)
{
	struct sbuf b = {0};
	unsigned char *dec;
	size_t dec_len = 0;

	esc_json(&b, data, size);
	FUZZ_CHECK(!b.oom);
	dec = malloc(b.len * 3 + 1);
	FUZZ_CHECK(dec != NULL);
	FUZZ_CHECK(json_body(sb_str(&b), b.len, dec, &dec_len));
	if (valid_utf8(data, size))
		FUZZ_CHECK(dec_len == size && memcmp(dec, data, size) == 0);
	free(dec);
	sb_free(&b);
}

static void check_terminal(const uint8_t *data, size_t size)
{
	struct sbuf b = {0};

	esc_terminal(&b, data, size);
	FUZZ_CHECK(!b.oom);
	FUZZ_CHECK(b.len >= size && b.len <= 4 * size);
	for (size_t i = 0; i < b.len; i++)
		FUZZ_CHECK((unsigned char)b.p[i] >= 0x20 &&
			   (unsigned char)b.p[i] < 0x7f);
	FUZZ_CHECK(strlen(sb_str(&b)) == b.len);
	sb_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_json(data, size);
	check_terminal(data, size);
	return 0;
}
