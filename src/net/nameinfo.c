/* --nameinfo: the flags as Python's socket module names them (NI_*), and
 * getnameinfo(3) run as CPython's socket.getnameinfo() runs it. */
#include "net/nameinfo.h"

#include <errno.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/numparse.h"
#include "net/resolver.h"

static const struct {
	const char *name;
	int flag;
} ni_flags[] = {
	{"NAMEREQD", NI_NAMEREQD}, {"NUMERICHOST", NI_NUMERICHOST},
	{"NUMERICSERV", NI_NUMERICSERV}, {"DGRAM", NI_DGRAM},
	{"NOFQDN", NI_NOFQDN},
};

static bool one_flag(const char *s, size_t len, int *flags)
{
	if (len > 3 && strncasecmp(s, "NI_", 3) == 0) {
		s += 3;
		len -= 3;
	}
	for (size_t i = 0; i < sizeof ni_flags / sizeof ni_flags[0]; i++) {
		if (strlen(ni_flags[i].name) == len &&
		    strncasecmp(s, ni_flags[i].name, len) == 0) {
			*flags |= ni_flags[i].flag;
			return true;
		}
	}
	return false;
}

bool nameinfo_parse_flags(const char *s, int *flags, const char **why)
{
	unsigned long n;

	*flags = 0;
	if (s[0] >= '0' && s[0] <= '9') {
		if (!parse_count(s, 0, 255, &n, why))
			return false;
		*flags = (int)n;
		return true;
	}
	while (*s) {
		size_t len = strcspn(s, ",");

		if (!one_flag(s, len, flags)) {
			*why = "use NAMEREQD, NUMERICHOST, NUMERICSERV, DGRAM, NOFQDN or a number, comma-separated";
			return false;
		}
		s += len;
		if (*s == ',')
			s++;
	}
	return true;
}

void nameinfo_run(struct job *j)
{
	char host[NI_MAXHOST], serv[NI_MAXSERV];

	errno = 0;
	j->rc = getnameinfo((const struct sockaddr *)&j->addr, j->addrlen,
			    host, sizeof host, serv, sizeof serv, j->flags);
	j->saved_errno = errno;
	if (j->rc == 0) {
		j->name = strdup(host);
		if (!j->name) {
			j->rc = EAI_MEMORY;
		}
	}
}
