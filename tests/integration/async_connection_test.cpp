// ifx::async_connection against ifxlite: every operation, fail-fast concurrency, cancellation and
// deadlines with a delaying server, and 200 sessions driven by one thread.
#include <gtest/gtest.h>

#include <unistd.h>

#include <asio/bind_cancellation_slot.hpp>
#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <asio/experimental/awaitable_operators.hpp>
#include <asio/strand.hpp>
#include <asio/use_awaitable.hpp>
#include <atomic>
#include <thread>

#include "ifx/async_connection.hpp"
#include "server_fixture.hpp"
#include "support/run_coroutine.hpp"
#include "support/tls_fixture.hpp"

namespace {

using ifx::test::run_coroutine;
using ifx::test::server_fixture;
using namespace std::chrono_literals;
constexpr auto tuple_awaitable = asio::experimental::as_tuple(asio::use_awaitable);

std::string unique_table(const char* base) {
    static std::atomic<int> n{0};
    return std::string(base) + "_" + std::to_string(::getpid()) + "_" + std::to_string(++n);
}

void check(std::error_code ec, const ifx::diagnostics& diag, const char* what) {
    if (ec) throw ifx::error(ec, diag);
    (void)what;
}

TEST(async_connection, runs_every_operation) {
    const auto table = unique_table("aconn");
    run_coroutine([&](asio::io_context& io) -> asio::awaitable<void> {
        ifx::async_connection c(io);
        ifx::diagnostics diag;
        auto [ec] = co_await c.async_connect(server_fixture::instance().params(), diag, tuple_awaitable);
        check(ec, diag, "connect");
        EXPECT_TRUE(c.is_open());
        EXPECT_EQ(c.info().database, "itest");

        co_await c.async_execute("CREATE TABLE " + table + " (id INTEGER NOT NULL, name VARCHAR(40))",
                                 asio::use_awaitable);
        const auto one = ifx::make_params(1, "one");
        auto ins =
            co_await c.async_execute("INSERT INTO " + table + " VALUES (?, ?)", one, asio::use_awaitable);
        EXPECT_EQ(ins.affected_rows, 1);

        // Prepared + pipelined execute_many.
        auto stmt = co_await c.async_prepare("INSERT INTO " + table + " VALUES (?, ?)", asio::use_awaitable);
        EXPECT_TRUE(stmt.valid());
        std::vector<std::string> names;
        for (int i = 2; i <= 500; ++i) names.push_back("n" + std::to_string(i));
        std::vector<ifx::param> rows;
        for (int i = 2; i <= 500; ++i) {
            rows.emplace_back(i);
            rows.emplace_back(names[static_cast<std::size_t>(i - 2)]);
        }
        auto batch = co_await c.async_execute_many(stmt, rows, 2, 128, asio::use_awaitable);
        EXPECT_EQ(batch.rows_succeeded, 499u);
        EXPECT_EQ(batch.round_trips, 4u);
        co_await stmt.async_close(asio::use_awaitable);
        EXPECT_FALSE(stmt.valid());

        // Whole result.
        auto r = co_await c.async_query("SELECT id, name FROM " + table + " WHERE id <= ? ORDER BY id",
                                        ifx::make_params(3), asio::use_awaitable);
        EXPECT_EQ(r.size(), 3u);
        EXPECT_EQ(r[2].get<std::string>(1), "n3");
        auto count = co_await c.async_query("SELECT COUNT(*) FROM " + table, asio::use_awaitable);
        EXPECT_EQ(count[0].get<long long>(0), 500);

        // A cursor in small batches.
        auto cur =
            co_await c.async_open_cursor("SELECT id FROM " + table + " ORDER BY id", {}, asio::use_awaitable);
        long long seen = 0, expected = 1;
        std::size_t batches = 0;
        for (;;) {
            auto b = co_await cur.async_fetch(asio::use_awaitable);
            if (b.empty()) break;
            ++batches;
            for (auto row : b) {
                EXPECT_EQ(row.get<long long>(0), expected);
                ++expected;
                ++seen;
            }
        }
        EXPECT_EQ(seen, 500);
        EXPECT_GE(batches, 1u);
        EXPECT_TRUE(cur.exhausted());
        co_await cur.async_close(asio::use_awaitable);

        // Transactions.
        co_await c.async_begin(asio::use_awaitable);
        EXPECT_TRUE(c.in_transaction());
        co_await c.async_execute("DELETE FROM " + table, asio::use_awaitable);
        co_await c.async_rollback(asio::use_awaitable);
        EXPECT_FALSE(c.in_transaction());
        auto still = co_await c.async_query("SELECT COUNT(*) FROM " + table, asio::use_awaitable);
        EXPECT_EQ(still[0].get<long long>(0), 500);

        // A server error leaves the connection usable and fills the diagnostics.
        auto [bad, res] = co_await c.async_query("SELECT * FROM no_such_table_x", {}, diag, tuple_awaitable);
        EXPECT_EQ(bad.category(), ifx::server_category());
        EXPECT_EQ(diag.sqlcode, -206);
        EXPECT_TRUE(c.is_open());

        // A dropped cursor and statement are freed before the next operation.
        {
            auto dropped = co_await c.async_open_cursor("SELECT id FROM " + table, {}, asio::use_awaitable);
            auto unused = co_await c.async_prepare("SELECT name FROM " + table, asio::use_awaitable);
        }
        co_await c.async_execute("DROP TABLE " + table, asio::use_awaitable);
        co_await c.async_close(asio::use_awaitable);
        EXPECT_FALSE(c.is_open());
    });
}

TEST(async_connection, savepoints_and_execute_many_over_tuples) {
    const auto table = unique_table("asave");
    run_coroutine([&](asio::io_context& io) -> asio::awaitable<void> {
        ifx::async_connection c(io);
        co_await c.async_connect(server_fixture::instance().params(), asio::use_awaitable);
        co_await c.async_execute("CREATE TABLE " + table + " (id INTEGER NOT NULL, name VARCHAR(40))",
                                 asio::use_awaitable);
        auto ins = co_await c.async_prepare("INSERT INTO " + table + " VALUES (?, ?)", asio::use_awaitable);

        // execute_many over a range of tuples, as the sync API.
        std::vector<std::tuple<int, std::string>> rows;
        for (int i = 1; i <= 10; ++i) rows.emplace_back(i, "r" + std::to_string(i));
        auto batch = co_await c.async_execute_many(ins, rows, 4, asio::use_awaitable);
        EXPECT_EQ(batch.rows_sent, 10u);
        EXPECT_EQ(batch.rows_succeeded, 10u);
        EXPECT_EQ(batch.affected_rows, 10);
        EXPECT_EQ(batch.round_trips, 3u);
        const std::vector<std::tuple<int, std::string>> none;
        auto empty = co_await c.async_execute_many(ins, none, asio::use_awaitable);
        EXPECT_EQ(empty.rows_sent, 0u);

        // A failing row: its index in the diagnostics, the rest reported.
        std::vector<std::tuple<std::optional<int>, std::string>> bad_rows = {
            {20, "a"}, {std::nullopt, "b"}, {22, "c"}};
        ifx::diagnostics diag;
        auto [ec, failed] = co_await c.async_execute_many(ins, bad_rows, 10, diag, tuple_awaitable);
        EXPECT_TRUE(ec);
        EXPECT_EQ(diag.batch_row, 1);
        EXPECT_EQ(failed.failed_rows, std::vector<std::size_t>{1});
        EXPECT_EQ(failed.rows_succeeded, 2u);

        // Savepoints inside a transaction.
        co_await c.async_begin(asio::use_awaitable);
        co_await c.async_execute("INSERT INTO " + table + " VALUES (100, 'kept')", asio::use_awaitable);
        co_await c.async_savepoint("sp1", asio::use_awaitable);
        co_await c.async_execute("INSERT INTO " + table + " VALUES (101, 'undone')", asio::use_awaitable);
        co_await c.async_rollback_to_savepoint("sp1", asio::use_awaitable);
        co_await c.async_savepoint("sp2", asio::use_awaitable);
        co_await c.async_execute("INSERT INTO " + table + " VALUES (102, 'released')", asio::use_awaitable);
        co_await c.async_release_savepoint("sp2", asio::use_awaitable);
        EXPECT_TRUE(c.in_transaction());
        co_await c.async_commit(asio::use_awaitable);
        auto r = co_await c.async_query("SELECT id FROM " + table + " WHERE id >= 100 ORDER BY id",
                                        asio::use_awaitable);
        EXPECT_EQ(r.size(), 2u);
        if (r.size() == 2) {
            EXPECT_EQ(r[0].get<int>(0), 100);
            EXPECT_EQ(r[1].get<int>(0), 102);
        }

        // A name that is not an identifier is refused before anything is sent.
        auto [nec] = co_await c.async_savepoint("x; DROP TABLE t", diag, tuple_awaitable);
        EXPECT_EQ(nec, ifx::errc::invalid_argument);
        // ROLLBACK TO an unknown savepoint is a server error that keeps the connection.
        co_await c.async_begin(asio::use_awaitable);
        auto [sec] = co_await c.async_rollback_to_savepoint("nosuch", diag, tuple_awaitable);
        EXPECT_TRUE(sec);
        EXPECT_EQ(sec.category(), ifx::server_category());
        EXPECT_TRUE(c.is_open());
        co_await c.async_rollback(asio::use_awaitable);

        co_await c.async_execute("DROP TABLE " + table, asio::use_awaitable);
        co_await c.async_close(asio::use_awaitable);
    });
}

TEST(async_connection, works_with_plain_callbacks) {
    asio::io_context io;
    ifx::async_connection c(io);
    std::error_code connect_ec = ifx::errc::timeout, query_ec = ifx::errc::timeout;
    long long value = 0;
    c.async_connect(server_fixture::instance().params(), [&](std::error_code ec) {
        connect_ec = ec;
        if (ec) return;
        c.async_query("SELECT COUNT(*) FROM systables WHERE tabid = 1",
                      [&](std::error_code qec, ifx::result r) {
                          query_ec = qec;
                          if (!qec && r.size() == 1) value = r[0].get<long long>(0);
                      });
    });
    io.run();
    EXPECT_FALSE(connect_ec) << connect_ec.message();
    EXPECT_FALSE(query_ec) << query_ec.message();
    EXPECT_EQ(value, 1);
}

TEST(async_connection, a_second_operation_fails_fast_with_operation_in_progress) {
    run_coroutine([&](asio::io_context& io) -> asio::awaitable<void> {
        ifx::async_connection c(io);
        co_await c.async_connect(server_fixture::instance().params(), asio::use_awaitable);
        std::error_code first = ifx::errc::timeout, second = ifx::errc::timeout;
        c.async_query("SELECT COUNT(*) FROM systables", [&](std::error_code ec, ifx::result) { first = ec; });
        EXPECT_TRUE(c.busy());
        c.async_execute("SELECT 1 FROM systables",
                        [&](std::error_code ec, ifx::exec_result) { second = ec; });
        asio::steady_timer t(io);
        while (c.busy() || second == ifx::errc::timeout) {
            t.expires_after(1ms);
            co_await t.async_wait(asio::use_awaitable);
        }
        EXPECT_FALSE(first) << first.message();
        EXPECT_EQ(second, ifx::errc::operation_in_progress);
        EXPECT_TRUE(c.is_open());
        auto r =
            co_await c.async_query("SELECT COUNT(*) FROM systables WHERE tabid = 1", asio::use_awaitable);
        EXPECT_EQ(r.size(), 1u);
        co_await c.async_close(asio::use_awaitable);
    });
}

TEST(async_connection, connect_failure_reports_the_error) {
    run_coroutine([&](asio::io_context& io) -> asio::awaitable<void> {
        ifx::async_connection c(io);
        auto p = server_fixture::instance().params();
        p.password = "wrong";
        ifx::diagnostics diag;
        auto [ec] = co_await c.async_connect(p, diag, tuple_awaitable);
        EXPECT_TRUE(ec);
        EXPECT_FALSE(c.is_open());
        auto [ec2, r] = co_await c.async_query("SELECT 1 FROM systables", tuple_awaitable);
        EXPECT_TRUE(ec2);
    });
}

TEST(async_connection, tls_is_verified_with_the_same_rules_as_the_sync_client) {
    if (server_fixture::instance().real_server()) GTEST_SKIP() << "needs ifxlite";
    auto pki = ifx::test::test_pki::create();
    ifx::test::tls_proxy good(pki.good_cert, pki.good_key, server_fixture::instance().lite().port());
    ifx::test::tls_proxy other(pki.other_host_cert, pki.other_host_key,
                               server_fixture::instance().lite().port());
    auto params_for = [&](const ifx::test::tls_proxy& proxy) {
        auto p = server_fixture::instance().params();
        p.host = "localhost";
        p.port = proxy.port();
        p.tls = ifx::tls_mode::verify_full;
        p.tls_ca_file = pki.ca_file;
        p.connect_timeout = 5s;
        return p;
    };
    run_coroutine([&](asio::io_context& io) -> asio::awaitable<void> {
        ifx::async_connection c(io);
        co_await c.async_connect(params_for(good), asio::use_awaitable);
        auto r = co_await c.async_query("SELECT COUNT(*) FROM systables WHERE tabid = ?", ifx::make_params(1),
                                        asio::use_awaitable);
        EXPECT_EQ(r[0].get<long long>(0), 1);
        co_await c.async_close(asio::use_awaitable);

        ifx::async_connection wrong(io);
        ifx::diagnostics diag;
        auto [ec] = co_await wrong.async_connect(params_for(other), diag, tuple_awaitable);
        EXPECT_EQ(ec, ifx::errc::tls_error);
        EXPECT_NE(diag.client_message.find("certificate verification failed"), std::string::npos)
            << diag.client_message;
        EXPECT_FALSE(wrong.is_open());
    });
}

// ---- cancellation and deadlines against a server that delays every reply ------------------------

class slow_server : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        if (server_fixture::instance().real_server()) return;
        lite_ = std::make_unique<ifx::test::ifxlite_process>(
            ifx::test::ifxlite_options{.extra_args = {"--control", "127.0.0.1:0"}});
        lite_->create_database("slow", "log");
    }
    static void TearDownTestSuite() { lite_.reset(); }
    void SetUp() override {
        if (!lite_) GTEST_SKIP() << "needs ifxlite";
        lite_->control("reset");
    }
    static ifx::connect_params params() { return ifx::parse_url(lite_->url("slow") + "&tls=disable"); }
    static inline std::unique_ptr<ifx::test::ifxlite_process> lite_;
};

