/* What Python cannot tell about an attempt (issue 10), gathered by
 * net/sockfacts.c for -v and JSON: the local address, the SYNs the kernel
 * sent again (TCP_INFO), the ICMP error behind a failure. */
#ifndef SOCKERR_FACTS_H
#define SOCKERR_FACTS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

struct sock_facts {
	bool have_local;
	struct sockaddr_storage local;
	bool have_tcpi;
	unsigned retransmits;	/* tcpi_retransmits */
	bool have_icmp;
	struct sockaddr_storage icmp_from;
	bool icmp6;
	uint8_t icmp_type, icmp_code;
};

#endif
