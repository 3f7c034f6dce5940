// TLS (on by default) against a plain port: every path — connection, async_connection, both
// pools, ifxsql — fails at once with one message saying the port does not speak TLS and how to
// connect without it, instead of waiting for connect_timeout. The decision is made from what the
// server sends, so a real TLS port (ifxlite --tls-listen) still connects, even when its answer to
// the ClientHello is slow.
#include <gtest/gtest.h>

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <asio/co_spawn.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <asio/io_context.hpp>
#include <asio/use_awaitable.hpp>
#include <atomic>
#include <cstdio>
#include <thread>

#include "ifx/async_connection.hpp"
#include "ifx/async_pool.hpp"
#include "ifx/ifx.hpp"
#include "ifx/pool.hpp"
#include "server_fixture.hpp"
#include "support/tls_fixture.hpp"

namespace {

using namespace std::chrono_literals;
using ifx::test::server_fixture;
constexpr auto as_tuple = asio::experimental::as_tuple(asio::use_awaitable);
constexpr const char* plain_text = "does not speak TLS on that port";
constexpr const char* how = "tls=disable";

class tls_plain_port : public ::testing::Test {
protected:
    void SetUp() override {
        if (server_fixture::instance().real_server()) GTEST_SKIP() << "needs ifxlite";
    }
    // The plain port with TLS left at its default, and a connect timeout far beyond the answer:
    // a client that does not recognise the plain port fails with a timeout here instead.
    static ifx::connect_params plain_with_tls() {
        auto p = server_fixture::instance().params();
        p.tls = ifx::tls_mode::verify_full;
        p.connect_timeout = 60s;
        return p;
    }
    static void expect_plain_port_error(const std::error_code& ec, const std::string& message) {
        EXPECT_EQ(ec, ifx::errc::tls_error) << ec.message() << ": " << message;
        EXPECT_NE(message.find(plain_text), std::string::npos) << message;
        EXPECT_NE(message.find(how), std::string::npos) << message;
    }
};

TEST_F(tls_plain_port, connection) {
    std::error_code ec;
    ifx::diagnostics diag;
    ifx::connection c;
    c.connect(plain_with_tls(), ec, diag);
    expect_plain_port_error(ec, diag.client_message);
    EXPECT_TRUE(ifx::is_fatal(ec));
}

TEST_F(tls_plain_port, async_connection) {
    asio::io_context io;
    std::error_code ec;
    ifx::diagnostics diag;
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
            ifx::async_connection c(io);
            std::tie(ec) = co_await c.async_connect(plain_with_tls(), diag, as_tuple);
        },
        [](std::exception_ptr e) {
            if (e) std::rethrow_exception(e);
        });
    io.run();
    expect_plain_port_error(ec, diag.client_message);
}

TEST_F(tls_plain_port, pool) {
    try {
        ifx::pool pool(plain_with_tls(), {.min_size = 1, .log = [](ifx::log_level, std::string_view) {}});
        ADD_FAILURE() << "a pool connected with TLS to a plain port";
    } catch (const ifx::error& e) {
        expect_plain_port_error(e.code(), e.diag().client_message);
    }
}

TEST_F(tls_plain_port, async_pool) {
    asio::io_context io;
    std::error_code ec;
    ifx::diagnostics diag;
    ifx::async_pool pool(io.get_executor(), plain_with_tls(),
                         {.reconnect_backoff_min = 10ms, .log = [](ifx::log_level, std::string_view) {}});
    pool.async_acquire(1s, diag, [&](std::error_code e, ifx::async_pooled_connection) {
        ec = e;
        pool.close();
    });
    io.run();
    EXPECT_EQ(ec, ifx::errc::pool_timeout);
    EXPECT_NE(diag.client_message.find(plain_text), std::string::npos) << diag.client_message;
    EXPECT_NE(diag.client_message.find(how), std::string::npos) << diag.client_message;
}

TEST_F(tls_plain_port, ifxsql) {
    auto url = server_fixture::instance().url();
    url.erase(url.find("&tls=disable"));  // TLS at its default
    const std::string cmd = std::string(IFXSQL_PATH) + " '" + url + "' -c 'SELECT 1 FROM systables' 2>&1";
    std::string out;
    FILE* p = ::popen(cmd.c_str(), "r");
    ASSERT_NE(p, nullptr);
    std::array<char, 4096> buf{};
    for (std::size_t n; (n = std::fread(buf.data(), 1, buf.size(), p)) > 0;) out.append(buf.data(), n);
    EXPECT_NE(::pclose(p), 0);
    EXPECT_NE(out.find(plain_text), std::string::npos) << out;
    EXPECT_NE(out.find(how), std::string::npos) << out;
}

