/* Loads OpenSSL 3 at run time for --tls (src/tls/tlslib.h says why), and
 * finds every function src/tls/tls.c calls. */
#define TLSLIB_NO_MACROS
#include "tls/tlslib.h"

#include <dlfcn.h>
#include <link.h>
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

void tls_lib_describe(struct sbuf *b)
{
	void *h = dlopen(TLSLIB_SONAME, RTLD_LAZY | RTLD_LOCAL);
	__typeof__(&OpenSSL_version) version;
	struct link_map *map = NULL;
	const char *path;

	if (!h) {
		sb_printf(b, "cannot load %s: %s", TLSLIB_SONAME, dlerror());
		return;
	}
	*(void **)&version = dlsym(h, "OpenSSL_version");
	path = dlinfo(h, RTLD_DI_LINKMAP, &map) == 0 && map && map->l_name[0]
		       ? map->l_name : TLSLIB_SONAME;
	if (version)
		sb_printf(b, "%s (%s)", version(OPENSSL_VERSION), path);
	else
		sb_printf(b, "%s is not OpenSSL 3 (no OpenSSL_version)", path);
	dlclose(h);
}
