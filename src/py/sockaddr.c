/* getsockaddrarg() of CPython 3.11 and 2.7 for the addresses
 * create_connection() passes: what each socket family makes of a pair, a
 * 4-tuple and a string, as each interpreter prints it. */
#include "py/sockaddr.h"

#include <arpa/inet.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <netdb.h>
#include <netinet/in.h>
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>

#include "base/gai.h"

enum how {
	SAME,		/* the address's own family */
	TYPE,		/* TypeError: text */
	PLAIN,		/* OSError (2.7: socket.error) without errno: text */
	V6_OF_V4,	/* AF_INET6 reads an IPv4 pair */
	IFINDEX,	/* AF_PACKET reads the host as an interface name */
};

struct reading {
	enum how how;
	const char *text;
};

/* The address as the tuple's kind: (host, port), the 4-tuple, a path. */
enum kind { PAIR, QUAD, STR, KINDS };

struct row {
	int family;
	struct reading py3[KINDS], py2[KINDS];
};

#define T(s) {TYPE, s}

static const struct row rows[] = {
	{AF_INET,
	 {{SAME, NULL}, T("AF_INET address must be a pair (host, port)"),
	  T("connect(): AF_INET address must be tuple, not str")},
	 {{SAME, NULL}, T("getsockaddrarg() takes exactly 2 arguments (4 given)"),
	  T("getsockaddrarg: AF_INET address must be tuple, not str")}},
	{AF_INET6,
	 {{V6_OF_V4, NULL}, {SAME, NULL},
	  T("connect(): AF_INET6 address must be tuple, not str")},
	 {{V6_OF_V4, NULL}, {SAME, NULL},
	  T("getsockaddrarg: AF_INET6 address must be tuple, not str")}},
	{AF_UNIX,
	 {T("a bytes-like object is required, not 'tuple'"),
	  T("a bytes-like object is required, not 'tuple'"), {SAME, NULL}},
	 {T("argument must be string or read-only character buffer, not tuple"),
	  T("argument must be string or read-only character buffer, not tuple"),
	  {SAME, NULL}}},
	{AF_NETLINK,
	 {T("'str' object cannot be interpreted as an integer"),
	  T("AF_NETLINK address must be a pair (pid, groups)"),
	  T("connect(): AF_NETLINK address must be tuple, not str")},
	 {T("an integer is required"),
	  T("getsockaddrarg() takes exactly 2 arguments (4 given)"),
	  T("getsockaddrarg: AF_NETLINK address must be tuple, not str")}},
	{AF_PACKET,
	 {{IFINDEX, NULL}, {IFINDEX, NULL},
	  T("connect(): AF_PACKET address must be tuple, not str")},
	 {{IFINDEX, NULL}, {IFINDEX, NULL},
	  T("getsockaddrarg: AF_PACKET address must be tuple, not str")}},
	{AF_VSOCK,
	 {T("'str' object cannot be interpreted as an integer"),
	  T("getsockaddrarg() takes exactly 2 arguments (4 given)"),
	  T("getsockaddrarg: AF_VSOCK address must be tuple, not str")},
	 {{PLAIN, "getsockaddrarg: bad family"},
	  {PLAIN, "getsockaddrarg: bad family"},
	  {PLAIN, "getsockaddrarg: bad family"}}},
};

static const struct reading bad_family[2] = {
	{PLAIN, "connect(): bad family"},	/* CPython 3 */
	{PLAIN, "getsockaddrarg: bad family"},	/* 2.7 */
};

static struct reading reading_of(int family, enum kind k, bool py2)
{
	for (size_t i = 0; i < sizeof rows / sizeof *rows; i++)
		if (rows[i].family == family)
			return py2 ? rows[i].py2[k] : rows[i].py3[k];
	return bad_family[py2];
}

static int port_of(const struct sockaddr_storage *a)
{
	if (a->ss_family == AF_INET)
		return ntohs(((const struct sockaddr_in *)a)->sin_port);
	return ntohs(((const struct sockaddr_in6 *)a)->sin6_port);
}

/* setipaddr(host, AF_INET6) of CPython 3 for an IPv4 literal: the
 * broadcast special case, else getaddrinfo() for AF_INET6 (numeric, so it
 * answers at once); 2.7's sscanf() path leaves the IPv6 address zero. */
