/* The facts behind an attempt that Python cannot report (sockfacts.h):
 * gathered from the socket, read back into plain words. */
#include "net/sockfacts.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/errqueue.h>
#include <netdb.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <netinet/ip_icmp.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/uio.h>

#include "model/taxonomy.h"

static void set_recverr(int fd, int family, int on)
{
	if (family == AF_INET)
		setsockopt(fd, IPPROTO_IP, IP_RECVERR, &on, sizeof on);
	else if (family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_RECVERR, &on, sizeof on);
}

void facts_arm(int fd, int family)
{
	set_recverr(fd, family, 1);
}

/* Established, IP_RECVERR would make ICMP errors hard (Python's are soft):
 * off, which also empties the queue. */
void facts_connected(int fd, int family)
{
	set_recverr(fd, family, 0);
}

static void read_errqueue(int fd, struct sock_facts *f)
{
	char ctl[512], data[64];

	/* bounded: the queue holds one entry per ICMP error received */
	for (int i = 0; i < 16; i++) {
		struct iovec iov = {data, sizeof data};
		struct msghdr m = {.msg_iov = &iov, .msg_iovlen = 1,
				   .msg_control = ctl, .msg_controllen = sizeof ctl};

		if (recvmsg(fd, &m, MSG_ERRQUEUE | MSG_DONTWAIT) < 0)
			return;
		for (struct cmsghdr *c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c)) {
			struct sock_extended_err ee;

			if (!((c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_RECVERR) ||
			      (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_RECVERR)))
				continue;
			memcpy(&ee, CMSG_DATA(c), sizeof ee);
			if (ee.ee_origin != SO_EE_ORIGIN_ICMP &&
			    ee.ee_origin != SO_EE_ORIGIN_ICMP6)
				continue;
			f->have_icmp = true;
			f->icmp6 = ee.ee_origin == SO_EE_ORIGIN_ICMP6;
			f->icmp_type = ee.ee_type;
			f->icmp_code = ee.ee_code;
			memset(&f->icmp_from, 0, sizeof f->icmp_from);
			memcpy(&f->icmp_from, SO_EE_OFFENDER((struct sock_extended_err *)CMSG_DATA(c)),
			       f->icmp6 ? sizeof(struct sockaddr_in6)
					: sizeof(struct sockaddr_in));
		}
	}
}

void facts_local(int fd, struct sock_facts *f)
{
	socklen_t len = sizeof f->local;

	f->have_local = getsockname(fd, (struct sockaddr *)&f->local, &len) == 0 &&
			(f->local.ss_family == AF_INET || f->local.ss_family == AF_INET6);
}

void facts_collect(int fd, bool tcp, struct sock_facts *f)
{
	struct tcp_info ti;
	socklen_t tl = sizeof ti;

	/* a failed connect has lost its address: the one it had stays */
	if (!f->have_local)
		facts_local(fd, f);
	if (tcp && getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &tl) == 0) {
		f->have_tcpi = true;
		/* what the kernel sent again of the segment in flight: the
		 * SYN, while connecting */
		f->retransmits = ti.tcpi_retransmits;
	}
	read_errqueue(fd, f);
}

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

const char *facts_icmp_type(const struct sock_facts *f)
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

const char *facts_icmp_code(const struct sock_facts *f)
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
	if (e->kind == SK_TIMEOUT && e->stage == STAGE_CONNECT) {
		sb_adds(b, "no answer before the timeout: a firewall drops the SYNs, or the host is down or slow");
		return;
	}
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
