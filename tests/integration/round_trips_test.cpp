// Round trips of the statement path, counted from the protocol trace (a round trip = a write of
// the client after it last received), for the sync and the async connection: a one-row query
// takes at most 2 (PREPARE | OPEN + NFETCH), a cached or prepared one 1; the finished query's
// CLOSE (and RELEASE) travels in front of the next request instead of costing one of its own.
// Also what must not change: a result of several batches is read whole.
#include <gtest/gtest.h>

#include <unistd.h>

#include <asio/co_spawn.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <asio/use_awaitable.hpp>
#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "ifx/async_connection.hpp"
#include "ifx/async_pool.hpp"
#include "ifx/connection.hpp"
#include "ifx/pool.hpp"
#include "server_fixture.hpp"
#include "support/run_coroutine.hpp"

namespace {

using ifx::test::run_coroutine;
using ifx::test::server_fixture;
constexpr auto tuple_awaitable = asio::experimental::as_tuple(asio::use_awaitable);
constexpr const char* select1 = "SELECT 1 FROM systables WHERE tabid = 1";

std::string unique_table(const char* base) {
    static std::atomic<int> n{0};
    return std::string(base) + "_" + std::to_string(::getpid()) + "_" + std::to_string(++n);
}

// The writes of the client (hex of each) and the round trips since start().
struct trip_counter {
    std::mutex mutex;
    bool last_was_reply = true;
    int round_trips = 0;
    int replies = 0;  // server messages read
    std::vector<std::string> writes;

    void on_line(std::string_view line) {
        std::lock_guard lock(mutex);
        if (const auto at = line.find(" C>S "); at != std::string_view::npos) {
            if (last_was_reply) ++round_trips;
            last_was_reply = false;
            writes.emplace_back(line.substr(line.find("): ", at) + 3));
        } else if (line.find(" S>C ") != std::string_view::npos) {
            last_was_reply = true;
            ++replies;
        }
    }
    void start() {
        std::lock_guard lock(mutex);
        last_was_reply = true;
        round_trips = 0;
        replies = 0;
        writes.clear();
    }
    // Request groups ending with `tag` (hex "00 xx") followed by SQ_EOT in the writes so far.
    int groups_ending_with(const char* tag) {
        std::lock_guard lock(mutex);
        const std::string pattern = std::string(tag) + " 00 0c";
        int n = 0;
        for (const auto& w : writes)
            for (auto at = w.find(pattern); at != std::string::npos; at = w.find(pattern, at + 1)) ++n;
        return n;
    }
};

constexpr const char* close_tag = "00 0a";                    // SQ_CLOSE
constexpr const char* release_tag = "00 0b";                  // SQ_RELEASE
constexpr const char* nfetch512 = "00 09 00 00 02 00 00 00";  // SQ_NFETCH, i32 512, i16 0
constexpr const char* nfetch512_i16 = "00 09 02 00 00 00";    // the same without feature 62 (legacy)

ifx::connect_params traced(trip_counter& counter, std::size_t cache = 32) {
    auto p = server_fixture::instance().params();
    p.statement_cache_size = cache;
    p.trace = [&counter](std::string_view line) { counter.on_line(line); };
    return p;
}

TEST(round_trips, a_one_row_query_takes_two_and_one_once_prepared) {
    trip_counter t;
    ifx::connection c(traced(t));
    t.start();
    auto r = c.query(select1);
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].get<int>(0), 1);
    EXPECT_EQ(t.round_trips, 2) << "PREPARE | OPEN + NFETCH";
    EXPECT_EQ(t.groups_ending_with(close_tag), 0) << "the CLOSE waits for the next request";

    t.start();
    r = c.query(select1);  // the statement cache has it
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(t.round_trips, 1);
    EXPECT_EQ(t.groups_ending_with(close_tag), 1) << "the previous query's CLOSE went in front";

    auto stmt = c.prepare("SELECT tabid FROM systables WHERE tabid = ?");
    t.start();
    r = c.query(stmt, 1);
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].get<int>(0), 1);
    EXPECT_EQ(t.round_trips, 1) << "OPEN + NFETCH, with the previous CLOSE in front";
    t.start();
    r = c.query(stmt, 2);
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].get<int>(0), 2);
    EXPECT_EQ(t.round_trips, 1);
    EXPECT_EQ(t.groups_ending_with(close_tag), 1);

    // No rows: the reply's SQ_DONE with rows 0 ends it.
    t.start();
    r = c.query(stmt, -5);
    EXPECT_EQ(r.size(), 0u);
    EXPECT_EQ(t.round_trips, 1);
}

