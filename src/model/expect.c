/* --expect: parsing the list of outcomes that count as success, and
 * matching a result against it. */
#include "model/expect.h"

#include <errno.h>
#include <string.h>
#include <strings.h>

#include "model/exitcode.h"

static bool parse_one(const char *s, size_t len, struct expect_item *it)
{
	char word[64];
	const struct sk_entry *te;

	if (len == 0 || len >= sizeof word)
		return false;
	memcpy(word, s, len);
	word[len] = '\0';
	*it = (struct expect_item){EXPECT_OK, SK_NONE, 0};
	if (strcasecmp(word, "ok") == 0)
		return true;
	if (strcasecmp(word, "timeout") == 0) {	/* not socket.timeout */
		it->what = EXPECT_TIMEOUT;
		return true;
	}
	if (strcasecmp(word, "refused") == 0) {
		*it = (struct expect_item){EXPECT_CODE, SK_ERRNO, ECONNREFUSED};
		return true;
	}
	if (tax_kind_parse(word, &it->kind)) {
		it->what = EXPECT_KIND;
		return true;
	}
	te = tax_find_name(word);
	if (!te)
		return false;
	*it = (struct expect_item){EXPECT_CODE, te->kind, te->code};
	return true;
}

bool expect_parse(const char *s, struct expect *e, const char **why)
{
	*e = (struct expect){0};
	for (;;) {
		const char *comma = strchr(s, ',');
		size_t len = comma ? (size_t)(comma - s) : strlen(s);

		if (e->n == EXPECT_MAX) {
			*why = "too many outcomes";
			return false;
		}
		if (!parse_one(s, len, &e->items[e->n])) {
			*why = len ? "not ok, refused, timeout, a class or a code name"
				   : "empty outcome";
			return false;
		}
		e->n++;
		if (!comma)
			return true;
		s = comma + 1;
	}
}

static bool item_match(const struct expect_item *it, const struct result *r)
{
	const struct sk_error *err = &r->err;

	switch (it->what) {
	case EXPECT_OK:
		return !sk_failed(err);
	case EXPECT_TIMEOUT:
		return err->kind == SK_TIMEOUT ||
		       (err->kind == SK_ERRNO && err->code == ETIMEDOUT);
	case EXPECT_KIND:
		/* socket.error is also the class of the errors without a code */
		return err->kind == it->kind ||
		       (it->kind == SK_ERRNO && err->kind == SK_PLAIN);
	default:
		return err->kind == it->kind && err->code == it->code;
	}
}

bool expect_match(const struct expect *e, const struct result *r)
{
	if (r->usage)
		return false;
	if (e->n == 0)
		return !sk_failed(&r->err);
	for (size_t i = 0; i < e->n; i++)
		if (item_match(&e->items[i], r))
			return true;
	return false;
}

int expect_status(const struct expect *e, const struct result *r)
{
	if (expect_match(e, r))
		return EXIT_OK;
	if (result_ok(r))
		return EXIT_UNEXPECTED;
	return result_exit_status(r);
}
