/* idna.c and sockname.c's NI_ flag parser: the codec's answers as CPython 3's
 * encodings.idna gives them (checked with python3 -c 'x.encode("idna")'). */
#include <netdb.h>
#include <stdlib.h>

#include "py/idna.h"
#include "model/sockname.h"
#include "unit.h"

static void check_ok(const char *in, const char *want)
{
	char *out = NULL, why[160] = "";

	CHECK(idna_py3(in, &out, why, sizeof why) == 0);
	CHECK_STR(out, want);
	free(out);
}

static void check_err(const char *in, const char *want)
{
	char *out = NULL, why[160] = "";

	CHECK(idna_py3(in, &out, why, sizeof why) < 0);
	CHECK(out == NULL);
	CHECK_STR(why, want);
}

#define E(msg) "encoding with 'idna' codec failed (UnicodeError: " msg ")"

static void test_encode(void)
{
	check_ok("web.test", "web.test");
	check_ok("b\xc3\xbc" "cher.test", "xn--bcher-kva.test");
	check_ok("B\xc3\x9c" "CHER.test.", "xn--bcher-kva.test.");
	/* full-width letters, the ideographic full stop */
	check_ok("\xef\xbc\xb7\xef\xbc\xa5\xef\xbc\xa2\xe3\x80\x82test", "web.test");
	check_ok("", "");
	/* NBSP is prohibited, but NFKC makes it a space first */
	check_ok("a\xc2\xa0" "b.test", "a b.test");
}

/* Bytes that are not UTF-8 reach Python as lone surrogates
 * (surrogateescape), which nameprep prohibits. */
static void test_not_utf8(void)
{
	check_err("\xff.test", E("Invalid character '\\udcff'"));
	check_err("\xe2\x82" "a.test", E("Invalid character '\\udce2'"));
	check_err("\xc0\xaf.test", E("Invalid character '\\udcc0'"));
	check_err("ab\xed\xa0\x80.test", E("Invalid character '\\udced'"));
}

static void test_errors(void)
{
	char l64[70];

	memset(l64, 'a', 64);
	l64[64] = '\0';
	check_err(l64, E("label too long"));
	check_err("a..b", E("label empty or too long"));
	check_err("xn--\xc3\xbc.test", E("Label starts with ACE prefix"));
	check_err("a\xef\xbf\xbd" "b", E("Invalid character '\xef\xbf\xbd'"));
	check_err("a\xe2\x80\x8e" "b", E("Invalid character '\\u200e'"));
	check_err("\xd8\xa7" "a", E("Violation of BIDI requirement 2"));
	check_err("\xd8\xa7" "1", E("Violation of BIDI requirement 3"));
}

static void test_nameinfo_flags(void)
{
	int f = -1;
	const char *why = NULL;

	CHECK(sockname_parse_ni("", &f, &why) && f == 0);
	CHECK(sockname_parse_ni("NAMEREQD,numericserv", &f, &why) &&
	      f == (NI_NAMEREQD | NI_NUMERICSERV));
	CHECK(sockname_parse_ni("NI_DGRAM,NOFQDN,NUMERICHOST", &f, &why) &&
	      f == (NI_DGRAM | NI_NOFQDN | NI_NUMERICHOST));
	CHECK(sockname_parse_ni("8", &f, &why) && f == 8);
	CHECK(sockname_parse_ni("255", &f, &why) && f == 255);
	CHECK(!sockname_parse_ni("IDN", &f, &why));
	CHECK(!sockname_parse_ni("256", &f, &why));
	CHECK(!sockname_parse_ni("NAMEREQD,", &f, &why) || f == NI_NAMEREQD);
}

/* The edges: a label of 63 bytes before a dot, an ACE label of 63 and of
 * 64 bytes, the four dots (checked with python3 -c 'x.encode("idna")'). */
static void test_edges(void)
{
	char in[80], want[80];

	memset(in, 'a', 63);
	strcpy(in + 63, ".test");
	check_ok(in, in);
	memset(in, 'a', 55);
	strcpy(in + 55, "\xc3\xbc.test");	/* 55 a's and u-umlaut */
	memcpy(want, "xn--", 4);
	memset(want + 4, 'a', 55);
	strcpy(want + 59, "-8yf.test");
	check_ok(in, want);
	memset(in, 'a', 56);
	strcpy(in + 56, "\xc3\xbc.test");
	check_err(in, E("label empty or too long"));
	check_ok("web\xef\xbd\xa1test", "web.test");	/* U+FF61 */
	check_ok("web\xef\xbc\x8etest", "web.test");	/* U+FF0E */
	check_ok("web\xe3\x80\x82test", "web.test");	/* U+3002 */
}

static void check_v(const char *in, enum py_version v, bool ascii,
		    const char *want)
{
	char *out = NULL, why[256] = "";

	CHECK(idna_encode(in, v, ascii, &out, why, sizeof why) < 0);
	CHECK(out == NULL);
	CHECK_STR(why, want);
}

#define NOTE "\nencoding with 'idna' codec failed"

/* 3.12: the reason, then the note; 3.13: a UnicodeEncodeError with its
 * span in the name (checked with python3.12/3.13 -c 'x.encode("idna")'). */
static void test_versions(void)
{
	char l64[80];

	memset(l64, 'a', 64);
	strcpy(l64 + 64, ".example");
	check_v("a..b", PYV_3_12, false, "label empty or too long" NOTE);
	check_v("a..b", PYV_3_13, false, "'idna' codec can't encode character "
		"'\\x2e' in position 2: label empty" NOTE);
	check_v(l64, PYV_3_13, false, "'idna' codec can't encode characters "
		"in position 0-63: label too long" NOTE);
	/* 3.13 finds every empty label before any long one */
	check_v("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.b..c",
		PYV_3_13, false, "'idna' codec can't encode character "
		"'\\x2e' in position 68: label empty" NOTE);
	check_v("x.xn--\xc3\xbc.test", PYV_3_13, false, "'idna' codec can't "
		"encode characters in position 2-5: Label starts with ACE prefix"
		NOTE);
	check_v("a\xe2\x80\x8e" "b", PYV_3_13, false, "'idna' codec can't "
		"encode character '\\u200e' in position 1: Invalid character "
		"'\\u200e'" NOTE);
	check_v("a..b", PYV_3_6, false, E("label empty or too long"));
	/* 3.6 outside a UTF-8 locale: argv's bytes are surrogates */
	check_v("a\xe2\x80\x8e" "b", PYV_3_6, true,
		E("Invalid character '\\udce2'"));
}

UNIT_TESTS(idna) = {
	{"the shapes of 3.6, 3.12 and 3.13", test_versions},
	{"IDNA 2003 encodings, as CPython 3's", test_encode},
	{"UnicodeError messages, as CPython 3's", test_errors},
	{"labels of 63 and 64 bytes, the four dots", test_edges},
	{"bytes that are not UTF-8, as surrogateescape gives them", test_not_utf8},
	{"--nameinfo flags", test_nameinfo_flags},
	{NULL, NULL},
};
