// Readers and row locks through the driver (issue 4): a session reading rows another session's
// open transaction has changed waits or fails as SET ISOLATION and SET LOCK MODE say — -244
// (sequential scan), -245 (index read) or -243 (positioning by ROWID) with ISAM -107 under NOT
// WAIT, ISAM -154 when WAIT n expires — and proceeds once the writer commits or rolls back;
// DIRTY READ sees the uncommitted row, COMMITTED READ LAST COMMITTED the committed one. Every
// expectation here is what IDS 15 does too (ifxlite locks whole tables where IDS locks rows, so
// these tests only read rows the writer changed).
#include <gtest/gtest.h>

#include <chrono>
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

constexpr std::pair<int, int> scan_locked{-244, -107};
constexpr std::pair<int, int> index_locked{-245, -107};
constexpr std::pair<int, int> scan_timed_out{-244, -154};

class lite_locks : public ::testing::Test {
protected:
    void SetUp() override {
        writer.connect(server_fixture::instance().params());
        table = unique_name("lk");
        writer.execute("CREATE TABLE " + table + " (id INTEGER, v VARCHAR(20))");
        writer.execute("CREATE INDEX " + table + "_id ON " + table + " (id)");
        writer.execute("INSERT INTO " + table + " VALUES (1, 'old')");
        writer.execute("INSERT INTO " + table + " VALUES (2, 'other')");
        reader.connect(server_fixture::instance().params());
        writer.begin();
        writer.execute("UPDATE " + table + " SET v = 'new' WHERE id = 1");  // uncommitted
    }
    void TearDown() override {
        if (writer.is_open()) {
            if (writer.in_transaction()) writer.rollback();
            writer.execute("DROP TABLE " + table);
        }
    }
    std::string scan() const { return "SELECT v FROM " + table + " WHERE v <> 'none'"; }
    std::string by_index() const { return "SELECT v FROM " + table + " WHERE id = 1"; }
    std::pair<int, int> read(const std::string& sql) {
        return codes([&] { (void)reader.query_value<std::string>(sql); });
    }

    ifx::connection writer, reader;
    std::string table;
};

TEST_F(lite_locks, locking_isolation_levels_fail_at_once_under_not_wait) {
    // NOT WAIT is IDS's default lock mode; COMMITTED READ the default isolation of a logged database.
    EXPECT_EQ(read(scan()), scan_locked);
    EXPECT_EQ(read(by_index()), index_locked);
    for (const char* level :
         {"SET ISOLATION TO COMMITTED READ", "SET ISOLATION TO CURSOR STABILITY",
          "SET ISOLATION TO REPEATABLE READ", "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE"}) {
        reader.execute(level);
        EXPECT_EQ(read(scan()), scan_locked) << level;
        EXPECT_EQ(read(by_index()), index_locked) << level;
    }
}

TEST_F(lite_locks, a_cursor_meets_the_lock_when_it_opens) {
    EXPECT_EQ(codes([&] {
                  auto cur = reader.open_cursor(scan());
                  (void)cur.fetch();
              }),
              scan_locked);
    EXPECT_EQ(reader.open_cursors(), 0u);
    // The connection is usable afterwards.
    reader.execute("SET ISOLATION TO DIRTY READ");
    EXPECT_EQ(reader.query<std::string>(scan()).size(), 2u);
}

TEST_F(lite_locks, positioning_by_rowid_reports_243) {
    if (server_fixture::instance().real_server()) GTEST_SKIP() << "IDS tables may be fragmented (no ROWID)";
    const auto rowid = writer.query_value<long long>("SELECT rowid FROM " + table + " WHERE id = 1");
    EXPECT_EQ(codes([&] {
                  (void)reader.query_value<std::string>("SELECT v FROM " + table + " WHERE rowid = ?", rowid);
              }),
              std::make_pair(-243, -107));
}

TEST_F(lite_locks, wait_n_expires_with_isam_154) {
    reader.execute("SET LOCK MODE TO WAIT 1");
    EXPECT_EQ(read(scan()), scan_timed_out);
    EXPECT_EQ(read(by_index()), std::make_pair(-245, -154));
    reader.execute("SET LOCK MODE TO NOT WAIT");
    EXPECT_EQ(read(scan()), scan_locked);
}

TEST_F(lite_locks, waiting_reader_proceeds_after_commit) {
    reader.execute("SET LOCK MODE TO WAIT");
    std::string seen;
    std::thread waiting([&] { seen = reader.query_value<std::string>(by_index()); });
    std::this_thread::sleep_for(std::chrono::milliseconds(100));  // let it block (not asserted)
    writer.commit();
    waiting.join();
    EXPECT_EQ(seen, "new");
}

