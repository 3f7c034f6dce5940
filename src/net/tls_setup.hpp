#pragma once
// TLS client settings of the transport: the context (protocol floor, trust anchors, verification
// mode), the per-connection SNI and host check, and the failure text.
#include <openssl/ssl.h>

#include <asio/ssl/context.hpp>
#include <cstddef>
#include <cstdint>
#include <string>
#include <system_error>

#include "net/transport.hpp"

namespace ifx::net {

/// TLS 1.2 or later; with verify_chain, peer verification against opt's CA file/dir (or the system
/// store). errc::tls_error with `detail` when the CAs cannot be loaded.
std::error_code configure_tls_context(asio::ssl::context& ctx, const tls_options& opt, std::string& detail);

/// SNI (for names, not addresses) and, with verify_chain and verify_host, the host-name or IP check
/// against opt.server_name or `host`.
std::error_code configure_tls_session(SSL* ssl, const std::string& host, const tls_options& opt,
                                      std::string& detail);

/// tls_reply_start (net/transport.hpp) holds the first bytes the server sent during the
/// handshake, as they came off the socket (before OpenSSL parsed them): a TLS server answers a
/// ClientHello with a TLS record, a plain SQLI listener with something else or by closing the
/// connection.

/// Records into `reply` the first bytes `ssl` reads (a callback on its read BIO). `reply` must
/// outlive the handshake.
void watch_reply_start(SSL* ssl, tls_reply_start& reply);

/// The failure of a handshake with host:port that ended with handshake_ec: when the server's
/// answer shows that the port does not speak TLS, says so and how to connect without it (the
/// same text on every path, docs/connecting.md); otherwise "TLS handshake failed: …", naming the
/// certificate verification failure when there is one.
std::string tls_handshake_failure(SSL* ssl, const std::error_code& handshake_ec, const tls_reply_start& reply,
                                  const std::string& host, std::uint16_t port);

/// The text of a handshake that ran out of time: with no reply at all, a hint at a plain port.
std::string tls_handshake_timeout(const tls_reply_start& reply, const std::string& host, std::uint16_t port);

}  // namespace ifx::net
