/* The TLS stage over OpenSSL 3: Python's default context, a non-blocking
 * handshake, the facts of the peer's certificate. */
#include "tls/tls.h"
#include "tls/tlslib.h"

#include <errno.h>
#include <limits.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

/* Modules/_ssl.c (3.11): PY_SSL_DEFAULT_CIPHER_STRING. */
#define PY3_CIPHERS "@SECLEVEL=2:ECDH+AESGCM:ECDH+CHACHA20:ECDH+AES:" \
	"DHE+AES:!aNULL:!eNULL:!aDSS:!SHA1:!AESCCM"
/* Lib/ssl.py (2.7.18): _DEFAULT_CIPHERS, set by SSLContext.__new__. */
#define PY2_CIPHERS "TLS13-AES-256-GCM-SHA384:TLS13-CHACHA20-POLY1305-SHA256:" \
	"TLS13-AES-128-GCM-SHA256:" \
	"ECDH+AESGCM:ECDH+CHACHA20:DH+AESGCM:DH+CHACHA20:ECDH+AES256:DH+AES256:" \
	"ECDH+AES128:DH+AES:ECDH+HIGH:DH+HIGH:RSA+AESGCM:RSA+AES:RSA+HIGH:" \
	"!aNULL:!eNULL:!MD5:!3DES"

#define SECONDS_PER_DAY 86400

/* SSLContext(PROTOCOL_TLS_CLIENT) in 3.11, SSLContext(PROTOCOL_TLS) in
 * 2.7: the options both set by default. */
static uint64_t context_options(void)
{
	return (SSL_OP_ALL & ~SSL_OP_DONT_INSERT_EMPTY_FRAGMENTS) |
	       SSL_OP_NO_SSLv2 | SSL_OP_NO_SSLv3 | SSL_OP_NO_COMPRESSION |
	       SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_SINGLE_DH_USE |
	       SSL_OP_SINGLE_ECDH_USE;
}

/* One handshake: the SSL object, and the peer's certificate as the
 * verification saw it (OpenSSL 3.0 drops a refused one). */
struct tls_conn {
	SSL *ssl;
	X509 *leaf;
};

/* Verifies as OpenSSL would without a callback (CPython sets none): it
 * only keeps the certificate, so a refused one still has its facts. */
static int keep_leaf(int ok, X509_STORE_CTX *sc)
{
	SSL *ssl = X509_STORE_CTX_get_ex_data(sc,
		SSL_get_ex_data_X509_STORE_CTX_idx());
	struct tls_conn *c = ssl ? SSL_get_app_data(ssl) : NULL;
	X509 *cert = X509_STORE_CTX_get0_cert(sc);

	if (c && !c->leaf && cert && X509_up_ref(cert))
		c->leaf = cert;
	return ok;
}

/* ssl.match_hostname() after the handshake (2.7, 3.6), not OpenSSL. */
static bool python_checks_name(const struct tls_plan *tp)
{
	return tp->py2 || !pyver_get(tp->python)->ssl_openssl_hostname;
}

