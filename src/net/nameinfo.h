/* --nameinfo: socket.getnameinfo() of the address, Python's reverse
 * lookup by getnameinfo(3) (gaierror on failure), and its flags. */
#ifndef SOCKERR_NAMEINFO_H
#define SOCKERR_NAMEINFO_H

#include <stdbool.h>

struct job;

/* "NAMEREQD,NUMERICSERV", "ni_dgram" or a number -> NI_* flags; "" is 0.
 * False, with *why set, for a name it does not know. */
bool nameinfo_parse_flags(const char *s, int *flags, const char **why);

/* Runs getnameinfo(j->addr, j->flags): j->rc (EAI_*), j->saved_errno,
 * j->name (the host, malloc'd) on success. */
void nameinfo_run(struct job *j);

#endif
