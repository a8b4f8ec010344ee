/* What a TLS handshake found, as data: the certificate's facts and the
 * failure, kept on the attempt and read by the formats; tls/ fills it. */
#ifndef SOCKERR_TLSRESULT_H
#define SOCKERR_TLSRESULT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/tlserror.h"

/* What the handshake found: on the attempt, freed with the result. */
struct tls_info {
	const char *version;	/* "TLSv1.3" (OpenSSL's static text) */
	const char *cipher;	/* "TLS_AES_256_GCM_SHA384" */
	bool has_cert;
	char *subject, *issuer;	/* RFC 2253, UTF-8 */
	char **sans;		/* "DNS:name", "IP Address:addr", ... */
	size_t nsans;
	char not_before[24], not_after[24];	/* "2026-11-26T17:43:27Z" */
	int64_t expires;	/* not_after, seconds since the epoch */
	long days_left;		/* whole days from the handshake to not_after */
	long verify_code;	/* SSL_get_verify_result() */
	const char *verify_text;
};

struct tls_result {
	bool have_info;
	struct tls_info info;
	bool failed;
	struct tls_failure fail;	/* what sk_error.ssl points at */
};

void tls_result_free(struct tls_result *r);

/* "2027-01-05" of an ISO time. */
void tls_day(char out[11], const char *iso);

#endif