void *tls_context_new(const struct tls_plan *tp, const char **why)
{
	const struct pyver *pv = pyver_get(tp->python);
	SSL_CTX *ctx;
	X509_VERIFY_PARAM *param;
	bool ok;

	if (!tls_load(why))
		return NULL;
	ctx = SSL_CTX_new(pv->ssl_client_method ? TLS_client_method()
						: TLS_method());
	*why = "cannot set up OpenSSL";
	if (!ctx)
		return NULL;
	SSL_CTX_set_options(ctx, context_options());
	ok = SSL_CTX_set_cipher_list(ctx, tp->py2 ? PY2_CIPHERS : PY3_CIPHERS);
	if (pv->ssl_client_method)
		ok = ok && SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
	if (!tp->py2)
		SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS);
	if (pv->ssl_ignore_eof)	/* 3.8, 3.9: a closed peer is a clean EOF */
		SSL_CTX_set_options(ctx, SSL_OP_IGNORE_UNEXPECTED_EOF);
	param = SSL_CTX_get0_param(ctx);
	X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_TRUSTED_FIRST);
	if (pv->ssl_x509_strict)
		X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_X509_STRICT |
					    X509_V_FLAG_PARTIAL_CHAIN);
	if (!tp->py2)
		X509_VERIFY_PARAM_set_hostflags(param,
			X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
	SSL_CTX_set_verify(ctx, tp->insecure ? SSL_VERIFY_NONE
			   : SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT,
			   keep_leaf);
	if (ok && tp->cafile) {
		ok = SSL_CTX_load_verify_locations(ctx, tp->cafile, NULL);
		if (!ok)
			*why = "cannot load it (a PEM file of certificates)";
	} else if (ok && !tp->insecure) {
		/* load_default_certs(): SSL_CERT_FILE and SSL_CERT_DIR apply */
		ok = SSL_CTX_set_default_verify_paths(ctx);
	}
	ERR_clear_error();
	if (ok)
		return ctx;
	SSL_CTX_free(ctx);
	return NULL;
}

void tls_context_free(void *ctx)
{
	if (ctx)
		SSL_CTX_free(ctx);
}

/* What a failed OpenSSL call left queued, as _setSSLError reads it. */
static void queued_facts(enum tls_op op, const struct tls_plan *tp,
			 const char *host, struct tls_facts *f)
{
	unsigned long e = ERR_peek_last_error();

	*f = (struct tls_facts){.kind = TLS_FAIL_SSL, .op = op,
				.py2 = tp->py2, .python = tp->python,
				.hostname = host};
	if (e) {
		f->has_err = true;
		f->lib = ERR_GET_LIB(e);
		f->reason = ERR_GET_REASON(e);
		f->reason_text = ERR_reason_error_string(e);
	}
}

/* 3.11's _ssl_configure_hostname: a name that is empty or starts with a
 * dot is a ValueError; SNI for a name only; the name or the address to
 * verify.  2.7 sends the name as given, ignores SNI's failure (a name
 * over 255 bytes goes unsent) and checks the name itself.  false:
 * *kind says what failed (TLS_FAIL_SSL: queued in OpenSSL). */
static bool configure_hostname(SSL *ssl, const struct tls_plan *tp,
			       const char *host, enum tls_fail_kind *kind)
{
	ASN1_OCTET_STRING *ip;
	X509_VERIFY_PARAM *param = SSL_get0_param(ssl);
	bool ok = true;

	*kind = TLS_FAIL_SSL;
	if (python_checks_name(tp)) {
		if (SSL_set_tlsext_host_name(ssl, host) != 1)
			ERR_clear_error();
		return true;
	}
	if (!host[0] || host[0] == '.') {
		*kind = TLS_FAIL_SERVERNAME;
		return false;
	}
	ip = a2i_IPADDRESS(host);
	if (!ip)
		ERR_clear_error();
	if (!ip)
		ok = SSL_set_tlsext_host_name(ssl, host) == 1;
	if (ok && !tp->insecure) {
		if (ip)
			ok = X509_VERIFY_PARAM_set1_ip(param, ASN1_STRING_get0_data(ip),
						       (size_t)ASN1_STRING_length(ip));
		else
			ok = X509_VERIFY_PARAM_set1_host(param, host, strlen(host));
	}
	ASN1_OCTET_STRING_free(ip);
	return ok;
}

