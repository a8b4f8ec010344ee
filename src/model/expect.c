/* --expect: parsing the list of outcomes that count as success, and
 * matching a result against it. */
#include "model/expect.h"

#include <errno.h>
#include <string.h>
#include <strings.h>

#include "model/exitcode.h"
#include "model/tlserror.h"

static bool parse_one(const char *s, size_t len, struct expect_item *it)
{
	char word[64];
	const struct sk_entry *te;

	if (len == 0 || len >= sizeof word)
		return false;
	memcpy(word, s, len);
	word[len] = '\0';
	*it = (struct expect_item){EXPECT_OK, SK_NONE, 0, TLS_CLASS_NONE, NULL};
	if (strcasecmp(word, "ok") == 0)
		return true;
	if (strcasecmp(word, "timeout") == 0) {	/* not socket.timeout */
		it->what = EXPECT_TIMEOUT;
		return true;
	}
	if (strcasecmp(word, "refused") == 0) {
		it->what = EXPECT_CODE;
		it->kind = SK_ERRNO;
		it->code = ECONNREFUSED;
		return true;
	}
	if (tax_kind_parse(word, &it->kind)) {
		it->what = EXPECT_KIND;
		return true;
	}
	te = tax_find_name(word);
	if (te) {
		it->what = EXPECT_CODE;
		it->kind = te->kind;
		it->code = te->code;
		return true;
	}
	it->ssl_class = tls_class_parse(word);
	if (it->ssl_class != TLS_CLASS_NONE) {
		it->what = EXPECT_SSL_CLASS;
		return true;
	}
	it->reason = tls_reason_parse(word);
	it->what = EXPECT_SSL_REASON;
	return it->reason != NULL;
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
			*why = len ? "not ok, refused, timeout, a class, a code "
				     "name or an OpenSSL reason" : "empty outcome";
			return false;
		}
		e->n++;
		if (!comma)
			return true;
		s = comma + 1;
	}
}

/* A TLS handshake, read or write that ran past -t: it exits 4, as
 * socket.timeout does. */
static bool tls_timeout(const struct sk_error *err)
{
	return err->kind == SK_SSL && err->ssl && err->ssl->timeout;
}

static bool item_match(const struct expect_item *it, const struct result *r)
{
	const struct sk_error *err = &r->err;
	const struct tls_failure *ssl = err->kind == SK_SSL ? err->ssl : NULL;

	switch (it->what) {
	case EXPECT_OK:
		return !sk_failed(err);
	case EXPECT_TIMEOUT:
		return err->kind == SK_TIMEOUT || tls_timeout(err) ||
		       (err->kind == SK_ERRNO && err->code == ETIMEDOUT);
	case EXPECT_KIND:
		/* socket.error is also the class of the errors without a code
		 * (not of a UnicodeError or a TypeError); socket.timeout that
		 * of every status-4 timeout */
		if (it->kind == SK_ERRNO)
			return tax_is_socket_error(err->kind, err->code);
		return err->kind == it->kind ||
		       (it->kind == SK_TIMEOUT && tls_timeout(err));
	case EXPECT_SSL_CLASS:
		return ssl && tls_failure_is_a(ssl, it->ssl_class);
	case EXPECT_SSL_REASON:
		return ssl && tls_failure_has_reason(ssl, it->reason);
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
