/* The facts Python cannot tell (model/facts.h), gathered from the socket:
 * the local address of an attempt, TCP_INFO, and IP_RECVERR's error
 * queue. */
#ifndef SOCKERR_SOCKFACTS_H
#define SOCKERR_SOCKFACTS_H

#include <stdbool.h>
#include <stdint.h>

#include "model/facts.h"

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
/* The kernel's SYN timeout (net.ipv4.tcp_syn_retries, which IPv6 uses
 * too): how long a blocking connect to a host that drops SYNs takes, 127 s
 * by default; -1 when it cannot be read. */
int64_t facts_syn_timeout_ns(void);

#endif