enum tls_step tls_conn_new(const struct tls_plan *tp, int fd, const char *host,
			   void **conn, struct tls_result *r, int *sys_errno)
{
	struct tls_conn *c = calloc(1, sizeof *c);
	struct tls_facts f;
	enum tls_fail_kind kind;
	SSL *ssl;

	*conn = NULL;
	*sys_errno = ENOMEM;
	ERR_clear_error();
	ssl = c ? SSL_new(tp->ctx) : NULL;
	if (!ssl) {
		free(c);
		return TLS_STEP_ERRNO;
	}
	c->ssl = ssl;
	SSL_set_app_data(ssl, c);
	SSL_set_mode(ssl, SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER | SSL_MODE_AUTO_RETRY);
	if (!SSL_set_fd(ssl, fd)) {
		tls_conn_free(c);
		ERR_clear_error();
		return TLS_STEP_ERRNO;
	}
	if (!configure_hostname(ssl, tp, host, &kind)) {
		queued_facts(TLS_OP_SNI, tp, host, &f);
		f.kind = kind;
		ERR_clear_error();
		tls_conn_free(c);
		r->failed = tls_failure_build(&r->fail, &f);
		return r->failed ? TLS_STEP_FAILED : TLS_STEP_ERRNO;
	}
	SSL_set_connect_state(ssl);
	*conn = c;
	return TLS_STEP_DONE;
}

void tls_conn_free(void *conn)
{
	struct tls_conn *c = conn;

	if (!c)	/* also: OpenSSL was never loaded */
		return;
	SSL_free(c->ssl);
	X509_free(c->leaf);
	free(c);
}

enum tls_pre tls_precheck(int fd, bool py2, int pending, int *err)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;
	char c;
	ssize_t n;

	if (getpeername(fd, (struct sockaddr *)&ss, &len) == 0)
		return TLS_PRE_CONNECTED;
	*err = errno;
	if (*err != ENOTCONN)
		return TLS_PRE_ERRNO;
	if (py2)	/* 2.7's ssl.py asks nothing more */
		return TLS_PRE_UNCONNECTED;
	n = recv(fd, &c, 1, MSG_DONTWAIT);
	if (n > 0)
		return TLS_PRE_DATA;
	*err = n < 0 ? (pending ? pending : errno) : 0;
	if (*err && *err != ENOTCONN && *err != EINVAL)
		return TLS_PRE_ERRNO;
	return TLS_PRE_UNCONNECTED;
}

static char *name_text(const X509_NAME *name)
{
	BIO *bio = BIO_new(BIO_s_mem());
	unsigned long flags = XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB;
	char *data, *s = NULL;
	long n;

	if (!bio)
		return NULL;
	if (X509_NAME_print_ex(bio, name, 0, flags) >= 0) {
		n = BIO_get_mem_data(bio, &data);
		s = n >= 0 ? strndup(data, (size_t)n) : NULL;
	}
	BIO_free(bio);
	return s;
}

static void iso_time(const ASN1_TIME *t, char out[24], int64_t *epoch)
{
	struct tm tm;

	out[0] = '\0';
	*epoch = 0;
	if (!t || !ASN1_TIME_to_tm(t, &tm))
		return;
	strftime(out, 24, "%Y-%m-%dT%H:%M:%SZ", &tm);
	*epoch = (int64_t)timegm(&tm);
}

static char *san_text(const GENERAL_NAME *g)
{
	char *s = NULL;
	int type;
	const ASN1_STRING *str = GENERAL_NAME_get0_value(g, &type);
	char ip[64];
	const unsigned char *d;

	switch (type) {
	case GEN_DNS:
	case GEN_EMAIL:
	case GEN_URI:
		if (asprintf(&s, "%s:%.*s", type == GEN_DNS ? "DNS" :
			     type == GEN_EMAIL ? "email" : "URI",
			     ASN1_STRING_length(str),
			     (const char *)ASN1_STRING_get0_data(str)) < 0)
			s = NULL;
		break;
	case GEN_IPADD:
		d = ASN1_STRING_get0_data(str);
		if (ASN1_STRING_length(str) == 4)
			snprintf(ip, sizeof ip, "%d.%d.%d.%d", d[0], d[1], d[2], d[3]);
		else if (ASN1_STRING_length(str) == 16)
			inet_ntop(AF_INET6, d, ip, sizeof ip);
		else
			snprintf(ip, sizeof ip, "<invalid>");
		if (asprintf(&s, "IP Address:%s", ip) < 0)
			s = NULL;
		break;
	default:
		s = strdup("othername:<unsupported>");
	}
	return s;
}

