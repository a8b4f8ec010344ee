/* Names for socket() arguments (AF_INET, SOCK_STREAM, tcp), both ways,
 * and for getnameinfo()'s NI_* flags. */
#include "model/sockname.h"

#include <netdb.h>
#include <netinet/in.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "base/numparse.h"

struct name {
	const char *name;
	int value;
};

static const struct name families[] = {
	{"AF_UNSPEC", AF_UNSPEC}, {"AF_UNIX", AF_UNIX}, {"AF_INET", AF_INET},
	{"AF_INET6", AF_INET6}, {"AF_NETLINK", AF_NETLINK},
	{"AF_PACKET", AF_PACKET}, {"AF_BLUETOOTH", AF_BLUETOOTH},
	{"AF_CAN", AF_CAN}, {"AF_TIPC", AF_TIPC}, {"AF_VSOCK", AF_VSOCK},
	{"AF_ALG", AF_ALG}, {NULL, 0},
};

static const struct name types[] = {
	{"SOCK_STREAM", SOCK_STREAM}, {"SOCK_DGRAM", SOCK_DGRAM},
	{"SOCK_RAW", SOCK_RAW}, {"SOCK_RDM", SOCK_RDM},
	{"SOCK_SEQPACKET", SOCK_SEQPACKET}, {NULL, 0},
};

static const struct name protocols[] = {
	{"IPPROTO_IP", IPPROTO_IP}, {"IPPROTO_ICMP", IPPROTO_ICMP},
	{"IPPROTO_TCP", IPPROTO_TCP}, {"IPPROTO_UDP", IPPROTO_UDP},
	{"IPPROTO_IPV6", IPPROTO_IPV6}, {"IPPROTO_ICMPV6", IPPROTO_ICMPV6},
	{"IPPROTO_SCTP", IPPROTO_SCTP}, {"IPPROTO_UDPLITE", IPPROTO_UDPLITE},
	{"IPPROTO_RAW", IPPROTO_RAW}, {"IPPROTO_MPTCP", IPPROTO_MPTCP},
	{NULL, 0},
};

static const struct name ni_flags[] = {
	{"NI_NAMEREQD", NI_NAMEREQD}, {"NI_NUMERICHOST", NI_NUMERICHOST},
	{"NI_NUMERICSERV", NI_NUMERICSERV}, {"NI_DGRAM", NI_DGRAM},
	{"NI_NOFQDN", NI_NOFQDN}, {NULL, 0},
};

static const struct name *const tables[] = {
	[NAMES_FAMILY] = families,
	[NAMES_TYPE] = types,
	[NAMES_PROTO] = protocols,
	[NAMES_NI] = ni_flags,
};

const char *sockname(enum sockname_set set, int value)
{
	for (const struct name *n = tables[set]; n->name; n++)
		if (n->value == value)
			return n->name;
	return NULL;
}

/* "AF_INET6", "inet6": the part after the first '_' may stand alone. */
static bool name_matches(const char *full, const char *s)
{
	return strcasecmp(full, s) == 0 ||
	       strcasecmp(strchr(full, '_') + 1, s) == 0;
}

bool sockname_parse(enum sockname_set set, const char *s, int *value)
{
	unsigned long v;
	const char *why;

	if (parse_count(s, 0, 65535, &v, &why)) {
		*value = (int)v;
		return true;
	}
	for (const struct name *n = tables[set]; n->name; n++) {
		if (name_matches(n->name, s)) {
			*value = n->value;
			return true;
		}
	}
	return false;
}

/* One NI_ flag of a list: the len bytes at s. */
static bool one_flag(const char *s, size_t len, int *flags)
{
	char word[32];

	if (len >= sizeof word)
		return false;
	memcpy(word, s, len);
	word[len] = '\0';
	for (const struct name *n = ni_flags; n->name; n++) {
		if (name_matches(n->name, word)) {
			*flags |= n->value;
			return true;
		}
	}
	return false;
}

bool sockname_parse_ni(const char *s, int *flags, const char **why)
{
	unsigned long n;

	*flags = 0;
	if (s[0] >= '0' && s[0] <= '9') {
		if (!parse_count(s, 0, NI_FLAGS_MAX, &n, why))
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
