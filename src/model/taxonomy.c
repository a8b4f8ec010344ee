/* The error taxonomy: every errno, EAI_* and h_errno value with the class
 * Python raises for it, and the lookups --explain and the formats use. */
#include "model/taxonomy.h"

#include "model/exitcode.h"

#include <errno.h>
#include <netdb.h>
#include <string.h>
#include <strings.h>

/* Aliases follow the name Python's errno.errorcode uses for the code. */
static const struct sk_entry table[] = {
	{SK_ERRNO, EPERM, "EPERM", "PermissionError", "a local firewall rule rejected the packet, or a raw socket without CAP_NET_RAW", false},
	{SK_ERRNO, ENOENT, "ENOENT", "FileNotFoundError", "the unix socket path does not exist", false},
	{SK_ERRNO, ESRCH, "ESRCH", "ProcessLookupError", NULL, false},
	{SK_ERRNO, EINTR, "EINTR", "InterruptedError", "a signal interrupted the call", false},
	{SK_ERRNO, EIO, "EIO", "OSError", NULL, false},
	{SK_ERRNO, ENXIO, "ENXIO", "OSError", NULL, false},
	{SK_ERRNO, E2BIG, "E2BIG", "OSError", NULL, false},
	{SK_ERRNO, ENOEXEC, "ENOEXEC", "OSError", NULL, false},
	{SK_ERRNO, EBADF, "EBADF", "OSError", NULL, false},
	{SK_ERRNO, ECHILD, "ECHILD", "ChildProcessError", NULL, false},
	{SK_ERRNO, EAGAIN, "EAGAIN", "BlockingIOError", "no free local port, or a unix socket whose accept queue is full, in non-blocking mode", false},
	{SK_ERRNO, ENOMEM, "ENOMEM", "OSError", "the kernel is out of memory", false},
	{SK_ERRNO, EACCES, "EACCES", "PermissionError", "a prohibit route or firewall; a source port below 1024 without CAP_NET_BIND_SERVICE; no write permission on a unix socket", false},
	{SK_ERRNO, EFAULT, "EFAULT", "OSError", NULL, false},
	{SK_ERRNO, ENOTBLK, "ENOTBLK", "OSError", NULL, false},
	{SK_ERRNO, EBUSY, "EBUSY", "OSError", NULL, false},
	{SK_ERRNO, EEXIST, "EEXIST", "FileExistsError", NULL, false},
	{SK_ERRNO, EXDEV, "EXDEV", "OSError", NULL, false},
	{SK_ERRNO, ENODEV, "ENODEV", "OSError", NULL, false},
	{SK_ERRNO, ENOTDIR, "ENOTDIR", "NotADirectoryError", "a component of the unix socket path is not a directory", false},
	{SK_ERRNO, EISDIR, "EISDIR", "IsADirectoryError", NULL, false},
	{SK_ERRNO, EINVAL, "EINVAL", "OSError", "a blackhole route, or an address of the wrong family or length", false},
	{SK_ERRNO, ENFILE, "ENFILE", "OSError", "the system-wide file table is full", false},
	{SK_ERRNO, EMFILE, "EMFILE", "OSError", "the process has no free file descriptor (ulimit -n)", false},
	{SK_ERRNO, ENOTTY, "ENOTTY", "OSError", NULL, false},
	{SK_ERRNO, ETXTBSY, "ETXTBSY", "OSError", NULL, false},
	{SK_ERRNO, EFBIG, "EFBIG", "OSError", NULL, false},
	{SK_ERRNO, ENOSPC, "ENOSPC", "OSError", NULL, false},
	{SK_ERRNO, ESPIPE, "ESPIPE", "OSError", NULL, false},
	{SK_ERRNO, EROFS, "EROFS", "OSError", NULL, false},
	{SK_ERRNO, EMLINK, "EMLINK", "OSError", NULL, false},
	{SK_ERRNO, EPIPE, "EPIPE", "BrokenPipeError", "the peer closed the connection and the write side is gone", false},
	{SK_ERRNO, EDOM, "EDOM", "OSError", NULL, false},
	{SK_ERRNO, ERANGE, "ERANGE", "OSError", NULL, false},
	{SK_ERRNO, EDEADLOCK, "EDEADLOCK", "OSError", NULL, false},
	{SK_ERRNO, ENAMETOOLONG, "ENAMETOOLONG", "OSError", "a component of the unix socket path is too long", false},
	{SK_ERRNO, ENOLCK, "ENOLCK", "OSError", NULL, false},
	{SK_ERRNO, ENOSYS, "ENOSYS", "OSError", NULL, false},
	{SK_ERRNO, ENOTEMPTY, "ENOTEMPTY", "OSError", NULL, false},
	{SK_ERRNO, ELOOP, "ELOOP", "OSError", "a symbolic link loop in the unix socket path", false},
	{SK_ERRNO, ENOMSG, "ENOMSG", "OSError", NULL, false},
	{SK_ERRNO, EIDRM, "EIDRM", "OSError", NULL, false},
	{SK_ERRNO, ECHRNG, "ECHRNG", "OSError", NULL, false},
	{SK_ERRNO, EL2NSYNC, "EL2NSYNC", "OSError", NULL, false},
	{SK_ERRNO, EL3HLT, "EL3HLT", "OSError", NULL, false},
	{SK_ERRNO, EL3RST, "EL3RST", "OSError", NULL, false},
	{SK_ERRNO, ELNRNG, "ELNRNG", "OSError", NULL, false},
	{SK_ERRNO, EUNATCH, "EUNATCH", "OSError", NULL, false},
	{SK_ERRNO, ENOCSI, "ENOCSI", "OSError", NULL, false},
	{SK_ERRNO, EL2HLT, "EL2HLT", "OSError", NULL, false},
	{SK_ERRNO, EBADE, "EBADE", "OSError", NULL, false},
	{SK_ERRNO, EBADR, "EBADR", "OSError", NULL, false},
	{SK_ERRNO, EXFULL, "EXFULL", "OSError", NULL, false},
	{SK_ERRNO, ENOANO, "ENOANO", "OSError", NULL, false},
	{SK_ERRNO, EBADRQC, "EBADRQC", "OSError", NULL, false},
	{SK_ERRNO, EBADSLT, "EBADSLT", "OSError", NULL, false},
	{SK_ERRNO, EBFONT, "EBFONT", "OSError", NULL, false},
	{SK_ERRNO, ENOSTR, "ENOSTR", "OSError", NULL, false},
	{SK_ERRNO, ENODATA, "ENODATA", "OSError", NULL, false},
	{SK_ERRNO, ETIME, "ETIME", "OSError", NULL, false},
	{SK_ERRNO, ENOSR, "ENOSR", "OSError", NULL, false},
	{SK_ERRNO, ENONET, "ENONET", "OSError", NULL, false},
	{SK_ERRNO, ENOPKG, "ENOPKG", "OSError", NULL, false},
	{SK_ERRNO, EREMOTE, "EREMOTE", "OSError", NULL, false},
	{SK_ERRNO, ENOLINK, "ENOLINK", "OSError", NULL, false},
	{SK_ERRNO, EADV, "EADV", "OSError", NULL, false},
	{SK_ERRNO, ESRMNT, "ESRMNT", "OSError", NULL, false},
	{SK_ERRNO, ECOMM, "ECOMM", "OSError", NULL, false},
	{SK_ERRNO, EPROTO, "EPROTO", "OSError", NULL, false},
	{SK_ERRNO, EMULTIHOP, "EMULTIHOP", "OSError", NULL, false},
	{SK_ERRNO, EDOTDOT, "EDOTDOT", "OSError", NULL, false},
	{SK_ERRNO, EBADMSG, "EBADMSG", "OSError", NULL, false},
	{SK_ERRNO, EOVERFLOW, "EOVERFLOW", "OSError", NULL, false},
	{SK_ERRNO, ENOTUNIQ, "ENOTUNIQ", "OSError", NULL, false},
	{SK_ERRNO, EBADFD, "EBADFD", "OSError", NULL, false},
	{SK_ERRNO, EREMCHG, "EREMCHG", "OSError", NULL, false},
	{SK_ERRNO, ELIBACC, "ELIBACC", "OSError", NULL, false},
	{SK_ERRNO, ELIBBAD, "ELIBBAD", "OSError", NULL, false},
	{SK_ERRNO, ELIBSCN, "ELIBSCN", "OSError", NULL, false},
	{SK_ERRNO, ELIBMAX, "ELIBMAX", "OSError", NULL, false},
	{SK_ERRNO, ELIBEXEC, "ELIBEXEC", "OSError", NULL, false},
	{SK_ERRNO, EILSEQ, "EILSEQ", "OSError", NULL, false},
	{SK_ERRNO, ERESTART, "ERESTART", "OSError", NULL, false},
	{SK_ERRNO, ESTRPIPE, "ESTRPIPE", "OSError", NULL, false},
	{SK_ERRNO, EUSERS, "EUSERS", "OSError", NULL, false},
	{SK_ERRNO, ENOTSOCK, "ENOTSOCK", "OSError", "the descriptor is not a socket", false},
	{SK_ERRNO, EDESTADDRREQ, "EDESTADDRREQ", "OSError", "a datagram sent without a destination", false},
	{SK_ERRNO, EMSGSIZE, "EMSGSIZE", "OSError", "a datagram larger than the socket buffer or the path MTU", false},
	{SK_ERRNO, EPROTOTYPE, "EPROTOTYPE", "OSError", "the unix socket path is a socket of another type (e.g. datagram)", false},
	{SK_ERRNO, ENOPROTOOPT, "ENOPROTOOPT", "OSError", "a socket option this protocol does not know", false},
	{SK_ERRNO, EPROTONOSUPPORT, "EPROTONOSUPPORT", "OSError", "--proto is not supported for this family and type", false},
	{SK_ERRNO, ESOCKTNOSUPPORT, "ESOCKTNOSUPPORT", "OSError", "--type is not supported by this family", false},
	{SK_ERRNO, ENOTSUP, "ENOTSUP", "OSError", "the operation is not supported on this socket type", false},
	{SK_ERRNO, EPFNOSUPPORT, "EPFNOSUPPORT", "OSError", "the protocol family is not supported", false},
	{SK_ERRNO, EAFNOSUPPORT, "EAFNOSUPPORT", "OSError", "the kernel lacks the family (IPv6 disabled), or --family does not match the address", false},
	{SK_ERRNO, EADDRINUSE, "EADDRINUSE", "OSError", "the source address and port are taken", false},
	{SK_ERRNO, EADDRNOTAVAIL, "EADDRNOTAVAIL", "OSError", "the source address is not on this host, or no ephemeral port is left", false},
	{SK_ERRNO, ENETDOWN, "ENETDOWN", "OSError", "the outgoing interface is down", false},
	{SK_ERRNO, ENETUNREACH, "ENETUNREACH", "OSError", "no route to the network: no matching route and no default route", false},
	{SK_ERRNO, ENETRESET, "ENETRESET", "OSError", "the network dropped the connection", false},
	{SK_ERRNO, ECONNABORTED, "ECONNABORTED", "ConnectionAbortedError", "the connection was aborted on this host", false},
	{SK_ERRNO, ECONNRESET, "ECONNRESET", "ConnectionResetError", "the peer reset the connection (RST): the service closed it abruptly", false},
	{SK_ERRNO, ENOBUFS, "ENOBUFS", "OSError", "the kernel is out of socket buffers", false},
	{SK_ERRNO, EISCONN, "EISCONN", "OSError", "the socket is already connected", false},
	{SK_ERRNO, ENOTCONN, "ENOTCONN", "OSError", "the socket is not connected", false},
	{SK_ERRNO, ESHUTDOWN, "ESHUTDOWN", "BrokenPipeError", "the write side was shut down", false},
	{SK_ERRNO, ETOOMANYREFS, "ETOOMANYREFS", "OSError", NULL, false},
	{SK_ERRNO, ETIMEDOUT, "ETIMEDOUT", "TimeoutError", "no answer before the kernel gave up (tcp_syn_retries): packets dropped by a firewall, or the host is down", false},
	{SK_ERRNO, ECONNREFUSED, "ECONNREFUSED", "ConnectionRefusedError", "nothing listens there: the host answered with a RST (UDP: ICMP port unreachable)", false},
	{SK_ERRNO, EHOSTDOWN, "EHOSTDOWN", "OSError", "the host is down", false},
	{SK_ERRNO, EHOSTUNREACH, "EHOSTUNREACH", "OSError", "no route to the host: an unreachable route, ARP or neighbour discovery got no answer, or an ICMP host unreachable", false},
	{SK_ERRNO, EALREADY, "EALREADY", "BlockingIOError", "a connect on this socket is still in progress", false},
	{SK_ERRNO, EINPROGRESS, "EINPROGRESS", "BlockingIOError", "a non-blocking connect (--timeout=0) started and has not finished yet", false},
	{SK_ERRNO, ESTALE, "ESTALE", "OSError", NULL, false},
	{SK_ERRNO, EUCLEAN, "EUCLEAN", "OSError", NULL, false},
	{SK_ERRNO, ENOTNAM, "ENOTNAM", "OSError", NULL, false},
	{SK_ERRNO, ENAVAIL, "ENAVAIL", "OSError", NULL, false},
	{SK_ERRNO, EISNAM, "EISNAM", "OSError", NULL, false},
	{SK_ERRNO, EREMOTEIO, "EREMOTEIO", "OSError", NULL, false},
	{SK_ERRNO, EDQUOT, "EDQUOT", "OSError", NULL, false},
	{SK_ERRNO, ENOMEDIUM, "ENOMEDIUM", "OSError", NULL, false},
	{SK_ERRNO, EMEDIUMTYPE, "EMEDIUMTYPE", "OSError", NULL, false},
	{SK_ERRNO, ECANCELED, "ECANCELED", "OSError", NULL, false},
	{SK_ERRNO, ENOKEY, "ENOKEY", "OSError", NULL, false},
	{SK_ERRNO, EKEYEXPIRED, "EKEYEXPIRED", "OSError", NULL, false},
	{SK_ERRNO, EKEYREVOKED, "EKEYREVOKED", "OSError", NULL, false},
	{SK_ERRNO, EKEYREJECTED, "EKEYREJECTED", "OSError", NULL, false},
	{SK_ERRNO, EOWNERDEAD, "EOWNERDEAD", "OSError", NULL, false},
	{SK_ERRNO, ENOTRECOVERABLE, "ENOTRECOVERABLE", "OSError", NULL, false},
	{SK_ERRNO, ERFKILL, "ERFKILL", "OSError", NULL, false},
	{SK_ERRNO, EHWPOISON, "EHWPOISON", "OSError", NULL, false},
	{SK_ERRNO, EDEADLK, "EDEADLK", "OSError", NULL, true},
	{SK_ERRNO, EWOULDBLOCK, "EWOULDBLOCK", "BlockingIOError", NULL, true},
	{SK_ERRNO, EOPNOTSUPP, "EOPNOTSUPP", "OSError", NULL, true},

	{SK_GAIERROR, EAI_BADFLAGS, "EAI_BADFLAGS", "socket.gaierror", "invalid flags for getaddrinfo", false},
	{SK_GAIERROR, EAI_NONAME, "EAI_NONAME", "socket.gaierror", "the name does not exist (NXDOMAIN) or is not in /etc/hosts", false},
	{SK_GAIERROR, EAI_AGAIN, "EAI_AGAIN", "socket.gaierror", "no DNS server answered, or it answered SERVFAIL: try again later", false},
	{SK_GAIERROR, EAI_FAIL, "EAI_FAIL", "socket.gaierror", "the DNS server failed for good (e.g. REFUSED)", false},
	{SK_GAIERROR, EAI_NODATA, "EAI_NODATA", "socket.gaierror", "the name exists but has no address record (only TXT, MX...)", false},
	{SK_GAIERROR, EAI_FAMILY, "EAI_FAMILY", "socket.gaierror", "the address family is not supported", false},
	{SK_GAIERROR, EAI_SOCKTYPE, "EAI_SOCKTYPE", "socket.gaierror", "the socket type is not supported", false},
	{SK_GAIERROR, EAI_SERVICE, "EAI_SERVICE", "socket.gaierror", "the service name is not in /etc/services for this socket type", false},
	{SK_GAIERROR, EAI_ADDRFAMILY, "EAI_ADDRFAMILY", "socket.gaierror", "the address is of another family than -4 or -6 asked for", false},
	{SK_GAIERROR, EAI_MEMORY, "EAI_MEMORY", "socket.gaierror", "out of memory", false},
	{SK_GAIERROR, EAI_SYSTEM, "EAI_SYSTEM", "socket.gaierror", "a system error: reported as the socket.error of its errno", false},
	{SK_GAIERROR, EAI_OVERFLOW, "EAI_OVERFLOW", "socket.gaierror", NULL, false},
	{SK_GAIERROR, EAI_INPROGRESS, "EAI_INPROGRESS", "socket.gaierror", NULL, false},
	{SK_GAIERROR, EAI_CANCELED, "EAI_CANCELED", "socket.gaierror", NULL, false},
	{SK_GAIERROR, EAI_NOTCANCELED, "EAI_NOTCANCELED", "socket.gaierror", NULL, false},
	{SK_GAIERROR, EAI_ALLDONE, "EAI_ALLDONE", "socket.gaierror", NULL, false},
	{SK_GAIERROR, EAI_INTR, "EAI_INTR", "socket.gaierror", NULL, false},
	{SK_GAIERROR, EAI_IDN_ENCODE, "EAI_IDN_ENCODE", "socket.gaierror", NULL, false},

	{SK_HERROR, NETDB_INTERNAL, "NETDB_INTERNAL", "socket.herror", "a resolver internal error; the errno says more", false},
	{SK_HERROR, HOST_NOT_FOUND, "HOST_NOT_FOUND", "socket.herror", "no PTR record for the address, or no such name", false},
	{SK_HERROR, TRY_AGAIN, "TRY_AGAIN", "socket.herror", "no DNS server answered, or SERVFAIL", false},
	{SK_HERROR, NO_RECOVERY, "NO_RECOVERY", "socket.herror", "the DNS server failed for good", false},
	{SK_HERROR, NO_DATA, "NO_DATA", "socket.herror", "the name exists but has no record of that type", false},
	{SK_HERROR, NO_ADDRESS, "NO_ADDRESS", "socket.herror", NULL, true},

	{SK_TIMEOUT, 0, "timeout", "TimeoutError", "a step ran past --timeout: SYNs dropped, a full accept queue, or a silent UDP port (open or filtered)", false},
};

