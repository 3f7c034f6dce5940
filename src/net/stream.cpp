#include "net/stream.hpp"

#include <sys/socket.h>

#include <cerrno>

#include <asio/connect.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/ssl.hpp>
#include <asio/write.hpp>
#include <mutex>
#include <optional>

#include "ifx/error.hpp"
#include "net/tls_setup.hpp"

namespace ifx::net {

bool idle_socket_intact(int fd) noexcept {
    if (fd < 0) return false;
    std::uint8_t byte = 0;
    const auto n = ::recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    // 0: the peer closed; 1: bytes nobody asked for (a TLS close_notify, say); an error other than
    // "nothing to read yet": reset.
    return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

struct stream::impl {
    asio::io_context io;
    asio::ip::tcp::socket socket{io};
    std::optional<asio::ssl::context> tls_context;
    std::optional<asio::ssl::stream<asio::ip::tcp::socket&>> tls;
    tls_reply_start reply;  // the server's first bytes in the handshake
    bool writing = false;
    bool reading = false;
    std::error_code failure;  // first failure of a completed operation, reported by wait()
    // interrupt() runs on other threads: it only ever touches these. The descriptor is published
    // after a successful connect and withdrawn before the socket is closed, so a shutdown can
    // never reach a descriptor number the process reused.
    std::mutex interrupt_mutex;
    int interrupt_fd = -1;
    std::atomic<bool> interrupted{false};
    std::atomic<unsigned> stops{0};  // io.stop() calls by interrupt()

    void publish_fd(int fd) {
        std::lock_guard lock(interrupt_mutex);
        interrupt_fd = fd;
    }

    void record(std::error_code ec) {
        if (!ec || failure) return;
        failure = ec == asio::error::eof || ec == asio::ssl::error::stream_truncated
                      ? make_error_code(errc::connection_closed)
                      : make_error_code(errc::network_error);
    }

    // Closes the socket and lets cancelled handlers finish, so no operation outlives a failure
    // (again if an interrupt() stopped the io_context meanwhile: the handlers refer to locals).
    void abort() {
        publish_fd(-1);
        std::error_code ignored;
        socket.close(ignored);
        for (unsigned seen = stops.load();; seen = stops.load()) {
            io.restart();
            io.run();
            if (stops.load() == seen) break;
        }
        writing = reading = false;
        tls.reset();
        tls_context.reset();
    }

    // Runs until `done`, the deadline or an interrupt(); false on the deadline or the interrupt.
    // interrupt() sets the flag, then stops the io_context: checked after the restart, the flag
    // cannot be missed (a stop before the restart is undone by it, but the flag is then seen).
    bool run_until(const bool& done, clock::time_point deadline) {
        io.restart();
        while (!done) {
            if (interrupted.load()) return false;
            if (io.run_one_until(deadline) == 0 && !done && clock::now() >= deadline) return false;
        }
        return true;
    }

    // After run_until failed: the failure's description and code (the interrupt or the deadline).
    std::error_code stopped(std::string& detail, std::string what) const {
        if (interrupted.load()) {
            detail = "the connect was aborted from another thread (e.g. its pool was closed)";
            return errc::connection_closed;
        }
        detail = std::move(what);
        return errc::timeout;
    }

    std::error_code handshake(const std::string& host, std::uint16_t port, const tls_options& opt,
                              clock::time_point deadline, std::string& detail);
};

std::error_code stream::impl::handshake(const std::string& host, std::uint16_t port, const tls_options& opt,
                                        clock::time_point deadline, std::string& detail) {
    tls_context.emplace(asio::ssl::context::tls_client);
    if (auto ec = configure_tls_context(*tls_context, opt, detail)) return ec;
    tls.emplace(socket, *tls_context);
    SSL* ssl = tls->native_handle();
    reply = {};
    watch_reply_start(ssl, reply);
    if (auto ec = configure_tls_session(ssl, host, opt, detail)) return ec;
    bool done = false;
    std::error_code result;
    tls->async_handshake(asio::ssl::stream_base::client, [&](std::error_code e) {
        result = e;
        done = true;
    });
    if (!run_until(done, deadline)) {
        abort();  // lets the handshake handler, which refers to the locals above, finish first
        return stopped(detail, tls_handshake_timeout(reply, host, port));
    }
    if (result) {
        detail = tls_handshake_failure(ssl, result, reply, host, port);
        return errc::tls_error;
    }
    return {};
}

stream::stream() : impl_(std::make_unique<impl>()) {}
stream::~stream() {
    close();
}

std::error_code stream::connect(const std::string& host, std::uint16_t port, clock::time_point deadline,
                                std::string& detail, int& sqlcode, const tls_options* tls) {
    auto& s = *impl_;
    sqlcode = 0;
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
        s.abort();  // waits for the resolution in progress: getaddrinfo cannot be interrupted
        return s.stopped(detail, "timed out resolving " + host);
    }
    if (result) {
        detail = "cannot resolve " + host + ": " + result.message();
        sqlcode = sqlcode_cannot_connect;
        return errc::network_error;
    }
    done = false;
    asio::async_connect(s.socket, endpoints, [&](std::error_code ec, const auto&) {
        result = ec;
        done = true;
    });
    if (!s.run_until(done, deadline)) {
        s.abort();
        return s.stopped(detail, "timed out connecting to " + host + ":" + std::to_string(port));
    }
    if (result) {
        detail = "cannot connect to " + host + ":" + std::to_string(port) + ": " + result.message();
        sqlcode = sqlcode_connect_failed;
        s.abort();
        return errc::network_error;
    }
    std::error_code ignored;
    s.socket.set_option(asio::ip::tcp::no_delay(true), ignored);
    s.socket.set_option(asio::socket_base::keep_alive(true), ignored);
    s.failure.clear();
    if (tls) {
        if (auto ec = s.handshake(host, port, *tls, deadline, detail)) {
            s.abort();
            return ec;
        }
    }
    s.publish_fd(s.socket.native_handle());
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
    auto space = buf.prepare(read_chunk);
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

bool stream::writing() const noexcept {
    return impl_->writing;
}
bool stream::reading() const noexcept {
    return impl_->reading;
}

std::error_code stream::wait(clock::time_point deadline) {
    auto& s = *impl_;
    if (!s.socket.is_open()) return errc::connection_closed;
    s.io.restart();
    if (s.io.run_one_until(deadline) == 0 && clock::now() >= deadline) {
        s.abort();
        return errc::timeout;
    }
    // Drain handlers that are already complete so both directions progress. Always, even when
    // no operation is outstanding: skipping it then (to save the system call) broke the pooled
    // stall fault cases.
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

void stream::interrupt() noexcept {
    auto& s = *impl_;
    std::lock_guard lock(s.interrupt_mutex);
    s.interrupted.store(true);
    if (s.interrupt_fd >= 0) (void)::shutdown(s.interrupt_fd, SHUT_RDWR);
    s.stops.fetch_add(1);
    s.io.stop();  // wakes a connect waiting in run_until (thread-safe)
}

bool stream::interrupted() const noexcept {
    return impl_->interrupted.load();
}

bool stream::is_open() const noexcept {
    return impl_->socket.is_open();
}

bool stream::idle_intact() const noexcept {
    return impl_->socket.is_open() && idle_socket_intact(impl_->socket.native_handle());
}

}  // namespace ifx::net