TEST_F(lite_locks, waiting_reader_proceeds_after_rollback) {
    reader.execute("SET LOCK MODE TO WAIT 30");
    std::pair<int, int> failed{0, 0};
    std::string seen;
    std::thread waiting([&] { failed = codes([&] { seen = reader.query_value<std::string>(by_index()); }); });
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    writer.rollback();
    waiting.join();
    EXPECT_EQ(failed, std::make_pair(0, 0));
    EXPECT_EQ(seen, "old");
}

TEST_F(lite_locks, not_wait_reader_succeeds_once_the_writer_ends) {
    EXPECT_EQ(read(by_index()), index_locked);
    writer.commit();
    EXPECT_EQ(reader.query_value<std::string>(by_index()), "new");
}

TEST_F(lite_locks, dirty_read_sees_the_uncommitted_row) {
    reader.execute("SET ISOLATION TO DIRTY READ");
    EXPECT_EQ(reader.query_value<std::string>(by_index()), "new");
    EXPECT_EQ(reader.query<std::string>(scan()).size(), 2u);
    writer.rollback();
    EXPECT_EQ(reader.query_value<std::string>(by_index()), "old");
}

TEST_F(lite_locks, last_committed_sees_the_committed_row) {
    reader.execute("SET ISOLATION TO COMMITTED READ LAST COMMITTED");
    EXPECT_EQ(reader.query_value<std::string>(by_index()), "old");
    EXPECT_EQ(reader.query<std::string>(scan()).size(), 2u);
    // The USELASTCOMMITTED session environment does the same for plain COMMITTED READ ...
    reader.execute("SET ISOLATION TO COMMITTED READ");
    EXPECT_EQ(read(by_index()), index_locked);
    reader.execute("SET ENVIRONMENT USELASTCOMMITTED 'COMMITTED READ'");
    EXPECT_EQ(reader.query_value<std::string>(by_index()), "old");
    // ... but not for CURSOR STABILITY.
    reader.execute("SET ISOLATION TO CURSOR STABILITY");
    EXPECT_EQ(read(by_index()), index_locked);
    writer.commit();
    EXPECT_EQ(reader.query_value<std::string>(by_index()), "new");
}

TEST_F(lite_locks, writers_meet_the_same_lock) {
    // UPDATE through the index (-245) or a scan (-244); INSERT reports -271.
    EXPECT_EQ(codes([&] { reader.execute("UPDATE " + table + " SET v = 'x' WHERE id = 1"); }), index_locked);
    EXPECT_EQ(codes([&] { reader.execute("DELETE FROM " + table + " WHERE v = 'new'"); }), scan_locked);
    EXPECT_EQ(codes([&] { reader.execute("INSERT INTO " + table + " VALUES (1, 'x')"); }),
              std::make_pair(-271, -107));
    writer.commit();
    EXPECT_EQ(reader.execute("UPDATE " + table + " SET v = 'x' WHERE id = 1").affected_rows, 1);
}

TEST(lite_locks_by_logging, ansi_readers_default_to_repeatable_read_and_unlogged_never_wait) {
    if (server_fixture::instance().real_server()) GTEST_SKIP() << "creates databases";
    {
        scratch_database db("WITH LOG MODE ANSI");
        ifx::connection w(params_for(db.name())), r(params_for(db.name()));
        w.execute("CREATE TABLE t (a INTEGER)");
        w.execute("INSERT INTO t VALUES (1)");
        w.commit();
        r.commit();
        w.execute("UPDATE t SET a = 2");  // the implicit transaction holds the row
        EXPECT_EQ(codes([&] { (void)r.query_value<int>("SELECT a FROM t"); }), scan_locked);
        r.rollback();
        r.execute("SET ISOLATION TO DIRTY READ");
        EXPECT_EQ(r.query_value<int>("SELECT a FROM t"), 2);
        r.commit();
        w.commit();
    }
    scratch_database db("");
    ifx::connection w(params_for(db.name())), r(params_for(db.name()));
    w.execute("CREATE TABLE t (a INTEGER)");
    w.execute("INSERT INTO t VALUES (1)");
    r.execute("SET ISOLATION TO REPEATABLE READ");  // accepted; every read is final without logging
    EXPECT_EQ(r.query_value<int>("SELECT a FROM t"), 1);
}

}  // namespace
