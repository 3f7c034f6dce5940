#include "support/tls_fixture.hpp"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <asio/connect.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/ssl.hpp>
#include <asio/write.hpp>
#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <thread>

namespace ifx::test {
namespace {

struct key_deleter {
    void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct cert_deleter {
    void operator()(X509* c) const { X509_free(c); }
};
using key_ptr = std::unique_ptr<EVP_PKEY, key_deleter>;
using cert_ptr = std::unique_ptr<X509, cert_deleter>;

void check(bool ok, const char* what) {
    if (!ok) throw std::runtime_error(std::string("test PKI: ") + what);
}

key_ptr new_key() {
    key_ptr k(EVP_EC_gen("P-256"));
    check(k != nullptr, "key generation");
    return k;
}

void add_extension(X509* cert, X509* issuer, int nid, const char* value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
    check(ext != nullptr, "extension");
    X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
}

// A certificate for `cn` with the given SAN, valid from now+from_days to now+to_days, signed by
// issuer (or self-signed when issuer is null). is_ca makes it a CA certificate.
cert_ptr make_cert(EVP_PKEY* key, const char* cn, const char* san, long from_days, long to_days, X509* issuer,
                   EVP_PKEY* issuer_key, bool is_ca) {
    static long serial = 1;
    cert_ptr cert(X509_new());
    X509_set_version(cert.get(), 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), ++serial);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), from_days * 86400);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), to_days * 86400);
    X509_set_pubkey(cert.get(), key);
    X509_NAME* name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(cn), -1, -1,
                               0);
    X509_set_issuer_name(cert.get(), issuer ? X509_get_subject_name(issuer) : name);
    X509* signer = issuer ? issuer : cert.get();
    if (is_ca) {
        add_extension(cert.get(), signer, NID_basic_constraints, "critical,CA:TRUE");
        add_extension(cert.get(), signer, NID_key_usage, "critical,keyCertSign,cRLSign");
    } else {
        add_extension(cert.get(), signer, NID_basic_constraints, "CA:FALSE");
        add_extension(cert.get(), signer, NID_subject_alt_name, san);
        add_extension(cert.get(), signer, NID_ext_key_usage, "serverAuth");
    }
    check(X509_sign(cert.get(), issuer_key ? issuer_key : key, EVP_sha256()) > 0, "signing");
    return cert;
}

void write_pem(const std::string& path, X509* cert) {
    FILE* f = std::fopen(path.c_str(), "w");
    check(f && PEM_write_X509(f, cert) == 1, "writing a certificate");
    std::fclose(f);
}

void write_pem(const std::string& path, EVP_PKEY* key) {
    FILE* f = std::fopen(path.c_str(), "w");
    check(f && PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr) == 1, "writing a key");
    std::fclose(f);
}

}  // namespace

test_pki test_pki::create() {
    test_pki pki;
    char tmpl[] = "/tmp/ifx-pki-XXXXXX";
    check(::mkdtemp(tmpl) != nullptr, "temporary directory");
    pki.dir = tmpl;
    auto ca_key = new_key();
    auto ca = make_cert(ca_key.get(), "ifx test CA", nullptr, -1, 30, nullptr, nullptr, true);
    pki.ca_file = pki.dir + "/ca.pem";
    write_pem(pki.ca_file, ca.get());

    auto issue = [&](const char* base, const char* san, long from, long to, bool signed_by_ca,
                     std::string& cert_file, std::string& key_file) {
        auto key = new_key();
        auto cert = make_cert(key.get(), "localhost", san, from, to, signed_by_ca ? ca.get() : nullptr,
                              signed_by_ca ? ca_key.get() : nullptr, false);
        cert_file = pki.dir + "/" + base + ".pem";
        key_file = pki.dir + "/" + base + ".key";
        write_pem(cert_file, cert.get());
        write_pem(key_file, key.get());
    };
    issue("good", "DNS:localhost,IP:127.0.0.1", -1, 30, true, pki.good_cert, pki.good_key);
    issue("other", "DNS:other.example", -1, 30, true, pki.other_host_cert, pki.other_host_key);
    issue("expired", "DNS:localhost,IP:127.0.0.1", -30, -1, true, pki.expired_cert, pki.expired_key);
    issue("self", "DNS:localhost,IP:127.0.0.1", -1, 30, false, pki.self_signed_cert, pki.self_signed_key);
    return pki;
}

test_pki::test_pki(test_pki&& o) noexcept = default;

test_pki::~test_pki() {
    if (dir.empty()) return;
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
}

// ---- proxy ---------------------------------------------------------------------------------------

struct tls_proxy::impl {
    using tcp = asio::ip::tcp;
    asio::io_context io;
    asio::ssl::context ctx{asio::ssl::context::tls_server};
    tcp::acceptor acceptor{io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)};
    std::uint16_t backend;
    std::thread thread;

    struct link : std::enable_shared_from_this<link> {
        asio::ssl::stream<tcp::socket> client;
        tcp::socket server;
        std::array<char, 16384> up{}, down{};
        link(tcp::socket s, asio::ssl::context& c) : client(std::move(s), c), server(client.get_executor()) {}

        void close() {
            std::error_code ignored;
            client.lowest_layer().close(ignored);
            server.close(ignored);
        }
        void pump_up() {  // client (TLS) -> server (plain)
            client.async_read_some(
                asio::buffer(up), [self = shared_from_this()](std::error_code ec, std::size_t n) {
                    if (ec) return self->close();
                    asio::async_write(
                        self->server, asio::buffer(self->up.data(), n),
                        [self](std::error_code wec, std::size_t) { wec ? self->close() : self->pump_up(); });
                });
        }
        void pump_down() {  // server (plain) -> client (TLS)
            server.async_read_some(asio::buffer(down),
                                   [self = shared_from_this()](std::error_code ec, std::size_t n) {
                                       if (ec) return self->close();
                                       asio::async_write(self->client, asio::buffer(self->down.data(), n),
                                                         [self](std::error_code wec, std::size_t) {
                                                             wec ? self->close() : self->pump_down();
                                                         });
                                   });
        }
    };

    void accept() {
        acceptor.async_accept([this](std::error_code ec, tcp::socket s) {
            if (ec) return;
            auto l = std::make_shared<link>(std::move(s), ctx);
            l->client.async_handshake(asio::ssl::stream_base::server, [this, l](std::error_code hec) {
                if (hec) return l->close();
                l->server.async_connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), backend),
                                        [l](std::error_code cec) {
                                            if (cec) return l->close();
                                            l->pump_up();
                                            l->pump_down();
                                        });
            });
            accept();
        });
    }
};

tls_proxy::tls_proxy(const std::string& cert_file, const std::string& key_file, std::uint16_t backend_port)
    : impl_(std::make_unique<impl>()) {
    impl_->backend = backend_port;
    impl_->ctx.use_certificate_chain_file(cert_file);
    impl_->ctx.use_private_key_file(key_file, asio::ssl::context::pem);
    impl_->accept();
    impl_->thread = std::thread([this] { impl_->io.run(); });
}

tls_proxy::~tls_proxy() {
    impl_->io.stop();
    impl_->thread.join();
}

std::uint16_t tls_proxy::port() const {
    return impl_->acceptor.local_endpoint().port();
}

}  // namespace ifx::test
