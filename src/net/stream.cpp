#include "net/stream.hpp"

#include <asio/connect.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/write.hpp>

#include "ifx/error.hpp"

namespace ifx::net {

struct stream::impl {
    asio::io_context io;
    asio::ip::tcp::socket socket{io};

    // Runs the started operation until `done` or the deadline; on the deadline closes the socket
    // (cancelling the operation) and reports a timeout.
    std::error_code run_until(bool& done, clock::time_point deadline) {
        io.restart();
        while (!done) {
            if (io.run_one_until(deadline) == 0 && !done) {
                if (clock::now() >= deadline) {
                    std::error_code ignored;
                    socket.close(ignored);
                    io.restart();
                    io.run();  // let the cancelled handler finish
                    return errc::timeout;
                }
            }
        }
        return {};
    }
};

stream::stream() : impl_(std::make_unique<impl>()) {}
stream::~stream() = default;

std::error_code stream::connect(const std::string& host, std::uint16_t port, clock::time_point deadline,
                                std::string& detail) {
    asio::ip::tcp::resolver resolver(impl_->io);
    bool done = false;
    std::error_code result;
    asio::ip::tcp::resolver::results_type endpoints;
    resolver.async_resolve(host, std::to_string(port), [&](std::error_code ec, auto results) {
        result = ec;
        endpoints = std::move(results);
        done = true;
    });
    if (auto ec = impl_->run_until(done, deadline)) {
        resolver.cancel();
        detail = "timed out resolving " + host;
        return ec;
    }
    if (result) {
        detail = "cannot resolve " + host + ": " + result.message();
        return errc::network_error;
    }
    done = false;
    asio::async_connect(impl_->socket, endpoints, [&](std::error_code ec, const auto&) {
        result = ec;
        done = true;
    });
    if (auto ec = impl_->run_until(done, deadline)) {
        detail = "timed out connecting to " + host + ":" + std::to_string(port);
        return ec;
    }
    if (result) {
        detail = "cannot connect to " + host + ":" + std::to_string(port) + ": " + result.message();
        impl_->socket.close(result);
        return errc::network_error;
    }
    std::error_code ignored;
    impl_->socket.set_option(asio::ip::tcp::no_delay(true), ignored);
    impl_->socket.set_option(asio::socket_base::keep_alive(true), ignored);
    return {};
}

std::error_code stream::write_all(std::span<const std::uint8_t> bytes, clock::time_point deadline) {
    if (!impl_->socket.is_open()) return errc::connection_closed;
    bool done = false;
    std::error_code result;
    asio::async_write(impl_->socket, asio::buffer(bytes.data(), bytes.size()), [&](std::error_code ec, std::size_t) {
        result = ec;
        done = true;
    });
    if (auto ec = impl_->run_until(done, deadline)) return ec;
    if (result) {
        close();
        return errc::network_error;
    }
    return {};
}

std::error_code stream::read_some(byte_buffer& buf, clock::time_point deadline) {
    if (!impl_->socket.is_open()) return errc::connection_closed;
    auto space = buf.prepare(16 * 1024);
    bool done = false;
    std::error_code result;
    std::size_t n = 0;
    impl_->socket.async_read_some(asio::buffer(space.data(), space.size()), [&](std::error_code ec, std::size_t got) {
        result = ec;
        n = got;
        done = true;
    });
    if (auto ec = impl_->run_until(done, deadline)) return ec;
    buf.commit(n);
    if (result) {
        close();
        return result == asio::error::eof ? make_error_code(errc::connection_closed) : make_error_code(errc::network_error);
    }
    return {};
}

void stream::close() noexcept {
    std::error_code ignored;
    impl_->socket.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    impl_->socket.close(ignored);
}

bool stream::is_open() const noexcept { return impl_->socket.is_open(); }

}  // namespace ifx::net
