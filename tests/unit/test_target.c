#include "model/target.h"
#include "unit.h"

struct tcase {
	const char *text, *port;
	int optional;
	const char *host, *want_port, *why;	/* why != NULL: must fail */
};

static const struct tcase cases[] = {
	{"localhost", "80", 0, "localhost", "80", NULL},
	{"localhost:80", NULL, 0, "localhost", "80", NULL},
	{"[::1]:443", NULL, 0, "::1", "443", NULL},
	{"[::1]", "443", 0, "::1", "443", NULL},
	{"::1", "22", 0, "::1", "22", NULL},
	{"fe80::1%lo", "22", 0, "fe80::1%lo", "22", NULL},
	{"web.test", "http", 0, "web.test", "http", NULL},
	{"h", "0", 0, "h", "0", NULL},
	{"h", "65535", 0, "h", "65535", NULL},
	{"127.0.0.9", NULL, 1, "127.0.0.9", NULL, NULL},
	{"::1", NULL, 1, "::1", NULL, NULL},
	{"h", "65536", 0, NULL, NULL, "port out of range (0-65535)"},
	{"h", "99999999999999999999", 0, NULL, NULL, "port out of range (0-65535)"},
	{"h", "-1", 0, NULL, NULL, "port is not a number or a service name"},
	{"h", "80x", 0, NULL, NULL, "port is not a number or a service name"},
	{"h", " 80", 0, NULL, NULL, "port is not a number or a service name"},
	{"h", "", 0, NULL, NULL, "empty port"},
	{"h:", NULL, 0, NULL, NULL, "empty port"},
	/* issue 17: the empty host is Python's to try */
	{"", "80", 0, "", "80", NULL},
	{":80", NULL, 0, "", "80", NULL},
	{"", NULL, 1, "", NULL, NULL},
	{"", NULL, 0, NULL, NULL, "missing port"},
	{":", NULL, 0, NULL, NULL, "empty port"},
	{"[::1", "80", 0, NULL, NULL, "missing ']' after the IPv6 address"},
	{"[::1]x", NULL, 0, NULL, NULL, "junk after ']': expected :PORT"},
	{"[]:80", NULL, 0, "", "80", NULL},
	{"::1", NULL, 0, NULL, NULL, "missing port: write [ADDRESS]:PORT"},
	{"h", NULL, 0, NULL, NULL, "missing port"},
	{"h:80", "81", 0, NULL, NULL, "port given twice"},
	/* issue 10: odd bytes are the resolver's to refuse, as in Python */
	{"a\033[31mb", "80", 0, "a\033[31mb", "80", NULL},
	{"a\"b\\c\001", "80", 0, "a\"b\\c\001", "80", NULL},
	{"unix:/x", "80", 0, NULL, NULL, "a unix socket takes no port"},
};

static void test_table(void)
{
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct tcase *c = &cases[i];
		struct target t;
		const char *why = NULL;
		bool ok = target_parse(c->text, c->port, c->optional, &t, &why);

		if (c->why) {
			CHECK(!ok);
			CHECK_STR(ok ? "(parsed)" : why, c->why);
			continue;
		}
		CHECK(ok);
		if (!ok) {
			printf("  case %zu: %s\n", i, why);
			continue;
		}
		CHECK(t.kind == TARGET_INET);
		CHECK_STR(t.host, c->host);
		if (c->want_port)
			CHECK_STR(t.port, c->want_port);
		else
			CHECK(t.port == NULL);
		target_free(&t);
	}
}

static void test_unix(void)
{
	struct target t;
	const char *why;

	CHECK(target_parse("unix:/run/x.sock", NULL, false, &t, &why));
	CHECK(t.kind == TARGET_UNIX);
	CHECK(t.path_len == 11 && memcmp(t.path, "/run/x.sock", 11) == 0);
	target_free(&t);
	CHECK(target_parse("unix:@name", NULL, false, &t, &why));
	CHECK(t.path_len == 5 && memcmp(t.path, "\0name", 5) == 0);
	CHECK(target_abstract(&t));
	target_free(&t);
	/* issue 17: Python tries the empty path and the empty abstract name */
	CHECK(target_parse("unix:", NULL, false, &t, &why));
	CHECK(t.kind == TARGET_UNIX && t.path_len == 0 && !target_abstract(&t));
	target_free(&t);
	CHECK(target_parse("unix:@", NULL, false, &t, &why));
	CHECK(t.path_len == 1 && t.path[0] == '\0' && target_abstract(&t));
	target_free(&t);
}

static void test_complete(void)
{
	CHECK(target_is_complete("h:80"));
	CHECK(target_is_complete("[::1]:80"));
	CHECK(target_is_complete("unix:/x"));
	CHECK(!target_is_complete("h"));
	CHECK(!target_is_complete("::1"));
	CHECK(!target_is_complete("[::1]"));
}

UNIT_TESTS(target) = {
	{"parse table", test_table},
	{"unix paths and abstract names", test_unix},
	{"which targets carry their port", test_complete},
	{NULL, NULL},
};