TEST(round_trips, without_the_cache_the_release_is_pipelined_too) {
    trip_counter t;
    ifx::connection c(traced(t, 0));
    t.start();
    EXPECT_EQ(c.query(select1).size(), 1u);
    EXPECT_EQ(t.round_trips, 2);
    EXPECT_EQ(t.groups_ending_with(release_tag), 0);
    t.start();
    EXPECT_EQ(c.query(select1).size(), 1u);
    EXPECT_EQ(t.round_trips, 2) << "no cache: prepared again";
    EXPECT_EQ(t.groups_ending_with(close_tag), 1);
    EXPECT_EQ(t.groups_ending_with(release_tag), 1) << "the previous statement was released";
    t.start();
    c.ping();
    EXPECT_EQ(t.groups_ending_with(release_tag), 1);
}

TEST(round_trips, a_result_of_many_batches_is_read_whole_without_an_extra_fetch) {
    trip_counter t;
    auto p = traced(t);
    p.fetch_buffer_size = 512;  // a few dozen narrow rows per batch
    ifx::connection c(p);
    const auto table = unique_table("rtrip");
    c.execute("CREATE TABLE " + table + " (id INTEGER, name VARCHAR(20))");
    std::vector<std::tuple<int, std::string>> rows;
    for (int i = 0; i < 300; ++i) rows.emplace_back(i, "row " + std::to_string(i));
    c.execute_many(c.prepare("INSERT INTO " + table + " VALUES (?, ?)"), rows);

    const std::string sql = "SELECT id, name FROM " + table + " ORDER BY id";
    (void)c.query(sql);  // prepared and cached
    t.start();
    const auto r = c.query(sql);
    ASSERT_EQ(r.size(), 300u);
    for (std::size_t i = 0; i < r.size(); ++i) ASSERT_EQ(r[i].get<int>(0), static_cast<int>(i));
    const int fetches = t.groups_ending_with(nfetch512) + t.groups_ending_with(nfetch512_i16);
    EXPECT_GT(fetches, 2) << "the buffer holds a few dozen rows";
    EXPECT_EQ(t.round_trips, fetches) << "one round trip per batch, none after the last";

    // A cursor over the same rows: the batch that carries the end says so (no empty fetch).
    t.start();
    auto cur = c.open_cursor(sql);
    std::size_t seen = 0;
    while (auto batch = cur.fetch()) seen += batch.size();
    EXPECT_EQ(seen, 300u);
    EXPECT_EQ(t.round_trips, 1 + t.groups_ending_with(nfetch512) + t.groups_ending_with(nfetch512_i16))
        << "PREPARE, then one per batch";
    cur.close();
    c.execute("DROP TABLE " + table);
}

TEST(round_trips, queued_frees_are_sent_by_close_statements_and_dropped_with_the_connection) {
    trip_counter t;
    ifx::connection c(traced(t, 0));
    EXPECT_EQ(c.query(select1).size(), 1u);
    t.start();
    std::error_code ec;
    ifx::diagnostics diag;
    c.close_statements(ec, diag);
    EXPECT_FALSE(ec) << diag.to_string();
    EXPECT_EQ(t.round_trips, 1);
    EXPECT_EQ(t.groups_ending_with(release_tag), 1);
    t.start();
    c.ping();
    EXPECT_EQ(t.groups_ending_with(release_tag), 0) << "nothing queued twice";

    (void)c.query(select1);
    c.close();  // SQ_EXIT frees the server's statements; nothing more is sent
    EXPECT_FALSE(c.is_open());
    c.connect(traced(t, 0));
    t.start();
    c.ping();
    EXPECT_EQ(t.groups_ending_with(release_tag), 0) << "a new session owes nothing";
}

