#include "net/transport.hpp"

#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <climits>

#include <asio/connect.hpp>
#include <asio/read.hpp>
#include <asio/ssl/error.hpp>
#include <asio/write.hpp>

#include "ifx/error.hpp"
#include "net/tls_setup.hpp"

namespace ifx::net {

transport::transport(asio::any_io_executor ex, std::function<void()> wake)
    : ex_(std::move(ex)), wake_(std::move(wake)), socket_(ex_) {}

transport::~transport() {
    close();
}

// ---- connecting ------------------------------------------------------------------------------------

void transport::start_connect(const std::string& host, std::uint16_t port,
                              const std::optional<tls_options>& tls) {
    host_ = host;
    port_ = port;
    tls_options_ = tls;
    outcome_ = {};
    stage_ = stage::resolving;
    resolver_.emplace(ex_);
    resolver_->async_resolve(host, std::to_string(port),
                             [self = shared_from_this()](std::error_code ec, auto endpoints) {
                                 self->on_resolved(ec, endpoints);
                             });
}

void transport::on_resolved(const std::error_code& ec,
                            const asio::ip::tcp::resolver::results_type& endpoints) {
    if (stage_ != stage::resolving) return;  // closed meanwhile
    if (ec)
        return connect_failed(errc::network_error, "cannot resolve " + host_ + ": " + ec.message(),
                              sqlcode_cannot_connect);
    stage_ = stage::connecting;
    asio::async_connect(socket_, endpoints, [self = shared_from_this()](std::error_code e, const auto&) {
        self->on_connected(e);
    });
}

void transport::on_connected(const std::error_code& ec) {
    if (stage_ != stage::connecting) return;
    if (ec)
        return connect_failed(
            errc::network_error,
            "cannot connect to " + host_ + ":" + std::to_string(port_) + ": " + ec.message(),
            sqlcode_connect_failed);
    std::error_code ignored;
    socket_.set_option(asio::ip::tcp::no_delay(true), ignored);
    socket_.set_option(asio::socket_base::keep_alive(true), ignored);
    if (tls_options_) return start_handshake();
    connect_done();
}

void transport::start_handshake() {
    const tls_options& opt = *tls_options_;
    std::string detail;
    tls_context_.emplace(asio::ssl::context::tls_client);
    if (auto ec = configure_tls_context(*tls_context_, opt, detail)) return connect_failed(ec, detail);
    tls_.emplace(socket_, *tls_context_);
    SSL* ssl = tls_->native_handle();
    reply_ = {};
    watch_reply_start(ssl, reply_);
    if (auto ec = configure_tls_session(ssl, host_, opt, detail)) return connect_failed(ec, detail);
    stage_ = stage::handshaking;
    tls_->async_handshake(asio::ssl::stream_base::client,
                          [self = shared_from_this()](std::error_code e) { self->on_handshake(e); });
}

void transport::on_handshake(const std::error_code& ec) {
    if (stage_ != stage::handshaking) return;
    if (ec)
        return connect_failed(errc::tls_error,
                              tls_handshake_failure(tls_->native_handle(), ec, reply_, host_, port_));
    connect_done();
}

void transport::connect_failed(std::error_code ec, std::string detail, int sqlcode) {
    outcome_ = {ec, std::move(detail), sqlcode};
    stage_ = stage::done;
    close();
    notify();
}

void transport::connect_done() {
    outcome_ = {};
    stage_ = stage::done;
    publish_fd(socket_.native_handle());
    notify();
}

std::string transport::timeout_text() const {
    switch (stage_) {
        case stage::resolving:
            return "timed out resolving " + host_;
        case stage::connecting:
            return "timed out connecting to " + host_ + ":" + std::to_string(port_);
        case stage::handshaking:
            return tls_handshake_timeout(reply_, host_, port_);
        default:
            return "timed out waiting for the server; the connection is closed";
    }
}

// ---- exchanging ------------------------------------------------------------------------------------

void transport::record(const std::error_code& ec) {
    if (!ec || failure_) return;
    failure_ = ec == asio::error::eof || ec == asio::ssl::error::stream_truncated
                   ? make_error_code(errc::connection_closed)
                   : make_error_code(errc::network_error);
}

void transport::start_write(std::span<const std::uint8_t> bytes) {
    writing_ = true;
    sent_since_read_ = true;
    auto done = [self = shared_from_this()](std::error_code ec, std::size_t) {
        self->writing_ = false;
        self->record(ec);
        self->notify();
    };
    const auto buf = asio::buffer(bytes.data(), bytes.size());
    if (tls_)
        asio::async_write(*tls_, buf, std::move(done));
    else
        asio::async_write(socket_, buf, std::move(done));
}

std::size_t transport::write_now(std::span<const std::uint8_t> bytes) {
    if (tls_ || writing_ || failure_ || !socket_.is_open() || bytes.empty()) return 0;
    for (;;) {
        const ssize_t n =
            ::send(socket_.native_handle(), bytes.data(), bytes.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
        if (n >= 0) {
            sent_since_read_ = sent_since_read_ || n > 0;
            return static_cast<std::size_t>(n);
        }
        if (errno == EINTR) continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK) record(std::error_code(errno, std::system_category()));
        return 0;
    }
}

void transport::start_read() {
    auto space = in_.prepare(read_chunk);
    reading_ = true;
    auto done = [self = shared_from_this()](std::error_code ec, std::size_t n) {
        self->reading_ = false;
        self->in_.commit(n);
        if (n > 0) self->fresh_input_ = true;
        self->record(ec);
        self->notify();
    };
    const auto target = asio::buffer(space.data(), space.size());
    if (tls_)
        tls_->async_read_some(target, std::move(done));
    else
        socket_.async_read_some(target, std::move(done));
}

// One recv without waiting, into input(): the bytes read (committed), 0 at EOF, -1 with errno.
ssize_t transport::receive_now() {
    auto space = in_.prepare(read_chunk);
    const ssize_t n = ::recv(socket_.native_handle(), space.data(), space.size(), MSG_DONTWAIT);
    if (n > 0) in_.commit(static_cast<std::size_t>(n));
    return n;
}

bool transport::receive_until(clock::time_point deadline) {
    const int fd = socket_.native_handle();
    // Right after a request its reply cannot be here yet: wait before the first recv.
    bool wait_first = std::exchange(sent_since_read_, false);
    for (;;) {
        if (!wait_first) {
            const ssize_t n = receive_now();
            if (n > 0) {
                fresh_input_ = true;
                return true;
            }
            if (n == 0) {
                record(asio::error::eof);
                return true;
            }
            if (errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK) {
                record(std::error_code(errno, std::system_category()));
                return true;
            }
        }
        wait_first = false;
        int timeout_ms = -1;
        if (deadline != clock::time_point::max()) {
            const auto left = deadline - clock::now();
            if (left <= clock::duration::zero()) return false;
            const auto ms = std::chrono::ceil<std::chrono::milliseconds>(left).count();
            timeout_ms = static_cast<int>(std::min<std::int64_t>(ms, INT_MAX));
        }
        pollfd p{.fd = fd, .events = POLLIN, .revents = 0};
        if (::poll(&p, 1, timeout_ms) < 0 && errno != EINTR) {
            record(std::error_code(errno, std::system_category()));
            return true;
        }
    }
}

transport::poll_result transport::read_available() {
    if (!socket_.is_open() || failure_) return poll_result::closed;
    if (!tls_) return receive_available();
    std::error_code ec;
    socket_.non_blocking(true, ec);
    if (ec) return poll_result::closed;
    poll_result result = poll_result::nothing;
    for (;;) {
        auto space = in_.prepare(read_chunk);
        const auto target = asio::buffer(space.data(), space.size());
        const std::size_t n = tls_ ? tls_->read_some(target, ec) : socket_.read_some(target, ec);
        in_.commit(n);
        if (n > 0) result = poll_result::bytes;
        if (ec == asio::error::would_block || ec == asio::error::try_again) break;
        if (ec) {
            result = poll_result::closed;  // EOF, a TLS close_notify or truncation, a reset
            break;
        }
    }
    std::error_code ignored;
    socket_.non_blocking(false, ignored);
    return result;
}

// read_available() for plain TCP: recv with MSG_DONTWAIT, so the socket's blocking mode is not
// switched twice (two ioctl calls on every lend of an idle pooled connection).
transport::poll_result transport::receive_available() {
    poll_result result = poll_result::nothing;
    for (;;) {
        const ssize_t n = receive_now();
        if (n > 0) {
            result = poll_result::bytes;
            continue;  // until the socket is drained: a close behind the bytes is seen now
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return result;
        return poll_result::closed;  // EOF or a reset
    }
}

void transport::publish_fd(int fd) noexcept {
    std::lock_guard lock(interrupt_mutex_);
    interrupt_fd_ = fd;
    if (interrupted_ && fd >= 0) (void)::shutdown(fd, SHUT_RDWR);
}

void transport::close() noexcept {
    publish_fd(-1);
    if (resolver_) resolver_->cancel();
    std::error_code ignored;
    socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
    if (stage_ != stage::done) stage_ = stage::idle;
}

void transport::interrupt() noexcept {
    std::lock_guard lock(interrupt_mutex_);
    interrupted_ = true;
    if (interrupt_fd_ >= 0) (void)::shutdown(interrupt_fd_, SHUT_RDWR);
}

}  // namespace ifx::net
