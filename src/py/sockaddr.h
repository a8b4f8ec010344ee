/* connect() on a socket of another family than its address (--family):
 * CPython's getsockaddrarg() reads the address create_connection() got
 * from getaddrinfo() -- the tuple (host, port), (host, port, flowinfo,
 * scope_id), or a unix path string -- by the socket's family, not by the
 * address's.  Measured with CPython 3.11.7 and 2.7.18 (issue 17). */
#ifndef SOCKERR_PY_SOCKADDR_H
#define SOCKERR_PY_SOCKADDR_H

#include <stdbool.h>
#include <sys/socket.h>

#include "model/error.h"

enum py_readdr {
	PY_ADDR_SAME,	/* connect to the address as resolved */
	PY_ADDR_OTHER,	/* connect to *out instead */
	PY_ADDR_ERROR,	/* connect() raises *err (stage connect) */
};

/* sock_family: the socket's; addr: the resolved address (of a unix
 * target only its family counts); fd: the socket, which AF_PACKET asks
 * for an interface index; py2: as Python 2.7 reads it.
 *
 * A tuple for an AF_INET6 socket holding an IPv4 address is looked up
 * again for AF_INET6: gaierror EAI_ADDRFAMILY in CPython 3, while 2.7
 * reads the dotted quad into the front of the IPv6 address, whose rest
 * stays zero (connect [::]:PORT, which Linux takes as [::1]:PORT).  A
 * tuple for AF_UNIX, a string for AF_INET, a 4-tuple for AF_INET is a
 * TypeError (SK_PLAIN_TYPE), which create_connection() does not catch.
 * AF_NETLINK, AF_PACKET and AF_VSOCK read the tuple their own way; any
 * other family is "bad family", including those CPython reads but this
 * kernel cannot create (AF_CAN, AF_TIPC, AF_ALG, AF_BLUETOOTH). */
enum py_readdr py_connect_addr(int sock_family,
			       const struct sockaddr_storage *addr, int fd,
			       bool py2, struct sockaddr_storage *out,
			       socklen_t *outlen, struct sk_error *err);

#endif