TEST_F(slow_server, cancelling_mid_query_closes_the_connection) {
    run_coroutine([&](asio::io_context& io) -> asio::awaitable<void> {
        ifx::async_connection c(io);
        co_await c.async_connect(params(), asio::use_awaitable);
        lite_->control("delay-ms 400");
        asio::cancellation_signal cancel;
        std::error_code result;
        bool done = false;
        c.async_query("SELECT COUNT(*) FROM systables",
                      asio::bind_cancellation_slot(cancel.slot(), [&](std::error_code ec, ifx::result) {
                          result = ec;
                          done = true;
                      }));
        asio::steady_timer t(io);
        t.expires_after(50ms);
        co_await t.async_wait(asio::use_awaitable);
        EXPECT_FALSE(done);
        cancel.emit(asio::cancellation_type::terminal);
        while (!done) {
            t.expires_after(1ms);
            co_await t.async_wait(asio::use_awaitable);
        }
        EXPECT_EQ(result, asio::error::operation_aborted);
        EXPECT_FALSE(c.is_open());
        EXPECT_FALSE(c.busy());
        auto [ec, r] = co_await c.async_query("SELECT 1 FROM systables", tuple_awaitable);
        EXPECT_EQ(ec, ifx::errc::connection_closed);
        // A fresh connection on the same object works.
        lite_->control("reset");
        co_await c.async_connect(params(), asio::use_awaitable);
        auto ok =
            co_await c.async_query("SELECT COUNT(*) FROM systables WHERE tabid = 1", asio::use_awaitable);
        EXPECT_EQ(ok.size(), 1u);
    });
}

