/* Target parsing: HOST PORT, HOST:PORT, [IPV6]:PORT, unix:PATH, unix:@NAME. */
#ifndef SOCKERR_TARGET_H
#define SOCKERR_TARGET_H

#include <stdbool.h>
#include <stddef.h>

enum target_kind { TARGET_INET, TARGET_UNIX };

struct target {
	enum target_kind kind;
	const char *host;	/* INET: without brackets */
	const char *port;	/* INET: number or service; NULL if left out */
	const char *path;	/* UNIX: abstract names start with a NUL */
	size_t path_len;
	char *mem;		/* the one allocation the strings live in */
};

/* port is the separate PORT argument or NULL.  port_optional allows a
 * target without one (resolve-only).  On failure *why says what is wrong. */
bool target_parse(const char *text, const char *port, bool port_optional,
		  struct target *t, const char **why);
void target_free(struct target *t);

/* UNIX: a name in the abstract namespace (unix:@NAME, unix:@). */
bool target_abstract(const struct target *t);

#define PORT_MAX 65535
/* 0-PORT_MAX in decimal, or a service name. */
bool port_valid(const char *port, const char **why);

/* Whether text alone can stand as a target (it carries its port). */
bool target_is_complete(const char *text);

#endif
