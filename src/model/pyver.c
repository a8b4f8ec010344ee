/* The interpreters and what differs between them (pyver.h). */
#include "model/pyver.h"

#include <stddef.h>
#include <string.h>

/* Every fact measured: tests/ns/79-pyversions.sh runs each interpreter
 * and compares. */
static const struct pyver table[PYV_COUNT] = {
	[PYV_2_7] = {
		.name = "2.7", .release = "2.7.18", .label = "Python 2.7.18",
		.timeout_class = "socket.timeout", .idna = IDNA_BYTES,
		.ssl_handshake = 727, .ssl_timeout = 711,
		.ssl_read = 1946, .ssl_write = 1829, .ssl_old_names = true,
	},
	[PYV_3_6] = {
		.name = "3.6", .release = "3.6.15", .label = "CPython 3.6.15",
		.py3 = true, .timeout_class = "socket.timeout",
		.asyncio_timeout = "concurrent.futures._base.TimeoutError", .idna = IDNA_WRAPPED,
		.ssl_handshake = 852, .ssl_timeout = 835,
		.ssl_read = 2309, .ssl_write = 2427, .ssl_old_names = true,
	},
	[PYV_3_7] = {
		.name = "3.7", .release = "3.7.16", .label = "CPython 3.7.16",
		.py3 = true, .timeout_class = "socket.timeout",
		.asyncio_timeout = "concurrent.futures._base.TimeoutError", .idna = IDNA_WRAPPED,
		.ssl_handshake = 1091, .ssl_timeout = 1074,
		.ssl_read = 2570, .ssl_write = 2427, .ssl_old_names = true,
		.ssl_verify_class = true, .ssl_openssl_hostname = true,
	},
	[PYV_3_8] = {
		.name = "3.8", .release = "3.8.18", .label = "CPython 3.8.18",
		.py3 = true, .timeout_class = "socket.timeout",
		.asyncio_timeout = "asyncio.exceptions.TimeoutError", .idna = IDNA_WRAPPED,
		.ssl_handshake = 1131, .ssl_timeout = 1114,
		.ssl_read = 2635, .ssl_write = 2427, .ssl_verify_class = true,
		.ssl_openssl_hostname = true, .ssl_ignore_eof = true,
	},
	[PYV_3_9] = {
		.name = "3.9", .release = "3.9.18", .label = "CPython 3.9.18",
		.py3 = true, .timeout_class = "socket.timeout",
		.asyncio_timeout = "asyncio.exceptions.TimeoutError", .idna = IDNA_WRAPPED,
		.ssl_handshake = 1129, .ssl_timeout = 1112,
		.ssl_read = 2633, .ssl_write = 2427, .ssl_verify_class = true,
		.ssl_openssl_hostname = true, .ssl_ignore_eof = true,
	},
	[PYV_3_10] = {
		.name = "3.10", .release = "3.10.13", .label = "CPython 3.10.13",
		.py3 = true, .timeout_class = "TimeoutError",
		.asyncio_timeout = "asyncio.exceptions.TimeoutError", .idna = IDNA_WRAPPED,
		.ssl_handshake = 1007, .ssl_timeout = 990,
		.ssl_read = 2578, .ssl_write = 2427, .ssl_verify_class = true,
		.ssl_openssl_hostname = true, .ssl_eof_error = true,
		.ssl_client_method = true,
	},
	[PYV_3_11] = {
		.name = "3.11", .release = "3.11.7", .label = "CPython 3.11.7",
		.py3 = true, .timeout_class = "TimeoutError",
		.asyncio_timeout = "TimeoutError", .idna = IDNA_WRAPPED,
		.ssl_handshake = 1006, .ssl_timeout = 989,
		.ssl_read = 2580, .ssl_write = 2427, .ssl_verify_class = true,
		.ssl_openssl_hostname = true, .ssl_eof_error = true,
		.ssl_client_method = true, .all_errors = true,
	},
	[PYV_3_12] = {
		.name = "3.12", .release = "3.12.1", .label = "CPython 3.12.1",
		.py3 = true, .timeout_class = "TimeoutError",
		.asyncio_timeout = "TimeoutError", .idna = IDNA_NOTE,
		.ssl_handshake = 1000, .ssl_timeout = 983,
		.ssl_read = 2559, .ssl_write = 2427, .ssl_verify_class = true,
		.ssl_openssl_hostname = true, .ssl_eof_error = true,
		.ssl_client_method = true, .all_errors = true,
	},
	[PYV_3_13] = {
		.name = "3.13", .release = "3.13.0", .label = "CPython 3.13.0",
		.py3 = true, .timeout_class = "TimeoutError",
		.asyncio_timeout = "TimeoutError",
		.idna = IDNA_ENCODE_NOTE, .ssl_handshake = 1020, .ssl_timeout = 1003,
		.ssl_read = 2580, .ssl_write = 2427, .ssl_verify_class = true,
		.ssl_openssl_hostname = true, .ssl_eof_error = true,
		.ssl_x509_strict = true, .ssl_client_method = true,
		.all_errors = true,
	},
};

const struct pyver *pyver_get(enum py_version v)
{
	return (unsigned)v < PYV_COUNT ? &table[v] : &table[PYV_DEFAULT_PY3];
}

bool pyver_parse(const char *s, enum py_version *v)
{
	for (int i = 0; i < PYV_COUNT; i++) {
		if (strcmp(s, table[i].name) == 0 ||
		    strcmp(s, table[i].release) == 0) {
			*v = (enum py_version)i;
			return true;
		}
	}
	return false;
}

const char *pyver_names(void)
{
	return "2.7, 3.6, 3.7, 3.8, 3.9, 3.10, 3.11, 3.12 or 3.13";
}

enum py_version pyver_py3(enum py_version v)
{
	return pyver_get(v)->py3 ? v : PYV_DEFAULT_PY3;
}

const char *pyver_class(enum py_version v, enum sk_kind kind, int code)
{
	const struct pyver *p = pyver_get(v);

	if (!p->py3)
		return tax_py2_class(kind, code);
	if (kind == SK_TIMEOUT)
		return p->timeout_class;
	if (kind == SK_PLAIN && code == SK_PLAIN_UNICODE &&
	    p->idna == IDNA_ENCODE_NOTE)
		return "UnicodeEncodeError";
	return tax_py3_class(kind, code);
}