#define TABLE_LEN (sizeof table / sizeof table[0])

size_t tax_count(void)
{
	return TABLE_LEN;
}

const struct sk_entry *tax_at(size_t i)
{
	return i < TABLE_LEN ? &table[i] : NULL;
}

const struct sk_entry *tax_find(enum sk_kind kind, int code)
{
	for (size_t i = 0; i < TABLE_LEN; i++)
		if (table[i].kind == kind && table[i].code == code)
			return &table[i];
	return NULL;
}

const struct sk_entry *tax_find_name(const char *name)
{
	for (size_t i = 0; i < TABLE_LEN; i++)
		if (strcasecmp(table[i].name, name) == 0)
			return &table[i];
	return NULL;
}

/* An alias says what the name it stands for says. */
const char *tax_cause(const struct sk_entry *e)
{
	if (e->alias)
		e = tax_find(e->kind, e->code);
	return e->cause ? e->cause : "";
}

static const char *const kind_names[] = {
	[SK_ERRNO] = "error",
	[SK_HERROR] = "herror",
	[SK_GAIERROR] = "gaierror",
	[SK_TIMEOUT] = "timeout",
	[SK_PLAIN] = "error",
	[SK_SSL] = "ssl",
};

/* Accepts "error", "socket.error" and the other class names. */
bool tax_kind_parse(const char *s, enum sk_kind *kind)
{
	if (strncmp(s, "socket.", 7) == 0)
		s += 7;
	for (enum sk_kind k = SK_ERRNO; k <= SK_TIMEOUT; k++) {
		if (strcmp(s, kind_names[k]) == 0) {
			*kind = k;
			return true;
		}
	}
	return false;
}

