/* What Python cannot tell, in words (why.h): an attempt's facts as text
 * and JSON, and a failure read from its cause and those facts. */
#include "output/why.h"

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <netinet/ip_icmp.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/un.h>

#include "base/escape.h"
#include "model/taxonomy.h"

static void addr_text(struct sbuf *b, const struct sockaddr_storage *ss,
		      bool port)
{
	char h[INET6_ADDRSTRLEN] = "?";

	if (ss->ss_family == AF_INET) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)ss;

		inet_ntop(AF_INET, &in->sin_addr, h, sizeof h);
		sb_adds(b, h);
		if (port)
			sb_printf(b, " port %u", ntohs(in->sin_port));
	} else if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)ss;

		inet_ntop(AF_INET6, &in6->sin6_addr, h, sizeof h);
		sb_adds(b, h);
		if (port)
			sb_printf(b, " port %u", ntohs(in6->sin6_port));
	}
}

static int addr_port(const struct sockaddr_storage *ss)
{
	if (ss->ss_family == AF_INET)
		return ntohs(((const struct sockaddr_in *)ss)->sin_port);
	if (ss->ss_family == AF_INET6)
		return ntohs(((const struct sockaddr_in6 *)ss)->sin6_port);
	return -1;
}

static bool same_host(const struct sockaddr_storage *a,
		      const struct sockaddr_storage *b)
{
	if (a->ss_family != b->ss_family)
		return false;
	if (a->ss_family == AF_INET)
		return ((const struct sockaddr_in *)a)->sin_addr.s_addr ==
		       ((const struct sockaddr_in *)b)->sin_addr.s_addr;
	if (a->ss_family == AF_INET6)
		return memcmp(&((const struct sockaddr_in6 *)a)->sin6_addr,
			      &((const struct sockaddr_in6 *)b)->sin6_addr, 16) == 0;
	return false;
}

static const char *const unreach4[] = {
	"network unreachable", "host unreachable", "protocol unreachable",
	"port unreachable", "fragmentation needed", "source route failed",
	"destination network unknown", "destination host unknown",
	"source host isolated", "network administratively prohibited",
	"host administratively prohibited", "network unreachable for TOS",
	"host unreachable for TOS", "administratively prohibited",
	"host precedence violation", "precedence cutoff in effect",
};

static const char *const unreach6[] = {
	"no route to destination", "administratively prohibited",
	"beyond scope of source address", "address unreachable",
	"port unreachable", "source address failed ingress/egress policy",
	"reject route to destination", "error in source routing header",
};

/* "destination unreachable, administratively prohibited" */
static const char *facts_icmp_type(const struct sock_facts *f)
{
	if (!f->have_icmp)
		return NULL;
	if (f->icmp6) {
		switch (f->icmp_type) {
		case ICMP6_DST_UNREACH: return "destination unreachable";
		case ICMP6_PACKET_TOO_BIG: return "packet too big";
		case ICMP6_TIME_EXCEEDED: return "time exceeded";
		case ICMP6_PARAM_PROB: return "parameter problem";
		default: return "ICMPv6 error";
		}
	}
	switch (f->icmp_type) {
	case ICMP_DEST_UNREACH: return "destination unreachable";
	case ICMP_TIME_EXCEEDED: return "time exceeded";
	case ICMP_PARAMETERPROB: return "parameter problem";
	case ICMP_SOURCE_QUENCH: return "source quench";
	default: return "ICMP error";
	}
}

static const char *facts_icmp_code(const struct sock_facts *f)
{
	if (!f->have_icmp)
		return NULL;
	if (f->icmp6 && f->icmp_type == ICMP6_DST_UNREACH &&
	    f->icmp_code < sizeof unreach6 / sizeof unreach6[0])
		return unreach6[f->icmp_code];
	if (!f->icmp6 && f->icmp_type == ICMP_DEST_UNREACH &&
	    f->icmp_code < sizeof unreach4 / sizeof unreach4[0])
		return unreach4[f->icmp_code];
	if (f->icmp_type == (f->icmp6 ? ICMP6_TIME_EXCEEDED : ICMP_TIME_EXCEEDED))
		return f->icmp_code ? "fragment reassembly time exceeded"
				    : "hop limit exceeded in transit (a routing loop?)";
	return "";
}

