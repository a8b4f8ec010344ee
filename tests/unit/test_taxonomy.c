#include <errno.h>
#include <netdb.h>
#include <strings.h>

#include "model/taxonomy.h"
#include "unit.h"

static void test_unique(void)
{
	for (size_t i = 0; i < tax_count(); i++) {
		const struct sk_entry *a = tax_at(i);

		for (size_t j = i + 1; j < tax_count(); j++) {
			const struct sk_entry *b = tax_at(j);

			CHECK(strcasecmp(a->name, b->name) != 0);
			if (!a->alias && !b->alias)
				CHECK(!(a->kind == b->kind && a->code == b->code));
		}
	}
}

static void test_aliases_follow(void)
{
	for (size_t i = 0; i < tax_count(); i++) {
		const struct sk_entry *e = tax_at(i);
		const struct sk_entry *first = tax_find(e->kind, e->code);

		CHECK(first && !first->alias);
		if (e->alias)
			CHECK(first != e && strcmp(first->py3_class, e->py3_class) == 0);
	}
}

static void test_messages(void)
{
	for (size_t i = 0; i < tax_count(); i++) {
		const struct sk_entry *e = tax_at(i);
		const char *m = tax_message(e->kind, e->code);

		/* glibc has no text of its own for EAI_OVERFLOW */
		if (e->kind == SK_GAIERROR && e->code == EAI_OVERFLOW)
			continue;
		CHECK(m && *m && strncmp(m, "Unknown error", 13) != 0);
	}
}

static void test_lookups(void)
{
	CHECK(tax_find_name("econnrefused")->code == ECONNREFUSED);
	CHECK_STR(tax_py3_class(SK_ERRNO, EPIPE), "BrokenPipeError");
	CHECK_STR(tax_py3_class(SK_ERRNO, 4242), "OSError");
	CHECK(tax_name(SK_ERRNO, 4242) == NULL);
	/* exceptions outside the socket module: one class in both */
	CHECK_STR(tax_py2_class(SK_PLAIN, SK_PLAIN_UNICODE), "UnicodeError");
	CHECK_STR(tax_py3_class(SK_PLAIN, SK_PLAIN_UNICODE), "UnicodeError");
	CHECK_STR(tax_py2_class(SK_PLAIN, SK_PLAIN_TYPE), "TypeError");
	CHECK_STR(tax_py2_class(SK_PLAIN, SK_PLAIN_VALUE), "ValueError");
	CHECK_STR(tax_py3_class(SK_PLAIN, SK_PLAIN_VALUE), "ValueError");
	CHECK_STR(tax_py2_class(SK_PLAIN, 0), "socket.error");
	CHECK_STR(tax_py3_class(SK_PLAIN, 0), "OSError");
	CHECK(tax_is_socket_error(SK_PLAIN, 0) && tax_is_socket_error(SK_ERRNO, EPIPE));
	CHECK(!tax_is_socket_error(SK_PLAIN, SK_PLAIN_UNICODE) &&
	      !tax_is_socket_error(SK_PLAIN, SK_PLAIN_TYPE) &&
	      !tax_is_socket_error(SK_PLAIN, SK_PLAIN_VALUE) &&
	      !tax_is_socket_error(SK_GAIERROR, EAI_NONAME));
	CHECK(tax_exit_status(SK_NONE) == 0 && tax_exit_status(SK_ERRNO) == 1 &&
	      tax_exit_status(SK_PLAIN) == 1 && tax_exit_status(SK_HERROR) == 2 &&
	      tax_exit_status(SK_GAIERROR) == 3 && tax_exit_status(SK_TIMEOUT) == 4);
}

UNIT_TESTS(taxonomy) = {
	{"one entry per code and name", test_unique},
	{"aliases come after the name Python uses", test_aliases_follow},
	{"every code has a real message here", test_messages},
	{"lookups and exit statuses", test_lookups},
	{NULL, NULL},
};
