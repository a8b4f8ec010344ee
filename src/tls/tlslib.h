/* OpenSSL, loaded only when --tls asks for it: a check without --tls
 * never maps libssl and libcrypto (they cost ~0.9 ms of start-up, more
 * than the whole check).  src/tls/tls.c calls OpenSSL by its own names; after
 * this header they go through the table tls_load() fills. */
#ifndef SOCKERR_TLSLIB_H
#define SOCKERR_TLSLIB_H

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <stdbool.h>

#include "base/sbuf.h"

#define TLSLIB_SONAME "libssl.so.3"

#define TLSLIB_FUNCS(X) \
	X(ASN1_OCTET_STRING_free) X(ASN1_STRING_get0_data) \
	X(ASN1_STRING_length) X(ASN1_STRING_to_UTF8) X(ASN1_TIME_to_tm) \
	X(BIO_ctrl) X(BIO_free) X(BIO_new) X(BIO_s_mem) X(CRYPTO_free) \
	X(ERR_clear_error) X(ERR_peek_last_error) X(ERR_reason_error_string) \
	X(GENERAL_NAME_get0_value) X(GENERAL_NAMES_free) \
	X(OPENSSL_sk_num) X(OPENSSL_sk_value) \
	X(SSL_CIPHER_get_name) X(SSL_CTX_ctrl) X(SSL_CTX_free) \
	X(SSL_CTX_get0_param) X(SSL_CTX_load_verify_locations) X(SSL_CTX_new) \
	X(SSL_CTX_set_cipher_list) X(SSL_CTX_set_default_verify_paths) \
	X(SSL_CTX_set_options) X(SSL_CTX_set_verify) X(SSL_ctrl) \
	X(SSL_do_handshake) X(SSL_free) X(SSL_get0_param) \
	X(SSL_get0_peer_certificate) X(SSL_get_current_cipher) \
	X(SSL_get_error) X(SSL_get_ex_data) \
	X(SSL_get_ex_data_X509_STORE_CTX_idx) X(SSL_get_verify_result) \
	X(SSL_get_version) X(SSL_new) X(SSL_set_connect_state) \
	X(SSL_set_ex_data) X(SSL_set_fd) X(TLS_client_method) X(TLS_method) \
	X(SSL_read) X(SSL_read_ex) X(SSL_write) X(SSL_write_ex) X(SSL_get_shutdown) \
	X(X509_NAME_ENTRY_get_data) X(X509_NAME_get_entry) \
	X(X509_NAME_get_index_by_NID) X(X509_NAME_print_ex) \
	X(X509_STORE_CTX_get0_cert) X(X509_STORE_CTX_get_ex_data) \
	X(X509_VERIFY_PARAM_set1_host) X(X509_VERIFY_PARAM_set1_ip) \
	X(X509_VERIFY_PARAM_set_flags) X(X509_VERIFY_PARAM_set_hostflags) \
	X(X509_free) X(X509_get0_notAfter) X(X509_get0_notBefore) \
	X(X509_get_ext_d2i) X(X509_get_issuer_name) X(X509_get_subject_name) \
	X(X509_up_ref) X(X509_verify_cert_error_string) X(a2i_IPADDRESS)

#define TLSLIB_FIELD(f) __typeof__(&f) f;
struct tls_lib {
	TLSLIB_FUNCS(TLSLIB_FIELD)
};

/* Written once, by tls_load() before any probe runs; read-only after. */
extern struct tls_lib tls_lib;

/* Loads libssl.so.3 (and libcrypto) the first time; false with *why. */
bool tls_load(const char **why);

/* For --version: "OpenSSL 3.0.19 27 Jan 2026 (/lib/.../libssl.so.3)",
 * what --tls would load, found as tls_load() finds it (loaded, let go). */
void tls_lib_describe(struct sbuf *b);