void facts_json(struct sbuf *b, const struct sock_facts *f)
{
	if (f->have_local) {
		sb_adds(b, ",\"local\":\"");
		addr_text(b, &f->local, false);
		sb_printf(b, "\",\"local_port\":%d", addr_port(&f->local));
	}
	if (f->have_tcpi)
		sb_printf(b, ",\"retransmits\":%u", f->retransmits);
	if (f->have_icmp) {
		sb_adds(b, ",\"icmp\":{\"from\":\"");
		addr_text(b, &f->icmp_from, false);
		sb_printf(b, "\",\"type\":%u,\"code\":%u,\"type_text\":\"%s\",\"code_text\":\"%s\"}",
			  f->icmp_type, f->icmp_code, facts_icmp_type(f),
			  facts_icmp_code(f));
	}
}

void facts_text(struct sbuf *b, const struct sock_facts *f)
{
	const char *sep = "";

	if (f->have_local) {
		sb_adds(b, "local ");
		addr_text(b, &f->local, true);
		sep = ", ";
	}
	if (f->have_tcpi && f->retransmits) {
		sb_printf(b, "%s%u retransmission%s", sep, f->retransmits,
			  f->retransmits == 1 ? "" : "s");
		sep = ", ";
	}
	if (f->have_icmp) {
		sb_printf(b, "%sICMP%s from ", sep, f->icmp6 ? "v6" : "");
		addr_text(b, &f->icmp_from, false);
		sb_printf(b, ": %s, %s", facts_icmp_type(f), facts_icmp_code(f));
	}
}

static void icmp_words(struct sbuf *b, const struct sock_facts *f,
		       const struct sockaddr_storage *dst)
{
	bool router = !dst || !same_host(&f->icmp_from, dst);

	if (f->have_local && same_host(&f->icmp_from, &f->local)) {
		sb_adds(b, "this host, ");
		addr_text(b, &f->icmp_from, false);
		sb_adds(b, ", gave up: nothing answered ARP/neighbour discovery for ");
		addr_text(b, dst, false);
		sb_adds(b, " on the local network (the host is down or not there)");
		return;
	}
	sb_adds(b, router ? "a router, " : "the host, ");
	addr_text(b, &f->icmp_from, false);
	if (f->icmp_type == (f->icmp6 ? ICMP6_TIME_EXCEEDED : ICMP_TIME_EXCEEDED)) {
		sb_printf(b, ", reported: %s", facts_icmp_code(f));
		return;
	}
	sb_printf(b, ", refused: %s", facts_icmp_code(f));
	sb_adds(b, router ? " (a firewall's REJECT, or a route it lacks)"
			  : " (a firewall's REJECT on the host)");
}

/* A timeout, by the step it cut. */
static bool timeout_words(struct sbuf *b, enum sk_stage stage, bool udp)
{
	switch (stage) {
	case STAGE_RESOLVE:
		sb_adds(b, "the name lookup did not end before the deadline: the DNS server is slow or does not answer (see /etc/resolv.conf)");
		return true;
	case STAGE_BIND:
		sb_adds(b, "the lookup of the source address did not end before the deadline: the DNS server is slow or does not answer");
		return true;
	case STAGE_REVERSE:
		sb_adds(b, "the reverse lookup did not end before the deadline: the DNS server is slow or does not answer");
		return true;
	case STAGE_CONNECT:
		sb_adds(b, "no answer before the timeout: a firewall drops the SYNs, or the host is down or slow");
		return true;
	case STAGE_SEND:
		sb_adds(b, "the peer does not read: the send buffer stayed full until the timeout");
		return true;
	case STAGE_RECV:
		sb_adds(b, udp ? "no reply before the timeout: the UDP port is open and does not answer this datagram, or a firewall drops it (UDP cannot tell which)"
			       : "connected, but the server sent nothing before the timeout (it waits for the client to speak first, or it is stuck)");
		return true;
	default:
		return false;
	}
}

