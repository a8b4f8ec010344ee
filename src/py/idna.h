/* Names as CPython 3 passes them to getaddrinfo(): the "idna" codec
 * (encodings.idna: IDNA 2003, nameprep, punycode), with its UnicodeError. */
#ifndef SOCKERR_IDNA_H
#define SOCKERR_IDNA_H

#include <stdbool.h>
#include <stddef.h>

#include "model/pyver.h"

/* Encodes the UTF-8 name as str.encode("idna") does.  Returns 0 and sets
 * *out (malloc'd) on success; else -1 with why set to the message of the
 * UnicodeError CPython 3 prints, e.g. "encoding with 'idna' codec failed
 * (UnicodeError: label empty or too long)", truncated to whylen. */
int idna_py3(const char *name, char **out, char *why, size_t whylen);
/* The same, as interpreter v raises it: 3.12 "REASON\nencoding with
 * 'idna' codec failed" (the exception, then its note); 3.13 "'idna' codec
 * can't encode character '\x2e' in position 2: label empty\n..." (a
 * UnicodeEncodeError, then the note); 3.6-3.11 as idna_py3.  argv_ascii:
 * the name's bytes past ASCII are lone surrogates (3.6's sys.argv in a
 * locale that is not UTF-8). */
int idna_encode(const char *name, enum py_version v, bool argv_ascii,
		char **out, char *why, size_t whylen);

#endif