// ---- pools ---------------------------------------------------------------------------------------

// A pooled acquire + query + release costs what the bare query costs: one round trip and one
// write. Within cursor_close_delay the return writes nothing: the finished query's CLOSE rides in
// front of the next borrower's query, as on a connection outside the pool.
TEST(round_trips, a_pooled_cycle_takes_one_write) {
    trip_counter t;
    ifx::pool pool(traced(t), {.min_size = 1,
                               .max_size = 1,
                               .validate_after_idle = std::chrono::hours(1),
                               .cursor_close_delay = std::chrono::hours(1)});
    { EXPECT_EQ(pool.acquire()->query(select1).size(), 1u); }  // prepared and cached
    for (int i = 0; i < 3; ++i) {
        auto c = pool.acquire();
        t.start();
        EXPECT_EQ(c->query(select1).size(), 1u);
        EXPECT_EQ(t.round_trips, 1);
        ASSERT_EQ(t.writes.size(), 1u) << "one write: the previous CLOSE and the query";
        EXPECT_EQ(t.groups_ending_with(close_tag), 1) << "the previous borrower's CLOSE rides in front";
        EXPECT_GT(t.writes[0].size(), 30u) << "with the query";
        t.start();
        c.release();
        EXPECT_EQ(t.writes.size(), 0u) << "the return writes nothing";
    }
    EXPECT_EQ(pool.stats().closed_total(), 0u);
}

// cursor_close_delay 0: the return writes the finished query's CLOSE and waits for no reply (so
// the idle connection holds no cursor once the server has read it); the reply is read when the
// connection is lent again. Still one round trip per cycle.
TEST(round_trips, a_pooled_cycle_takes_one) {
    trip_counter t;
    ifx::pool pool(traced(t), {.min_size = 1,
                               .max_size = 1,
                               .validate_after_idle = std::chrono::hours(1),
                               .cursor_close_delay = std::chrono::milliseconds(0)});
    { EXPECT_EQ(pool.acquire()->query(select1).size(), 1u); }  // prepared and cached
    for (int i = 0; i < 3; ++i) {
        auto c = pool.acquire();
        t.start();
        EXPECT_EQ(c->query(select1).size(), 1u);
        EXPECT_EQ(t.round_trips, 1);
        EXPECT_EQ(t.writes.size(), 1u) << "one request group, the query's";
        EXPECT_EQ(t.groups_ending_with(close_tag), 0) << "the previous CLOSE went at the return";
        t.start();
        c.release();
        EXPECT_EQ(t.writes.size(), 1u) << "the return writes the CLOSE";
        EXPECT_EQ(t.groups_ending_with(close_tag), 1);
        EXPECT_EQ(t.replies, 0) << "and waits for no reply";
    }
    EXPECT_EQ(pool.stats().closed_total(), 0u);
}

// A one-connection async pool with cursor_close_delay `delay`: one cycle to prepare and cache
// SELECT 1, then `cycles` acquire + SELECT 1 + release traced from t.start(), and one more acquire
// so that the last return is done; `check` then looks at t before the pool closes.
void run_async_pooled_cycles(trip_counter& t, std::chrono::milliseconds delay, int cycles,
                             const std::function<void()>& check) {
    run_coroutine([&](asio::io_context& io) -> asio::awaitable<void> {
        ifx::async_pool pool(io.get_executor(), traced(t),
                             {.min_size = 1,
                              .max_size = 1,
                              .validate_after_idle = std::chrono::hours(1),
                              .cursor_close_delay = delay});
        {
            auto c = co_await pool.async_acquire(asio::use_awaitable);
            EXPECT_EQ((co_await c->async_query(select1, asio::use_awaitable)).size(), 1u);
        }
        t.start();
        for (int i = 0; i < cycles; ++i) {
            auto c = co_await pool.async_acquire(asio::use_awaitable);
            EXPECT_EQ((co_await c->async_query(select1, asio::use_awaitable)).size(), 1u);
        }
        { auto last = co_await pool.async_acquire(asio::use_awaitable); }
        check();
        EXPECT_EQ(pool.stats().closed_total(), 0u);
        pool.close();
    });
}