void facts_explain(struct sbuf *b, const struct sk_error *e,
		   const struct sock_facts *f, const struct sockaddr_storage *dst,
		   bool udp)
{
	const struct sk_entry *te;
	int port = dst ? addr_port(dst) : -1;

	if (f && f->have_icmp && e->kind == SK_ERRNO && dst) {
		icmp_words(b, f, dst);
		return;
	}
	if (e->kind == SK_ERRNO && e->code == ECONNREFUSED && !udp) {
		sb_printf(b, "the host answered with a reset: nothing listens on port %d"
			     " (or a firewall rejects with a TCP reset)", port);
		return;
	}
	if (e->kind == SK_ERRNO && e->code == ECONNREFUSED && udp) {
		sb_printf(b, "port unreachable: nothing listens on UDP port %d"
			     " (or a firewall rejects)", port);
		return;
	}
	if (e->kind == SK_ERRNO && e->code == ETIMEDOUT && f && f->have_tcpi) {
		sb_printf(b, "%u SYN%s went unanswered: a firewall drops them or the host is down",
			  f->retransmits + 1, f->retransmits ? "s" : "");
		return;
	}
	if (e->kind == SK_TIMEOUT && timeout_words(b, e->stage, udp))
		return;
	if (e->kind == SK_ERRNO && e->code == EHOSTUNREACH) {
		sb_adds(b, "no host answered ARP/neighbour discovery on the local network, or a route says unreachable");
		return;
	}
	if (e->kind == SK_ERRNO && e->code == ENETUNREACH) {
		sb_adds(b, "this host has no route to that network (see ip route)");
		return;
	}
	te = tax_find(e->kind, e->code);
	sb_adds(b, te && *tax_cause(te) ? tax_cause(te) : "no more is known");
}

/* A unix socket's name as the trace prints it: the path, or @NAME. */
static void unix_name(struct sbuf *b, const char *path, size_t len)
{
	if (len && path[0] == '\0') {
		sb_addc(b, '@');
		esc_terminal(b, path + 1, len - 1);
	} else {
		esc_terminal(b, path, len);
	}
}

/* What is at the path now (connect() follows links, so does stat()), or
 * NULL when nothing is: "a socket file", "a directory", ... */
static const char *path_kind(const char *path, size_t len)
{
	char p[PATH_MAX];
	struct stat st;

	if (len == 0 || len >= sizeof p || memchr(path, '\0', len))
		return NULL;
	memcpy(p, path, len);
	p[len] = '\0';
	if (stat(p, &st) != 0)
		return NULL;
	if (S_ISSOCK(st.st_mode))
		return "a socket file";
	if (S_ISREG(st.st_mode))
		return "a regular file";
	if (S_ISDIR(st.st_mode))
		return "a directory";
	if (S_ISFIFO(st.st_mode))
		return "a FIFO";
	return "a device";
}

/* Whether the directory the path names its file in is there. */
static bool parent_exists(const char *path, size_t len, struct sbuf *dir)
{
	const char *slash = memrchr(path, '/', len);
	struct stat st;

	if (!slash)
		return true;	/* the current directory */
	sb_add(dir, path, slash == path ? 1 : (size_t)(slash - path));
	return dir->oom || stat(sb_str(dir), &st) == 0;
}

static void unix_missing(struct sbuf *b, const char *path, size_t len)
{
	struct sbuf dir = {0};

	if (!parent_exists(path, len, &dir)) {
		sb_adds(b, "the directory ");
		esc_terminal(b, dir.p, dir.len);
		sb_adds(b, " does not exist: the server is not installed or not running, or the path is wrong");
	} else {
		sb_adds(b, "no file ");
		unix_name(b, path, len);
		sb_adds(b, ": the server is not running, or it listens on another path");
	}
	sb_free(&dir);
}

static void unix_refused(struct sbuf *b, const char *path, size_t len,
			 bool dgram)
{
	const char *kind = path_kind(path, len);

	if (len && path[0] == '\0') {
		sb_adds(b, "nothing listens on the abstract name ");
		unix_name(b, path, len);
		sb_adds(b, dgram ? ": its server is not running" :
			": its server is not running or not listening yet");
		sb_adds(b, ", or it is in another network namespace (an abstract name belongs to one, and has no file)");
		return;
	}
	unix_name(b, path, len);
	if (kind && strcmp(kind, "a socket file") != 0) {
		sb_printf(b, " is %s, not a socket: nothing can listen on it", kind);
		return;
	}
	if (!kind) {
		sb_adds(b, ": nothing listens on it");
		return;
	}
	sb_adds(b, dgram ? " is a socket file, but no process has it open: a stale file left by a server that exited"
			 : " is a socket file, but no process listens on it: a stale file left by a server that exited, or a socket bound but not listening (yet)");
}

