#include "net/stream.hpp"

#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <asio/connect.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/ssl.hpp>
#include <asio/write.hpp>
#include <optional>

#include "ifx/error.hpp"

namespace ifx::net {

struct stream::impl {
    asio::io_context io;
    asio::ip::tcp::socket socket{io};
    std::optional<asio::ssl::context> tls_context;
    std::optional<asio::ssl::stream<asio::ip::tcp::socket&>> tls;
    bool writing = false;
    bool reading = false;
    std::error_code failure;  // first failure of a completed operation, reported by wait()

    void record(std::error_code ec) {
        if (!ec || failure) return;
        failure = ec == asio::error::eof || ec == asio::ssl::error::stream_truncated
                      ? make_error_code(errc::connection_closed)
                      : make_error_code(errc::network_error);
    }

    // Closes the socket and lets cancelled handlers finish, so no operation outlives a failure.
    void abort() {
        std::error_code ignored;
        socket.close(ignored);
        io.restart();
        io.run();
        writing = reading = false;
        tls.reset();
        tls_context.reset();
    }

    // Runs until `done` or the deadline; false on the deadline.
    bool run_until(const bool& done, clock::time_point deadline) {
        io.restart();
        while (!done)
            if (io.run_one_until(deadline) == 0 && !done && clock::now() >= deadline) return false;
        return true;
    }

    std::error_code handshake(const std::string& host, const tls_options& opt, clock::time_point deadline,
                              std::string& detail);
};

std::error_code stream::impl::handshake(const std::string& host, const tls_options& opt, clock::time_point deadline,
                                        std::string& detail) {
    tls_context.emplace(asio::ssl::context::tls_client);
    auto& ctx = *tls_context;
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
    tls.emplace(socket, ctx);
    SSL* ssl = tls->native_handle();
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
    bool done = false;
    std::error_code result;
    tls->async_handshake(asio::ssl::stream_base::client, [&](std::error_code e) {
        result = e;
        done = true;
    });
    if (!run_until(done, deadline)) {
        detail = "timed out in the TLS handshake";
        return errc::timeout;
    }
    if (result) {
        const long verify = SSL_get_verify_result(ssl);
        detail = "TLS handshake failed: ";
        detail += verify != X509_V_OK ? std::string("certificate verification failed: ") +
                                            X509_verify_cert_error_string(verify)
                                      : result.message();
        return errc::tls_error;
    }
    return {};
}

stream::stream() : impl_(std::make_unique<impl>()) {}
stream::~stream() { close(); }

std::error_code stream::connect(const std::string& host, std::uint16_t port, clock::time_point deadline,
                                std::string& detail, const tls_options* tls) {
    auto& s = *impl_;
    asio::ip::tcp::resolver resolver(s.io);
    bool done = false;
    std::error_code result;
    asio::ip::tcp::resolver::results_type endpoints;
    resolver.async_resolve(host, std::to_string(port), [&](std::error_code ec, auto results) {
        result = ec;
        endpoints = std::move(results);
        done = true;
    });
    if (!s.run_until(done, deadline)) {
        resolver.cancel();
        s.abort();
        detail = "timed out resolving " + host;
        return errc::timeout;
    }
    if (result) {
        detail = "cannot resolve " + host + ": " + result.message();
        return errc::network_error;
    }
    done = false;
    asio::async_connect(s.socket, endpoints, [&](std::error_code ec, const auto&) {
        result = ec;
        done = true;
    });
    if (!s.run_until(done, deadline)) {
        s.abort();
        detail = "timed out connecting to " + host + ":" + std::to_string(port);
        return errc::timeout;
    }
    if (result) {
        detail = "cannot connect to " + host + ":" + std::to_string(port) + ": " + result.message();
        s.abort();
        return errc::network_error;
    }
    std::error_code ignored;
    s.socket.set_option(asio::ip::tcp::no_delay(true), ignored);
    s.socket.set_option(asio::socket_base::keep_alive(true), ignored);
    s.failure.clear();
    if (tls) {
        if (auto ec = s.handshake(host, *tls, deadline, detail)) {
            s.abort();
            return ec;
        }
    }
    return {};
}

void stream::start_write(std::span<const std::uint8_t> bytes) {
    auto& s = *impl_;
    s.writing = true;
    auto done = [&s](std::error_code ec, std::size_t) {
        s.writing = false;
        s.record(ec);
    };
    const auto buf = asio::buffer(bytes.data(), bytes.size());
    if (s.tls)
        asio::async_write(*s.tls, buf, done);
    else
        asio::async_write(s.socket, buf, done);
}

void stream::start_read(byte_buffer& buf) {
    auto& s = *impl_;
    auto space = buf.prepare(16 * 1024);
    s.reading = true;
    auto done = [&s, &buf](std::error_code ec, std::size_t n) {
        s.reading = false;
        buf.commit(n);
        s.record(ec);
    };
    const auto target = asio::buffer(space.data(), space.size());
    if (s.tls)
        s.tls->async_read_some(target, done);
    else
        s.socket.async_read_some(target, done);
}

bool stream::writing() const noexcept { return impl_->writing; }
bool stream::reading() const noexcept { return impl_->reading; }

std::error_code stream::wait(clock::time_point deadline) {
    auto& s = *impl_;
    if (!s.socket.is_open()) return errc::connection_closed;
    s.io.restart();
    if (s.io.run_one_until(deadline) == 0 && clock::now() >= deadline) {
        s.abort();
        return errc::timeout;
    }
    // Drain handlers that are already complete so both directions progress.
    s.io.poll();
    if (s.failure) {
        const auto ec = s.failure;
        s.abort();
        return ec;
    }
    return {};
}

std::error_code stream::write_all(std::span<const std::uint8_t> bytes, clock::time_point deadline) {
    start_write(bytes);
    while (writing())
        if (auto ec = wait(deadline)) return ec;
    return {};
}

std::error_code stream::read_some(byte_buffer& buf, clock::time_point deadline) {
    start_read(buf);
    while (reading())
        if (auto ec = wait(deadline)) return ec;
    return {};
}

void stream::close() noexcept {
    auto& s = *impl_;
    std::error_code ignored;
    s.socket.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    s.abort();
}

bool stream::is_open() const noexcept { return impl_->socket.is_open(); }

}  // namespace ifx::net
