/* The one UTF-8 decoder: strict, as Unicode's Table 3-7 and Python 3's
 * codec have it: the shortest form only, no surrogate (U+D800-U+DFFF),
 * nothing above U+10FFFF. */
#ifndef SOCKERR_UTF8_H
#define SOCKERR_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* The length of the sequence at s (at most avail bytes), its code point
 * in *cp; 0 when s does not start a well-formed sequence (an ASCII byte,
 * NUL included, is one of length 1). */
size_t utf8_decode(const unsigned char *s, size_t avail, uint32_t *cp);

#endif
