// ifx::inserter: buffered bulk loads sent as pipelined batches, with failures named by global row
// number and the destructor's discard-and-warn rule.
#include <gtest/gtest.h>

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <limits>
#include <mutex>
#include <optional>

#include "ifx/inserter.hpp"
#include "ifx/log.hpp"
#include "ifx/transaction.hpp"
#include "server_fixture.hpp"
#include "support/fault_proxy.hpp"

namespace {

using ifx::test::server_fixture;

std::string unique_table() {
    static std::atomic<int> n{0};
    return "ins_" + std::to_string(::getpid()) + "_" + std::to_string(++n);
}

// Captures log records while alive; restores the previous handler afterwards.
class captured_log {
public:
    captured_log()
        : previous_(ifx::set_log_handler([this](ifx::log_level level, std::string_view text) {
              std::lock_guard lock(mutex_);
              if (level == ifx::log_level::warning) warnings_.emplace_back(text);
          })) {}
    ~captured_log() { ifx::set_log_handler(previous_); }
    std::vector<std::string> warnings() {
        std::lock_guard lock(mutex_);
        return warnings_;
    }

private:
    std::mutex mutex_;
    std::vector<std::string> warnings_;
    ifx::log_handler previous_;
};

class inserter_test : public ::testing::Test {
protected:
    void SetUp() override {
        conn.connect(server_fixture::instance().params());
        table = unique_table();
        conn.execute("CREATE TABLE " + table + " (id INTEGER NOT NULL, name VARCHAR(40), PRIMARY KEY (id))");
    }
    void TearDown() override {
        if (!conn.is_open()) return;
        if (conn.in_transaction()) conn.rollback();
        conn.execute("DROP TABLE " + table);
    }
    long long count() { return conn.query_value<long long>("SELECT COUNT(*) FROM " + table); }
    std::string insert_sql() const { return "INSERT INTO " + table + " VALUES (?, ?)"; }
    ifx::connection conn;
    std::string table;
};

TEST_F(inserter_test, rows_are_buffered_until_flush_and_sent_in_one_round_trip) {
    ifx::inserter ins(conn, insert_sql(), {.flush_rows = 100});
    EXPECT_TRUE(ins.is_open());
    for (int i = 0; i < 10; ++i) {
        std::string name = "row" + std::to_string(i);  // dies after put: put copies the value
        ins.put(i, name);
    }
    EXPECT_EQ(ins.pending(), 10u);
    EXPECT_EQ(count(), 0);  // nothing sent yet
    ins.flush();
    EXPECT_EQ(ins.pending(), 0u);
    EXPECT_EQ(count(), 10);
    EXPECT_EQ(ins.totals().round_trips, 1u);
    EXPECT_EQ(ins.totals().rows_succeeded, 10u);
    EXPECT_EQ(ins.totals().affected_rows, 10);
    ins.put(10, ifx::null);
    const ifx::batch_result total = ins.finish();
    EXPECT_FALSE(ins.is_open());
    EXPECT_EQ(total.rows_sent, 11u);
    EXPECT_EQ(total.rows_succeeded, 11u);
    EXPECT_EQ(total.round_trips, 2u);
    EXPECT_TRUE(total.failed_rows.empty());
    EXPECT_EQ(conn.query_value<std::optional<std::string>>("SELECT name FROM " + table + " WHERE id = 10"),
              std::nullopt);
    EXPECT_EQ(conn.query_value<std::string>("SELECT name FROM " + table + " WHERE id = 3"), "row3");
    // A finished inserter refuses more rows.
    EXPECT_THROW(ins.put(99, "late"), ifx::error);
}

TEST_F(inserter_test, flushes_automatically_by_row_count_and_by_bytes) {
    ifx::inserter by_rows(conn, insert_sql(), {.flush_rows = 7});
    for (int i = 0; i < 50; ++i) by_rows.put(i, "x");
    EXPECT_EQ(by_rows.totals().round_trips, 7u);  // 7 full batches of 7 rows
    EXPECT_EQ(by_rows.pending(), 1u);
    EXPECT_EQ(count(), 49);
    EXPECT_EQ(by_rows.finish().rows_succeeded, 50u);

    ifx::inserter by_bytes(conn, insert_sql(), {.flush_rows = 1'000'000, .flush_bytes = 1});
    by_bytes.put(100, "a");
    EXPECT_EQ(by_bytes.pending(), 0u);  // every row exceeds one byte
    by_bytes.put(101, "b");
    EXPECT_EQ(by_bytes.finish().round_trips, 2u);
    EXPECT_EQ(count(), 52);
}

TEST_F(inserter_test, a_failed_row_is_named_by_its_global_number_and_the_others_are_reported) {
    conn.execute("INSERT INTO " + table + " VALUES (12, 'taken')");
    ifx::inserter ins(conn, insert_sql(), {.flush_rows = 5});
    for (int i = 0; i < 10; ++i) ins.put(i, "ok");  // rows 0..9: two clean flushes
    ins.put(10, "ok");
    ins.put(11, "ok");
    ins.put(12, "duplicate");  // row 12
    ins.put(13, "ok");
    try {
        ins.put(14, "ok");  // fills the third batch: its flush fails
        FAIL() << "expected the automatic flush to fail";
    } catch (const ifx::error& e) {
        EXPECT_EQ(e.diag().batch_row, 12);
        EXPECT_EQ(ifx::kind(e.code(), e.diag()), ifx::error_kind::integrity);
        EXPECT_EQ(e.diag().sqlstate, "23000");
        EXPECT_NE(std::string(e.what()).find("row 12"), std::string::npos) << e.what();
    }
    EXPECT_EQ(ins.pending(), 0u);  // the whole batch was sent
    EXPECT_EQ(ins.totals().failed_rows, std::vector<std::size_t>{12});
    EXPECT_EQ(ins.totals().rows_succeeded, 14u);
    EXPECT_EQ(count(), 15);  // outside a transaction every other row committed on its own

    // The inserter stays usable after a failed flush.
    ins.put(20, "after");
    const auto total = ins.finish();
    EXPECT_EQ(total.rows_sent, 16u);
    EXPECT_EQ(total.rows_succeeded, 15u);
    EXPECT_EQ(count(), 16);
}

TEST_F(inserter_test, in_a_transaction_a_failure_can_roll_back_the_whole_load) {
    conn.execute("INSERT INTO " + table + " VALUES (3, 'taken')");
    {
        ifx::transaction tx{conn};
        ifx::inserter ins(conn, insert_sql());
        for (int i = 0; i < 6; ++i) ins.put(i, "load");
        std::error_code ec;
        ifx::diagnostics diag;
        const auto total = ins.finish(ec, diag);
        EXPECT_EQ(ifx::kind(ec, diag), ifx::error_kind::integrity);  // -268 logged, -239 unlogged
        EXPECT_EQ(diag.batch_row, 3);
        EXPECT_EQ(total.rows_succeeded, 5u);
        EXPECT_FALSE(ins.is_open());
        // tx is not committed: its destructor rolls the five good rows back.
    }
    EXPECT_EQ(count(), 1);
}

TEST_F(inserter_test, a_value_that_cannot_be_bound_fails_at_put_and_is_not_buffered) {
    ifx::inserter ins(conn, insert_sql());
    ins.put(1, "one");
    std::error_code ec;
    ifx::diagnostics diag;
    const ifx::param bad[] = {std::numeric_limits<unsigned long long>::max(), "too big"};
    ins.put(bad, ec, diag);
    EXPECT_EQ(ec, ifx::errc::invalid_argument);
    EXPECT_EQ(diag.batch_row, 1);
    EXPECT_EQ(ins.pending(), 1u);
    // Rows must keep the width of the first one.
    diag.clear();
    const ifx::param narrow[] = {2};
    ins.put(narrow, ec, diag);
    EXPECT_EQ(ec, ifx::errc::invalid_argument);
    EXPECT_EQ(ins.pending(), 1u);
    ins.put(2, "two");
    EXPECT_EQ(ins.finish().rows_succeeded, 2u);
    EXPECT_EQ(count(), 2);
}

TEST_F(inserter_test, destroying_with_unflushed_rows_discards_them_and_warns) {
    captured_log logs;
    {
        ifx::inserter ins(conn, insert_sql(), {.flush_rows = 3});
        for (int i = 0; i < 5; ++i) ins.put(i, "x");  // rows 0..2 flushed, 3..4 pending
    }
    EXPECT_EQ(count(), 3);
    const auto warnings = logs.warnings();
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_NE(warnings[0].find("2 unflushed rows (3..4) discarded"), std::string::npos) << warnings[0];
    EXPECT_EQ(conn.open_cursors(), 0);

    // discard() is the explicit, silent form; a finished inserter never warns.
    {
        ifx::inserter ins(conn, insert_sql());
        ins.put(10, "x");
        EXPECT_EQ(ins.discard(), 1u);
        ins.put(11, "y");
        ins.finish();
    }
    EXPECT_EQ(logs.warnings().size(), 1u);
    EXPECT_EQ(count(), 4);
}

TEST_F(inserter_test, statements_returning_rows_and_bad_sql_are_rejected) {
    try {
        ifx::inserter ins(conn, "SELECT id FROM " + table);
        FAIL() << "expected invalid_argument";
    } catch (const ifx::error& e) {
        EXPECT_EQ(e.code(), ifx::errc::invalid_argument);
    }
    std::error_code ec;
    ifx::diagnostics diag;
    ifx::inserter bad(conn, "INSERT INTO no_such_table_here VALUES (?)", {}, ec, diag);
    EXPECT_EQ(ec, ifx::make_server_error(-206));
    EXPECT_FALSE(bad.is_open());
    // Other statements: an UPDATE batch.
    conn.execute("INSERT INTO " + table + " VALUES (1, 'a')");
    conn.execute("INSERT INTO " + table + " VALUES (2, 'b')");
    ifx::inserter upd(conn, "UPDATE " + table + " SET name = ? WHERE id = ?");
    upd.put("A", 1);
    upd.put("B", 2);
    upd.put("none", 3);
    const auto total = upd.finish();
    EXPECT_EQ(total.affected_rows, 2);
    EXPECT_EQ(total.rows_succeeded, 3u);
    EXPECT_EQ(conn.query_value<std::string>("SELECT name FROM " + table + " WHERE id = 2"), "B");
}

TEST_F(inserter_test, a_moved_inserter_keeps_its_rows) {
    ifx::inserter a(conn, insert_sql());
    a.put(1, "one");
    ifx::inserter b = std::move(a);
    EXPECT_FALSE(a.is_open());
    EXPECT_EQ(a.pending(), 0u);
    EXPECT_EQ(b.pending(), 1u);
    b.put(2, "two");
    EXPECT_EQ(b.finish().rows_succeeded, 2u);
    EXPECT_EQ(count(), 2);
}

TEST_F(inserter_test, a_connection_lost_mid_flush_leaves_the_unacknowledged_rows_unknown_not_succeeded) {
    if (server_fixture::instance().real_server()) GTEST_SKIP() << "needs ifxlite";
    ifx::test::fault_proxy proxy(server_fixture::instance().lite().port());
    auto p = server_fixture::instance().params();
    p.port = proxy.port();
    p.read_timeout = std::chrono::milliseconds(5000);
    ifx::connection via_proxy(p);
    ifx::inserter ins(via_proxy, insert_sql(), {.flush_rows = 1000});
    for (int i = 0; i < 40; ++i) ins.put(i, "row");
    proxy.arm(ifx::test::fault::truncate, 60);  // a few reply groups get through, then EOF
    std::error_code ec;
    ifx::diagnostics diag;
    ins.flush(ec, diag);
    ASSERT_TRUE(ec);
    EXPECT_TRUE(ifx::is_fatal(ec)) << ec.message();
    EXPECT_EQ(ins.pending(), 0u);
    const auto& t = ins.totals();
    EXPECT_EQ(t.rows_sent, 40u);
    EXPECT_TRUE(t.failed_rows.empty());
    EXPECT_LT(t.rows_succeeded, 40u);  // never reported as all applied
    EXPECT_FALSE(via_proxy.is_open());
    EXPECT_FALSE(ins.is_open());
    // Nothing more can be put, and finish() reports the closed connection without hanging.
    const ifx::param more[] = {41, "more"};
    ins.put(more, ec, diag);
    EXPECT_EQ(ec, ifx::errc::cursor_closed);
    EXPECT_NO_THROW(ins.finish());
}

TEST_F(inserter_test, loads_many_rows) {
    constexpr int rows = 20000;
    ifx::transaction tx{conn};
    ifx::inserter ins(conn, insert_sql(), {.flush_rows = 2000});
    for (int i = 0; i < rows; ++i) ins.put(i, "name " + std::to_string(i));
    const auto total = ins.finish();
    tx.commit();
    EXPECT_EQ(total.rows_succeeded, static_cast<std::size_t>(rows));
    EXPECT_EQ(total.round_trips, 10u);
    EXPECT_EQ(count(), rows);
    EXPECT_EQ(conn.query_value<long long>("SELECT SUM(id) FROM " + table), 1LL * rows * (rows - 1) / 2);
}

}  // namespace
