/* Shared by the libFuzzer harnesses: a checked assertion that aborts (so
 * libFuzzer saves the input), and the input as a C string. */
#ifndef SOCKERR_FUZZ_H
#define SOCKERR_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FUZZ_CHECK(cond)                                                   \
	do {                                                               \
		if (!(cond)) {                                             \
			fprintf(stderr, "%s:%d: FUZZ_CHECK(%s) failed\n",  \
				__FILE__, __LINE__, #cond);                \
			abort();                                           \
		}                                                          \
	} while (0)

/* A malloc'd, NUL-terminated copy of exactly size bytes: ASan sees any
 * read past the terminator. */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	FUZZ_CHECK(s != NULL);
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* Whether every byte of s[0..len) is printable ASCII or a newline: what
 * may reach a terminal. */
static inline int fuzz_terminal_safe(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c != '\n' && (c < 0x20 || c >= 0x7f))
			return 0;
	}
	return 1;
}

#endif
