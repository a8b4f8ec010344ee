/* A growable text buffer for the formatting functions. */
#ifndef SOCKERR_SBUF_H
#define SOCKERR_SBUF_H

#include <stdbool.h>
#include <stddef.h>

struct sbuf {
	char *p;
	size_t len, cap;
	bool oom;	/* an allocation failed: later writes are dropped, so
			 * the text is cut short, never holed */
};

void sb_add(struct sbuf *b, const char *s, size_t n);
void sb_adds(struct sbuf *b, const char *s);
void sb_addc(struct sbuf *b, char c);
void sb_printf(struct sbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
const char *sb_str(struct sbuf *b);	/* never NULL */
void sb_reset(struct sbuf *b);
void sb_free(struct sbuf *b);

#endif
