/* The monitoring outputs' escaping and --expect's parser on any bytes: a
 * Prometheus label value is valid UTF-8 with only the format's escapes and
 * no raw control byte; nagios text has no '|' and nothing a terminal would
 * act on; --expect either parses into 1 to EXPECT_MAX items or says why. */
#include "model/expect.h"
#include "output/fmt_nagios.h"
#include "output/fmt_prom.h"
#include "fuzz.h"

/* Length of the UTF-8 sequence at s (RFC 3629: no overlong forms, no
 * surrogates, nothing past U+10FFFF), or 0. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t len = c < 0x80 ? 1 : c >= 0xc2 && c <= 0xdf ? 2 :
		     c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;

	if (len == 0 || len > n)
		return 0;
	for (size_t i = 1; i < len; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	if ((c == 0xe0 && s[1] < 0xa0) || (c == 0xed && s[1] > 0x9f) ||
	    (c == 0xf0 && s[1] < 0x90) || (c == 0xf4 && s[1] > 0x8f))
		return 0;
	return len;
}

static void check_label(const uint8_t *data, size_t size)
{
	struct sbuf b = {0};
	const unsigned char *s;
	size_t n;

	prom_label_value(&b, data, size);
	FUZZ_CHECK(!b.oom);
	s = (const unsigned char *)sb_str(&b);
	for (size_t i = 0; i < b.len; i += n) {
		n = utf8_seq(s + i, b.len - i);
		FUZZ_CHECK(n > 0);			/* valid UTF-8 */
		FUZZ_CHECK(s[i] >= 0x20 && s[i] != 0x7f);	/* no raw control */
		FUZZ_CHECK(s[i] != '"');		/* quotes escaped */
		if (s[i] == '\\') {			/* only \\ \" \n */
			FUZZ_CHECK(i + 1 < b.len);
			FUZZ_CHECK(strchr("\\\"n", s[i + 1]) != NULL);
			n = 2;
		}
	}
	sb_free(&b);
}

static void check_nagios(const uint8_t *data, size_t size)
{
	struct sbuf b = {0};

	nagios_text(&b, data, size);
	FUZZ_CHECK(!b.oom);
	FUZZ_CHECK(memchr(sb_str(&b), '|', b.len) == NULL);
	FUZZ_CHECK(memchr(sb_str(&b), '\n', b.len) == NULL);
	FUZZ_CHECK(fuzz_terminal_safe(sb_str(&b), b.len));
	sb_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in = fuzz_cstr(data, size);
	struct expect e;
	const char *why = NULL;

	check_label(data, size);
	check_nagios(data, size);
	if (expect_parse(in, &e, &why)) {
		FUZZ_CHECK(e.n >= 1 && e.n <= EXPECT_MAX);
		FUZZ_CHECK(in[0] != '\0' && in[strlen(in) - 1] != ',');
	} else {
		FUZZ_CHECK(why && why[0]);
	}
	free(in);
	return 0;
}
