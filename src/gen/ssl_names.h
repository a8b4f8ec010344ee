/* The "[LIB: REASON]" mnemonics of CPython 3.11 and Python 2.7: tables
 * generated from the interpreters' own (src/gen/ssl_names.c), looked up by
 * the numbers OpenSSL's error code carries. */
#ifndef SOCKERR_SSL_NAMES_H
#define SOCKERR_SSL_NAMES_H

#include <stddef.h>

struct ssl_lib_name {
	int lib;
	const char *name;
};

struct ssl_reason_name {
	int lib, reason;
	const char *name;
};

struct ssl_names {
	const struct ssl_lib_name *libs;	/* sorted by lib */
	size_t nlibs;
	const struct ssl_reason_name *reasons;	/* sorted by (lib, reason) */
	size_t nreasons;
};

extern const struct ssl_names ssl_names_py3, ssl_names_py2;

/* NULL when the interpreter's table has no name for it. */
const char *ssl_lib_name(const struct ssl_names *t, int lib);
const char *ssl_reason_name(const struct ssl_names *t, int lib, int reason);

#endif
