/* What the encoders of output/format*.c share; for them only. */
#ifndef SOCKERR_FORMAT_IMPL_H
#define SOCKERR_FORMAT_IMPL_H

#include <stddef.h>

#include "output/format.h"

/* the port of an IP address, -1 for a unix socket */
int fmt_address_port(const struct address *a);
/* fmt_host escaped for a terminal; then " port N" unless a unix socket */
void fmt_text_host(struct sbuf *b, const struct address *a,
		   const struct target *t);
void fmt_host_port(struct sbuf *b, const struct address *a,
		   const struct target *t);
/* "TARGET: " when the run has many targets */
void fmt_prefix(struct sbuf *b, const struct report *rp,
		const struct out_style *st);
/* "1 address", "2 addresses" */
void fmt_plural(struct sbuf *b, size_t n, const char *word);
/* s escaped for a terminal, "?" for NULL */
void fmt_opt_text(struct sbuf *b, const char *s);

/* --all-errors: the sub-exceptions of the ExceptionGroup
 * create_connection() raises when every address failed in it (3.11+), or
 * 0; and the group's line */
size_t fmt_group_size(const struct report *rp, const struct plan *pl);
void fmt_group_line(struct sbuf *b, size_t n);

void fmt_text_result(struct sbuf *b, const struct report *rp,
		     const struct plan *pl, const struct out_style *st);
void fmt_json_result(struct sbuf *b, const struct report *rp,
		     const struct plan *pl, enum py_version py);

#endif
