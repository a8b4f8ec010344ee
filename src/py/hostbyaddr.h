/* socket.gethostbyaddr() as CPython turns the C library's answer into a
 * name or an exception (Modules/socketmodule.c, gethost_common). */
#ifndef SOCKERR_HOSTBYADDR_H
#define SOCKERR_HOSTBYADDR_H

#include <stdbool.h>

#include "model/error.h"

/* asked: the family looked up (the address's own); answer: the h_addrtype
 * of what gethostbyaddr_r() returned, AF_UNSPEC when it returned nothing;
 * herr: the thread's h_errno after the call.
 *
 * No answer is socket.herror of h_errno, whatever it holds: CPython reads
 * the global, which the _r function leaves alone, so an address missing
 * from /etc/hosts under "hosts: files" is [Errno 0].  An answer of another
 * family (glibc's DNS module looks a v4-mapped or v4-compatible IPv6
 * address up as IPv4) is refused: OSError errno EAFNOSUPPORT in CPython 3,
 * socket.error with strerror's text and no errno in Python 2.7 (py2). */
struct sk_error py_hostbyaddr_error(int asked, int answer, int herr, bool py2);

#endif