#ifndef TLSLIB_NO_MACROS
#define TLSLIB_CALL(f) (tls_lib.f)
#define ASN1_OCTET_STRING_free TLSLIB_CALL(ASN1_OCTET_STRING_free)
#define ASN1_STRING_get0_data TLSLIB_CALL(ASN1_STRING_get0_data)
#define ASN1_STRING_length TLSLIB_CALL(ASN1_STRING_length)
#define ASN1_STRING_to_UTF8 TLSLIB_CALL(ASN1_STRING_to_UTF8)
#define ASN1_TIME_to_tm TLSLIB_CALL(ASN1_TIME_to_tm)
#define BIO_ctrl TLSLIB_CALL(BIO_ctrl)
#define BIO_free TLSLIB_CALL(BIO_free)
#define BIO_new TLSLIB_CALL(BIO_new)
#define BIO_s_mem TLSLIB_CALL(BIO_s_mem)
#define CRYPTO_free TLSLIB_CALL(CRYPTO_free)
#define ERR_clear_error TLSLIB_CALL(ERR_clear_error)
#define ERR_peek_last_error TLSLIB_CALL(ERR_peek_last_error)
#define ERR_reason_error_string TLSLIB_CALL(ERR_reason_error_string)
#define GENERAL_NAME_get0_value TLSLIB_CALL(GENERAL_NAME_get0_value)
#define GENERAL_NAMES_free TLSLIB_CALL(GENERAL_NAMES_free)
#define OPENSSL_sk_num TLSLIB_CALL(OPENSSL_sk_num)
#define OPENSSL_sk_value TLSLIB_CALL(OPENSSL_sk_value)
#define SSL_CIPHER_get_name TLSLIB_CALL(SSL_CIPHER_get_name)
#define SSL_CTX_ctrl TLSLIB_CALL(SSL_CTX_ctrl)
#define SSL_CTX_free TLSLIB_CALL(SSL_CTX_free)
#define SSL_CTX_get0_param TLSLIB_CALL(SSL_CTX_get0_param)
#define SSL_CTX_load_verify_locations TLSLIB_CALL(SSL_CTX_load_verify_locations)
#define SSL_CTX_new TLSLIB_CALL(SSL_CTX_new)
#define SSL_CTX_set_cipher_list TLSLIB_CALL(SSL_CTX_set_cipher_list)
#define SSL_CTX_set_default_verify_paths TLSLIB_CALL(SSL_CTX_set_default_verify_paths)
#define SSL_CTX_set_options TLSLIB_CALL(SSL_CTX_set_options)
#define SSL_CTX_set_verify TLSLIB_CALL(SSL_CTX_set_verify)
#define SSL_ctrl TLSLIB_CALL(SSL_ctrl)
#define SSL_do_handshake TLSLIB_CALL(SSL_do_handshake)
#define SSL_free TLSLIB_CALL(SSL_free)
#define SSL_get0_param TLSLIB_CALL(SSL_get0_param)
#define SSL_get0_peer_certificate TLSLIB_CALL(SSL_get0_peer_certificate)
#define SSL_get_current_cipher TLSLIB_CALL(SSL_get_current_cipher)
#define SSL_get_error TLSLIB_CALL(SSL_get_error)
#define SSL_get_ex_data TLSLIB_CALL(SSL_get_ex_data)
#define SSL_get_ex_data_X509_STORE_CTX_idx TLSLIB_CALL(SSL_get_ex_data_X509_STORE_CTX_idx)
#define SSL_get_verify_result TLSLIB_CALL(SSL_get_verify_result)
#define SSL_get_version TLSLIB_CALL(SSL_get_version)
#define SSL_new TLSLIB_CALL(SSL_new)
#define SSL_set_connect_state TLSLIB_CALL(SSL_set_connect_state)
#define SSL_set_ex_data TLSLIB_CALL(SSL_set_ex_data)
#define SSL_set_fd TLSLIB_CALL(SSL_set_fd)
#define SSL_read TLSLIB_CALL(SSL_read)
#define SSL_read_ex TLSLIB_CALL(SSL_read_ex)
#define SSL_write TLSLIB_CALL(SSL_write)
#define SSL_write_ex TLSLIB_CALL(SSL_write_ex)
#define SSL_get_shutdown TLSLIB_CALL(SSL_get_shutdown)
#define TLS_client_method TLSLIB_CALL(TLS_client_method)
#define TLS_method TLSLIB_CALL(TLS_method)
#define X509_NAME_ENTRY_get_data TLSLIB_CALL(X509_NAME_ENTRY_get_data)
#define X509_NAME_get_entry TLSLIB_CALL(X509_NAME_get_entry)
#define X509_NAME_get_index_by_NID TLSLIB_CALL(X509_NAME_get_index_by_NID)
#define X509_NAME_print_ex TLSLIB_CALL(X509_NAME_print_ex)
#define X509_STORE_CTX_get0_cert TLSLIB_CALL(X509_STORE_CTX_get0_cert)
#define X509_STORE_CTX_get_ex_data TLSLIB_CALL(X509_STORE_CTX_get_ex_data)
#define X509_VERIFY_PARAM_set1_host TLSLIB_CALL(X509_VERIFY_PARAM_set1_host)
#define X509_VERIFY_PARAM_set1_ip TLSLIB_CALL(X509_VERIFY_PARAM_set1_ip)
#define X509_VERIFY_PARAM_set_flags TLSLIB_CALL(X509_VERIFY_PARAM_set_flags)
#define X509_VERIFY_PARAM_set_hostflags TLSLIB_CALL(X509_VERIFY_PARAM_set_hostflags)
#define X509_free TLSLIB_CALL(X509_free)
#define X509_get0_notAfter TLSLIB_CALL(X509_get0_notAfter)
#define X509_get0_notBefore TLSLIB_CALL(X509_get0_notBefore)
#define X509_get_ext_d2i TLSLIB_CALL(X509_get_ext_d2i)
#define X509_get_issuer_name TLSLIB_CALL(X509_get_issuer_name)
#define X509_get_subject_name TLSLIB_CALL(X509_get_subject_name)
#define X509_up_ref TLSLIB_CALL(X509_up_ref)
#define X509_verify_cert_error_string TLSLIB_CALL(X509_verify_cert_error_string)
#define a2i_IPADDRESS TLSLIB_CALL(a2i_IPADDRESS)
#endif

#endif
