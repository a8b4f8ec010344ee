/* issue 17: the Python semantics of src/py/ beside idna: what
 * gethostbyaddr() makes of an answer, how a socket family reads the
 * address connect() gets (--family), and setipaddr()'s numeric forms
 * (-s), as python3 and python2.7 bind((HOST, 0)) on such a socket. */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "py/hostbyaddr.h"
#include "py/setipaddr.h"
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

static struct py_bindaddr bindaddr(const char *host, int family, bool py2)
{
	struct py_bindaddr q = {.host = host, .family = family, .py2 = py2};

	py_setipaddr(&q);
	return q;
}

/* bind() of the address on a new socket: 0 or its errno. */
static int bind_errno(const struct py_bindaddr *q)
{
	int fd = socket(q->addr.ss_family, SOCK_STREAM, 0), err = 0;

	if (fd < 0)
		return errno;
	if (bind(fd, (const struct sockaddr *)&q->addr, q->addrlen) < 0)
		err = errno;
	close(fd);
	return err;
}

static void test_setipaddr(void)
{
	struct py_bindaddr q;

	/* OSError('address family mismatched') in CPython 3.11 */
	q = bindaddr("<broadcast>", AF_INET6, false);
	CHECK(q.rc == 0);
	CHECK_STR(q.plain, "address family mismatched");
	/* gaierror -9 in CPython 3; EADDRNOTAVAIL in 2.7 (its sscanf()) */
	CHECK(!py_setipaddr_at_once("1.2.3.4", AF_INET6, false));
	q = bindaddr("1.2.3.4", AF_INET6, false);
	CHECK(q.rc == EAI_ADDRFAMILY && !q.plain);
	CHECK(py_setipaddr_at_once("1.2.3.4", AF_INET6, true));
	q = bindaddr("1.2.3.4", AF_INET6, true);
	CHECK(q.rc == 0 && !q.plain && q.addr.ss_family == AF_INET6);
	CHECK(bind_errno(&q) == EADDRNOTAVAIL);
	q = bindaddr("1.2.3.4", AF_INET, true);
	CHECK(q.rc == 0 && q.addrlen == sizeof(struct sockaddr_in));
	CHECK(((struct sockaddr_in *)&q.addr)->sin_addr.s_addr == htonl(0x01020304));
	CHECK(py_setipaddr_at_once("::1", AF_UNSPEC, false));
	q = bindaddr("::1", AF_UNSPEC, false);
	CHECK(q.rc == 0 && q.addr.ss_family == AF_INET6);
	/* a name is looked up: not at once */
	CHECK(!py_setipaddr_at_once("localhost", AF_INET, false));
	CHECK(py_setipaddr_at_once("", AF_INET, false));
}

UNIT_TESTS(py) = {
	{"gethostbyaddr: h_errno 0, answers of another family", test_hostbyaddr},
	{"--family: the address as the socket's family reads it", test_sockaddr},
	{"-s: setipaddr()'s numeric forms, CPython 3 and 2.7", test_setipaddr},
	{NULL, NULL},
};
