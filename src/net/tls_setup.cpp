#include "net/tls_setup.hpp"

#include <openssl/x509v3.h>

#include <asio/ip/address.hpp>

#include "ifx/error.hpp"

namespace ifx::net {

std::error_code configure_tls_context(asio::ssl::context& ctx, const tls_options& opt, std::string& detail) {
    SSL_CTX_set_min_proto_version(ctx.native_handle(), TLS1_2_VERSION);
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

std::string tls_handshake_failure(SSL* ssl, const std::error_code& handshake_ec) {
    const long verify = SSL_get_verify_result(ssl);
    std::string detail = "TLS handshake failed: ";
    detail += verify != X509_V_OK
                  ? std::string("certificate verification failed: ") + X509_verify_cert_error_string(verify)
                  : handshake_ec.message();
    return detail;
}

}  // namespace ifx::net