TEST_F(slow_server, awaitable_operators_race_a_timer) {
    using namespace asio::experimental::awaitable_operators;
    run_coroutine([&](asio::io_context& io) -> asio::awaitable<void> {
        ifx::async_connection c(io);
        co_await c.async_connect(params(), asio::use_awaitable);
        lite_->control("delay-ms 500");
        asio::steady_timer t(io, 30ms);
        auto winner = co_await (c.async_query("SELECT COUNT(*) FROM systables", asio::use_awaitable) ||
                                t.async_wait(asio::use_awaitable));
        EXPECT_EQ(winner.index(), 1u);  // the timer won; the query was cancelled
        EXPECT_FALSE(c.is_open());
    });
}

TEST_F(slow_server, the_operation_deadline_closes_the_connection) {
    run_coroutine([&](asio::io_context& io) -> asio::awaitable<void> {
        ifx::async_connection c(io);
        co_await c.async_connect(params(), asio::use_awaitable);
        lite_->control("delay-ms 400");
        c.set_operation_timeout(60ms);
        ifx::diagnostics diag;
        const auto start = std::chrono::steady_clock::now();
        auto [ec, r] = co_await c.async_query("SELECT COUNT(*) FROM systables", {}, diag, tuple_awaitable);
        EXPECT_EQ(ec, ifx::errc::timeout);
        EXPECT_LT(std::chrono::steady_clock::now() - start, 350ms);
        EXPECT_FALSE(c.is_open());
        EXPECT_FALSE(diag.client_message.empty());
    });
}

