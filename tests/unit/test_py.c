/* issue 17: the Python semantics of src/py/ beside idna: what
 * gethostbyaddr() makes of an answer, and how a socket family reads the
 * address connect() gets (--family). */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "py/hostbyaddr.h"
#include "py/sockaddr.h"
#include "unit.h"

static void test_hostbyaddr(void)
{
	struct sk_error e;

	/* no answer: herror of h_errno, 0 included */
	e = py_hostbyaddr_error(AF_INET6, AF_UNSPEC, 0, false);
	CHECK(e.kind == SK_HERROR && e.code == 0 && e.stage == STAGE_REVERSE);
	e = py_hostbyaddr_error(AF_INET, AF_UNSPEC, HOST_NOT_FOUND, true);
	CHECK(e.kind == SK_HERROR && e.code == HOST_NOT_FOUND);
	/* an IPv4 answer to an IPv6 question */
	e = py_hostbyaddr_error(AF_INET6, AF_INET, 0, false);
	CHECK(e.kind == SK_ERRNO && e.code == EAFNOSUPPORT);
	e = py_hostbyaddr_error(AF_INET6, AF_INET, 0, true);
	CHECK(e.kind == SK_PLAIN && e.code == 0);
	CHECK_STR(e.text, "Address family not supported by protocol");
	/* an answer of the family asked */
	e = py_hostbyaddr_error(AF_INET6, AF_INET6, 0, true);
	CHECK(!sk_failed(&e));
	e = py_hostbyaddr_error(AF_INET, AF_INET, 0, false);
	CHECK(!sk_failed(&e));
}

static struct sockaddr_storage v4(const char *a, int port)
{
	struct sockaddr_storage ss = {0};
	struct sockaddr_in *in = (struct sockaddr_in *)&ss;

	in->sin_family = AF_INET;
	in->sin_port = htons((uint16_t)port);
	inet_pton(AF_INET, a, &in->sin_addr);
	return ss;
}

static struct sockaddr_storage v6(const char *a, int port)
{
	struct sockaddr_storage ss = {0};
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;

	in6->sin6_family = AF_INET6;
	in6->sin6_port = htons((uint16_t)port);
	inet_pton(AF_INET6, a, &in6->sin6_addr);
	return ss;
}

static enum py_readdr readdr(int fam, struct sockaddr_storage a, bool py2,
			     struct sockaddr_storage *out, struct sk_error *e)
{
	socklen_t len = 0;

	*e = sk_ok();
	return py_connect_addr(fam, &a, -1, py2, out, &len, e);
}

static void check_type(int fam, struct sockaddr_storage a, bool py2,
		       const char *text)
{
	struct sockaddr_storage out;
	struct sk_error e;

	CHECK(readdr(fam, a, py2, &out, &e) == PY_ADDR_ERROR);
	CHECK(e.kind == SK_PLAIN && e.code == SK_PLAIN_TYPE &&
	      e.stage == STAGE_CONNECT);
	CHECK_STR(e.text, text);
}

static void test_sockaddr(void)
{
	struct sockaddr_storage out, un = {.ss_family = AF_UNIX};
	struct sockaddr_in6 *o6 = (struct sockaddr_in6 *)&out;
	struct sk_error e;
	int fd;

	CHECK(readdr(AF_INET, v4("127.0.0.1", 80), false, &out, &e) == PY_ADDR_SAME);
	CHECK(readdr(AF_INET6, v6("::1", 80), true, &out, &e) == PY_ADDR_SAME);
	CHECK(readdr(AF_UNIX, un, false, &out, &e) == PY_ADDR_SAME);
	/* AF_INET6 and an IPv4 pair: setipaddr() for AF_INET6 */
	CHECK(readdr(AF_INET6, v4("127.0.0.1", 80), false, &out, &e) == PY_ADDR_ERROR);
	CHECK(e.kind == SK_GAIERROR && e.code == EAI_ADDRFAMILY);
	CHECK(readdr(AF_INET6, v4("255.255.255.255", 80), false, &out, &e) == PY_ADDR_ERROR);
	CHECK(e.kind == SK_PLAIN && e.code == 0);
	CHECK_STR(e.text, "address family mismatched");
	memset(&out, 0x55, sizeof out);
	CHECK(readdr(AF_INET6, v4("127.0.0.1", 80), true, &out, &e) == PY_ADDR_OTHER);
	CHECK(o6->sin6_family == AF_INET6 && ntohs(o6->sin6_port) == 80 &&
	      IN6_IS_ADDR_UNSPECIFIED(&o6->sin6_addr) && o6->sin6_scope_id == 0);
	/* tuples of the wrong shape */
	check_type(AF_INET, v6("::1", 80), false, "AF_INET address must be a pair (host, port)");
	check_type(AF_INET, v6("::1", 80), true, "getsockaddrarg() takes exactly 2 arguments (4 given)");
	check_type(AF_INET, un, false, "connect(): AF_INET address must be tuple, not str");
	check_type(AF_INET6, un, true, "getsockaddrarg: AF_INET6 address must be tuple, not str");
	check_type(AF_UNIX, v4("127.0.0.1", 80), false, "a bytes-like object is required, not 'tuple'");
	check_type(AF_UNIX, v6("::1", 80), true,
		   "argument must be string or read-only character buffer, not tuple");
	check_type(AF_NETLINK, v4("127.0.0.1", 80), true, "an integer is required");
	/* both interpreters print its class as TypeError */
	CHECK_STR(tax_py2_class(SK_PLAIN, SK_PLAIN_TYPE), "TypeError");
	CHECK_STR(tax_py3_class(SK_PLAIN, SK_PLAIN_TYPE), "TypeError");
	CHECK_STR(tax_py2_class(SK_PLAIN, 0), "socket.error");
	/* families CPython cannot read */
	CHECK(readdr(44, v4("127.0.0.1", 80), false, &out, &e) == PY_ADDR_ERROR);
	CHECK(e.kind == SK_PLAIN && e.code == 0);
	CHECK_STR(e.text, "connect(): bad family");
	CHECK(readdr(AF_VSOCK, un, true, &out, &e) == PY_ADDR_ERROR);
	CHECK_STR(e.text, "getsockaddrarg: bad family");
	/* AF_PACKET reads the host as an interface name */
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd >= 0) {
		struct sockaddr_storage a = v4("127.0.0.1", 80);
		socklen_t len;

		CHECK(py_connect_addr(AF_PACKET, &a, fd, false, &out, &len, &e) == PY_ADDR_ERROR);
		CHECK(e.kind == SK_ERRNO && e.code == ENODEV);
		close(fd);
	}
}

UNIT_TESTS(py) = {
	{"gethostbyaddr: h_errno 0, answers of another family", test_hostbyaddr},
	{"--family: the address as the socket's family reads it", test_sockaddr},
	{NULL, NULL},
};