TEST(round_trips, an_async_pooled_cycle_takes_one_write) {
    trip_counter t;
    constexpr int cycles = 3;
    run_async_pooled_cycles(t, std::chrono::hours(1), cycles, [&] {
        // Per cycle one write: the previous CLOSE in front of the query; the returns write nothing.
        EXPECT_EQ(t.writes.size(), std::size_t{cycles});
        EXPECT_EQ(t.groups_ending_with(close_tag), cycles);
        EXPECT_EQ(t.round_trips, cycles);
    });
}

TEST(round_trips, an_async_pooled_cycle_takes_one) {
    trip_counter t;
    constexpr int cycles = 3;
    run_async_pooled_cycles(t, std::chrono::milliseconds(0), cycles, [&] {
        // Per cycle: the query and the return's CLOSE, each in a write of its own (the returns run
        // on the executor: the warm-up's CLOSE is written after start()).
        EXPECT_EQ(t.writes.size(), std::size_t{2 * cycles + 1});
        EXPECT_EQ(t.groups_ending_with(close_tag), cycles + 1);
        for (const auto& w : t.writes)
            EXPECT_FALSE(w.find("00 0a 00 0c") != std::string::npos && w.size() > 30)
                << "a CLOSE rode with a request: " << w;
    });
}

// ---- async ---------------------------------------------------------------------------------------

TEST(round_trips, the_async_connection_takes_as_many) {
    trip_counter t;
    run_coroutine([&](asio::io_context& io) -> asio::awaitable<void> {
        ifx::async_connection c(io);
        ifx::diagnostics diag;
        auto [ec] = co_await c.async_connect(traced(t), diag, tuple_awaitable);
        if (ec) throw ifx::error(ec, diag);
        t.start();
        auto r = co_await c.async_query(select1, asio::use_awaitable);
        EXPECT_EQ(r.size(), 1u);
        EXPECT_EQ(t.round_trips, 2);
        EXPECT_EQ(c.pending_frees(), 1u) << "the CLOSE is queued";
        t.start();
        r = co_await c.async_query(select1, asio::use_awaitable);
        EXPECT_EQ(r.size(), 1u);
        EXPECT_EQ(t.round_trips, 1);
        EXPECT_EQ(t.groups_ending_with(close_tag), 1);

        auto stmt =
            co_await c.async_prepare("SELECT tabid FROM systables WHERE tabid = ?", asio::use_awaitable);
        const auto one = ifx::make_params(1);
        t.start();
        r = co_await c.async_query(stmt, one, asio::use_awaitable);
        EXPECT_EQ(r.size(), 1u);
        if (r.size() == 1) {
            EXPECT_EQ(r[0].get<int>(0), 1);
        }
        EXPECT_EQ(t.round_trips, 1);
        t.start();
        r = co_await c.async_query(stmt, one, asio::use_awaitable);
        EXPECT_EQ(r.size(), 1u);
        EXPECT_EQ(t.round_trips, 1);
        EXPECT_EQ(t.groups_ending_with(close_tag), 1);

        t.start();
        co_await c.async_close_statements(asio::use_awaitable);
        EXPECT_EQ(t.round_trips, 1) << "the CLOSE and the RELEASE in one write";
        EXPECT_EQ(c.pending_frees(), 0u);
        co_await c.async_close(asio::use_awaitable);
    });
}

}  // namespace