TEST_F(slow_server, cancelling_at_increasing_delays_never_leaves_a_dirty_connection) {
    // Cancel a prepare → open → fetch → close exchange at many points in time: each time the
    // outcome is either success with an open, usable connection, or operation_aborted with a
    // closed one.
    lite_->control("delay-ms 3");
    int completed = 0, aborted = 0;
    for (int step_us = 0; step_us <= 40000; step_us += 2000) {
        run_coroutine([&](asio::io_context& io) -> asio::awaitable<void> {
            ifx::async_connection c(io);
            co_await c.async_connect(params(), asio::use_awaitable);
            asio::cancellation_signal cancel;
            std::error_code result = ifx::errc::timeout;
            bool done = false;
            c.async_query("SELECT tabid, tabname FROM systables ORDER BY tabid",
                          asio::bind_cancellation_slot(cancel.slot(), [&](std::error_code ec, ifx::result) {
                              result = ec;
                              done = true;
                          }));
            asio::steady_timer t(io, std::chrono::microseconds(step_us));
            co_await t.async_wait(asio::use_awaitable);
            cancel.emit(asio::cancellation_type::terminal);
            while (!done) {
                t.expires_after(1ms);
                co_await t.async_wait(asio::use_awaitable);
            }
            if (!result) {
                ++completed;
                EXPECT_TRUE(c.is_open());
                auto r = co_await c.async_query("SELECT COUNT(*) FROM systables WHERE tabid = 1",
                                                asio::use_awaitable);
                EXPECT_EQ(r.size(), 1u);
            } else {
                ++aborted;
                EXPECT_EQ(result, asio::error::operation_aborted);
                EXPECT_FALSE(c.is_open());
            }
        });
    }
    EXPECT_GT(aborted, 0);
    EXPECT_GT(completed, 0);
}

