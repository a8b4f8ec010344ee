/* gethost_common() of CPython 3.11 and 2.7: the answer's family, then its
 * h_errno, as Python reads them. */
#include "py/hostbyaddr.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>

struct sk_error py_hostbyaddr_error(int asked, int answer, int herr, bool py2)
{
	if (answer == AF_UNSPEC)
		return sk_herror(STAGE_REVERSE, herr);
	if (answer != asked)
		return py2 ? sk_plain(STAGE_REVERSE, strerror(EAFNOSUPPORT))
			   : sk_errno(STAGE_REVERSE, EAFNOSUPPORT);
	return sk_ok();
}
