/* The "idna" codec of CPython 3 (Lib/encodings/idna.py), step by step with
 * GNU libidn's nameprep tables and punycode, so its errors are Python's. */
#include "py/idna.h"

#include <punycode.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stringprep.h>

#include "base/utf8.h"

#define LABEL_MAX 63

static bool is_surrogate(uint32_t c)
{
	return c >= 0xd800 && c <= 0xdfff;
}

/* As Python 3 decodes sys.argv: UTF-8, each byte it cannot decode as the
 * lone surrogate U+DC80..U+DCFF (surrogateescape). */
static uint32_t *decode_argv(const char *name, size_t *n)
{
	size_t len = strlen(name), k = 0, step;
	uint32_t *u = malloc((len + 1) * sizeof *u), c;

	if (!u)
		return NULL;
	for (size_t i = 0; i < len; i += step) {
		step = utf8_decode((const unsigned char *)name + i, len - i, &c);
		if (step == 0) {
			c = 0xdc00 + (unsigned char)name[i];
			step = 1;
		}
		u[k++] = c;
	}
	*n = k;
	return u;
}

static bool is_dot(uint32_t c)
{
	return c == 0x2e || c == 0x3002 || c == 0xff0e || c == 0xff61;
}

static bool in_table(const Stringprep_profile *t, uint32_t c)
{
	for (size_t i = 0; i < t->table_size; i++) {
		const Stringprep_table_element *e = &t->table[i];
		uint32_t end = e->end ? e->end : e->start;

		if (c >= e->start && c <= end)
			return true;
	}
	return false;
}

static bool in_step(Stringprep_profile_steps op, size_t nth, uint32_t c)
{
	size_t k = 0;

	for (const Stringprep_profile *t = stringprep_nameprep; t->operation; t++)
		if (t->operation == op && k++ == nth)
			return in_table(t, c);
	return false;
}

/* The first PROHIBIT table of nameprep that holds c, if any. */
static bool prohibited(uint32_t c)
{
	for (const Stringprep_profile *t = stringprep_nameprep; t->operation; t++)
		if (t->operation == STRINGPREP_PROHIBIT_TABLE && in_table(t, c))
			return true;
	return false;
}

/* Python's repr() of a one-character str, as "Invalid character %r". */
static void py_repr(uint32_t c, char *buf, size_t len)
{
	char u[8] = {0};
	bool printable = c == 0xfffc || c == 0xfffd || (c >= 0x2ff0 && c <= 0x2ffb);

	if (printable) {
		stringprep_unichar_to_utf8(c, u);
		snprintf(buf, len, "'%s'", u);
	} else if (c < 0x100) {
		snprintf(buf, len, "'\\x%02x'", (unsigned)c);
	} else if (c < 0x10000) {
		snprintf(buf, len, "'\\u%04x'", (unsigned)c);
	} else {
		snprintf(buf, len, "'\\U%08x'", (unsigned)c);
	}
}

static int fail(char *why, size_t whylen, const char *inner)
{
	snprintf(why, whylen, "encoding with 'idna' codec failed (UnicodeError: %s)",
		 inner);
	return -1;
}

/* nameprep(): map (B.1 to nothing, B.2 case fold), NFKC, then prohibit
 * and bidi checks.  The mapped label replaces *lab (malloc'd). */
static int nameprep(uint32_t **lab, size_t *n, char *why, size_t whylen)
{
	Stringprep_profile steps[4] = {{0}};
	size_t k = 0, cap = *n * 4 + 16;
	uint32_t *buf = calloc(cap, sizeof *buf);
	char inner[64], r[24];
	bool ral = false, l = false, surrogate = false;
	int rc;

	if (!buf)
		return fail(why, whylen, "out of memory");
	/* a lone surrogate (a byte that was not UTF-8) is prohibited (C.5);
	 * libidn cannot map around it, so the first prohibited character of
	 * the label as given is Python's */
	for (size_t i = 0; i < *n; i++)
		surrogate |= is_surrogate((*lab)[i]);
	for (size_t i = 0; surrogate && i < *n; i++) {
		if (is_surrogate((*lab)[i]) || prohibited((*lab)[i])) {
			free(buf);
			py_repr((*lab)[i], r, sizeof r);
			snprintf(inner, sizeof inner, "Invalid character %s", r);
			return fail(why, whylen, inner);
		}
	}
	for (const Stringprep_profile *t = stringprep_nameprep; t->operation && k < 3; t++)
		if (t->operation == STRINGPREP_MAP_TABLE || t->operation == STRINGPREP_NFKC)
			steps[k++] = *t;
	memcpy(buf, *lab, *n * sizeof *buf);
	rc = stringprep_4i(buf, n, cap, 0, steps);
	if (rc != STRINGPREP_OK) {
		free(buf);
		return fail(why, whylen, stringprep_strerror(rc));
	}
	free(*lab);
	*lab = buf;
	for (size_t i = 0; i < *n; i++) {
		if (prohibited(buf[i])) {
			py_repr(buf[i], r, sizeof r);
			snprintf(inner, sizeof inner, "Invalid character %s", r);
			return fail(why, whylen, inner);
		}
	}
	for (size_t i = 0; i < *n; i++) {
		ral |= in_step(STRINGPREP_BIDI_RAL_TABLE, 0, buf[i]);
		l |= in_step(STRINGPREP_BIDI_L_TABLE, 0, buf[i]);
	}
	if (ral && l)
		return fail(why, whylen, "Violation of BIDI requirement 2");
	if (ral && (!in_step(STRINGPREP_BIDI_RAL_TABLE, 0, buf[0]) ||
		    !in_step(STRINGPREP_BIDI_RAL_TABLE, 0, buf[*n - 1])))
		return fail(why, whylen, "Violation of BIDI requirement 3");
	return 0;
}

