/* What Python cannot tell (issue 10), in -v and JSON only: the local
 * address of an attempt, the SYNs the kernel sent again (TCP_INFO), and
 * the ICMP error behind a failure (IP_RECVERR's error queue); and a plain
 * reading of a failure from its cause and these facts. */
#ifndef SOCKERR_SOCKFACTS_H
#define SOCKERR_SOCKFACTS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#include "model/error.h"
#include "base/sbuf.h"

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

/* Before a blocking TCP connect (no --timeout): ask for ICMP errors on the
 * error queue.  During SYN_SENT the kernel's verdict does not depend on it
 * (the lab proves Python's outcome and time hold); it is turned off again
 * once connected, where it would (facts_connected). */
void facts_arm(int fd, int family);
void facts_connected(int fd, int family);
/* Just after connect(): the local address and port the kernel chose. */
void facts_local(int fd, struct sock_facts *f);
/* After the connect ended (either way): TCP_INFO, the last ICMP error on
 * the queue (and the local address, if not known yet). */
void facts_collect(int fd, bool tcp, struct sock_facts *f);

/* ",\"local\":...,\"retransmits\":N,\"icmp\":{...}" (what is known). */
void facts_json(struct sbuf *b, const struct sock_facts *f);
/* "local 192.0.2.2 port 41234, 1 SYN sent again, ICMP from ...". */
void facts_text(struct sbuf *b, const struct sock_facts *f);
/* "destination unreachable, administratively prohibited" */
const char *facts_icmp_type(const struct sock_facts *f);
const char *facts_icmp_code(const struct sock_facts *f);
/* The failure in plain words: who answered, what it means. */
void facts_explain(struct sbuf *b, const struct sk_error *e,
		   const struct sock_facts *f, const struct sockaddr_storage *dst,
		   bool udp);
/* The same for a unix socket, in its terms: path (len bytes; an abstract
 * name starts with a NUL) and what is there now (a socket file, another
 * kind of file, nothing, a missing directory). */
void facts_explain_unix(struct sbuf *b, const struct sk_error *e,
			const char *path, size_t len, bool dgram);

#endif