static void collect_sans(X509 *cert, struct tls_info *in)
{
	GENERAL_NAMES *names = X509_get_ext_d2i(cert, NID_subject_alt_name,
						NULL, NULL);
	int n = names ? OPENSSL_sk_num((const OPENSSL_STACK *)names) : 0;

	if (n > 0)
		in->sans = calloc((size_t)n, sizeof *in->sans);
	for (int i = 0; in->sans && i < n; i++) {
		char *s = san_text(OPENSSL_sk_value((const OPENSSL_STACK *)names, i));

		if (s)
			in->sans[in->nsans++] = s;
	}
	GENERAL_NAMES_free(names);
}

static void collect_info(SSL *ssl, X509 *cert, struct tls_info *in)
{
	int64_t nb;

	in->version = SSL_get_version(ssl);
	in->cipher = SSL_CIPHER_get_name(SSL_get_current_cipher(ssl));
	in->verify_code = SSL_get_verify_result(ssl);
	in->verify_text = X509_verify_cert_error_string(in->verify_code);
	if (!cert)
		return;
	in->has_cert = true;
	in->subject = name_text(X509_get_subject_name(cert));
	in->issuer = name_text(X509_get_issuer_name(cert));
	collect_sans(cert, in);
	iso_time(X509_get0_notBefore(cert), in->not_before, &nb);
	iso_time(X509_get0_notAfter(cert), in->not_after, &in->expires);
}

/* Days left, rounded down; remaining seconds tell "within N days". */
static void count_days(struct tls_info *in, int64_t now)
{
	int64_t left = in->expires - now;

	in->days_left = (long)(left >= 0 ? left / SECONDS_PER_DAY
				       : -((-left + SECONDS_PER_DAY - 1) / SECONDS_PER_DAY));
}

/* 2.7's getpeercert() as match_hostname reads it: every DNS SAN as a
 * str, every subject CN as unicode, NULs and all.  NULL: no memory. */
static struct py2_name *py2_dns_names(const GENERAL_NAMES *gens, size_t *n)
{
	int total = gens ? OPENSSL_sk_num((const OPENSSL_STACK *)gens) : 0;
	struct py2_name *v = malloc((size_t)(total > 0 ? total : 1) * sizeof *v);

	*n = 0;
	for (int i = 0; v && i < total; i++) {
		int type;
		const ASN1_STRING *s = GENERAL_NAME_get0_value(
			OPENSSL_sk_value((const OPENSSL_STACK *)gens, i), &type);

		if (type == GEN_DNS)
			v[(*n)++] = (struct py2_name){
				(const char *)ASN1_STRING_get0_data(s),
				(size_t)ASN1_STRING_length(s), false};
	}
	return v;
}

static struct py2_name *py2_cn_names(const X509_NAME *subj, size_t *n)
{
	size_t total = 0;
	struct py2_name *v;

	for (int i = -1; (i = X509_NAME_get_index_by_NID(subj, NID_commonName, i)) >= 0;)
		total++;
	v = malloc((total ? total : 1) * sizeof *v);
	*n = 0;
	for (int i = -1; v;) {
		unsigned char *u = NULL;
		int len;

		i = X509_NAME_get_index_by_NID(subj, NID_commonName, i);
		if (i < 0)
			break;
		len = ASN1_STRING_to_UTF8(&u, X509_NAME_ENTRY_get_data(
			X509_NAME_get_entry(subj, i)));
		if (len >= 0)
			v[(*n)++] = (struct py2_name){(const char *)u, (size_t)len,
						      true};
	}
	return v;
}