static bool all_ascii(const uint32_t *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] >= 0x80)
			return false;
	return true;
}

static void add_ascii(char *out, size_t *o, const uint32_t *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		out[(*o)++] = (char)s[i];
}

/* ToASCII(label), appended to out at *o (room: 64 bytes). */
static int to_ascii(uint32_t *s, size_t n, char *out, size_t *o, char *why,
		    size_t whylen)
{
	uint32_t *lab = malloc((n ? n : 1) * sizeof *lab);
	char puny[LABEL_MAX + 1];
	size_t plen = sizeof puny - 4;
	int rc = -1;

	if (!lab)
		return fail(why, whylen, "out of memory");
	memcpy(lab, s, n * sizeof *lab);
	if (!all_ascii(lab, n)) {
		if (nameprep(&lab, &n, why, whylen) < 0)
			goto out;
	}
	if (all_ascii(lab, n)) {
		if (n == 0 || n > LABEL_MAX) {
			fail(why, whylen, "label empty or too long");
			goto out;
		}
		add_ascii(out, o, lab, n);
		rc = 0;
		goto out;
	}
	if (n >= 4 && lab[0] == 'x' && lab[1] == 'n' && lab[2] == '-' && lab[3] == '-') {
		fail(why, whylen, "Label starts with ACE prefix");
		goto out;
	}
	if (punycode_encode(n, lab, NULL, &plen, puny) != PUNYCODE_SUCCESS ||
	    plen + 4 > LABEL_MAX) {
		fail(why, whylen, "label empty or too long");
		goto out;
	}
	memcpy(out + *o, "xn--", 4);
	memcpy(out + *o + 4, puny, plen);
	*o += plen + 4;
	rc = 0;
out:
	free(lab);
	return rc;
}

int idna_py3(const char *name, char **out, char *why, size_t whylen)
{
	size_t n = 0, o = 0, len = strlen(name);
	uint32_t *u;
	char *res;
	bool ascii = true;

	*out = NULL;
	for (size_t i = 0; i < len; i++)
		ascii &= (unsigned char)name[i] < 0x80;
	if (ascii) {
		/* the fast path: every label but the last 1-63 bytes, the last < 64 */
		const char *p = name, *dot;

		if (len) {
			while ((dot = strchr(p, '.'))) {
				if (dot == p || dot - p > LABEL_MAX)
					return fail(why, whylen, "label empty or too long");
				p = dot + 1;
			}
			if (strlen(p) > LABEL_MAX)
				return fail(why, whylen, "label too long");
		}
		*out = strdup(name);
		return *out ? 0 : fail(why, whylen, "out of memory");
	}
	u = decode_argv(name, &n);
	if (!u)
		return fail(why, whylen, "out of memory");
	res = malloc(n * (LABEL_MAX + 2) + 2);
	if (!res) {
		free(u);
		return fail(why, whylen, "out of memory");
	}
	/* labels split on any of the four dots; a trailing dot stays */
	for (size_t start = 0, i = 0; i <= n; i++) {
		if (i < n && !is_dot(u[i]))
			continue;
		if (i == n && start == n && n > 0 && is_dot(u[n - 1])) {
			res[o++] = '.';
			break;
		}
		if (o)
			res[o++] = '.';
		if (to_ascii(u + start, i - start, res, &o, why, whylen) < 0) {
			free(u);
			free(res);
			return -1;
		}
		start = i + 1;
	}
	res[o] = '\0';
	free(u);
	*out = res;
	return 0;
}
