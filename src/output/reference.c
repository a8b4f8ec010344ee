/* --explain and --list: the taxonomy table printed as a reference. */
#include "output/reference.h"

#include <stdbool.h>
#include <string.h>

#include "base/escape.h"
#include "model/exitcode.h"
#include "base/numparse.h"
#include "base/sbuf.h"
#include "model/taxonomy.h"

/* py2 class, py3 class, number, name, message, cause: tab-separated. */
static void print_entry(const struct sk_entry *e, FILE *out)
{
	fprintf(out, "%s\t%s\t", tax_py2_class(e->kind, e->code), e->py3_class);
	if (e->kind == SK_TIMEOUT)
		fputs("-", out);
	else
		fprintf(out, "%d", e->code);
	fprintf(out, "\t%s\t%s\t%s\n", e->name, tax_message(e->kind, e->code),
		tax_cause(e));
}

static bool parse_code(const char *s, int *code)
{
	unsigned long v;
	const char *why;
	bool neg = s[0] == '-';

	if (!parse_count(s + neg, 0, 100000, &v, &why))
		return false;
	*code = neg ? -(int)v : (int)v;
	return true;
}

static bool explain_one(const char *s, FILE *out)
{
	const struct sk_entry *e = tax_find_name(s);
	bool found = false;
	int code;

	if (e) {
		print_entry(e, out);
		return true;
	}
	if (!parse_code(s, &code))
		return false;
	for (size_t i = 0; i < tax_count(); i++) {
		e = tax_at(i);
		if (e->code == code && !e->alias && e->kind != SK_TIMEOUT) {
			print_entry(e, out);
			found = true;
		}
	}
	return found;
}

int explain_codes(const char *const *codes, size_t n, FILE *out, FILE *err)
{
	int rc = EXIT_OK;

	for (size_t i = 0; i < n; i++) {
		if (explain_one(codes[i], out))
			continue;
		struct sbuf b = {0};

		esc_terminal(&b, codes[i], strlen(codes[i]));
		fprintf(err, "sockerr: unknown code \"%s\": not an errno, EAI_*, "
			     "h_errno name or number, nor timeout\n",
			sb_str(&b));
		sb_free(&b);
		rc = EXIT_SOCKET;	/* 1, as man/sockerr.1 says */
	}
	return rc;
}

int list_codes(const char *cls, FILE *out)
{
	enum sk_kind kind = SK_NONE;

	if (cls && !tax_kind_parse(cls, &kind))
		return -1;
	for (size_t i = 0; i < tax_count(); i++) {
		const struct sk_entry *e = tax_at(i);

		if (!cls || e->kind == kind)
			print_entry(e, out);
	}
	return 0;
}
