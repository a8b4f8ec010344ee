/* Character classes in the C locale, whatever the locale says: digits,
 * letters and the blanks that separate words on a line. */
#ifndef SOCKERR_CHARS_H
#define SOCKERR_CHARS_H

#include <stdbool.h>

static inline bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static inline bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Blanks around and between the words of an -i line. */
static inline bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

#endif
