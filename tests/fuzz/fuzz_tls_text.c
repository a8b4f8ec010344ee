/* The ssl.* lines built from names a server or a user chose (src/model/tlserror.c,
 * printed by fmt_exception): any bytes in the host name and the
 * certificate's names (NULs included).  Python 2's repr() is printable
 * ASCII by itself; every printed line is printable ASCII; the 2.7 name
 * match never reads past a name. */
#include <stdbool.h>

#include "output/format.h"
#include "fuzz.h"
#include "model/tlserror.h"

#define MAX_NAMES 8

static void check_printable(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		FUZZ_CHECK((unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x7f);
}

static void check_lines(const struct tls_failure *f)
{
	struct sk_error e = sk_ssl(STAGE_TLS, f);

	for (int py3 = 0; py3 < 2; py3++) {
		struct sbuf b = {0};

		fmt_exception(&b, &e, py3);
		FUZZ_CHECK(!b.oom);
		check_printable(sb_str(&b), b.len);
		sb_free(&b);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size), *p = s, *end = s + size;
	struct py2_name names[MAX_NAMES];
	size_t n = 0;
	const char *host = s;
	const struct py2_name *bad = NULL;
	struct tls_failure f;
	struct tls_facts in = {0};
	struct sbuf b = {0};

	/* the host name up to a NUL, then up to 8 names, each a byte
	 * (length * 2 + unicode) and its bytes, NULs and all */
	p += strlen(p);
	if (p < end)
		p++;
	while (p < end && n < MAX_NAMES) {
		size_t len = (unsigned char)*p >> 1;
		bool unicode = *p & 1;

		p++;
		if (len > (size_t)(end - p))
			len = (size_t)(end - p);
		names[n++] = (struct py2_name){p, len, unicode};
		p += len;
	}
	py2_repr(&b, host, strlen(host), size & 1);
	FUZZ_CHECK(!b.oom);
	check_printable(sb_str(&b), b.len);
	sb_free(&b);

	in.kind = TLS_FAIL_HOSTNAME;
	in.hostname = host;
	if (py2_match_hostname(names, n, names, n, host, &bad) == 0) {
		in.names = names;
		in.nnames = n;
		in.bad_wildcard = bad;
		FUZZ_CHECK(tls_failure_build(&f, &in));
		check_printable(f.py2_msg, strlen(f.py2_msg));
		check_lines(&f);
		tls_failure_free(&f);
	}

	in = (struct tls_facts){.kind = TLS_FAIL_SSL, .ssl_error = TLS_SSL_ERROR_SSL,
				.has_err = true, .lib = TLS_LIB_SSL,
				.reason = TLS_R_CERTIFICATE_VERIFY_FAILED,
				.reason_text = "certificate verify failed",
				.verify_code = size & 2 ? TLS_V_ERR_HOSTNAME_MISMATCH
						       : TLS_V_ERR_IP_ADDRESS_MISMATCH,
				.hostname = host};
	FUZZ_CHECK(tls_failure_build(&f, &in));
	check_lines(&f);
	tls_failure_free(&f);
	free(s);
	return 0;
}
