// The password never appears in what the library tells anyone: error messages and diagnostics of
// a failed login (sync, async, pool, failover), the pool's log records, the protocol trace of a
// failed login, and URL parse errors. (The trace of a successful session: skeleton_test.cpp.)
#include <gtest/gtest.h>

#include <asio/co_spawn.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <asio/use_awaitable.hpp>
#include <mutex>
#include <string>
#include <vector>

#include "ifx/async_connection.hpp"
#include "ifx/pool.hpp"
#include "server_fixture.hpp"

namespace {

using namespace std::chrono_literals;
using ifx::test::server_fixture;

// Distinctive enough that any appearance is the password, never a coincidence.
const std::string secret = "Pw-7f3a9c-SECRET-q";

std::string hex_of(std::string_view s) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (unsigned char c : s) {
        out += digits[c >> 4];
        out += digits[c & 15];
    }
    return out;
}

// Fails when `text` holds the password as text or as hex (either case, spaced or not).
void expect_no_secret(std::string text, const std::string& where) {
    EXPECT_EQ(text.find(secret), std::string::npos) << where << ": " << text;
    std::string squeezed;
    for (char c : text) {
        if (c != ' ') squeezed += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    EXPECT_EQ(squeezed.find(hex_of(secret)), std::string::npos) << where << " (hex): " << text;
}

ifx::connect_params wrong_password() {
    auto p = server_fixture::instance().params();
    p.password = secret;
    p.connect_timeout = 5s;
    return p;
}

TEST(secrets, a_rejected_login_never_shows_the_password) {
    if (server_fixture::instance().real_server()) GTEST_SKIP() << "needs ifxlite";
    std::vector<std::string> trace;
    auto p = wrong_password();
    p.trace = [&](std::string_view line) { trace.emplace_back(line); };
    try {
        ifx::connection c(p);
        ADD_FAILURE() << "the wrong password was accepted";
    } catch (const ifx::error& e) {
        EXPECT_EQ(e.code(), ifx::errc::login_rejected);
        expect_no_secret(e.what(), "error::what");
        expect_no_secret(e.diag().to_string(), "diagnostics");
    }
    ASSERT_FALSE(trace.empty());
    std::string all;
    for (const auto& l : trace) all += l + "\n";
    expect_no_secret(all, "trace");

    ifx::connection c;
    std::error_code ec;
    ifx::diagnostics diag;
    c.connect(p, ec, diag);
    EXPECT_TRUE(ec);
    expect_no_secret(diag.to_string() + " " + ec.message(), "connect(ec, diag)");
}

TEST(secrets, an_unreachable_server_and_failover_never_show_the_password) {
    auto p = wrong_password();
    p.host = "127.0.0.1";
    p.port = 1;  // nothing listens there
    p.failover_hosts = {{"127.0.0.1", 2}};
    ifx::connection c;
    std::error_code ec;
    ifx::diagnostics diag;
    c.connect(p, ec, diag);
    EXPECT_TRUE(ec);
    expect_no_secret(diag.to_string(), "failover diagnostics");
}

TEST(secrets, an_async_rejected_login_never_shows_the_password) {
    if (server_fixture::instance().real_server()) GTEST_SKIP() << "needs ifxlite";
    asio::io_context io;
    std::error_code ec;
    ifx::diagnostics diag;
    ifx::async_connection c(io);
    c.async_connect(wrong_password(), diag, [&](std::error_code e) { ec = e; });
    io.run();
    EXPECT_EQ(ec, ifx::errc::login_rejected);
    expect_no_secret(diag.to_string(), "async diagnostics");
}

TEST(secrets, the_pool_never_logs_or_reports_the_password) {
    if (server_fixture::instance().real_server()) GTEST_SKIP() << "needs ifxlite";
    std::mutex mutex;
    std::string logged;
    ifx::pool_params options;
    options.max_size = 1;
    options.fail_fast = false;
    options.reconnect_backoff_min = 10ms;
    options.reconnect_backoff_max = 20ms;
    options.log = [&](ifx::log_level, std::string_view m) {
        std::lock_guard lock(mutex);
        logged += std::string(m) + "\n";
    };
    auto p = wrong_password();
    p.failover_hosts = {{"127.0.0.1", 1}};
    ifx::pool pool(p, options);
    std::error_code ec;
    ifx::diagnostics diag;
    auto c = pool.acquire(500ms, ec, diag);
    EXPECT_FALSE(c.valid());
    EXPECT_TRUE(ec);
    expect_no_secret(diag.to_string(), "acquire diagnostics");
    try {
        (void)pool.acquire(200ms);
        ADD_FAILURE() << "acquire succeeded with a wrong password";
    } catch (const ifx::error& e) {
        expect_no_secret(e.what(), "acquire error");
    }
    pool.close();
    std::lock_guard lock(mutex);
    EXPECT_FALSE(logged.empty()) << "the pool logged no connect failure";
    expect_no_secret(logged, "pool log");

    // Pool parameter errors do not echo it either.
    ifx::pool_params bad;
    bad.max_size = 0;
    try {
        ifx::pool invalid(wrong_password(), bad);
        ADD_FAILURE() << "max_size 0 accepted";
    } catch (const ifx::error& e) {
        expect_no_secret(e.what(), "pool_params error");
    }
}

TEST(secrets, url_parse_errors_never_show_the_password) {
    const std::string bad_urls[] = {
        "informix://user:" + secret + "@host:notaport/db?server=x",
        "informix://user:" + secret + "@host:9088/db?server=x&nosuchoption=1",
        "informix://user:" + secret + "@host:9088/db?server=x&tls=maybe",
        "informix://user:" + secret + "%zz@host:9088/db?server=x",
        "informix://user:" + secret + "@[::1/db?server=x",
    };
    for (const auto& url : bad_urls) {
        std::error_code ec;
        ifx::diagnostics diag;
        (void)ifx::parse_url(url, ec, diag);
        EXPECT_TRUE(ec) << url;
        expect_no_secret(diag.to_string(), "parse_url");
        try {
            (void)ifx::parse_url(url);
            ADD_FAILURE() << url;
        } catch (const ifx::error& e) {
            expect_no_secret(e.what(), "parse_url error");
        }
    }
}

}  // namespace
