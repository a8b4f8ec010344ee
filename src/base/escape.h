/* Byte escaping in both directions: --send's C escapes in, and text that is
 * safe for a terminal or a JSON string out. */
#ifndef SOCKERR_ESCAPE_H
#define SOCKERR_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/sbuf.h"

/* Decodes \\ \" \' \a \b \e \f \n \r \t \v \0 and \xNN into out, which
 * needs strlen(in) bytes.  Returns false with *why on a bad escape. */
bool esc_decode(const char *in, unsigned char *out, size_t *out_len,
		const char **why);

/* Printable ASCII as is; backslash, controls and bytes >= 0x80 escaped. */
void esc_terminal(struct sbuf *b, const void *data, size_t len);

/* The body of a JSON string (no quotes): valid UTF-8 kept, controls and
 * C1 controls as \uXXXX, bytes that are not UTF-8 as \u00XX. */
void esc_json(struct sbuf *b, const void *data, size_t len);

#endif
