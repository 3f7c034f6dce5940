// What a pool does by default that a user must be able to rely on, for ifx::pool and
// ifx::async_pool alike: a session setting a borrower changed never reaches the next borrower
// (restored, or the connection closed), and a connection the server closed while it sat idle is
// replaced before anyone gets it — without a ping, even when it was idle for less than
// validate_after_idle.
#include <gtest/gtest.h>

#include <asio/co_spawn.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>
#include <asio/use_awaitable.hpp>

#include "ifx/async_pool.hpp"
#include "pool_support.hpp"

namespace {

using namespace std::chrono_literals;
using ifx::pool_close_reason;
using ifx::test::closed;
using ifx::test::pool_lite;
using ifx::test::pool_lite_params;
using ifx::test::quiet;
using ifx::test::unique_table;

// Runs body(pool) as a coroutine on a fresh io_context; closes the pool when it ends.
template <class F>
void with_async_pool(ifx::pool_params pp, F body) {
    asio::io_context io(1);
    ifx::async_pool pool(io.get_executor(), pool_lite_params(), std::move(pp));
    std::exception_ptr failure;
    asio::co_spawn(io, body(pool), [&](std::exception_ptr e) {
        failure = e;
        pool.close();
    });
    io.run();
    if (failure) std::rethrow_exception(failure);
}

// A row another session inserted and has not committed: seen only under DIRTY READ.
struct uncommitted_row {
    explicit uncommitted_row(const std::string& table) : writer(pool_lite_params()) {
        writer.execute("CREATE TABLE " + table + " (id INTEGER)");
        writer.begin();
        writer.execute("INSERT INTO " + table + " VALUES (1)");
    }
    ~uncommitted_row() {
        std::error_code ec;
        ifx::diagnostics diag;
        writer.rollback(ec, diag);
    }
    ifx::connection writer;
};

// The count a borrower sees, or -1 when its read fails (a lock conflict under COMMITTED READ).
std::int64_t visible_rows(ifx::connection& c, const std::string& table) {
    std::error_code ec;
    ifx::diagnostics diag;
    auto r = c.query("SELECT COUNT(*) FROM " + table, {}, ec, diag);
    return ec ? -1 : r[0].get<std::int64_t>(0);
}

TEST(pool_defaults, a_borrowers_isolation_never_reaches_the_next_borrower) {
    ifx::test::log_capture logs;
    ifx::pool pool(pool_lite_params(), quiet(logs));  // default restore; one connection
    const auto t = unique_table("dirty");
    uncommitted_row row(t);
    {
        auto a = pool.acquire();
        a->execute("SET ISOLATION TO DIRTY READ");
        EXPECT_EQ(visible_rows(*a, t), 1) << "A reads dirty, as it asked";
    }
    auto b = pool.acquire();
    EXPECT_EQ(b->changed_settings(), 0u);
    EXPECT_NE(visible_rows(*b, t), 1) << "B read another session's uncommitted row";
    EXPECT_EQ(closed(pool.stats(), pool_close_reason::settings_changed), 1u);
}

TEST(pool_defaults, a_lock_mode_without_a_restore_statement_closes_the_connection_one_with_it_is_restored) {
    ifx::test::log_capture logs;
    {
        ifx::pool pool(pool_lite_params(), quiet(logs));
        pool.acquire()->execute("SET LOCK MODE TO WAIT 5");
        EXPECT_EQ(closed(pool.stats(), pool_close_reason::settings_changed), 1u);
        pool.acquire()->execute("SELECT 1 FROM systables WHERE tabid = 1");  // no change: kept
        EXPECT_EQ(pool.stats().closed_total(), 1u);
    }
    auto pp = quiet(logs);
    pp.restore.lock_mode = "SET LOCK MODE TO NOT WAIT";
    ifx::pool pool(pool_lite_params(), pp);
    pool.acquire()->execute("SET LOCK MODE TO WAIT 5");
    EXPECT_EQ(pool.stats().closed_total(), 0u);
    EXPECT_EQ(pool.stats().restores, 1u);
}

TEST(pool_defaults, keep_unrestored_lets_settings_pass_on) {
    ifx::test::log_capture logs;
    auto pp = quiet(logs);
    pp.restore.keep_unrestored = true;  // the opt-out
    ifx::pool pool(pool_lite_params(), pp);
    pool.acquire()->execute("SET ISOLATION TO DIRTY READ");
    EXPECT_EQ(pool.stats().closed_total(), 0u);
    const auto t = unique_table("kept");
    uncommitted_row row(t);
    auto b = pool.acquire();
    EXPECT_EQ(visible_rows(*b, t), 1) << "the opt-out passes A's DIRTY READ on";
}

TEST(pool_defaults, what_after_connect_sets_is_the_baseline_not_a_change) {
    ifx::test::log_capture logs;
    auto pp = quiet(logs);
    pp.hooks.after_connect = [](ifx::connection& c) { c.execute("SET LOCK MODE TO WAIT 1"); };
    ifx::pool pool(pool_lite_params(), pp);
    pool.acquire()->ping();
    pool.acquire()->ping();
    EXPECT_EQ(pool.stats().created, 1u) << "the hook's setting closed a connection nobody changed";
    EXPECT_EQ(pool.stats().closed_total(), 0u);
}

TEST(pool_defaults, async_a_borrowers_isolation_never_reaches_the_next_borrower) {
    ifx::test::log_capture logs;
    const auto t = unique_table("adirty");
    uncommitted_row row(t);
    with_async_pool(quiet(logs), [&](ifx::async_pool& pool) -> asio::awaitable<void> {
        {
            auto a = co_await pool.async_acquire(asio::use_awaitable);
            co_await a->async_execute("SET ISOLATION TO DIRTY READ", asio::use_awaitable);
        }
        auto b = co_await pool.async_acquire(asio::use_awaitable);  // after A's connection was closed
        EXPECT_EQ(b->changed_settings(), 0u);
        ifx::diagnostics diag;
        auto [ec, r] = co_await b->async_query("SELECT COUNT(*) FROM " + t, {}, diag,
                                               asio::experimental::as_tuple(asio::use_awaitable));
        EXPECT_TRUE(ec || r[0].get<std::int64_t>(0) == 0) << "B read another session's uncommitted row";
        EXPECT_EQ(closed(pool.stats(), pool_close_reason::settings_changed), 1u);
    });
}

// ---- connections the server closed while idle -----------------------------------------------------

TEST(pool_defaults, a_connection_killed_while_idle_is_replaced_before_anyone_gets_it) {
    ifx::test::log_capture logs;
    auto pp = quiet(logs, 2);
    pp.min_size = 2;
    pp.validate_after_idle = 1h;  // never pinged: only the look at the socket can tell
    ifx::pool pool(pool_lite_params(), pp);
    pool_lite().control("kill-all");
    for (int i = 0; i < 3; ++i) {
        auto c = pool.acquire();
        std::error_code ec;
        ifx::diagnostics diag;
        c->ping(ec, diag);
        EXPECT_FALSE(ec) << "round " << i << ": a stale connection was handed out: " << diag.to_string();
    }
    EXPECT_EQ(closed(pool.stats(), pool_close_reason::validation_failed), 2u);
    EXPECT_TRUE(logs.contains("closed or reset by the server while idle"));
}

TEST(pool_defaults, async_a_connection_killed_while_idle_is_replaced_before_anyone_gets_it) {
    ifx::test::log_capture logs;
    auto pp = quiet(logs, 2);
    pp.min_size = 2;
    pp.validate_after_idle = 1h;
    with_async_pool(pp, [&](ifx::async_pool& pool) -> asio::awaitable<void> {
        asio::steady_timer t(co_await asio::this_coro::executor);
        while (pool.stats().idle < 2) {
            t.expires_after(5ms);
            co_await t.async_wait(asio::use_awaitable);
        }
        pool_lite().control("kill-all");
        for (int i = 0; i < 3; ++i) {
            auto c = co_await pool.async_acquire(asio::use_awaitable);
            ifx::diagnostics diag;
            auto [ec, r] = co_await c->async_query("SELECT 1 FROM systables WHERE tabid = 1", {}, diag,
                                                   asio::experimental::as_tuple(asio::use_awaitable));
            EXPECT_FALSE(ec) << "round " << i << ": a stale connection was handed out: " << diag.to_string();
        }
        EXPECT_EQ(closed(pool.stats(), pool_close_reason::validation_failed), 2u);
    });
}

}  // namespace
