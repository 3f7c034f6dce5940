// Closing a pool while a connect is in flight: close(deadline), ~pool() and async_close keep their
// deadline — the connect is aborted (a closed pool hands nothing out), and a borrower blocked in a
// query is aborted at the deadline, not when the connect would have finished. The same scenario
// for ifx::pool and ifx::async_pool.
#include <gtest/gtest.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>
#include <asio/use_awaitable.hpp>
#include <atomic>
#include <thread>

#include "ifx/async_pool.hpp"
#include "pool_support.hpp"

namespace {

using namespace std::chrono_literals;
using ifx::test::poll_until;
using ifx::test::pool_lite;
using ifx::test::pool_lite_params;
using ifx::test::quiet;
constexpr auto tuple_awaitable = asio::experimental::as_tuple(asio::use_awaitable);

/// A loopback listener that never accepts: connects complete (in the backlog), and then nothing
/// ever answers the login.
class silent_server {
public:
    silent_server() {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof a;
        EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
        EXPECT_EQ(::listen(fd_, 16), 0);
        EXPECT_EQ(::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len), 0);
        port_ = ntohs(a.sin_port);
    }
    ~silent_server() { ::close(fd_); }
    silent_server(const silent_server&) = delete;
    silent_server& operator=(const silent_server&) = delete;
    ifx::connect_params params() const {
        auto p = ifx::parse_url("informix://informix:in4mix@127.0.0.1:" + std::to_string(port_) +
                                "/db?server=silent&tls=disable");
        p.connect_timeout = 60s;  // far beyond any close deadline below
        return p;
    }

private:
    int fd_ = -1;
    std::uint16_t port_ = 0;
};

asio::awaitable<void> sleep_for(std::chrono::milliseconds d) {
    asio::steady_timer t(co_await asio::this_coro::executor, d);
    co_await t.async_wait(asio::use_awaitable);
}

TEST(pool_close, the_destructor_aborts_a_connect_in_flight) {
    silent_server server;
    ifx::test::log_capture logs;
    {
        ifx::pool pool(server.params(), quiet(logs, 1));
        std::error_code ec;
        ifx::diagnostics diag;
        (void)pool.acquire(50ms, ec, diag);  // starts a connect, which outlives the acquire
        EXPECT_EQ(ec, ifx::errc::pool_timeout);
        ASSERT_EQ(pool.stats().connecting, 1u);
    }  // ~pool(): close(5 s); without the abort it waits for the 60 s connect timeout
    EXPECT_TRUE(logs.contains("the connect in flight was aborted")) << "it ran to its own end";
    EXPECT_FALSE(logs.contains("timed out"));
}

TEST(pool_close, close_aborts_the_connect_in_flight_and_a_borrower_in_a_query_at_the_deadline) {
    ifx::test::log_capture logs;
    auto p = pool_lite_params();
    p.read_timeout = 60s;
    p.connect_timeout = 60s;
    ifx::pool pool(p, quiet(logs, 2));
    pool.acquire()->ping();  // one idle connection, for the borrower
    std::atomic<bool> querying{false};
    std::error_code query_ec, second_ec;
    ifx::diagnostics query_diag, second_diag;
    std::thread borrower([&] {
        auto c = pool.acquire();
        pool_lite().control("delay-ms 3000");  // every reply, the next login's too, now takes 3 s
        querying = true;
        (void)c->query("SELECT tabid FROM systables", {}, query_ec, query_diag);
    });
    while (!querying) std::this_thread::sleep_for(1ms);
    std::thread second([&] { (void)pool.acquire(30s, second_ec, second_diag); });  // a second connect
    poll_until(std::chrono::steady_clock::now() + 5s, [&] { return pool.stats().connecting == 1; });
    std::this_thread::sleep_for(50ms);  // the borrower most likely inside its query: either way it must fail
    EXPECT_FALSE(pool.close(100ms));
    borrower.join();
    second.join();
    pool_lite().control("reset");
    EXPECT_EQ(query_ec, ifx::errc::connection_closed) << "the borrower was not aborted at the deadline";
    EXPECT_NE(query_diag.client_message.find("aborted"), std::string::npos) << query_diag.to_string();
    EXPECT_EQ(second_ec, ifx::errc::pool_closed);
    const auto st = pool.stats();
    EXPECT_EQ(st.created, 1u) << "the connect in flight completed instead of being aborted";
    EXPECT_EQ(st.connect_failures, 1u);
    EXPECT_EQ(st.aborted, 1u);
    EXPECT_EQ(st.size, 0u);
    EXPECT_TRUE(logs.contains("the connect in flight was aborted"));
}

TEST(pool_close, async_close_aborts_the_connect_in_flight_and_a_borrower_in_a_query_at_the_deadline) {
    ifx::test::log_capture logs;
    asio::io_context io(1);
    auto cp = pool_lite_params();
    cp.read_timeout = 60s;
    cp.connect_timeout = 60s;
    ifx::async_pool pool(io.get_executor(), cp, quiet(logs, 2));
    std::error_code query_ec, second_ec, close_ec;
    ifx::diagnostics query_diag;
    bool querying = false;
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
            auto c = co_await pool.async_acquire(asio::use_awaitable);
            pool_lite().control("delay-ms 3000");
            querying = true;
            auto [ec, r] =
                co_await c->async_query("SELECT tabid FROM systables", {}, query_diag, tuple_awaitable);
            query_ec = ec;
        },
        asio::detached);
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
            while (!querying) co_await sleep_for(1ms);
            auto [ec, none] = co_await pool.async_acquire(30s, tuple_awaitable);  // a second connect
            second_ec = ec;
        },
        asio::detached);
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
            while (!querying || pool.stats().connecting == 0) co_await sleep_for(1ms);
            co_await sleep_for(50ms);
            auto [ec] = co_await pool.async_close(100ms, tuple_awaitable);
            close_ec = ec;
        },
        asio::detached);
    io.run();
    pool_lite().control("reset");
    EXPECT_EQ(close_ec, ifx::errc::timeout);
    EXPECT_EQ(query_ec, ifx::errc::connection_closed) << "the borrower was not aborted at the deadline";
    EXPECT_NE(query_diag.client_message.find("aborted"), std::string::npos) << query_diag.to_string();
    EXPECT_EQ(second_ec, ifx::errc::pool_closed);
    const auto st = pool.stats();
    EXPECT_EQ(st.created, 1u) << "the connect in flight completed instead of being aborted";
    EXPECT_EQ(st.connect_failures, 1u);
    EXPECT_EQ(st.aborted, 1u);
    EXPECT_EQ(st.size, 0u);
}

}  // namespace
