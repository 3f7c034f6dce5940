// ifx::async_pool against ifxlite: the sync pool's release rules (rollback, cursors, statements,
// settings), validation, timeouts, cancellation (never a leaked connection), a cancelled
// exchange never recycled, close with a deadline, server restart, many coroutines on one thread,
// and a strand on a multi-threaded io_context (run under ThreadSanitizer too).
#include <gtest/gtest.h>

#include <unistd.h>

#include <asio/bind_cancellation_slot.hpp>
#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <asio/experimental/awaitable_operators.hpp>
#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>
#include <asio/strand.hpp>
#include <asio/use_awaitable.hpp>
#include <atomic>
#include <regex>
#include <thread>

#include "ifx/async_pool.hpp"
#include "pool_support.hpp"

namespace {

using namespace std::chrono_literals;
using ifx::pool_close_reason;
using ifx::test::closed;
using ifx::test::pool_lite;
using ifx::test::pool_lite_params;
constexpr auto tuple_awaitable = asio::experimental::as_tuple(asio::use_awaitable);

using ifx::test::quiet;
using ifx::test::recovering;
using ifx::test::server_open_cursors;
using ifx::test::unique_table;

// Runs body(pool) as a coroutine on a fresh io_context on this thread; closes the pool when it
// ends (so io.run() returns) and rethrows its failure.
template <class F>
void with_pool(ifx::connect_params cp, ifx::pool_params pp, F body) {
    asio::io_context io(1);
    ifx::async_pool pool(io.get_executor(), std::move(cp), std::move(pp));
    std::exception_ptr failure;
    asio::co_spawn(io, body(pool), [&](std::exception_ptr e) {
        failure = e;
        pool.close();
    });
    io.run();
    if (failure) std::rethrow_exception(failure);
}

asio::awaitable<std::int64_t> count(ifx::async_connection& c, const std::string& t) {
    auto r = co_await c.async_query("SELECT COUNT(*) FROM " + t, asio::use_awaitable);
    co_return r[0].get<std::int64_t>(0);
}

asio::awaitable<void> sleep_for(std::chrono::milliseconds d) {
    asio::steady_timer t(co_await asio::this_coro::executor, d);
    co_await t.async_wait(asio::use_awaitable);
}

TEST(async_pool, uncommitted_writes_are_rolled_back_committed_ones_survive) {
    ifx::test::log_capture logs;
    const auto t = unique_table("apunc");
    with_pool(pool_lite_params(), quiet(logs), [&](ifx::async_pool& pool) -> asio::awaitable<void> {
        {
            auto a = co_await pool.async_acquire(asio::use_awaitable);
            co_await a->async_execute("CREATE TABLE " + t + " (id INTEGER)", asio::use_awaitable);
            co_await a->async_execute("INSERT INTO " + t + " VALUES (1)", asio::use_awaitable);  // autocommit
            co_await a->async_begin(asio::use_awaitable);
            co_await a->async_execute("INSERT INTO " + t + " VALUES (2)", asio::use_awaitable);
            EXPECT_TRUE(a->in_transaction());
        }  // A forgets to commit: rolled back asynchronously before anyone else gets it
        auto b = co_await pool.async_acquire(asio::use_awaitable);
        EXPECT_FALSE(b->in_transaction());
        EXPECT_EQ(co_await count(*b, t), 1) << "B sees A's uncommitted row, or lost the committed one";
        co_await b->async_begin(asio::use_awaitable);
        co_await b->async_execute("INSERT INTO " + t + " VALUES (3)", asio::use_awaitable);
        co_await b->async_commit(asio::use_awaitable);
        EXPECT_EQ(co_await count(*b, t), 2);
        const auto st = pool.stats();
        EXPECT_EQ(st.rollbacks, 1u);
        EXPECT_EQ(st.created, 1u);
        EXPECT_EQ(st.closed_total(), 0u);
    });
    EXPECT_TRUE(logs.contains("returned inside a transaction by"));
    EXPECT_TRUE(logs.contains("async_pool_test.cpp")) << "the warning names the borrower";
    ifx::connection other(pool_lite_params());
    EXPECT_EQ(other.query_value<std::int64_t>("SELECT COUNT(*) FROM " + t), 2);
}

TEST(async_pool, open_cursors_discard_statements_are_released_settings_restored) {
    ifx::test::log_capture logs;
    auto pp = quiet(logs);
    pp.restore.isolation = "SET ISOLATION TO COMMITTED READ";
    std::vector<std::string> sent;
    auto cp = pool_lite_params();
    cp.trace = [&](std::string_view line) {
        if (line.find(" C>S ") != std::string_view::npos) sent.emplace_back(line);
    };
    with_pool(cp, pp, [&](ifx::async_pool& pool) -> asio::awaitable<void> {
        std::optional<ifx::async_cursor> kept_cursor;
        {
            auto a = co_await pool.async_acquire(asio::use_awaitable);
            kept_cursor.emplace(
                co_await a->async_open_cursor("SELECT tabid FROM systables", {}, asio::use_awaitable));
            EXPECT_EQ(a->open_cursors(), 1);
        }
        EXPECT_EQ(closed(pool.stats(), pool_close_reason::reset_failed), 1u) << "a cursor still open";
        kept_cursor.reset();

        std::vector<ifx::async_statement> kept;
        std::size_t before = 0;
        {
            auto a = co_await pool.async_acquire(asio::use_awaitable);
            EXPECT_EQ(a->open_cursors(), 0);
            kept.push_back(co_await a->async_prepare("SELECT tabid FROM systables", asio::use_awaitable));
            kept.push_back(co_await a->async_prepare("SELECT tabname FROM systables", asio::use_awaitable));
            co_await a->async_execute("SET ISOLATION TO DIRTY READ", asio::use_awaitable);
            EXPECT_EQ(a->open_statements(), 2u);
            before = sent.size();
        }
        auto b = co_await pool.async_acquire(asio::use_awaitable);  // waits for the cleaning
        // One write: the two releases (SQ_ID 00 04, the id, SQ_RELEASE 00 0b, SQ_EOT 00 0c)
        // pipelined in front of the restore (SQ_COMMAND 00 01), whose reply B's session reads.
        EXPECT_EQ(sent.size() - before, 1u) << "releases and restore in one write before B got it";
        const std::string cleaning = sent.size() > before ? sent[before] : std::string();
        const std::regex release(" 00 04 [0-9a-f]{2} [0-9a-f]{2} 00 0b 00 0c");
        const auto releases = std::distance(std::sregex_iterator(cleaning.begin(), cleaning.end(), release),
                                            std::sregex_iterator());
        EXPECT_EQ(releases, 2) << cleaning;
        // SQ_COMMAND, i16 0, the text's length (i32; i16 for a server without feature 62, as
        // ifxlite --profile legacy), "SET ISO…".
        const std::regex restore(" 00 01 00 00 (00 00 )?00 1f 53 45 54 20 49 53 4f");
        EXPECT_TRUE(std::regex_search(cleaning, restore))
            << "SET ISOLATION TO COMMITTED READ follows: " << cleaning;
        for (auto& s : kept) EXPECT_FALSE(s.valid());
        EXPECT_EQ(b->open_statements(), 0u);
        EXPECT_EQ(b->changed_settings(), 0u);
        auto [ec, r] = co_await b->async_query(kept[0], {}, tuple_awaitable);
        EXPECT_EQ(ec, ifx::errc::cursor_closed) << "A's statement cannot run on B's session";
        const auto st = pool.stats();
        EXPECT_EQ(st.restores, 1u);
        EXPECT_EQ(st.created, 2u);
        EXPECT_EQ(st.closed_total(), 1u);
    });
    EXPECT_TRUE(logs.contains("cursor(s) still open"));
    EXPECT_TRUE(logs.contains("2 prepared statement(s) still held by"));
}

TEST(async_pool, many_coroutines_on_one_thread_share_a_few_connections) {
    ifx::test::log_capture logs;
    constexpr int workers = 100;
    asio::io_context io(1);
    ifx::async_pool pool(io.get_executor(), pool_lite_params(), quiet(logs, 4));
    int finished = 0;
    std::vector<std::string> failures;
    const auto thread = std::this_thread::get_id();
    for (int i = 0; i < workers; ++i) {
        asio::co_spawn(
            io,
            [&, i]() -> asio::awaitable<void> {
                for (int round = 0; round < 3; ++round) {
                    auto c = co_await pool.async_acquire(asio::use_awaitable);
                    const int v = i * 10 + round;
                    auto r = co_await c->async_query("SELECT tabid + ? FROM systables WHERE tabid = 1",
                                                     ifx::make_params(v), asio::use_awaitable);
                    if (r.size() != 1 || r[0].get<int>(0) != v + 1) throw std::runtime_error("wrong result");
                    if (std::this_thread::get_id() != thread) throw std::runtime_error("another thread");
                }
            },
            [&](std::exception_ptr e) {
                if (e) {
                    try {
                        std::rethrow_exception(e);
                    } catch (const std::exception& x) {
                        failures.push_back(x.what());
                    }
                }
                if (++finished == workers) pool.close();
            });
    }
    io.run();
    EXPECT_EQ(finished, workers);
    EXPECT_TRUE(failures.empty()) << failures.size() << " failures, first: " << failures.front();
    const auto st = pool.stats();
    EXPECT_EQ(st.acquired, 3u * workers);
    EXPECT_LE(st.created, 4u);
    EXPECT_EQ(st.size, 0u);
    EXPECT_EQ(st.created, st.closed_total());
}

TEST(async_pool, acquire_times_out_and_a_cancelled_acquire_never_leaks) {
    ifx::test::log_capture logs;
    with_pool(pool_lite_params(), quiet(logs), [&](ifx::async_pool& pool) -> asio::awaitable<void> {
        auto held = co_await pool.async_acquire(asio::use_awaitable);
        ifx::diagnostics diag;
        auto [ec, none] = co_await pool.async_acquire(50ms, diag, tuple_awaitable);
        EXPECT_EQ(ec, ifx::errc::pool_timeout);
        EXPECT_FALSE(none.valid());
        EXPECT_NE(diag.client_message.find("within 50 ms"), std::string::npos) << diag.to_string();
        EXPECT_EQ(pool.stats().timeouts, 1u);

        // Cancelled while waiting (awaitable operators cancel the loser).
        using namespace asio::experimental::awaitable_operators;
        auto v = co_await (pool.async_acquire(5s, asio::use_awaitable) || sleep_for(20ms));
        EXPECT_EQ(v.index(), 1u);
        EXPECT_EQ(pool.stats().waiting, 0u);
        EXPECT_EQ(pool.stats().timeouts, 1u) << "a cancel is not a timeout";

        // Cancelled in the same turn as the grant: the connection goes back, not lost.
        asio::cancellation_signal cancel;
        auto ex = co_await asio::this_coro::executor;
        std::error_code got;
        bool granted = false, completed = false;
        pool.async_acquire(5s, asio::bind_cancellation_slot(
                                   cancel.slot(), [&](std::error_code e, ifx::async_pooled_connection c) {
                                       got = e;
                                       granted = c.valid();
                                       completed = true;
                                   }));
        co_await sleep_for(10ms);                        // queued
        held.release();                                  // handed to the waiter…
        cancel.emit(asio::cancellation_type::terminal);  // …which gives up before it resumes
        while (!completed) co_await sleep_for(1ms);
        (void)ex;
        EXPECT_EQ(got, asio::error::operation_aborted);
        EXPECT_FALSE(granted);
        auto st = pool.stats();
        EXPECT_EQ(st.in_use, 0u) << "the cancelled acquire kept a connection";
        EXPECT_EQ(st.idle, 1u);
        auto again = co_await pool.async_acquire(1s, asio::use_awaitable);
        EXPECT_TRUE(again.valid());
        EXPECT_EQ(pool.stats().created, 1u);
    });
}

TEST(async_pool, a_connection_cancelled_mid_exchange_is_never_recycled) {
    ifx::test::log_capture logs;
    with_pool(pool_lite_params(), quiet(logs), [&](ifx::async_pool& pool) -> asio::awaitable<void> {
        {
            auto c = co_await pool.async_acquire(asio::use_awaitable);
            pool_lite().control("delay-ms 300");
            using namespace asio::experimental::awaitable_operators;
            auto v = co_await (c->async_query("SELECT tabid FROM systables", asio::use_awaitable) ||
                               sleep_for(50ms));
            pool_lite().control("reset");
            EXPECT_EQ(v.index(), 1u);
            EXPECT_FALSE(c->is_open());
        }
        EXPECT_EQ(closed(pool.stats(), pool_close_reason::broken), 1u);
        auto c = co_await pool.async_acquire(asio::use_awaitable);
        auto r = co_await c->async_query("SELECT tabid FROM systables WHERE tabid = 1", asio::use_awaitable);
        EXPECT_EQ(r.size(), 1u);
        EXPECT_EQ(pool.stats().created, 2u);
    });
}

asio::awaitable<std::int64_t> session_of(ifx::async_connection& c) {
    auto r = co_await c.async_query("SELECT DBINFO('sessionid') FROM systables WHERE tabid = 1",
                                    asio::use_awaitable);
    co_return r[0].get<std::int64_t>(0);
}

// Polls the server's count of session sid's open cursors until it is `want` (or 5 s pass).
asio::awaitable<int> open_cursors_become(std::int64_t sid, int want) {
    const auto until = std::chrono::steady_clock::now() + 5s;
    int n = server_open_cursors(sid);
    while (n != want && std::chrono::steady_clock::now() < until) {
        co_await sleep_for(10ms);
        n = server_open_cursors(sid);
    }
    co_return n;
}

// Past cursor_close_delay the housekeeping timer writes the finished query's CLOSE and does not
// wait for its reply; a reply still missing when the connection is lent again is waited for (up
// to read_timeout), and one that does not come in time costs that connection (replaced
// silently), never the next borrower's call.
TEST(async_pool, a_late_reply_to_the_returns_close_costs_the_connection_not_the_borrower) {
    ifx::test::log_capture logs;
    auto cp = pool_lite_params();
    cp.read_timeout = 300ms;
    with_pool(cp, quiet(logs), [&](ifx::async_pool& pool) -> asio::awaitable<void> {
        std::int64_t sid = 0;
        {
            auto c = co_await pool.async_acquire(asio::use_awaitable);
            sid = co_await session_of(*c);
            pool_lite().control("delay-ms 3000");  // holds back the reply to the CLOSE
        }
        // The CLOSE has reached the server (its cursor is closed), which is holding the reply.
        EXPECT_EQ(co_await open_cursors_become(sid, 0), 0);
        pool_lite().control("reset");
        auto c = co_await pool.async_acquire(asio::use_awaitable);
        auto r = co_await c->async_query("SELECT tabid FROM systables WHERE tabid = 1", asio::use_awaitable);
        EXPECT_EQ(r.size(), 1u);
        EXPECT_EQ(closed(pool.stats(), pool_close_reason::validation_failed), 1u);
        EXPECT_EQ(pool.stats().created, 2u);
    });
}

// Within cursor_close_delay the return writes nothing; the next borrower's first request carries
// the CLOSE (as outside the pool) and gets its own result.
TEST(async_pool, the_next_borrower_carries_the_frees_owed_within_cursor_close_delay) {
    ifx::test::log_capture logs;
    auto pp = quiet(logs);
    pp.cursor_close_delay = std::chrono::hours(1);  // no housekeeping write during the test
    with_pool(pool_lite_params(), pp, [&](ifx::async_pool& pool) -> asio::awaitable<void> {
        std::int64_t sid = 0;
        {
            auto a = co_await pool.async_acquire(asio::use_awaitable);
            sid = co_await session_of(*a);
        }
        EXPECT_EQ(server_open_cursors(sid), 1) << "the return wrote nothing";
        auto b = co_await pool.async_acquire(asio::use_awaitable);
        EXPECT_EQ(b->pending_frees(), 1u) << "lent owing the CLOSE";
        auto r =
            co_await b->async_query("SELECT COUNT(*) FROM systables WHERE tabid < 3", asio::use_awaitable);
        EXPECT_EQ(r[0].get<std::int64_t>(0), 2);
        EXPECT_EQ(server_open_cursors(sid), 1) << "A's cursor closed, B's own open until its next request";
        EXPECT_EQ(co_await session_of(*b), sid) << "the same session";
        EXPECT_EQ(pool.stats().closed_total(), 0u);
    });
}

TEST(async_pool, an_idle_connection_holds_no_server_cursor_once_cursor_close_delay_has_passed) {
    ifx::test::log_capture logs;
    auto pp = quiet(logs);
    pp.cursor_close_delay = 20ms;
    with_pool(pool_lite_params(), pp, [&](ifx::async_pool& pool) -> asio::awaitable<void> {
        std::int64_t sid = 0;
        {
            auto a = co_await pool.async_acquire(asio::use_awaitable);
            sid = co_await session_of(*a);
            EXPECT_EQ(server_open_cursors(sid), 1);
        }
        // The housekeeping timer writes the CLOSE once the connection has been idle 20 ms.
        EXPECT_EQ(co_await open_cursors_become(sid, 0), 0) << "an idle pooled connection keeps a cursor open";
        auto b = co_await pool.async_acquire(asio::use_awaitable);
        EXPECT_EQ(b->pending_frees(), 0u) << "written, and its reply read before the connection was lent";
        EXPECT_EQ(co_await session_of(*b), sid);
        EXPECT_EQ(pool.stats().closed_total(), 0u);
    });
}

TEST(async_pool, dead_idle_connections_are_replaced_silently) {
    ifx::test::log_capture logs;
    auto pp = quiet(logs, 2);
    pp.min_size = 2;
    pp.validate_after_idle = 0ms;  // always validate
    with_pool(pool_lite_params(), pp, [&](ifx::async_pool& pool) -> asio::awaitable<void> {
        while (pool.stats().idle < 2) co_await sleep_for(5ms);
        pool_lite().control("kill-all");
        auto c = co_await pool.async_acquire(asio::use_awaitable);
        auto r = co_await c->async_query("SELECT tabid FROM systables WHERE tabid = 1", asio::use_awaitable);
        EXPECT_EQ(r.size(), 1u);
        EXPECT_EQ(closed(pool.stats(), pool_close_reason::validation_failed), 2u);
    });
}

TEST(async_pool, close_deadline_aborts_a_borrower_blocked_in_a_query) {
    ifx::test::log_capture logs;
    asio::io_context io(1);
    auto cp = pool_lite_params();
    cp.read_timeout = 60s;
    ifx::async_pool pool(io.get_executor(), cp, quiet(logs, 2));
    std::error_code query_ec, close_ec, acquire_ec;
    ifx::diagnostics query_diag;
    bool querying = false;
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
            auto c = co_await pool.async_acquire(asio::use_awaitable);
            co_await c->async_begin(asio::use_awaitable);
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
            co_await sleep_for(50ms);
            auto [ec] = co_await pool.async_close(100ms, tuple_awaitable);
            close_ec = ec;
            auto [aec, none] = co_await pool.async_acquire(tuple_awaitable);
            acquire_ec = aec;
        },
        asio::detached);
    io.run();
    pool_lite().control("reset");
    EXPECT_EQ(close_ec, ifx::errc::timeout);
    EXPECT_EQ(acquire_ec, ifx::errc::pool_closed);
    EXPECT_EQ(query_ec, ifx::errc::connection_closed) << "the query in flight was not interrupted";
    EXPECT_NE(query_diag.client_message.find("aborted"), std::string::npos) << query_diag.to_string();
    const auto st = pool.stats();
    EXPECT_EQ(st.aborted, 1u);
    EXPECT_EQ(st.size, 0u);
    EXPECT_EQ(st.created, st.closed_total());
}

