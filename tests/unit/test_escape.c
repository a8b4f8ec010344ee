#include "base/escape.h"
#include "unit.h"

static void test_decode(void)
{
	unsigned char out[64];
	size_t n;
	const char *why;

	CHECK(esc_decode("GET / HTTP/1.0\\r\\n\\r\\n", out, &n, &why));
	CHECK(n == 18 && memcmp(out, "GET / HTTP/1.0\r\n\r\n", 18) == 0);
	CHECK(esc_decode("\\x00\\xff\\x7F\\0\\\\\\e", out, &n, &why));
	CHECK(n == 6 && memcmp(out, "\0\xff\x7f\0\\\033", 6) == 0);
	CHECK(esc_decode("", out, &n, &why) && n == 0);
	CHECK(!esc_decode("\\x4", out, &n, &why));
	CHECK(!esc_decode("\\xg0", out, &n, &why));
	CHECK(!esc_decode("\\q", out, &n, &why));
	CHECK(!esc_decode("abc\\", out, &n, &why));
}

static void test_terminal(void)
{
	struct sbuf b = {0};

	esc_terminal(&b, "a\033[31mb\r\n\t\\\x7f\xc3\xa9", 14);
	CHECK_STR(sb_str(&b), "a\\x1b[31mb\\r\\n\\t\\\\\\x7f\\xc3\\xa9");
	for (size_t i = 0; i < b.len; i++)
		CHECK(b.p[i] >= 0x20 && b.p[i] < 0x7f);
	sb_free(&b);
}

static void test_json(void)
{
	struct sbuf b = {0};

	esc_json(&b, "q\"b\\\n\x01\x7f", 7);
	CHECK_STR(sb_str(&b), "q\\\"b\\\\\\n\\u0001\\u007f");
	sb_reset(&b);
	esc_json(&b, "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", 9);	/* valid UTF-8 */
	CHECK_STR(sb_str(&b), "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
	sb_reset(&b);
	esc_json(&b, "\xff\xc3(\xed\xa0\x80\xc2\x9b", 8);	/* bad UTF-8, C1 */
	CHECK_STR(sb_str(&b), "\\u00ff\\u00c3(\\u00ed\\u00a0\\u0080\\u009b");
	sb_reset(&b);
	esc_json(&b, "\xe2\x82", 2);	/* truncated sequence */
	CHECK_STR(sb_str(&b), "\\u00e2\\u0082");
	sb_free(&b);
}

UNIT_TESTS(escape) = {
	{"--send escapes decode", test_decode},
	{"terminal text has no control bytes", test_terminal},
	{"JSON strings: UTF-8 kept, the rest escaped", test_json},
	{NULL, NULL},
};