// ---- scale: one thread, 200 sessions -------------------------------------------------------------

TEST(async_connection, one_thread_drives_200_concurrent_sessions) {
    const auto table = unique_table("ascale");
    {
        ifx::connection setup(server_fixture::instance().params());
        setup.execute("CREATE TABLE " + table + " (id INTEGER NOT NULL, name VARCHAR(40))");
        auto ins = setup.prepare("INSERT INTO " + table + " VALUES (?, ?)");
        std::vector<std::tuple<int, std::string>> rows;
        for (int i = 0; i < 200; ++i) rows.emplace_back(i, "name" + std::to_string(i));
        setup.execute_many(ins, rows);
    }
    constexpr int sessions = 200;
    asio::io_context io(1);
    std::atomic<int> ok{0};
    std::vector<std::string> failures;
    const auto thread = std::this_thread::get_id();
    for (int i = 0; i < sessions; ++i) {
        asio::co_spawn(
            io,
            [&, i]() -> asio::awaitable<void> {
                ifx::async_connection c(co_await asio::this_coro::executor);
                co_await c.async_connect(server_fixture::instance().params(), asio::use_awaitable);
                for (int round = 0; round < 3; ++round) {
                    const int id = (i + round * 7) % sessions;
                    auto r = co_await c.async_query("SELECT id, name FROM " + table + " WHERE id = ?",
                                                    ifx::make_params(id), asio::use_awaitable);
                    if (r.size() != 1 || r[0].get<int>(0) != id ||
                        r[0].get<std::string>(1) != "name" + std::to_string(id))
                        throw std::runtime_error("wrong row for id " + std::to_string(id));
                    if (std::this_thread::get_id() != thread)
                        throw std::runtime_error("ran on another thread");
                }
                co_await c.async_close(asio::use_awaitable);
                ++ok;
            },
            [&](std::exception_ptr e) {
                if (!e) return;
                try {
                    std::rethrow_exception(e);
                } catch (const std::exception& x) {
                    failures.push_back(x.what());
                }
            });
    }
    io.run();
    EXPECT_EQ(ok.load(), sessions);
    EXPECT_TRUE(failures.empty()) << failures.size() << " failures, first: " << failures.front();
    ifx::connection cleanup(server_fixture::instance().params());
    cleanup.execute("DROP TABLE " + table);
}

TEST(async_connection, sessions_on_strands_of_a_multi_threaded_io_context) {
    // Each connection lives on its own strand; four threads run the io_context (ThreadSanitizer
    // checks that a connection's handlers never run concurrently).
    asio::io_context io(4);
    std::atomic<int> ok{0};
    for (int i = 0; i < 24; ++i) {
        auto strand = asio::make_strand(io);
        asio::co_spawn(
            strand,
            [i]() -> asio::awaitable<void> {
                ifx::async_connection c(co_await asio::this_coro::executor);
                co_await c.async_connect(server_fixture::instance().params(), asio::use_awaitable);
                for (int q = 0; q < 5; ++q) {
                    auto r = co_await c.async_query("SELECT COUNT(*) FROM systables WHERE tabid <= ?",
                                                    ifx::make_params(i % 3 + 1), asio::use_awaitable);
                    if (r.size() != 1) throw std::runtime_error("wrong result");
                }
                co_await c.async_close(asio::use_awaitable);
            },
            [&](std::exception_ptr e) {
                if (!e) ++ok;
            });
    }
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) threads.emplace_back([&] { io.run(); });
    for (auto& t : threads) t.join();
    EXPECT_EQ(ok.load(), 24);
}

}  // namespace