/* An SK_PLAIN code's class outside the socket module, a builtin of the
 * same name in both interpreters, or NULL: socket.error. */
static const char *plain_builtin(int code)
{
	switch (code) {
	case SK_PLAIN_UNICODE:
		return "UnicodeError";
	case SK_PLAIN_TYPE:
		return "TypeError";
	case SK_PLAIN_VALUE:
		return "ValueError";
	default:
		return NULL;
	}
}

bool tax_is_socket_error(enum sk_kind kind, int code)
{
	return kind == SK_ERRNO || (kind == SK_PLAIN && !plain_builtin(code));
}

const char *tax_py2_class(enum sk_kind kind, int code)
{
	switch (kind) {
	case SK_PLAIN:
		return plain_builtin(code) ? plain_builtin(code) : "socket.error";
	case SK_HERROR:
		return "socket.herror";
	case SK_GAIERROR:
		return "socket.gaierror";
	case SK_TIMEOUT:
		return "socket.timeout";
	default:
		return "socket.error";
	}
}

const char *tax_py3_class(enum sk_kind kind, int code)
{
	const struct sk_entry *e;

	switch (kind) {
	case SK_HERROR:
		return "socket.herror";
	case SK_GAIERROR:
		return "socket.gaierror";
	case SK_TIMEOUT:
		return "TimeoutError";
	case SK_ERRNO:
		e = tax_find(kind, code);
		return e ? e->py3_class : "OSError";
	case SK_PLAIN:
		return plain_builtin(code) ? plain_builtin(code) : "OSError";
	default:
		return "OSError";
	}
}

const char *tax_name(enum sk_kind kind, int code)
{
	const struct sk_entry *e = tax_find(kind, code);

	return e ? e->name : NULL;
}

/* The C locale is in force (no setlocale call), so these are the English
 * texts CPython prints: it sets LC_CTYPE only, never LC_MESSAGES. */
const char *tax_message(enum sk_kind kind, int code)
{
	switch (kind) {
	case SK_ERRNO:
		return strerror(code);
	case SK_HERROR:
		return hstrerror(code);
	case SK_GAIERROR:
		return gai_strerror(code);
	case SK_TIMEOUT:
		return "timed out";
	default:
		return "";
	}
}

int tax_exit_status(enum sk_kind kind)
{
	switch (kind) {
	case SK_NONE:
		return EXIT_OK;
	case SK_HERROR:
		return EXIT_HERROR;
	case SK_GAIERROR:
		return EXIT_GAIERROR;
	case SK_TIMEOUT:
		return EXIT_TIMEOUT;
	case SK_SSL:
		return EXIT_SSL;	/* tls_exit_status() tells 4 and 6 apart */
	default:
		return EXIT_SOCKET;
	}
}
