// Connect failures carry the SQLCODEs IBM's client libraries report (docs/errors.md): -908 when
// the TCP connection cannot be made (nothing listens), -930 when the host name cannot be resolved,
// with the system's error in the client message — through the sync connection, async_connection
// and the pool. The error codes stay errc::network_error.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <asio/co_spawn.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <asio/io_context.hpp>
#include <asio/use_awaitable.hpp>

#include "ifx/async_connection.hpp"
#include "ifx/async_pool.hpp"
#include "ifx/ifx.hpp"
#include "ifx/pool.hpp"

namespace {

/// A loopback port nothing listens on: bound, then released.
std::uint16_t closed_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    EXPECT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    EXPECT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len), 0);
    ::close(fd);
    return ntohs(a.sin_port);
}

ifx::connect_params params_to(std::string host, std::uint16_t port) {
    ifx::connect_params p;
    p.host = std::move(host);
    p.port = port;
    p.server = "nowhere";
    p.user = "informix";
    p.password = "in4mix";
    p.tls = ifx::tls_mode::disable;
    return p;
}

// RFC 6761: names under .invalid never resolve.
constexpr const char* unresolvable = "no-such-host.invalid";

TEST(connect_errors, refused_connection_is_908) {
    std::error_code ec;
    ifx::diagnostics diag;
    ifx::connection c;
    c.connect(params_to("127.0.0.1", closed_port()), ec, diag);
    EXPECT_EQ(ec, ifx::errc::network_error);
    EXPECT_EQ(diag.sqlcode, -908);
    EXPECT_NE(diag.client_message.find("cannot connect to 127.0.0.1:"), std::string::npos)
        << diag.client_message;
    EXPECT_NE(diag.to_string().find("SQLCODE -908"), std::string::npos) << diag.to_string();
    EXPECT_EQ(ifx::sqlstate_of(ec, diag), "08001");  // could not connect (a lost connection is 08006)
}

TEST(connect_errors, unresolvable_host_is_930) {
    std::error_code ec;
    ifx::diagnostics diag;
    ifx::connection c;
    c.connect(params_to(unresolvable, 9088), ec, diag);
    EXPECT_EQ(ec, ifx::errc::network_error);
    EXPECT_EQ(diag.sqlcode, -930);
    EXPECT_NE(diag.client_message.find(std::string("cannot resolve ") + unresolvable), std::string::npos)
        << diag.client_message;
}

TEST(connect_errors, the_throwing_form_carries_the_sqlcode) {
    try {
        ifx::connection c(params_to("127.0.0.1", closed_port()));
        ADD_FAILURE() << "connected to a closed port";
    } catch (const ifx::error& e) {
        EXPECT_EQ(e.sqlcode(), -908);
        EXPECT_EQ(e.code(), ifx::errc::network_error);
    }
}

TEST(connect_errors, async_connect_reports_908_and_930) {
    asio::io_context io;
    std::error_code refused, unresolved;
    ifx::diagnostics refused_diag, unresolved_diag;
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
            constexpr auto as_tuple = asio::experimental::as_tuple(asio::use_awaitable);
            ifx::async_connection a(io);
            std::tie(refused) =
                co_await a.async_connect(params_to("127.0.0.1", closed_port()), refused_diag, as_tuple);
            ifx::async_connection b(io);
            std::tie(unresolved) =
                co_await b.async_connect(params_to(unresolvable, 9088), unresolved_diag, as_tuple);
        },
        [](std::exception_ptr e) {
            if (e) std::rethrow_exception(e);
        });
    io.run();
    EXPECT_EQ(refused, ifx::errc::network_error);
    EXPECT_EQ(refused_diag.sqlcode, -908);
    EXPECT_NE(refused_diag.client_message.find("cannot connect to"), std::string::npos);
    EXPECT_EQ(unresolved, ifx::errc::network_error);
    EXPECT_EQ(unresolved_diag.sqlcode, -930);
}

TEST(connect_errors, pool_reports_the_connect_sqlcode) {
    try {
        ifx::pool pool(params_to("127.0.0.1", closed_port()), ifx::pool_params{.min_size = 1});
        ADD_FAILURE() << "a pool opened connections to a closed port";
    } catch (const ifx::error& e) {
        EXPECT_EQ(e.sqlcode(), -908) << e.what();
    }
}

TEST(connect_errors, async_pool_timeout_names_the_connect_sqlcode) {
    asio::io_context io;
    std::error_code ec;
    ifx::diagnostics diag;
    ifx::async_pool pool(
        io.get_executor(), params_to("127.0.0.1", closed_port()),
        ifx::pool_params{.min_size = 1, .reconnect_backoff_min = std::chrono::milliseconds(10)});
    pool.async_acquire(std::chrono::milliseconds(3000), diag,
                       [&](std::error_code e, ifx::async_pooled_connection) {
                           ec = e;
                           pool.close();
                       });
    io.run();
    EXPECT_EQ(ec, ifx::errc::pool_timeout);
    // The pool timeout comes first; the last connect error is named as its cause, and its SQLCODE
    // is not the timeout's (a pool timeout must not read as a refused connection or login).
    EXPECT_EQ(diag.sqlcode, 0) << diag.to_string();
    EXPECT_EQ(diag.client_message.rfind("no pooled connection became available within 3000 ms", 0), 0u)
        << diag.client_message;
    EXPECT_NE(diag.client_message.find("; last connect error: SQLCODE -908: cannot connect to 127.0.0.1:"),
              std::string::npos)
        << diag.client_message;
}

TEST(connect_errors, pool_timeout_names_the_timeout_first_and_the_login_rejection_as_its_cause) {
    auto p = params_to("127.0.0.1", closed_port());
    ifx::pool pool(p, ifx::pool_params{.fail_fast = false, .log = [](ifx::log_level, std::string_view) {}});
    try {
        (void)pool.acquire(std::chrono::milliseconds(300));
        ADD_FAILURE() << "acquired a connection to a closed port";
    } catch (const ifx::error& e) {
        EXPECT_EQ(e.code(), ifx::errc::pool_timeout);
        EXPECT_EQ(e.sqlcode(), 0);
        EXPECT_EQ(std::string(e.what()).rfind("no pooled connection became available within 300 ms", 0), 0u)
            << e.what();
        EXPECT_NE(std::string(e.what()).find("last connect error: SQLCODE -908"), std::string::npos)
            << e.what();
    }
}

TEST(connect_errors, failover_keeps_the_last_hosts_sqlcode) {
    auto p = params_to("127.0.0.1", closed_port());
    p.failover_hosts = {{unresolvable, 9088}};
    std::error_code ec;
    ifx::diagnostics diag;
    ifx::connection c;
    c.connect(p, ec, diag);
    EXPECT_EQ(ec, ifx::errc::network_error);
    EXPECT_EQ(diag.sqlcode, -930);
    EXPECT_NE(diag.client_message.find("SQLCODE -908"), std::string::npos) << diag.client_message;
}

}  // namespace
