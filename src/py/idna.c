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

#include "base/sbuf.h"
#include "base/utf8.h"

#define LABEL_MAX 63

static bool is_surrogate(uint32_t c)
{
	return c >= 0xd800 && c <= 0xdfff;
}

/* As Python 3 decodes sys.argv: UTF-8, each byte it cannot decode as the
 * lone surrogate U+DC80..U+DCFF (surrogateescape); ascii (3.6 outside a
 * UTF-8 locale): every byte past ASCII so. */
static uint32_t *decode_argv(const char *name, size_t *n, bool ascii)
{
	size_t len = strlen(name), k = 0, step;
	uint32_t *u = malloc((len + 1) * sizeof *u), c;

	if (!u)
		return NULL;
	for (size_t i = 0; i < len; i += step) {
		step = ascii ? (unsigned char)name[i] < 0x80
			     : utf8_decode((const unsigned char *)name + i,
					   len - i, &c);
		if (ascii && step)
			c = (unsigned char)name[i];
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

/* What the codec raised: 3.6-3.12's UnicodeError reason, 3.13's
 * UnicodeEncodeError reason and its span [start, end) in the label (the
 * caller moves it into the name). */
struct idna_fail {
	char reason[64];
	const char *reason313;	/* NULL: the same reason */
	size_t start, end;
};

static int fail_at(struct idna_fail *f, const char *reason,
		   const char *reason313, size_t start, size_t end)
{
	snprintf(f->reason, sizeof f->reason, "%s", reason);
	f->reason313 = reason313;
	f->start = start;
	f->end = end;
	return -1;
}

static int fail(struct idna_fail *f, const char *reason)
{
	return fail_at(f, reason, NULL, 0, 1);
}

/* ToASCII's length check: 3.13 tells empty from too long. */
static int fail_length(struct idna_fail *f, size_t n)
{
	return fail_at(f, "label empty or too long",
		       n ? "label too long" : "label empty", 0, n ? n : 1);
}

/* nameprep(): map (B.1 to nothing, B.2 case fold), NFKC, then prohibit
 * and bidi checks.  The mapped label replaces *lab (malloc'd). */
static int nameprep(uint32_t **lab, size_t *n, struct idna_fail *f)
{
	Stringprep_profile steps[4] = {{0}};
	size_t k = 0, cap = *n * 4 + 16;
	uint32_t *buf = calloc(cap, sizeof *buf);
	char inner[64], r[24];
	bool ral = false, l = false, surrogate = false;
	int rc;

	if (!buf)
		return fail(f, "out of memory");
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
			return fail_at(f, inner, NULL, i, i + 1);
		}
	}
	for (const Stringprep_profile *t = stringprep_nameprep; t->operation && k < 3; t++)
		if (t->operation == STRINGPREP_MAP_TABLE || t->operation == STRINGPREP_NFKC)
			steps[k++] = *t;
	memcpy(buf, *lab, *n * sizeof *buf);
	rc = stringprep_4i(buf, n, cap, 0, steps);
	if (rc != STRINGPREP_OK) {
		free(buf);
		return fail(f, stringprep_strerror(rc));
	}
	free(*lab);
	*lab = buf;
	for (size_t i = 0; i < *n; i++) {
		if (prohibited(buf[i])) {
			py_repr(buf[i], r, sizeof r);
			snprintf(inner, sizeof inner, "Invalid character %s", r);
			return fail_at(f, inner, NULL, i, i + 1);
		}
	}
	for (size_t i = 0; i < *n; i++) {
		ral |= in_step(STRINGPREP_BIDI_RAL_TABLE, 0, buf[i]);
		l |= in_step(STRINGPREP_BIDI_L_TABLE, 0, buf[i]);
	}
	for (size_t i = 0; ral && l && i < *n; i++)
		if (in_step(STRINGPREP_BIDI_L_TABLE, 0, buf[i]))
			return fail_at(f, "Violation of BIDI requirement 2",
				       NULL, i, i + 1);
	if (ral && !in_step(STRINGPREP_BIDI_RAL_TABLE, 0, buf[0]))
		return fail_at(f, "Violation of BIDI requirement 3", NULL, 0, 1);
	if (ral && !in_step(STRINGPREP_BIDI_RAL_TABLE, 0, buf[*n - 1]))
		return fail_at(f, "Violation of BIDI requirement 3", NULL,
			       *n - 1, *n);
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
static int to_ascii(uint32_t *s, size_t n, char *out, size_t *o,
		    struct idna_fail *f)
{
	uint32_t *lab = malloc((n ? n : 1) * sizeof *lab);
	char puny[LABEL_MAX + 1];
	size_t plen = sizeof puny - 4;
	int rc = -1;

	if (!lab)
		return fail(f, "out of memory");
	memcpy(lab, s, n * sizeof *lab);
	if (!all_ascii(lab, n)) {
		if (nameprep(&lab, &n, f) < 0)
			goto out;
	}
	if (all_ascii(lab, n)) {
		if (n == 0 || n > LABEL_MAX) {
			fail_length(f, n);
			goto out;
		}
		add_ascii(out, o, lab, n);
		rc = 0;
		goto out;
	}
	if (n >= 4 && lab[0] == 'x' && lab[1] == 'n' && lab[2] == '-' && lab[3] == '-') {
		fail_at(f, "Label starts with ACE prefix", NULL, 0, 4);
		goto out;
	}
	if (punycode_encode(n, lab, NULL, &plen, puny) != PUNYCODE_SUCCESS ||
	    plen + 4 > LABEL_MAX) {
		fail_length(f, n);
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

/* 3.13's ASCII fast path: every empty label but the last, then every
 * label of 64 bytes or more, each at its place in the name. */
static int fast_313(const char *name, struct idna_fail *f)
{
	size_t len = strlen(name), at = 0;

	for (size_t i = 0; i < len; i++)
		if (name[i] == '.' && (i == 0 || name[i - 1] == '.'))
			return fail_at(f, "label empty", NULL, i, i + 1);
	for (size_t i = 0; i <= len; i++) {
		if (i < len && name[i] != '.')
			continue;
		if (i - at > LABEL_MAX)
			return fail_at(f, "label too long", NULL, at, i);
		at = i + 1;
	}
	return 0;
}

/* 3.6-3.12's fast path: each label but the last 1-63 bytes, the last
 * under 64. */
static int fast_311(const char *name, struct idna_fail *f)
{
	const char *p = name, *dot;

	while ((dot = strchr(p, '.'))) {
		if (dot == p || dot - p > LABEL_MAX)
			return fail(f, "label empty or too long");
		p = dot + 1;
	}
	if (strlen(p) > LABEL_MAX)
		return fail(f, "label too long");
	return 0;
}

/* The labels of a name that is not ASCII, split on any of the four
 * dots (a trailing one stays), each through ToASCII; f's span is moved
 * from the label into the name. */
static char *encode_labels(const uint32_t *u, size_t n, struct idna_fail *f)
{
	char *res = malloc(n * (LABEL_MAX + 2) + 2);
	size_t o = 0;

	if (!res) {
		fail(f, "out of memory");
		return NULL;
	}
	for (size_t start = 0, i = 0; i <= n; i++) {
		if (i < n && !is_dot(u[i]))
			continue;
		if (i == n && start == n && n > 0 && is_dot(u[n - 1])) {
			res[o++] = '.';
			break;
		}
		if (o)
			res[o++] = '.';
		if (to_ascii((uint32_t *)u + start, i - start, res, &o, f) < 0) {
			f->start += start;
			f->end += start;
			free(res);
			return NULL;
		}
		start = i + 1;
	}
	res[o] = '\0';
	return res;
}

/* str(UnicodeEncodeError) of 3.13: one character, or a span. */
static void encode_error_text(struct sbuf *b, const struct idna_fail *f,
			      const uint32_t *u, size_t n)
{
	const char *reason = f->reason313 ? f->reason313 : f->reason;

	if (f->end == f->start + 1 && f->start < n) {
		uint32_t c = u[f->start];

		sb_adds(b, "'idna' codec can't encode character ");
		if (c < 0x100)
			sb_printf(b, "'\\x%02x'", (unsigned)c);
		else if (c < 0x10000)
			sb_printf(b, "'\\u%04x'", (unsigned)c);
		else
			sb_printf(b, "'\\U%08x'", (unsigned)c);
		sb_printf(b, " in position %zu: %s", f->start, reason);
	} else {
		sb_printf(b, "'idna' codec can't encode characters in position "
			  "%zu-%zu: %s", f->start, f->end - 1, reason);
	}
}

#define IDNA_NOTE_TEXT "encoding with 'idna' codec failed"

static void error_text(struct sbuf *b, enum pyv_idna how,
		       const struct idna_fail *f, const uint32_t *u, size_t n)
{
	switch (how) {
	case IDNA_NOTE:
		sb_printf(b, "%s\n" IDNA_NOTE_TEXT, f->reason);
		break;
	case IDNA_ENCODE_NOTE:
		encode_error_text(b, f, u, n);
		sb_adds(b, "\n" IDNA_NOTE_TEXT);
		break;
	default:
		sb_printf(b, IDNA_NOTE_TEXT " (UnicodeError: %s)", f->reason);
	}
}

int idna_encode(const char *name, enum py_version v, bool argv_ascii,
		char **out, char *why, size_t whylen)
{
	enum pyv_idna how = pyver_get(v)->idna;
	struct idna_fail f = {0};
	struct sbuf b = {0};
	size_t n = 0, len = strlen(name);
	uint32_t *u = NULL;
	bool ascii = true;
	int rc = 0;

	*out = NULL;
	for (size_t i = 0; i < len; i++)
		ascii &= (unsigned char)name[i] < 0x80;
	if (ascii) {
		rc = how == IDNA_ENCODE_NOTE ? fast_313(name, &f)
					     : fast_311(name, &f);
		if (rc == 0 && !(*out = strdup(name)))
			rc = fail(&f, "out of memory");
		if (rc == 0)
			return 0;
		u = decode_argv(name, &n, true);	/* one per byte */
	} else {
		u = decode_argv(name, &n, argv_ascii);
		if (!u)
			rc = fail(&f, "out of memory");
		else if (!(*out = encode_labels(u, n, &f)))
			rc = -1;
		if (rc == 0) {
			free(u);
			return 0;
		}
	}
	error_text(&b, how, &f, u, u ? n : 0);
	snprintf(why, whylen, "%s", b.oom ? f.reason : sb_str(&b));
	sb_free(&b);
	free(u);
	return -1;
}

int idna_py3(const char *name, char **out, char *why, size_t whylen)
{
	return idna_encode(name, PYV_3_11, false, out, why, whylen);
}
