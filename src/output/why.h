/* What Python cannot tell, in words, for -v and JSON: the facts of an
 * attempt (model/facts.h) and a failure read from its cause and them. */
#ifndef SOCKERR_WHY_H
#define SOCKERR_WHY_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

#include "base/sbuf.h"
#include "model/error.h"
#include "model/facts.h"

/* ",\"local\":...,\"retransmits\":N,\"icmp\":{...}" (what is known). */
void facts_json(struct sbuf *b, const struct sock_facts *f);
/* "local 192.0.2.2 port 41234, 1 SYN sent again, ICMP from ...". */
void facts_text(struct sbuf *b, const struct sock_facts *f);
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
