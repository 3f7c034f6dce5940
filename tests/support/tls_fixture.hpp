#pragma once
// TLS for tests: certificates made at test start with the OpenSSL API, and a TLS-terminating
// proxy that forwards decrypted bytes to a plain SQLI port (so any plain server can be reached
// over TLS, as through an onsocssl listener).
#include <cstdint>
#include <memory>
#include <string>

namespace ifx::test {

/// A CA and server certificates written as PEM files into a fresh temporary directory.
struct test_pki {
    std::string dir;
    std::string ca_file;                            // the CA that signed every server certificate below
    std::string good_cert, good_key;                // CN/SAN localhost + IP 127.0.0.1, valid now
    std::string other_host_cert, other_host_key;    // SAN other.example only
    std::string expired_cert, expired_key;          // localhost, expired yesterday
    std::string self_signed_cert, self_signed_key;  // localhost, not signed by the CA

    /// Creates everything; throws std::runtime_error on failure.
    static test_pki create();
    ~test_pki();
    test_pki(test_pki&&) noexcept;
    test_pki& operator=(test_pki&&) = delete;
    test_pki(const test_pki&) = delete;

private:
    test_pki() = default;
};

/// Listens for TLS on 127.0.0.1 (port chosen by the system) with the given certificate and
/// forwards each connection to 127.0.0.1:backend_port. Runs in its own thread until destroyed.
class tls_proxy {
public:
    tls_proxy(const std::string& cert_file, const std::string& key_file, std::uint16_t backend_port);
    ~tls_proxy();
    std::uint16_t port() const;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace ifx::test
