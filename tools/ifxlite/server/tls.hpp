#pragma once
// The TLS side of the optional TLS listener (PROTOCOL.md §2): one server context loaded from PEM
// files, and a per-connection handshake. OpenSSL; the SQLI protocol inside is unchanged.
#include <memory>
#include <string>

typedef struct ssl_ctx_st SSL_CTX;
typedef struct ssl_st SSL;

namespace ifx::lite {

struct ssl_ctx_free {
    void operator()(SSL_CTX* ctx) const noexcept;
};
struct ssl_free {
    void operator()(SSL* ssl) const noexcept;
};
using tls_context = std::unique_ptr<SSL_CTX, ssl_ctx_free>;
using tls_session = std::unique_ptr<SSL, ssl_free>;

/// A TLS 1.2+ server context with this certificate chain and private key; null + message on error.
tls_context make_tls_context(const std::string& cert_file, const std::string& key_file, std::string& error);

/// Runs the server handshake on a connected socket; null (and the reason) on failure.
tls_session tls_accept(SSL_CTX* ctx, int fd, std::string& error);

}  // namespace ifx::lite
