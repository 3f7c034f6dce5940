#include "net/tls_setup.hpp"

#include <openssl/x509v3.h>

#include <asio/error.hpp>
#include <asio/ip/address.hpp>
#include <asio/ssl/error.hpp>

#include "ifx/error.hpp"

namespace ifx::net {
namespace {

// A plain SQLI listener reads the first two bytes of whatever arrives as the length of a login
// packet (PROTOCOL.md §3.1). A TLS record starts 16 03, so it waits for 0x1603 = 5635 bytes and,
// given fewer, says nothing until the client gives up. Padded to at least that length, the
// ClientHello is a whole (malformed) login packet to such a listener, which rejects it at once —
// with non-TLS bytes or by closing — so a TLS client learns within a round trip that the port is
// plain, while a TLS server, however slow, is never misjudged: the decision is made from what the
// server sends. The padding is an extension of a GREASE type (RFC 8701), which servers ignore.
constexpr unsigned grease_extension = 0x0a0a;
constexpr std::size_t plain_listener_packet = 0x1603;

int add_padding(SSL*, unsigned, unsigned, const unsigned char** out, std::size_t* outlen, X509*, std::size_t,
                int*, void*) {
    static const unsigned char zeros[plain_listener_packet] = {};
    *out = zeros;
    *outlen = sizeof zeros;
    return 1;
}

int ignore_extension(SSL*, unsigned, unsigned, const unsigned char*, std::size_t, X509*, std::size_t, int*,
                     void*) {
    return 1;
}

long record_reply_start(BIO* bio, int oper, const char* data, std::size_t, int, long, int ret,
                        std::size_t* processed) {
    if (oper != (BIO_CB_READ | BIO_CB_RETURN) || ret <= 0 || !processed) return ret;
    auto* reply = reinterpret_cast<tls_reply_start*>(BIO_get_callback_arg(bio));
    for (std::size_t i = 0; i < *processed && reply->size < sizeof reply->bytes; ++i)
        reply->bytes[reply->size++] = static_cast<std::uint8_t>(data[i]);
    return ret;
}

std::string plain_port(const std::string& host, std::uint16_t port, const char* how) {
    return "the server at " + host + ":" + std::to_string(port) + " does not speak TLS on that port (it " +
           how +
           "): it is most likely a plain (onsoctcp) listener. Connect without TLS (tls=disable in the URL, "
           "connect_params::tls = ifx::tls_mode::disable) or to the server's TLS (onsocssl) port";
}

}  // namespace

bool tls_reply_start::looks_like_tls() const noexcept {
    return size > 0 && bytes[0] >= 0x14 && bytes[0] <= 0x17 && (size < 2 || bytes[1] == 0x03);
}

void watch_reply_start(SSL* ssl, tls_reply_start& reply) {
    BIO* bio = SSL_get_rbio(ssl);
    BIO_set_callback_ex(bio, record_reply_start);
    BIO_set_callback_arg(bio, reinterpret_cast<char*>(&reply));
}

std::error_code configure_tls_context(asio::ssl::context& ctx, const tls_options& opt, std::string& detail) {
    SSL_CTX_set_min_proto_version(ctx.native_handle(), TLS1_2_VERSION);
    if (SSL_CTX_add_custom_ext(ctx.native_handle(), grease_extension, SSL_EXT_CLIENT_HELLO, add_padding,
                               nullptr, nullptr, ignore_extension, nullptr) != 1) {
        detail = "cannot set up the TLS ClientHello";
        return errc::tls_error;
    }
    std::error_code ec;
    if (opt.verify_chain) {
        ctx.set_verify_mode(asio::ssl::verify_peer, ec);
        if (!opt.ca_file.empty()) ctx.load_verify_file(opt.ca_file, ec);
        if (!ec && !opt.ca_dir.empty()) ctx.add_verify_path(opt.ca_dir, ec);
        if (!ec && opt.ca_file.empty() && opt.ca_dir.empty()) ctx.set_default_verify_paths(ec);
        if (ec) {
            detail = "cannot load the trusted CA certificates: " + ec.message();
            return errc::tls_error;
        }
    } else {
        ctx.set_verify_mode(asio::ssl::verify_none, ec);
    }
    return {};
}

std::error_code configure_tls_session(SSL* ssl, const std::string& host, const tls_options& opt,
                                      std::string& detail) {
    const std::string& name = opt.server_name.empty() ? host : opt.server_name;
    asio::error_code parse_ec;
    (void)asio::ip::make_address(name, parse_ec);
    const bool is_ip = !parse_ec;
    if (!is_ip) SSL_set_tlsext_host_name(ssl, name.c_str());  // SNI carries names only
    if (opt.verify_chain && opt.verify_host) {
        X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
        X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
        const int ok = is_ip ? X509_VERIFY_PARAM_set1_ip_asc(param, name.c_str())
                             : X509_VERIFY_PARAM_set1_host(param, name.c_str(), name.size());
        if (ok != 1) {
            detail = "cannot verify the host name " + name;
            return errc::tls_error;
        }
    }
    return {};
}

std::string tls_handshake_failure(SSL* ssl, const std::error_code& handshake_ec, const tls_reply_start& reply,
                                  const std::string& host, std::uint16_t port) {
    if (reply.size > 0 && !reply.looks_like_tls())
        return plain_port(host, port, "answered the TLS handshake with bytes that are not TLS");
    const bool closed =
        handshake_ec == asio::error::eof || handshake_ec == asio::ssl::error::stream_truncated ||
        handshake_ec == asio::error::connection_reset || handshake_ec == asio::error::broken_pipe;
    if (reply.size == 0 && closed)
        return plain_port(host, port,
                          "closed the connection in reply to the TLS handshake, without a TLS answer");
    const long verify = SSL_get_verify_result(ssl);
    std::string detail = "TLS handshake failed: ";
    detail += verify != X509_V_OK
                  ? std::string("certificate verification failed: ") + X509_verify_cert_error_string(verify)
                  : handshake_ec.message();
    return detail;
}

std::string tls_handshake_timeout(const tls_reply_start& reply, const std::string& host, std::uint16_t port) {
    if (reply.size > 0) return "timed out in the TLS handshake";
    return "timed out in the TLS handshake: " + host + ":" + std::to_string(port) +
           " sent no reply to the TLS ClientHello (if that port does not speak TLS, connect with "
           "tls=disable)";
}

}  // namespace ifx::net
