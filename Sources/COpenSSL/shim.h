// OpenSSL headers plus static inline forwards for the macros Swift cannot call.
#ifndef COPENSSL_SHIM_H
#define COPENSSL_SHIM_H
#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

static inline long cshim_ssl_ctx_set_min_proto(SSL_CTX *ctx, int version) { return SSL_CTX_set_min_proto_version(ctx, version); }
static inline long cshim_ssl_ctx_set_max_proto(SSL_CTX *ctx, int version) { return SSL_CTX_set_max_proto_version(ctx, version); }
static inline long cshim_ssl_ctx_set_mode(SSL_CTX *ctx, long mode) { return SSL_CTX_set_mode(ctx, mode); }
static inline long cshim_ssl_ctx_set_options(SSL_CTX *ctx, long options) { return (long)SSL_CTX_set_options(ctx, (uint64_t)options); }
static inline long cshim_bio_ctrl_pending(BIO *bio) { return (long)BIO_ctrl_pending(bio); }
static inline int cshim_bio_set_mem_eof_return(BIO *bio, int value) { return (int)BIO_set_mem_eof_return(bio, value); }
static inline const char *cshim_ssl_get_servername(const SSL *ssl) { return SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name); }
static inline int cshim_tls1_2_version(void) { return TLS1_2_VERSION; }
static inline int cshim_tls1_3_version(void) { return TLS1_3_VERSION; }

// MARK: TLS (SwitchboardNet/TLS) forwards: one-liners for macros Swift cannot import.
static inline long cshim_ssl_op_no_renegotiation(void) { return (long)SSL_OP_NO_RENEGOTIATION; }
static inline long cshim_ssl_op_no_compression(void) { return (long)SSL_OP_NO_COMPRESSION; }
static inline long cshim_ssl_ctx_set_session_cache_off(SSL_CTX *ctx) { return SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF); }
static inline int cshim_ssl_ctx_set_ex_data_index(CRYPTO_EX_free *free_func) { return CRYPTO_get_ex_new_index(CRYPTO_EX_INDEX_SSL_CTX, 0, NULL, NULL, NULL, free_func); }
static inline long cshim_ssl_set_tlsext_host_name(SSL *ssl, const char *name) { return SSL_set_tlsext_host_name(ssl, name); }
static inline long cshim_ssl_set_min_proto(SSL *ssl, int version) { return SSL_set_min_proto_version(ssl, version); }
static inline long cshim_ssl_set_max_proto(SSL *ssl, int version) { return SSL_set_max_proto_version(ssl, version); }
static inline int cshim_tls1_version(void) { return TLS1_VERSION; }
static inline int cshim_tls1_1_version(void) { return TLS1_1_VERSION; }
// END TLS forwards.
#endif