static bool unix_timeout(struct sbuf *b, const char *path, size_t len,
			 enum sk_stage stage, bool dgram)
{
	const char *what =
		stage == STAGE_CONNECT ? " did not accept before the deadline: its accept queue stayed full (the server is stuck or overloaded)" :
		stage == STAGE_SEND ? " does not read: the socket buffer stayed full until the timeout" :
		stage == STAGE_RECV && dgram ? " got the datagram, but no reply came before the timeout" :
		stage == STAGE_RECV ? " accepted, but sent nothing before the timeout (it waits for the client to speak first, or it is stuck)" :
		NULL;

	if (!what)
		return false;
	sb_adds(b, "the server at ");
	unix_name(b, path, len);
	sb_adds(b, what);
	return true;
}

static bool unix_errno(struct sbuf *b, const struct sk_error *e,
		       const char *path, size_t len, bool dgram)
{
	switch (e->code) {
	case ECONNREFUSED:
		if (e->stage > STAGE_CONNECT) {
			sb_adds(b, "the socket at ");
			unix_name(b, path, len);
			sb_adds(b, " went away after the connect: its server closed it");
		} else {
			unix_refused(b, path, len, dgram);
		}
		return true;
	case ENOENT:
		unix_missing(b, path, len);
		return true;
	case EACCES:
		sb_adds(b, "permission denied: connecting to ");
		unix_name(b, path, len);
		sb_adds(b, " needs write permission on the socket file and search permission on each directory above it (see their owner, group and mode)");
		return true;
	case ENOTDIR:
		sb_adds(b, "a component of ");
		unix_name(b, path, len);
		sb_adds(b, " is not a directory");
		return true;
	case ENAMETOOLONG:
		sb_adds(b, "a component of ");
		unix_name(b, path, len);
		sb_adds(b, " is longer than the file system allows (255 bytes)");
		return true;
	case ELOOP:
		sb_adds(b, "the symbolic links in ");
		unix_name(b, path, len);
		sb_adds(b, " loop, or are too many");
		return true;
	case EPROTOTYPE:
		unix_name(b, path, len);
		sb_adds(b, dgram ? " is a socket of another type (stream or seqpacket): leave out -u"
				 : " is a socket of another type (datagram or seqpacket): a datagram socket takes -u");
		return true;
	case EAGAIN:
		if (dgram) {
			sb_adds(b, "the receiving socket's queue is full: its server does not read fast enough (net.unix.max_dgram_qlen)");
		} else {
			sb_adds(b, "the server at ");
			unix_name(b, path, len);
			sb_adds(b, " does not keep up: its accept queue is full (with -t a unix connect fails at once, where without it waits)");
		}
		return true;
	case ECONNRESET:
		sb_adds(b, "the server at ");
		unix_name(b, path, len);
		sb_adds(b, " closed the connection with data unread");
		return true;
	case EPIPE:
		sb_adds(b, "the server at ");
		unix_name(b, path, len);
		sb_adds(b, " closed its end before the data was sent");
		return true;
	case EMSGSIZE:
		sb_adds(b, "the datagram is larger than the socket's send buffer (SO_SNDBUF, net.core.wmem_default)");
		return true;
	default:
		return false;
	}
}

/* CPython's "AF_UNIX path too long": what the address has room for. */
static void too_long(struct sbuf *b, const char *path, size_t len)
{
	bool abstract = len && path[0] == '\0';

	sb_printf(b, "the %s is %zu bytes, and a unix socket address holds at most %zu",
		  abstract ? "abstract name" : "path", len - abstract,
		  sizeof(((struct sockaddr_un *)0)->sun_path) - 1);
	sb_adds(b, abstract ? ": no server can have bound it"
			    : ": a shorter path to the same socket (relative to a nearer directory, or through a symbolic link to its directory) reaches it");
}

void facts_explain_unix(struct sbuf *b, const struct sk_error *e,
			const char *path, size_t len, bool dgram)
{
	const struct sk_entry *te;

	if (e->kind == SK_PLAIN && e->stage == STAGE_CONNECT) {
		too_long(b, path, len);
		return;
	}
	if (e->kind == SK_ERRNO && unix_errno(b, e, path, len, dgram))
		return;
	if (e->kind == SK_TIMEOUT && unix_timeout(b, path, len, e->stage, dgram))
		return;
	te = tax_find(e->kind, e->code);
	sb_adds(b, te && *tax_cause(te) ? tax_cause(te) : "no more is known");
}
