/* A TLS result's life: what tls/ allocated in it, freed with the attempt. */
#include "model/tlsresult.h"

#include <stdlib.h>
#include <string.h>

void tls_day(char out[11], const char *iso)
{
	memcpy(out, iso, 10);
	out[10] = '\0';
}

void tls_result_free(struct tls_result *r)
{
	if (!r)
		return;
	free(r->info.subject);
	free(r->info.issuer);
	for (size_t i = 0; i < r->info.nsans; i++)
		free(r->info.sans[i]);
	free(r->info.sans);
	if (r->failed)
		tls_failure_free(&r->fail);
	free(r);
}