static enum py_readdr v6_of_v4(const struct sockaddr_storage *addr, bool py2,
			       struct sockaddr_storage *out, socklen_t *outlen,
			       struct sk_error *err)
{
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)out;
	struct addrinfo hints = {.ai_family = AF_INET6}, *res = NULL;
	char host[INET_ADDRSTRLEN];
	int rc, saved_errno;

	memset(out, 0, sizeof *out);
	if (!py2) {
		inet_ntop(AF_INET, &((const struct sockaddr_in *)addr)->sin_addr,
			  host, sizeof host);
		if (strcmp(host, "255.255.255.255") == 0) {
			*err = sk_plain(STAGE_CONNECT, "address family mismatched");
			return PY_ADDR_ERROR;
		}
		rc = gai_call(host, NULL, &hints, &res, &saved_errno);
		if (rc != 0) {
			*err = sk_gaierror(STAGE_CONNECT, rc, saved_errno);
			return PY_ADDR_ERROR;
		}
		memcpy(in6, res->ai_addr, sizeof *in6);
		freeaddrinfo(res);
		in6->sin6_flowinfo = 0;
		in6->sin6_scope_id = 0;
	}
	in6->sin6_family = AF_INET6;
	in6->sin6_port = htons((uint16_t)port_of(addr));
	*outlen = sizeof *in6;
	return PY_ADDR_OTHER;
}

/* AF_PACKET: (ifname, proto[, pkttype[, hatype]]); the host names the
 * interface, truncated to IFNAMSIZ - 1 as CPython's strncpy() does. */
static enum py_readdr packet_addr(const struct sockaddr_storage *addr, int fd,
				  struct sockaddr_storage *out,
				  socklen_t *outlen, struct sk_error *err)
{
	struct sockaddr_ll *ll = (struct sockaddr_ll *)out;
	const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)addr;
	struct ifreq ifr;
	char host[NI_MAXHOST];

	if (getnameinfo((const struct sockaddr *)addr,
			addr->ss_family == AF_INET ? sizeof(struct sockaddr_in)
						   : sizeof *in6,
			host, sizeof host, NULL, 0, NI_NUMERICHOST) != 0)
		host[0] = '\0';
	memset(&ifr, 0, sizeof ifr);
	memcpy(ifr.ifr_name, host, strnlen(host, sizeof ifr.ifr_name - 1));
	if (ioctl(fd, SIOCGIFINDEX, &ifr) < 0) {
		*err = sk_errno(STAGE_CONNECT, errno);
		return PY_ADDR_ERROR;
	}
	memset(out, 0, sizeof *out);
	ll->sll_family = AF_PACKET;
	ll->sll_protocol = htons((uint16_t)port_of(addr));
	ll->sll_ifindex = ifr.ifr_ifindex;
	if (addr->ss_family == AF_INET6) {	/* flowinfo, scope_id */
		ll->sll_pkttype = (unsigned char)ntohl(in6->sin6_flowinfo);
		ll->sll_hatype = (unsigned short)in6->sin6_scope_id;
	}
	*outlen = sizeof *ll;
	return PY_ADDR_OTHER;
}

enum py_readdr py_connect_addr(int sock_family,
			       const struct sockaddr_storage *addr, int fd,
			       bool py2, struct sockaddr_storage *out,
			       socklen_t *outlen, struct sk_error *err)
{
	enum kind k = addr->ss_family == AF_INET    ? PAIR
		      : addr->ss_family == AF_INET6 ? QUAD
						    : STR;
	struct reading r;

	if (sock_family == addr->ss_family)
		return PY_ADDR_SAME;
	r = reading_of(sock_family, k, py2);
	switch (r.how) {
	case SAME:
		return PY_ADDR_SAME;
	case TYPE:
		*err = (struct sk_error){STAGE_CONNECT, SK_PLAIN, SK_PLAIN_TYPE,
					 r.text, NULL};
		return PY_ADDR_ERROR;
	case PLAIN:
		*err = sk_plain(STAGE_CONNECT, r.text);
		return PY_ADDR_ERROR;
	case V6_OF_V4:
		return v6_of_v4(addr, py2, out, outlen, err);
	default:
		return packet_addr(addr, fd, out, outlen, err);
	}
}