static bool py2_check_hostname(SSL *ssl, const struct tls_plan *tp,
			       const char *host, struct tls_result *r)
{
	X509 *cert = SSL_get0_peer_certificate(ssl);
	GENERAL_NAMES *gens;
	struct py2_name *dns, *cns;
	size_t ndns = 0, ncns = 0;
	struct tls_facts f = {.kind = TLS_FAIL_HOSTNAME, .py2 = tp->py2,
			      .python = tp->python, .hostname = host};
	int m = -1;

	if (!cert)
		return true;
	gens = X509_get_ext_d2i(cert, NID_subject_alt_name, NULL, NULL);
	dns = py2_dns_names(gens, &ndns);
	cns = py2_cn_names(X509_get_subject_name(cert), &ncns);
	if (dns && cns)
		m = py2_match_hostname(dns, ndns, cns, ncns, host, &f.bad_wildcard);
	if (m == 0) {
		f.names = ndns ? dns : cns;
		f.nnames = ndns ? ndns : ncns;
		r->failed = tls_failure_build(&r->fail, &f);
	}
	for (size_t i = 0; cns && i < ncns; i++)
		OPENSSL_free((void *)cns[i].s);
	free(cns);
	free(dns);
	GENERAL_NAMES_free(gens);
	return m > 0;
}

static bool cert_days_ok(const struct tls_plan *tp, struct tls_result *r,
			 int64_t now)
{
	struct tls_info *in = &r->info;
	char day[11];
	struct tls_facts f = {.kind = TLS_FAIL_CERT_DAYS, .py2 = tp->py2,
			      .python = tp->python};

	if (tp->cert_days < 0 || !in->has_cert ||
	    in->expires - now >= (int64_t)tp->cert_days * SECONDS_PER_DAY)
		return true;
	tls_day(day, in->not_after);
	f.days_left = in->days_left;
	f.cert_days = tp->cert_days;
	f.not_after = day;
	r->failed = tls_failure_build(&r->fail, &f);
	return false;
}

/* What PySSL_SetError reads, after a failed call. */
static void fill_facts(SSL *ssl, const struct tls_plan *tp, enum tls_op op,
		       int ret, int err, const char *host, struct tls_facts *f)
{
	queued_facts(op, tp, host, f);
	f->ssl_error = err;
	f->ret = ret;
	f->verify_code = SSL_get_verify_result(ssl);
	f->verify_text = X509_verify_cert_error_string(f->verify_code);
}

/* The exception for a failed call: OSError with the errno when the socket
 * failed (a ret of -1 only: 3.11's *_ex calls return 0, so it never
 * does there), else the ssl.* one. */
static enum tls_step io_failed(struct tls_conn *c, const struct tls_plan *tp,
			       enum tls_op op, int ret, int err, int saved,
			       const char *host, struct tls_result *r,
			       int *sys_errno)
{
	struct tls_facts f;

	if (err == SSL_ERROR_SYSCALL && ERR_peek_last_error() == 0 &&
	    ret == -1 && saved != 0) {
		ERR_clear_error();
		*sys_errno = saved;
		return TLS_STEP_ERRNO;
	}
	fill_facts(c->ssl, tp, op, ret, err, host, &f);
	if (c->leaf && !r->have_info) {
		/* a refused certificate's facts still tell why */
		collect_info(c->ssl, c->leaf, &r->info);
		r->have_info = true;
		count_days(&r->info, (int64_t)time(NULL));
	}
	r->failed = tls_failure_build(&r->fail, &f);
	ERR_clear_error();
	if (!r->failed) {
		*sys_errno = ENOMEM;
		return TLS_STEP_ERRNO;
	}
	return TLS_STEP_FAILED;
}

static enum tls_step want(int err)
{
	return err == SSL_ERROR_WANT_READ ? TLS_STEP_WANT_READ
					  : TLS_STEP_WANT_WRITE;
}

static bool wants(int err)
{
	return err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE;
}

