/* Names as CPython 3 passes them to getaddrinfo(): the "idna" codec
 * (encodings.idna: IDNA 2003, nameprep, punycode), with its UnicodeError. */
#ifndef SOCKERR_IDNA_H
#define SOCKERR_IDNA_H

#include <stddef.h>

/* Encodes the UTF-8 name as str.encode("idna") does.  Returns 0 and sets
 * *out (malloc'd) on success; else -1 with why set to the message of the
 * UnicodeError CPython 3 prints, e.g. "encoding with 'idna' codec failed
 * (UnicodeError: label empty or too long)", truncated to whylen. */
int idna_py3(const char *name, char **out, char *why, size_t whylen);

#endif
