#include "support/fault_proxy.hpp"

#include <array>
#include <asio/connect.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/steady_timer.hpp>
#include <asio/write.hpp>
#include <mutex>
#include <thread>
#include <vector>

namespace ifx::test {

struct fault_proxy::impl {
    using tcp = asio::ip::tcp;
    asio::io_context io;
    tcp::acceptor acceptor{io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)};
    std::uint16_t backend = 0;
    std::thread thread;

    // The armed fault; `remaining` counts down the server bytes before it strikes.
    std::mutex mutex;
    fault kind = fault::none;
    std::size_t remaining = 0;
    std::chrono::milliseconds delay{};

    struct link : std::enable_shared_from_this<link> {
        impl& owner;
        tcp::socket client, server;
        std::array<std::uint8_t, 16384> up{}, down{};
        asio::steady_timer timer;
        bool stalled = false;
        link(impl& o, tcp::socket c) : owner(o), client(std::move(c)), server(o.io), timer(o.io) {}

        void close(bool reset) {
            std::error_code ignored;
            if (reset) client.set_option(asio::socket_base::linger(true, 0), ignored);
            client.close(ignored);
            server.close(ignored);
        }
        void pump_up() {
            client.async_read_some(asio::buffer(up),
                                   [self = shared_from_this()](std::error_code ec, std::size_t n) {
                                       if (ec) return self->close(false);
                                       asio::async_write(self->server, asio::buffer(self->up.data(), n),
                                                         [self](std::error_code wec, std::size_t) {
                                                             wec ? self->close(false) : self->pump_up();
                                                         });
                                   });
        }
        void pump_down() {
            server.async_read_some(asio::buffer(down),
                                   [self = shared_from_this()](std::error_code ec, std::size_t n) {
                                       if (ec) return self->close(false);
                                       self->deliver(n);
                                   });
        }
        // Applies the armed fault to n fresh server bytes, then forwards what survives.
        void deliver(std::size_t n) {
            fault f;
            std::size_t keep = n;
            std::chrono::milliseconds wait{};
            bool strike = false;
            {
                std::lock_guard lock(owner.mutex);
                f = owner.kind;
                wait = owner.delay;
                if (f != fault::none && f != fault::delay) {
                    if (owner.remaining < n) {
                        keep = owner.remaining;
                        strike = true;
                        if (f == fault::corrupt) {
                            down[owner.remaining] ^= 0xff;
                            keep = n;
                            owner.kind = fault::none;
                        }
                        owner.remaining = 0;
                    } else {
                        owner.remaining -= n;
                    }
                }
            }
            if (stalled) return;
            auto forward = [self = shared_from_this(), keep, strike, f]() {
                asio::async_write(self->client, asio::buffer(self->down.data(), keep),
                                  [self, strike, f](std::error_code wec, std::size_t) {
                                      if (wec) return self->close(false);
                                      if (strike && (f == fault::drop || f == fault::truncate))
                                          return self->close(false);
                                      if (strike && f == fault::reset) return self->close(true);
                                      if (strike && f == fault::stall) {
                                          self->stalled = true;
                                          return;
                                      }
                                      self->pump_down();
                                  });
            };
            if (f == fault::delay) {
                timer.expires_after(wait);
                timer.async_wait([forward](std::error_code) { forward(); });
            } else {
                forward();
            }
        }
    };

    void accept() {
        acceptor.async_accept([this](std::error_code ec, tcp::socket s) {
            if (ec) return;
            auto l = std::make_shared<link>(*this, std::move(s));
            l->server.async_connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), backend),
                                    [l](std::error_code cec) {
                                        if (cec) return l->close(false);
                                        l->pump_up();
                                        l->pump_down();
                                    });
            accept();
        });
    }
};

fault_proxy::fault_proxy(std::uint16_t backend_port) : impl_(std::make_unique<impl>()) {
    impl_->backend = backend_port;
    impl_->accept();
    impl_->thread = std::thread([this] { impl_->io.run(); });
}

fault_proxy::~fault_proxy() {
    impl_->io.stop();
    impl_->thread.join();
}

std::uint16_t fault_proxy::port() const {
    return impl_->acceptor.local_endpoint().port();
}

void fault_proxy::arm(fault f, std::size_t after_bytes, std::chrono::milliseconds delay) {
    std::lock_guard lock(impl_->mutex);
    impl_->kind = f;
    impl_->remaining = after_bytes;
    impl_->delay = delay;
}

}  // namespace ifx::test