enum tls_step tls_handshake(void *conn, const struct tls_plan *tp,
			    const char *host, struct tls_result *r,
			    int *sys_errno)
{
	struct tls_conn *c = conn;
	SSL *ssl = c->ssl;
	int ret, err, saved;

	ERR_clear_error();
	errno = 0;
	ret = SSL_do_handshake(ssl);
	saved = errno;
	if (ret != 1) {
		err = SSL_get_error(ssl, ret);
		if (wants(err))
			return want(err);
		return io_failed(c, tp, TLS_OP_HANDSHAKE, ret, err, saved, host,
				 r, sys_errno);
	}
	collect_info(ssl, SSL_get0_peer_certificate(ssl), &r->info);
	r->have_info = true;
	count_days(&r->info, (int64_t)time(NULL));
	if (python_checks_name(tp) && !tp->insecure &&
	    !py2_check_hostname(ssl, tp, host, r))
		return r->failed ? TLS_STEP_FAILED : (*sys_errno = ENOMEM, TLS_STEP_ERRNO);
	if (!cert_days_ok(tp, r, (int64_t)time(NULL)))
		return r->failed ? TLS_STEP_FAILED : (*sys_errno = ENOMEM, TLS_STEP_ERRNO);
	return TLS_STEP_DONE;
}

/* sendall(): 2.7 calls SSL_write, 3.11 SSL_write_ex. */
enum tls_step tls_write(void *conn, const struct tls_plan *tp,
			const char *host, const void *buf, size_t len,
			size_t *sent, struct tls_result *r, int *sys_errno)
{
	struct tls_conn *c = conn;
	int ret, err, saved;
	size_t n = 0;

	ERR_clear_error();
	errno = 0;
	if (tp->py2) {
		ret = SSL_write(c->ssl, buf, len > INT_MAX ? INT_MAX : (int)len);
		n = ret > 0 ? (size_t)ret : 0;
	} else {
		ret = SSL_write_ex(c->ssl, buf, len, &n);
	}
	saved = errno;
	if (ret > 0) {
		*sent = n;
		return TLS_STEP_DONE;
	}
	err = SSL_get_error(c->ssl, ret);
	if (wants(err))
		return want(err);
	return io_failed(c, tp, TLS_OP_WRITE, ret, err, saved, host, r,
			 sys_errno);
}

/* recv(): SSL_read (2.7) or SSL_read_ex (3.11); a close_notify, or an EOF
 * that ssl.py's suppress_ragged_eofs swallows, is b"". */
enum tls_step tls_read(void *conn, const struct tls_plan *tp, const char *host,
		       void *buf, size_t max, size_t *got,
		       struct tls_result *r, int *sys_errno)
{
	struct tls_conn *c = conn;
	struct tls_facts f;
	int ret, err, saved;
	size_t n = 0;

	ERR_clear_error();
	errno = 0;
	if (tp->py2) {
		ret = SSL_read(c->ssl, buf, max > INT_MAX ? INT_MAX : (int)max);
		n = ret > 0 ? (size_t)ret : 0;
	} else {
		ret = SSL_read_ex(c->ssl, buf, max, &n);
	}
	saved = errno;
	*got = n;
	if (ret > 0)
		return TLS_STEP_DONE;
	err = SSL_get_error(c->ssl, ret);
	if (wants(err))
		return want(err);
	if (err == SSL_ERROR_ZERO_RETURN &&
	    (SSL_get_shutdown(c->ssl) & SSL_RECEIVED_SHUTDOWN))
		return TLS_STEP_DONE;
	fill_facts(c->ssl, tp, TLS_OP_READ, ret, err, host, &f);
	if (!(err == SSL_ERROR_SYSCALL && ret == -1 && saved != 0 && !f.has_err) &&
	    tls_ragged_eof(&f, !tp->py2)) {
		ERR_clear_error();
		return TLS_STEP_DONE;
	}
	return io_failed(c, tp, TLS_OP_READ, ret, err, saved, host, r,
			 sys_errno);
}

bool tls_fail(struct tls_result *r, const struct tls_plan *tp,
	      enum tls_fail_kind kind, enum tls_op op)
{
	struct tls_facts f = {.kind = kind, .op = op, .py2 = tp->py2,
			      .python = tp->python};

	r->failed = tls_failure_build(&r->fail, &f);
	return r->failed;
}

