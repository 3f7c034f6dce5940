// Informix semantics through the driver (issue 4): what ifxlite's raw-byte server tests check,
// seen as an application sees it — visibility between sessions, serial values, error codes with
// their ISAM codes, lock conflicts under both lock modes, unlogged and ANSI databases, DBINFO,
// FIRST/SKIP, MATCHES and the catalog. Everything here is what IDS does too; where ifxlite's
// database-level locks are coarser than IDS's row locks the tests use conflicts both would report.
#include <gtest/gtest.h>

#include <unistd.h>

#include <atomic>
#include <functional>
#include <string>
#include <thread>
#include <utility>

#include "lite_support.hpp"
#include "server_fixture.hpp"

namespace {

using ifx::test::codes;
using ifx::test::params_for;
using ifx::test::scratch_database;
using ifx::test::server_fixture;
using ifx::test::unique_name;

/// A reader that sees the last committed version instead of waiting for (or failing on) a
/// writer's row locks: IDS's COMMITTED READ LAST COMMITTED (lite_locks_test covers the others).
void read_last_committed(ifx::connection& c) {
    c.execute("SET ISOLATION TO COMMITTED READ LAST COMMITTED");
}

class lite_semantics : public ::testing::Test {
protected:
    void SetUp() override {
        a.connect(server_fixture::instance().params());
        table = unique_name("sem");
        a.execute("CREATE TABLE " + table + " (id INTEGER, v VARCHAR(20))");
    }
    void TearDown() override {
        if (a.is_open()) {
            if (a.in_transaction()) a.rollback();
            a.execute("DROP TABLE " + table);
        }
    }
    long long count_on(ifx::connection& c) {
        return c.query_value<long long>("SELECT COUNT(*) FROM " + table);
    }
    ifx::connection a;
    std::string table;
};

TEST_F(lite_semantics, uncommitted_rows_are_invisible_and_committed_rows_visible) {
    ifx::connection b(server_fixture::instance().params());
    read_last_committed(b);
    a.begin();
    a.execute("INSERT INTO " + table + " VALUES (1, 'x')");
    EXPECT_EQ(count_on(a), 1);
    EXPECT_EQ(count_on(b), 0);
    a.commit();
    EXPECT_EQ(count_on(b), 1);
    a.begin();
    a.execute("DELETE FROM " + table);
    EXPECT_EQ(count_on(b), 1);
    a.rollback();
    EXPECT_EQ(count_on(a), 1);
    EXPECT_EQ(count_on(b), 1);
}

TEST_F(lite_semantics, serial_values_are_reported_and_dbinfo_repeats_them) {
    const std::string s = unique_name("ser"), s8 = unique_name("ser8"), bs = unique_name("bser");
    a.execute("CREATE TABLE " + s + " (id SERIAL, v INTEGER)");
    a.execute("CREATE TABLE " + s8 + " (id SERIAL8(100), v INTEGER)");
    a.execute("CREATE TABLE " + bs + " (id BIGSERIAL, v INTEGER)");
    EXPECT_EQ(a.execute("INSERT INTO " + s + " VALUES (0, 1)").serial, 1);
    EXPECT_EQ(a.execute("INSERT INTO " + s + " VALUES (0, 2)").serial, 2);
    EXPECT_EQ(a.query_value<long long>("SELECT DBINFO('sqlca.sqlerrd1') FROM systables WHERE tabid = 1"), 2);
    EXPECT_EQ(a.execute("INSERT INTO " + s + " VALUES (40, 3)").serial, 40);
    EXPECT_EQ(a.execute("INSERT INTO " + s + " (v) VALUES (4)").serial, 41);
    EXPECT_EQ(a.execute("INSERT INTO " + s8 + " VALUES (0, 1)").serial8, 100);
    EXPECT_EQ(a.execute("INSERT INTO " + s8 + " VALUES (0, 1)").serial8, 101);
    EXPECT_EQ(a.query_value<long long>("SELECT DBINFO('serial8') FROM systables WHERE tabid = 1"), 101);
    const auto big = a.execute("INSERT INTO " + bs + " VALUES (0, 1)");
    ASSERT_TRUE(big.bigserial.has_value());
    EXPECT_EQ(*big.bigserial, 1);
    EXPECT_EQ(a.query_value<long long>("SELECT DBINFO('bigserial') FROM systables WHERE tabid = 1"), 1);
    EXPECT_EQ(a.execute("UPDATE " + s + " SET v = v + 1 WHERE id < 41").affected_rows, 3);
    for (const auto& t : {s, s8, bs}) a.execute("DROP TABLE " + t);
}

TEST_F(lite_semantics, statement_errors_carry_informix_codes) {
    const std::string u = unique_name("err");
    a.execute("CREATE TABLE " + u +
              " (id INTEGER NOT NULL PRIMARY KEY, code CHAR(4), n INTEGER, d DATETIME YEAR TO DAY)");
    a.execute("CREATE UNIQUE INDEX " + u + "_code ON " + u + " (code)");
    a.execute("INSERT INTO " + u + " VALUES (1, 'a', 1, DATETIME(2024-01-31) YEAR TO DAY)");
    const auto run = [&](const std::string& sql) { return codes([&] { a.execute(sql); }); };
    EXPECT_EQ(run("SELEC id FROM " + u).first, -201);
    EXPECT_EQ(run("SELECT id FROM no_such_table_here"), std::make_pair(-206, -111));
    EXPECT_EQ(run("SELECT no_such_column FROM " + u).first, -217);
    EXPECT_EQ(run("INSERT INTO " + u + " (id) VALUES (2, 3)").first, -236);
    EXPECT_EQ(run("INSERT INTO " + u + " VALUES (1, 'b', 1, NULL)"), std::make_pair(-268, -100));
    EXPECT_EQ(run("INSERT INTO " + u + " VALUES (2, 'a', 1, NULL)"), std::make_pair(-239, -100));
    EXPECT_EQ(run("INSERT INTO " + u + " VALUES (NULL, 'c', 1, NULL)").first, -391);
    EXPECT_EQ(run("INSERT INTO " + u + " VALUES (3, 'c', 'abc', NULL)").first, -1213);
    EXPECT_EQ(run("INSERT INTO " + u + " VALUES (3, 'c', 1, DATETIME(2024-0x-01) YEAR TO DAY)").first, -1262);
    EXPECT_EQ(run("INSERT INTO " + u + " VALUES (3, 'c', 1, DATETIME(2024-01-01 10) YEAR TO DAY)").first,
              -1264);
    EXPECT_EQ(a.query_value<long long>("SELECT COUNT(*) FROM " + u), 1);  // nothing partial was written
    a.execute("DROP TABLE " + u);
}

TEST_F(lite_semantics, transaction_state_errors) {
    EXPECT_EQ(codes([&] { a.execute("COMMIT WORK"); }).first, -255);
    EXPECT_EQ(codes([&] { a.execute("ROLLBACK WORK"); }).first, -255);
    a.begin();
    EXPECT_EQ(codes([&] { a.execute("BEGIN WORK"); }).first, -535);
    a.rollback();
}

TEST_F(lite_semantics, login_and_database_errors) {
    if (server_fixture::instance().real_server()) GTEST_SKIP() << "needs the fixture's account";
    // A missing database is -329 (+ ISAM -111) at connect and for DATABASE, never -827 (docs/protocol.md).
    const std::string missing = "no_such_db_" + std::to_string(::getpid());
    EXPECT_EQ(codes([&] { ifx::connection c(params_for(missing)); }), std::make_pair(-329, -111));
    EXPECT_EQ(codes([&] { a.execute("DATABASE " + missing); }), std::make_pair(-329, -111));
    EXPECT_TRUE(a.is_open());
    EXPECT_EQ(a.query_value<std::string>("SELECT DBINFO('dbname') FROM systables WHERE tabid = 1"), "itest");
    auto bad_user = params_for("");
    bad_user.user = "nobody";
    EXPECT_EQ(codes([&] { ifx::connection c(bad_user); }).first, -951);
    auto bad_password = params_for("");
    bad_password.password = "wrong";
    EXPECT_EQ(codes([&] { ifx::connection c(bad_password); }).first, -952);
}

TEST_F(lite_semantics, lock_conflicts_follow_the_lock_mode) {
    a.execute("INSERT INTO " + table + " VALUES (1, 'x')");
    ifx::connection b(server_fixture::instance().params());
    a.begin();
    a.execute("UPDATE " + table + " SET v = 'a' WHERE id = 1");
    // IDS's default is NOT WAIT: the locked row fails the scan at once (ISAM -107, record locked).
    const std::string update = "UPDATE " + table + " SET v = 'b' WHERE id = 1";
    EXPECT_EQ(codes([&] { b.execute(update); }), std::make_pair(-244, -107));
    b.execute("SET LOCK MODE TO WAIT 1");
    EXPECT_EQ(codes([&] { b.execute(update); }), std::make_pair(-244, -154));  // lock wait timed out
    b.execute("SET LOCK MODE TO NOT WAIT");
    EXPECT_EQ(codes([&] { b.execute(update); }), std::make_pair(-244, -107));
    a.commit();
    EXPECT_EQ(b.execute(update).affected_rows, 1);
    EXPECT_EQ(a.query_value<std::string>("SELECT v FROM " + table + " WHERE id = 1"), "b");
}

TEST_F(lite_semantics, waiting_session_gets_the_lock_when_the_holder_commits) {
    a.execute("INSERT INTO " + table + " VALUES (1, 'x')");
    ifx::connection b(server_fixture::instance().params());
    b.execute("SET LOCK MODE TO WAIT");
    a.begin();
    a.execute("UPDATE " + table + " SET v = 'a' WHERE id = 1");
    std::thread waiter([&] { b.execute("UPDATE " + table + " SET v = 'b' WHERE id = 1"); });
    a.commit();
    waiter.join();
    EXPECT_EQ(a.query_value<std::string>("SELECT v FROM " + table + " WHERE id = 1"), "b");
}

TEST_F(lite_semantics, transactions_writing_different_tables_do_not_conflict) {
    // IDS locks rows: B's write to another table never meets A's locks, even under NOT WAIT.
    // (ifxlite's database-level lock makes B wait for A's commit instead of failing.)
    const std::string other = unique_name("oth");
    a.execute("CREATE TABLE " + other + " (id INTEGER)");
    ifx::connection b(server_fixture::instance().params());
    a.begin();
    a.execute("INSERT INTO " + table + " VALUES (1, 'a')");
    std::error_code ec;
    std::thread writer([&] {
        ifx::diagnostics diag;
        b.begin();
        const ifx::param row[] = {ifx::param(7)};
        b.execute("INSERT INTO " + other + " VALUES (?)", row, ec, diag);
        if (!ec) b.commit();
    });
    a.commit();
    writer.join();
    EXPECT_FALSE(ec) << ec.message();
    EXPECT_EQ(a.query_value<long long>("SELECT COUNT(*) FROM " + other), 1);
    a.execute("DROP TABLE " + other);
}

TEST_F(lite_semantics, a_transaction_that_has_read_writes_after_another_session_committed) {
    // COMMITTED READ reads the latest committed rows on IDS (no snapshot): a transaction that read
    // before another session committed still writes, and then sees that session's row.
    const std::string other = unique_name("rd");
    a.execute("CREATE TABLE " + other + " (id INTEGER)");
    ifx::connection b(server_fixture::instance().params());
    b.begin();
    EXPECT_EQ(b.query_value<long long>("SELECT COUNT(*) FROM " + other), 0);
    a.execute("INSERT INTO " + table + " VALUES (1, 'a')");
    EXPECT_EQ(b.execute("INSERT INTO " + table + " VALUES (?, ?)", 2, "b").affected_rows, 1);
    EXPECT_EQ(b.query_value<long long>("SELECT COUNT(*) FROM " + table), 2);
    b.commit();
    a.execute("DROP TABLE " + other);
}

TEST_F(lite_semantics, a_waiting_writer_that_has_read_gets_the_lock_when_the_holder_commits) {
    // BEGIN, a read, then a write while another transaction writes: under WAIT the write waits for
    // the commit (whichever comes first, the write or the commit) instead of failing with -271.
    const std::string other = unique_name("rd");
    a.execute("CREATE TABLE " + other + " (id INTEGER)");
    ifx::connection b(server_fixture::instance().params());
    b.execute("SET LOCK MODE TO WAIT 30");
    a.begin();
    a.execute("INSERT INTO " + table + " VALUES (1, 'a')");
    b.begin();
    EXPECT_EQ(b.query_value<long long>("SELECT COUNT(*) FROM " + other), 0);
    std::error_code ec;
    std::thread writer([&] {
        ifx::diagnostics diag;
        const ifx::param row[] = {ifx::param(2), ifx::param("b")};
        b.execute("INSERT INTO " + table + " VALUES (?, ?)", row, ec, diag);
        if (!ec) b.commit();
    });
    a.commit();
    writer.join();
    EXPECT_FALSE(ec) << ec.message();
    EXPECT_EQ(a.query_value<long long>("SELECT COUNT(*) FROM " + table), 2);
    a.execute("DROP TABLE " + other);
}

TEST_F(lite_semantics, concurrent_autocommit_writers_do_not_conflict_without_waiting) {
    // Row locks of single statements on different rows never conflict on IDS, even in NOT WAIT.
    constexpr int per_thread = 100;
    std::atomic<int> failures{0};
    const auto writer = [&](int base) {
        ifx::connection c(server_fixture::instance().params());
        for (int i = 0; i < per_thread; ++i) {
            std::error_code ec;
            ifx::diagnostics diag;
            const ifx::param row[] = {ifx::param(base + i), ifx::param("w")};
            c.execute("INSERT INTO " + table + " VALUES (?, ?)", row, ec, diag);
            if (ec) ++failures;
        }
    };
    std::thread t1(writer, 0), t2(writer, 1000);
    t1.join();
    t2.join();
    EXPECT_EQ(failures.load(), 0);
    EXPECT_EQ(count_on(a), 2 * per_thread);
}

TEST_F(lite_semantics, first_skip_matches_and_catalog) {
    for (int i = 1; i <= 6; ++i)
        a.execute("INSERT INTO " + table + " VALUES (?, ?)", i, std::string(i % 2 ? "apple" : "berry"));
    const auto page = a.query<int>("SELECT SKIP 2 FIRST 3 id FROM " + table + " ORDER BY id");
    ASSERT_EQ(page.size(), 3u);
    EXPECT_EQ(std::get<0>(page.at(0)), 3);
    EXPECT_EQ(std::get<0>(page.at(2)), 5);
    EXPECT_EQ(a.query_value<long long>("SELECT COUNT(*) FROM " + table + " WHERE v MATCHES 'a*'"), 3);
    EXPECT_EQ(a.query_value<long long>("SELECT COUNT(*) FROM " + table + " WHERE v MATCHES '?err[xy]'"), 3);
    EXPECT_EQ(a.query_value<std::string>("SELECT tabname FROM systables WHERE tabid = 1"), "systables");
    const auto tabid = a.query_value<int>("SELECT tabid FROM systables WHERE tabname = ?", table);
    EXPECT_GE(tabid, 100);
    const auto columns = a.query<std::string, int>(
        "SELECT colname, coltype FROM syscolumns WHERE tabid = ? ORDER BY colno", tabid);
    ASSERT_EQ(columns.size(), 2u);
    EXPECT_EQ(columns.at(0), std::make_tuple(std::string("id"), 2));
    EXPECT_EQ(columns.at(1), std::make_tuple(std::string("v"), 13));
}

TEST(lite_databases, unlogged_database_has_no_transactions) {
    if (server_fixture::instance().real_server()) GTEST_SKIP() << "creates databases";
    scratch_database db("");
    ifx::connection c(params_for(db.name()));
    EXPECT_FALSE(c.info().logged);
    EXPECT_EQ(codes([&] { c.begin(); }).first, -256);
    EXPECT_EQ(codes([&] { c.execute("COMMIT WORK"); }).first, -255);
    c.execute("CREATE TABLE t (a INTEGER)");
    c.execute("INSERT INTO t VALUES (1)");
    ifx::connection other(params_for(db.name()));
    EXPECT_EQ(other.query_value<long long>("SELECT COUNT(*) FROM t"), 1);  // every statement is final
}

TEST(lite_databases, ansi_database_is_always_in_a_transaction) {
    if (server_fixture::instance().real_server()) GTEST_SKIP() << "creates databases";
    scratch_database db("WITH LOG MODE ANSI");
    ifx::connection c(params_for(db.name()));
    EXPECT_TRUE(c.info().ansi);
    EXPECT_TRUE(c.info().logged);
    c.execute("CREATE TABLE t (a INTEGER)");
    c.commit();
    ifx::connection other(params_for(db.name()));
    read_last_committed(other);
    other.commit();
    c.execute("INSERT INTO t VALUES (1)");
    EXPECT_EQ(other.query_value<long long>("SELECT COUNT(*) FROM t"), 0);
    other.commit();
    c.rollback();
    EXPECT_EQ(c.query_value<long long>("SELECT COUNT(*) FROM t"), 0);
    c.execute("INSERT INTO t VALUES (2)");
    c.commit();
    EXPECT_EQ(other.query_value<long long>("SELECT COUNT(*) FROM t"), 1);
    other.commit();
}

}  // namespace
