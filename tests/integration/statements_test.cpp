// Prepared statements, the statement cache, execute_many, transactions and cursors.
#include <gtest/gtest.h>

#include <unistd.h>

#include <thread>

#include "ifx/transaction.hpp"
#include "server_fixture.hpp"

namespace {

using ifx::test::server_fixture;

std::string unique_table(const char* base) {
    static std::atomic<int> n{0};
    return std::string(base) + "_" + std::to_string(::getpid()) + "_" + std::to_string(++n);
}

class with_table : public ::testing::Test {
protected:
    void SetUp() override {
        conn.connect(server_fixture::instance().params());
        table = unique_table("st");
        conn.execute("CREATE TABLE " + table + " (id INTEGER NOT NULL, name VARCHAR(40), PRIMARY KEY (id))");
    }
    void TearDown() override {
        if (conn.is_open()) {
            if (conn.in_transaction()) conn.rollback();
            conn.execute("DROP TABLE " + table);
        }
    }
    long long count() { return conn.query_value<long long>("SELECT COUNT(*) FROM " + table); }
    ifx::connection conn;
    std::string table;
};

TEST_F(with_table, prepared_statement_runs_many_times) {
    ifx::statement ins = conn.prepare("INSERT INTO " + table + " VALUES (?, ?)");
    EXPECT_TRUE(ins.valid());
    EXPECT_EQ(ins.statement_type(), 6);
    EXPECT_FALSE(ins.returns_rows());
    for (int i = 0; i < 50; ++i) EXPECT_EQ(conn.execute(ins, i, "n" + std::to_string(i)).affected_rows, 1);
    ifx::statement sel = conn.prepare("SELECT name FROM " + table + " WHERE id = ?");
    EXPECT_TRUE(sel.returns_rows());
    ASSERT_EQ(sel.columns().size(), 1u);
    for (int i = 0; i < 50; i += 7)
        EXPECT_EQ(conn.query<std::string>(sel, i).at(0), std::tuple("n" + std::to_string(i)));
    ifx::cursor c = conn.open_cursor(sel, 3);
    auto batch = c.fetch();
    ASSERT_EQ(batch.size(), 1u);
    c.close();
    EXPECT_EQ(conn.query<std::string>(sel, 4).size(), 1u);  // the cursor's close kept the statement
    ins.close();
    EXPECT_FALSE(ins.valid());
    std::error_code ec;
    ifx::diagnostics diag;
    conn.execute(ins, {}, ec, diag);
    EXPECT_EQ(ec, ifx::errc::cursor_closed);
}

TEST_F(with_table, a_statement_of_another_connection_is_rejected) {
    ifx::connection other(server_fixture::instance().params());
    ifx::statement st = other.prepare("SELECT id FROM " + table);
    std::error_code ec;
    ifx::diagnostics diag;
    (void)conn.query(st, {}, ec, diag);
    EXPECT_EQ(ec, ifx::errc::invalid_argument);
}

TEST_F(with_table, statement_cache_serves_repeated_sql_and_can_be_disabled) {
    for (std::size_t size : {std::size_t{0}, std::size_t{2}, std::size_t{32}}) {
        auto p = server_fixture::instance().params();
        p.statement_cache_size = size;
        ifx::connection c(p);
        c.execute("DELETE FROM " + table);
        // More distinct statements than the cache holds, each repeated: evictions must release
        // server statements (the server's per-session statement limit would otherwise be hit).
        for (int round = 0; round < 3; ++round)
            for (int i = 0; i < 20; ++i)
                c.execute("INSERT INTO " + table + " VALUES (?, ?) -- " + std::to_string(i), round * 100 + i,
                          "x");
        EXPECT_EQ(c.query_value<long long>("SELECT COUNT(*) FROM " + table), 60) << size;
        EXPECT_EQ(c.query<int>("SELECT id FROM " + table + " WHERE id = ?", 205).size(), 1u);
    }
}

TEST_F(with_table, execute_many_pipelines_batches_and_reports_failed_rows) {
    ifx::statement ins = conn.prepare("INSERT INTO " + table + " VALUES (?, ?)");
    std::vector<std::tuple<int, std::string>> rows;
    for (int i = 0; i < 10'000; ++i) rows.emplace_back(i, "row " + std::to_string(i));
    ifx::transaction tx(conn);
    const auto r = conn.execute_many(ins, rows, 4096);
    tx.commit();
    EXPECT_EQ(r.rows_sent, 10'000u);
    EXPECT_EQ(r.rows_succeeded, 10'000u);
    EXPECT_EQ(r.affected_rows, 10'000);
    EXPECT_EQ(r.round_trips, 3u);  // ceil(10000 / 4096)
    EXPECT_TRUE(r.failed_rows.empty());
    EXPECT_EQ(count(), 10'000);

    // Duplicate keys at rows 1 and 3 of the next batch; the others are executed (and, outside a
    // transaction, committed one by one).
    const std::vector<std::tuple<int, std::string>> more = {
        {20'000, "a"}, {5, "dup"}, {20'001, "b"}, {6, "dup"}};
    try {
        conn.execute_many(ins, more);
        FAIL() << "no error";
    } catch (const ifx::error& e) {
        EXPECT_EQ(e.diag().batch_row, 1);
        EXPECT_TRUE(e.sqlcode() == -268 || e.sqlcode() == -239) << e.what();
    }
    std::error_code ec;
    ifx::diagnostics diag;
    std::vector<ifx::param> flat = {30'000, "c", 7, "dup"};
    const auto r2 = conn.execute_many(ins, flat, 2, 4096, ec, diag);
    EXPECT_TRUE(ec);
    EXPECT_EQ(r2.failed_rows, std::vector<std::size_t>{1});
    EXPECT_EQ(r2.rows_succeeded, 1u);
    EXPECT_EQ(count(), 10'003);
    EXPECT_TRUE(conn.is_open());
}

TEST_F(with_table, transaction_guard_rolls_back_unless_committed) {
    ASSERT_TRUE(conn.info().logged);
    EXPECT_FALSE(conn.in_transaction());
    {
        ifx::transaction tx(conn);
        EXPECT_TRUE(conn.in_transaction());
        conn.execute("INSERT INTO " + table + " VALUES (1, 'gone')");
    }
    EXPECT_FALSE(conn.in_transaction());
    EXPECT_EQ(count(), 0);
    {
        ifx::transaction tx(conn);
        conn.execute("INSERT INTO " + table + " VALUES (2, 'kept')");
        tx.commit();
    }
    EXPECT_EQ(count(), 1);
    // SQL text BEGIN/COMMIT is tracked from the statement types the server reports.
    conn.execute("BEGIN WORK");
    EXPECT_TRUE(conn.in_transaction());
    conn.execute("ROLLBACK WORK");
    EXPECT_FALSE(conn.in_transaction());
}

TEST_F(with_table, uncommitted_writes_are_invisible_to_other_sessions) {
    ifx::connection other(server_fixture::instance().params());
    // Read the last committed version instead of waiting for the writer's row locks (COMMITTED
    // READ, the default, fails at once under NOT WAIT: lite_locks_test).
    other.execute("SET ISOLATION TO COMMITTED READ LAST COMMITTED");
    conn.begin();
    conn.execute("INSERT INTO " + table + " VALUES (1, 'pending')");
    EXPECT_EQ(other.query_value<long long>("SELECT COUNT(*) FROM " + table), 0);
    conn.commit();
    EXPECT_EQ(other.query_value<long long>("SELECT COUNT(*) FROM " + table), 1);
}

TEST_F(with_table, cursor_destroyed_mid_fetch_frees_the_server_cursor) {
    ifx::statement ins = conn.prepare("INSERT INTO " + table + " VALUES (?, ?)");
    std::vector<std::tuple<int, std::string>> rows;
    for (int i = 0; i < 100; ++i) rows.emplace_back(i, std::string(30, 'x'));
    conn.execute_many(ins, rows);
    // More cursors than a session may hold statements (ifxlite: 4096): each is abandoned after
    // one batch, half by an exception unwinding; a leak would exhaust the statement table.
    for (int i = 0; i < 4200; ++i) {
        try {
            ifx::cursor c = conn.open_cursor("SELECT id, name FROM " + table);
            auto b = c.fetch();
            ASSERT_GT(b.size(), 0u);
            if (i % 2) throw std::runtime_error("unwind");
        } catch (const std::runtime_error&) {
        }
    }
    EXPECT_EQ(count(), 100);
}

TEST(connection_sharing, eight_threads_on_one_connection_never_interleave) {
    ifx::connection conn(server_fixture::instance().params());
    const auto t = unique_table("shared");
    conn.execute("CREATE TABLE " + t + " (thread INTEGER, n INTEGER)");
    constexpr int threads = 8, per_thread = 300;
    std::vector<std::thread> workers;
    std::atomic<int> failures{0};
    for (int k = 0; k < threads; ++k) {
        workers.emplace_back([&, k] {
            try {
                for (int i = 0; i < per_thread; ++i) {
                    conn.execute("INSERT INTO " + t + " VALUES (?, ?)", k, i);
                    const auto mine =
                        conn.query_value<long long>("SELECT COUNT(*) FROM " + t + " WHERE thread = ?", k);
                    if (mine != i + 1) ++failures;
                }
            } catch (const std::exception&) {
                ++failures;
            }
        });
    }
    for (auto& w : workers) w.join();
    EXPECT_EQ(failures.load(), 0);
    EXPECT_EQ(conn.query_value<long long>("SELECT COUNT(*) FROM " + t), threads * per_thread);
    EXPECT_EQ(conn.query_value<long long>("SELECT SUM(n) FROM " + t),
              threads * (per_thread * (per_thread - 1) / 2));
    conn.execute("DROP TABLE " + t);
}

}  // namespace

namespace {

TEST(session_state, ping_cursor_count_and_changed_settings) {
    ifx::connection conn(server_fixture::instance().params());
    conn.ping();
    EXPECT_EQ(conn.open_cursors(), 0);
    {
        ifx::cursor c = conn.open_cursor("SELECT tabid FROM systables");
        EXPECT_EQ(conn.open_cursors(), 1);
        ifx::cursor d = conn.open_cursor("SELECT tabid FROM systables");
        EXPECT_EQ(conn.open_cursors(), 2);
        c.close();
        EXPECT_EQ(conn.open_cursors(), 1);
    }
    EXPECT_EQ(conn.open_cursors(), 0);
    EXPECT_EQ(conn.changed_settings(), 0u);
    conn.execute("SET ISOLATION TO DIRTY READ");
    EXPECT_EQ(conn.changed_settings(), static_cast<unsigned>(ifx::session_setting::isolation));
    conn.execute("SET LOCK MODE TO WAIT 5");
    EXPECT_EQ(conn.changed_settings(), static_cast<unsigned>(ifx::session_setting::isolation) |
                                           static_cast<unsigned>(ifx::session_setting::lock_mode));
    conn.clear_changed_settings();
    EXPECT_EQ(conn.changed_settings(), 0u);
    conn.ping();
}

}  // namespace

namespace {

TEST(cursors, scroll_cursor_moves_in_every_direction) {
    ifx::connection conn(server_fixture::instance().params());
    const auto t = unique_table("scroll");
    conn.execute("CREATE TABLE " + t + " (id INTEGER)");
    ifx::statement ins = conn.prepare("INSERT INTO " + t + " VALUES (?)");
    std::vector<std::tuple<int>> rows;
    for (int i = 1; i <= 10; ++i) rows.emplace_back(i * 10);
    conn.execute_many(ins, rows);
    {
        ifx::scroll_cursor c = conn.open_scroll_cursor("SELECT id FROM " + t + " ORDER BY id");
        EXPECT_EQ(c.last()->get<int>(0), 100);
        EXPECT_EQ(c.position(), 10);
        EXPECT_EQ(c.first()->get<int>(0), 10);
        EXPECT_EQ(c.next()->get<int>(0), 20);
        EXPECT_EQ(c.absolute(7)->get<int>(0), 70);
        EXPECT_EQ(c.relative(-3)->get<int>(0), 40);
        EXPECT_EQ(c.prior()->get<int>(0), 30);
        EXPECT_EQ(c.position(), 3);
        EXPECT_FALSE(c.absolute(11).has_value());
        EXPECT_EQ(c.position(), 0);
        EXPECT_EQ(c.absolute(1)->get<int>(0), 10);
        EXPECT_FALSE(c.prior().has_value());
    }
    EXPECT_EQ(conn.open_cursors(), 0);
    conn.execute("DROP TABLE " + t);
}

TEST(cursors, with_hold_cursor_survives_commit_and_a_plain_one_does_not) {
    auto p = server_fixture::instance().params();
    p.fetch_buffer_size = 512;  // a few dozen rows per batch: both cursors need fetches after COMMIT
    ifx::connection conn(p);
    const auto t = unique_table("hold");
    conn.execute("CREATE TABLE " + t + " (id INTEGER)");
    ifx::statement ins = conn.prepare("INSERT INTO " + t + " VALUES (?)");
    std::vector<std::tuple<int>> rows;
    for (int i = 0; i < 200; ++i) rows.emplace_back(i);
    conn.execute_many(ins, rows);
    conn.begin();
    ifx::cursor held = conn.open_cursor(ifx::cursor_options{.with_hold = true}, "SELECT id FROM " + t);
    ifx::cursor plain = conn.open_cursor("SELECT id FROM " + t);
    conn.commit();
    std::size_t n = 0;
    while (auto b = held.fetch()) n += b.size();
    EXPECT_EQ(n, 200u);
    const auto first = plain.fetch();  // arrived with OPEN, before the COMMIT
    EXPECT_GT(first.size(), 0u);
    EXPECT_LT(first.size(), 200u);
    try {
        (void)plain.fetch();
        FAIL() << "a cursor without hold survived COMMIT";
    } catch (const ifx::error& e) {
        EXPECT_EQ(e.sqlcode(), -400);
    }
    held.close();
    plain = ifx::cursor();
    conn.execute("DROP TABLE " + t);
}

}  // namespace