// A port that answers nothing at all (a listener that never accepts) cannot be told from a slow
// TLS server: the connect runs into connect_timeout, and says that no reply came.
TEST_F(tls_plain_port, a_silent_port_times_out_saying_no_reply_came) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    ASSERT_EQ(::listen(fd, 4), 0);
    ASSERT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len), 0);
    auto p = plain_with_tls();
    p.port = ntohs(a.sin_port);
    p.connect_timeout = 300ms;
    std::error_code ec;
    ifx::diagnostics diag;
    ifx::connection c;
    c.connect(p, ec, diag);
    EXPECT_EQ(ec, ifx::errc::timeout);
    EXPECT_NE(diag.client_message.find("sent no reply to the TLS ClientHello"), std::string::npos)
        << diag.client_message;
    asio::io_context io;
    std::error_code async_ec;
    ifx::diagnostics async_diag;
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
            ifx::async_connection ac(io);
            std::tie(async_ec) = co_await ac.async_connect(p, async_diag, as_tuple);
        },
        [](std::exception_ptr e) {
            if (e) std::rethrow_exception(e);
        });
    io.run();
    ::close(fd);
    EXPECT_EQ(async_ec, ifx::errc::timeout);
    EXPECT_NE(async_diag.client_message.find("sent no reply to the TLS ClientHello"), std::string::npos)
        << async_diag.client_message;
}

// ---- a real TLS port ------------------------------------------------------------------------------

/// Relays one TCP connection to `backend`, holding the server's first answer back for `delay`: a
/// TLS server slow to answer the ClientHello.
class slow_relay {
public:
    slow_relay(std::uint16_t backend, std::chrono::milliseconds delay) : backend_(backend), delay_(delay) {
        listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a = loopback(0);
        socklen_t len = sizeof a;
        ::bind(listener_, reinterpret_cast<sockaddr*>(&a), sizeof a);
        ::listen(listener_, 4);
        ::getsockname(listener_, reinterpret_cast<sockaddr*>(&a), &len);
        port_ = ntohs(a.sin_port);
        thread_ = std::thread([this] { run(); });
    }
    ~slow_relay() {
        stop_ = true;
        ::shutdown(listener_, SHUT_RDWR);
        thread_.join();
        ::close(listener_);
    }
    slow_relay(const slow_relay&) = delete;
    slow_relay& operator=(const slow_relay&) = delete;
    std::uint16_t port() const { return port_; }

private:
    static sockaddr_in loopback(std::uint16_t port) {
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        a.sin_port = htons(port);
        return a;
    }
    void run() {
        const int client = ::accept(listener_, nullptr, nullptr);
        if (client < 0) return;
        const int server = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in b = loopback(backend_);
        if (::connect(server, reinterpret_cast<sockaddr*>(&b), sizeof b) == 0) relay(client, server);
        ::close(server);
        ::close(client);
    }
    void relay(int client, int server) {
        bool answered = false;
        std::array<char, 16384> buf{};
        while (!stop_) {
            pollfd fds[2] = {{client, POLLIN, 0}, {server, POLLIN, 0}};
            if (::poll(fds, 2, 100) <= 0) continue;
            for (int i = 0; i < 2; ++i) {
                if ((fds[i].revents & (POLLIN | POLLHUP | POLLERR)) == 0) continue;
                const ssize_t n = ::read(fds[i].fd, buf.data(), buf.size());
                if (n <= 0) return;
                if (i == 1 && !answered) {
                    answered = true;
                    std::this_thread::sleep_for(delay_);
                }
                if (::write(fds[1 - i].fd, buf.data(), static_cast<std::size_t>(n)) != n) return;
            }
        }
    }
    std::uint16_t backend_;
    std::chrono::milliseconds delay_;
    int listener_ = -1;
    std::uint16_t port_ = 0;
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

TEST_F(tls_plain_port, a_real_tls_port_connects_even_when_slow_to_answer) {
    const auto pki = ifx::test::test_pki::create();
    ifx::test::ifxlite_options o;
    o.extra_args = {"--tls-listen", "127.0.0.1:0", "--cert", pki.good_cert, "--key", pki.good_key};
    ifx::test::ifxlite_process lite(o);
    lite.create_database("tdb", "log");
    auto p = ifx::parse_url(lite.url("tdb"));
    p.tls = ifx::tls_mode::verify_full;
    p.tls_ca_file = pki.ca_file;
    p.connect_timeout = 60s;
    p.port = lite.tls_port();
    ifx::connection direct(p);
    EXPECT_EQ(direct.query_value<int>("SELECT tabid FROM systables WHERE tabid = 1"), 1);

    // A pool over TLS keeps its connection: nothing left unread on the idle TLS stream (session
    // tickets come before the login reply) makes the look at the socket replace it.
    {
        ifx::pool pool(p, {.max_size = 1, .log = [](ifx::log_level, std::string_view) {}});
        for (int i = 0; i < 3; ++i) pool.acquire()->ping();
        EXPECT_EQ(pool.stats().created, 1u);
        EXPECT_EQ(pool.stats().closed_total(), 0u);
    }

    slow_relay relay(lite.tls_port(), 1500ms);  // longer than "about a second"
    p.port = relay.port();
    ifx::connection slow(p);
    EXPECT_EQ(slow.query_value<int>("SELECT tabid FROM systables WHERE tabid = 1"), 1);
}

}  // namespace
