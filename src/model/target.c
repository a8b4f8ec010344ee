/* Target parsing: HOST PORT, HOST:PORT, [IPV6]:PORT, unix:PATH, unix:@NAME
 * into a struct target; pure. */
#include "model/target.h"

#include <stdlib.h>
#include <string.h>

#include "base/chars.h"
#include "base/numparse.h"

/* Service names as /etc/services spells them: a letter, then these. */
static bool is_service_char(char c)
{
	return is_alpha(c) || is_digit(c) || c == '-' || c == '_' || c == '.' ||
	       c == '+';
}

bool port_valid(const char *port, const char **why)
{
	const char *p;
	long v = 0;

	if (*port == '\0') {
		*why = "empty port";
		return false;
	}
	if (is_digit(*port)) {
		for (p = port; is_digit(*p) && v <= PORT_MAX; p++)
			v = v * 10 + (*p - '0');
		if (*p != '\0' && !is_digit(*p)) {
			*why = "port is not a number or a service name";
			return false;
		}
		if (v > PORT_MAX) {
			*why = "port out of range (0-" NUM_TEXT(PORT_MAX) ")";
			return false;
		}
		return true;
	}
	for (p = port; *p; p++) {
		if (!is_service_char(*p) || (p == port && !is_alpha(*p))) {
			*why = "port is not a number or a service name";
			return false;
		}
	}
	return true;
}

/* "unix:" and "unix:@" too: Python tries an empty path (EINVAL) and the
 * empty abstract name (nobody listens there) as given. */
static bool parse_unix(struct target *t, const char *path, const char **why)
{
	size_t len = strlen(path);

	t->kind = TARGET_UNIX;
	t->mem = malloc(len + 1);
	if (!t->mem) {
		*why = "out of memory";
		return false;
	}
	memcpy(t->mem, path, len + 1);
	if (path[0] == '@')
		t->mem[0] = '\0';
	t->path = t->mem;
	t->path_len = len;
	return true;
}

/* Splits text into host and port inside t->mem. */
static bool split_inet(struct target *t, char *s, const char **why)
{
	char *colon, *close;

	if (s[0] == '[') {
		close = strchr(s, ']');
		if (!close) {
			*why = "missing ']' after the IPv6 address";
			return false;
		}
		*close = '\0';
		t->host = s + 1;
		if (close[1] == ':')
			t->port = close + 2;
		else if (close[1] != '\0') {
			*why = "junk after ']': expected :PORT";
			return false;
		}
		return true;
	}
	colon = strchr(s, ':');
	t->host = s;
	if (colon && !strchr(colon + 1, ':')) {
		*colon = '\0';
		t->port = colon + 1;
	}
	return true;
}

static bool check_inet(struct target *t, const char *port, bool port_optional,
		       const char **why)
{
	if (port) {
		if (t->port) {
			*why = "port given twice";
			return false;
		}
		t->port = port;
	}
	/* An empty host ('' PORT, :PORT, []:PORT) is create_connection(("",
	 * PORT)): the resolver is asked, as Python asks it (issue 17).  Odd
	 * bytes (control characters, '"', '\\') go to the resolver as Python
	 * sends them; only output escapes them (issue 10). */
	if (!t->port) {
		if (port_optional)
			return true;
		*why = strchr(t->host, ':') ? "missing port: write [ADDRESS]:PORT"
					    : "missing port";
		return false;
	}
	return port_valid(t->port, why);
}

bool target_parse(const char *text, const char *port, bool port_optional,
		  struct target *t, const char **why)
{
	*t = (struct target){0};
	if (strncmp(text, "unix:", 5) == 0) {
		if (port) {
			*why = "a unix socket takes no port";
			return false;
		}
		return parse_unix(t, text + 5, why);
	}
	t->kind = TARGET_INET;
	t->mem = strdup(text);
	if (!t->mem) {
		*why = "out of memory";
		return false;
	}
	if (split_inet(t, t->mem, why) && check_inet(t, port, port_optional, why))
		return true;
	target_free(t);
	return false;
}

bool target_abstract(const struct target *t)
{
	return t->path_len > 0 && t->path[0] == '\0';
}

void target_free(struct target *t)
{
	free(t->mem);
	*t = (struct target){0};
}

bool target_is_complete(const char *text)
{
	const char *close;

	if (strncmp(text, "unix:", 5) == 0)
		return true;
	if (text[0] == '[') {
		close = strchr(text, ']');
		return close && close[1] == ':';
	}
	close = strchr(text, ':');
	return close && !strchr(close + 1, ':');
}
