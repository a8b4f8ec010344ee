/* The facts behind an attempt that Python cannot report (sockfacts.h),
 * gathered from the socket; output/why.c reads them into plain words. */
#include "net/sockfacts.h"

#include "base/clock.h"

#include <linux/errqueue.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>
#include <sys/uio.h>

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

/* RTO 1 s, doubled after each of the retries: 2^(retries+1) - 1 s. */
int64_t facts_syn_timeout_ns(void)
{
	FILE *f = fopen("/proc/sys/net/ipv4/tcp_syn_retries", "re");
	int retries = -1;

	if (f) {
		if (fscanf(f, "%d", &retries) != 1)
			retries = -1;
		fclose(f);
	}
	if (retries < 0 || retries > 30)
		return -1;
	return (((int64_t)1 << (retries + 1)) - 1) * NS_PER_SEC;
}
