/* Loads OpenSSL 3 at run time for --tls (src/tls/tlslib.h says why), and
 * finds every function src/tls/tls.c calls. */
#define TLSLIB_NO_MACROS
#include "tls/tlslib.h"

#include <dlfcn.h>
#include <stddef.h>

struct tls_lib tls_lib;

bool tls_load(const char **why)
{
	void *h;

	if (tls_lib.SSL_new)
		return true;
	h = dlopen(TLSLIB_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		*why = "cannot load " TLSLIB_SONAME " (OpenSSL 3)";
		return false;
	}
#define TLSLIB_LOAD(f)                                          \
	if (!(*(void **)&tls_lib.f = dlsym(h, #f))) {           \
		*why = "OpenSSL lacks " #f;                     \
		tls_lib.SSL_new = NULL;                         \
		return false;                                   \
	}
	TLSLIB_FUNCS(TLSLIB_LOAD)
	return true;
}
