#pragma once
// TLS client settings shared by the sync stream and the async driver: the context (protocol floor,
// trust anchors, verification mode), the per-connection SNI and host check, and the failure text.
#include <openssl/ssl.h>

#include <asio/ssl/context.hpp>
#include <string>
#include <system_error>

#include "net/stream.hpp"

namespace ifx::net {

/// TLS 1.2 or later; with verify_chain, peer verification against opt's CA file/dir (or the system
/// store). errc::tls_error with `detail` when the CAs cannot be loaded.
std::error_code configure_tls_context(asio::ssl::context& ctx, const tls_options& opt, std::string& detail);

/// SNI (for names, not addresses) and, with verify_chain and verify_host, the host-name or IP check
/// against opt.server_name or `host`.
std::error_code configure_tls_session(SSL* ssl, const std::string& host, const tls_options& opt,
                                      std::string& detail);

/// "TLS handshake failed: …" naming the certificate verification failure when there is one.
std::string tls_handshake_failure(SSL* ssl, const std::error_code& handshake_ec);

}  // namespace ifx::net