TEST(async_pool, server_killed_and_restarted_the_pool_recovers) {
    ifx::test::restartable_lite server;
    ifx::test::log_capture logs;
    auto pp = recovering(logs, 2, 20ms, 200ms);
    with_pool(server.params(), pp, [&](ifx::async_pool& pool) -> asio::awaitable<void> {
        {
            auto c = co_await pool.async_acquire(asio::use_awaitable);
            co_await c->async_query("SELECT 1 FROM systables WHERE tabid = 1", asio::use_awaitable);
        }
        server.stop();
        auto [ec, none] = co_await pool.async_acquire(300ms, tuple_awaitable);
        EXPECT_EQ(ec, ifx::errc::pool_timeout) << "no server: nothing to hand out";
        EXPECT_GE(pool.stats().connect_failures, 1u);
        server.start();
        auto c = co_await pool.async_acquire(10s, asio::use_awaitable);
        auto r = co_await c->async_query("SELECT tabid FROM systables WHERE tabid = 1", asio::use_awaitable);
        EXPECT_EQ(r.size(), 1u);
    });
    EXPECT_TRUE(logs.contains("connected again"));
}

// Several threads run one io_context; the pool and its borrowers share a strand.
TEST(async_pool, a_strand_on_a_multi_threaded_io_context) {
    ifx::test::log_capture logs;
    constexpr int workers = 24;
    asio::io_context io(4);
    auto strand = asio::make_strand(io);
    ifx::async_pool pool(strand, pool_lite_params(), quiet(logs, 3));
    std::atomic<int> finished{0}, bad{0};
    for (int i = 0; i < workers; ++i) {
        asio::co_spawn(
            strand,
            [&, i]() -> asio::awaitable<void> {
                for (int round = 0; round < 20; ++round) {
                    auto [ec, c] = co_await pool.async_acquire(10s, tuple_awaitable);
                    if (ec) {
                        ++bad;
                        continue;
                    }
                    if (round % 5 == 0)
                        co_await c->async_begin(asio::use_awaitable);  // left open: rolled back
                    const int v = i * 100 + round;
                    auto r = co_await c->async_query("SELECT tabid + ? FROM systables WHERE tabid = 1",
                                                     ifx::make_params(v), asio::use_awaitable);
                    if (r.size() != 1 || r[0].get<int>(0) != v + 1) ++bad;
                }
            },
            [&](std::exception_ptr e) {
                if (e) ++bad;
                if (++finished == workers) pool.close();
            });
    }
    std::vector<std::thread> threads;
    for (int i = 0; i < 4; ++i) threads.emplace_back([&] { io.run(); });
    for (auto& t : threads) t.join();
    EXPECT_EQ(finished.load(), workers);
    EXPECT_EQ(bad.load(), 0);
    const auto st = pool.stats();
    EXPECT_EQ(st.acquired, 20u * workers);
    EXPECT_EQ(st.size, 0u);
    EXPECT_EQ(st.created, st.closed_total()) << "zero leaked connections";
}

}  // namespace
