#include "server/tls.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>

namespace ifx::lite {
namespace {

std::string openssl_error(const char* what) {
    const unsigned long code = ERR_get_error();
    char buf[256] = {};
    if (code != 0) ERR_error_string_n(code, buf, sizeof buf);
    ERR_clear_error();
    return std::string(what) + (code != 0 ? std::string(": ") + buf : std::string{});
}

}  // namespace

void ssl_ctx_free::operator()(SSL_CTX* ctx) const noexcept {
    SSL_CTX_free(ctx);
}
void ssl_free::operator()(SSL* ssl) const noexcept {
    SSL_free(ssl);
}

tls_context make_tls_context(const std::string& cert_file, const std::string& key_file, std::string& error) {
    tls_context ctx(SSL_CTX_new(TLS_server_method()));
    if (!ctx) {
        error = openssl_error("SSL_CTX_new");
        return nullptr;
    }
    SSL_CTX_set_min_proto_version(ctx.get(), TLS1_2_VERSION);
    if (SSL_CTX_use_certificate_chain_file(ctx.get(), cert_file.c_str()) != 1) {
        error = openssl_error(("cannot load certificate " + cert_file).c_str());
        return nullptr;
    }
    if (SSL_CTX_use_PrivateKey_file(ctx.get(), key_file.c_str(), SSL_FILETYPE_PEM) != 1 ||
        SSL_CTX_check_private_key(ctx.get()) != 1) {
        error = openssl_error(("cannot load private key " + key_file).c_str());
        return nullptr;
    }
    return ctx;
}

tls_session tls_accept(SSL_CTX* ctx, int fd, std::string& error) {
    tls_session ssl(SSL_new(ctx));
    if (!ssl || SSL_set_fd(ssl.get(), fd) != 1) {
        error = openssl_error("SSL_new");
        return nullptr;
    }
    if (SSL_accept(ssl.get()) != 1) {
        error = openssl_error("TLS handshake failed");
        return nullptr;
    }
    return ssl;
}

}  // namespace ifx::lite
