/* The target parser: target_parse, port_valid, target_is_complete.
 * Input: one flag byte (bit 0: port optional; bit 1: a separate PORT
 * follows the text after a NUL), then the text. */
#include <ctype.h>

#include "fuzz.h"
#include "model/target.h"

/* An independent reading of "0-65535 or a service name". */
static int port_ok(const char *p)
{
	size_t i, n = strlen(p);
	unsigned long v = 0;

	if (n == 0)
		return 0;
	if (isdigit((unsigned char)p[0])) {
		for (i = 0; i < n; i++) {
			if (!isdigit((unsigned char)p[i]))
				return 0;
			if (v <= 65535)
				v = v * 10 + (unsigned long)(p[i] - '0');
		}
		return v <= 65535;
	}
	if (!isalpha((unsigned char)p[0]))
		return 0;
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)p[i]) && !strchr("-_.+", p[i]))
			return 0;
	return 1;
}

/* t->mem is a copy of text, cut into host and port by NUL bytes. */
static int inside(const struct target *t, const char *s, const char *text)
{
	return s >= t->mem && s <= t->mem + strlen(text);
}

static void check_inet(const struct target *t, const char *text,
		       const char *port, int port_optional)
{
	/* issue 17: the empty host ('' PORT, :PORT, []:PORT) is Python's to
	 * try (getaddrinfo("")), so it may be empty */
	FUZZ_CHECK(t->host != NULL);
	FUZZ_CHECK(inside(t, t->host, text));
	/* issue 10: control bytes stay in the host, for the resolver */
	if (port)
		FUZZ_CHECK(t->port == port);
	else if (t->port)
		FUZZ_CHECK(inside(t, t->port, text));
	if (!t->port)
		FUZZ_CHECK(port_optional);
	else
		FUZZ_CHECK(port_ok(t->port));
	/* main decides HOST PORT by target_is_complete: the two must agree */
	if (!port)
		FUZZ_CHECK((t->port != NULL) == target_is_complete(text));
}

static void check_unix(const struct target *t, const char *text,
		       const char *port)
{
	const char *path = text + 5;

	FUZZ_CHECK(port == NULL);
	/* issue 17: "unix:" and "unix:@" are targets too, as Python tries them */
	FUZZ_CHECK(t->path_len == strlen(path));
	FUZZ_CHECK(t->path == t->mem);
	FUZZ_CHECK(target_abstract(t) == (path[0] == '@'));
	if (path[0] == '@')
		FUZZ_CHECK(t->path[0] == '\0' &&
			   memcmp(t->path + 1, path + 1, t->path_len - 1) == 0);
	else
		FUZZ_CHECK(memcmp(t->path, path, t->path_len) == 0);
	FUZZ_CHECK(target_is_complete(text));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct target t;
	const char *why = NULL, *port = NULL;
	int port_optional;
	char *text;
	size_t len;

	if (size < 1)
		return 0;
	port_optional = data[0] & 1;
	text = fuzz_cstr(data + 1, size - 1);
	len = strlen(text);
	if ((data[0] & 2) && len + 1 < size)
		port = text + len + 1;

	FUZZ_CHECK(port_valid(text, &why) == port_ok(text));
	FUZZ_CHECK(port_ok(text) || (why && why[0]));
	why = NULL;
	if (target_parse(text, port, port_optional, &t, &why)) {
		FUZZ_CHECK(t.mem != NULL);
		if (t.kind == TARGET_UNIX)
			check_unix(&t, text, port);
		else
			check_inet(&t, text, port, port_optional);
		target_free(&t);
		FUZZ_CHECK(t.mem == NULL);
	} else {
		FUZZ_CHECK(why && why[0]);
		FUZZ_CHECK(t.mem == NULL);
	}
	free(text);
	return 0;
}
