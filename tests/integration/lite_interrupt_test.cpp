// Statements and locks that end (issue 19): a statement whose client went away stops and its
// transaction's locks go; SIGTERM stops running statements; under SET LOCK MODE TO NOT WAIT (IDS's
// default) or WAIT n a statement never waits for SQLite's write lock longer than the mode says,
// even while another session runs a statement that would take hours. Each test starts its own
// ifxlite and makes the other session's statement endless, so that only an interruption can end
// it: nothing here measures time.
#include <gtest/gtest.h>

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "lite_support.hpp"
#include "support/ifxlite_process.hpp"

extern char** environ;

namespace {

using namespace std::chrono_literals;
using ifx::test::codes;

// A statement that would run for hours: a three-way cross join of 2,000 rows.
constexpr const char* endless = "SELECT COUNT(*) FROM big a, big b, big c";

class lite_interrupt : public ::testing::Test {
protected:
    void SetUp() override {
        server_.create_database("intr", "log");
        ifx::connection c = connect();
        c.execute("CREATE TABLE big (x INTEGER)");
        c.execute(
            "INSERT INTO big WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 2000) "
            "SELECT x FROM n");
        c.execute("CREATE TABLE t (id INTEGER)");
        c.execute("CREATE TABLE other (id INTEGER)");
    }
    ifx::connection connect() { return ifx::connection(ifx::parse_url(url())); }
    std::string url() const { return server_.url("intr") + "&tls=disable"; }

    // Starts ifxsql running `statements` (one -c each); returns its pid.
    pid_t start_ifxsql(const std::vector<std::string>& statements) {
        std::vector<std::string> args = {IFXSQL_PATH, url()};
        for (const auto& s : statements) {
            args.push_back("-c");
            args.push_back(s);
        }
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        pid_t pid = -1;
        EXPECT_EQ(::posix_spawn(&pid, IFXSQL_PATH, nullptr, nullptr, argv.data(), environ), 0);
        return pid;
    }
    static void kill_process(pid_t pid) {
        ::kill(pid, SIGKILL);
        int status = 0;
        ::waitpid(pid, &status, 0);
    }
    // Waits until reading `table` under NOT WAIT meets another transaction's lock (-244): the
    // other session has written it and moved on to its next statement.
    void wait_for_lock_on(const std::string& table) {
        ifx::connection probe = connect();
        for (int i = 0; i < 600; ++i) {
            if (codes([&] { (void)probe.query_value<long long>("SELECT COUNT(*) FROM " + table); }).first ==
                -244)
                return;
            std::this_thread::sleep_for(50ms);
        }
        FAIL() << "the other session never locked " << table;
    }

    ifx::test::ifxlite_process server_;
};

TEST_F(lite_interrupt, a_statement_of_a_client_that_went_away_stops_and_its_locks_go) {
    // The client holds a row lock in t, runs an endless statement and dies (kill -9, Ctrl-C, a crash).
    const pid_t client = start_ifxsql({"BEGIN WORK", "INSERT INTO t VALUES (1)", endless});
    wait_for_lock_on("t");
    std::this_thread::sleep_for(200ms);  // let the endless statement start
    kill_process(client);
    // Once the server sees the connection gone it stops the statement and rolls back: the lock
    // goes and the row with it. (Were the statement left running, the lock would outlive the wait.)
    ifx::connection reader = connect();
    reader.execute("SET LOCK MODE TO WAIT 60");
    EXPECT_EQ(reader.query_value<long long>("SELECT COUNT(*) FROM t"), 0);
    reader.execute("INSERT INTO t VALUES (2)");
    EXPECT_EQ(reader.query_value<long long>("SELECT COUNT(*) FROM t"), 1);
}

TEST_F(lite_interrupt, sigterm_stops_running_statements) {
    std::atomic<bool> failed{false};
    std::thread runner([&] {
        ifx::connection c = connect();
        c.begin();
        c.execute("INSERT INTO t VALUES (1)");
        try {
            (void)c.query_value<long long>(endless);
        } catch (const ifx::error&) {
            failed = true;  // -213 or the connection closed by the shutdown
        }
    });
    wait_for_lock_on("t");
    std::this_thread::sleep_for(200ms);
    EXPECT_TRUE(server_.terminate()) << "ifxlite did not exit on SIGTERM (exit status 0) before the deadline";
    runner.join();
    EXPECT_TRUE(failed);
}

TEST_F(lite_interrupt, not_wait_fails_at_once_while_a_long_writer_runs) {
    // An autocommit INSERT … SELECT that never ends holds SQLite's database-wide write lock. IDS
    // would let another session insert into another table; ifxlite cannot, but under NOT WAIT the
    // insert fails as a locked row does instead of waiting for the writer.
    const pid_t writer = start_ifxsql({"INSERT INTO t SELECT COUNT(*) FROM big a, big b, big c"});
    ifx::connection c = connect();
    std::pair<int, int> got{0, 0};
    for (int i = 0; i < 600 && got.first == 0; ++i) {
        got = codes([&] { c.execute("INSERT INTO other VALUES (1)"); });
        if (got.first == 0) std::this_thread::sleep_for(50ms);  // the writer has not started yet
    }
    EXPECT_EQ(got, std::make_pair(-271, -107));
    c.execute("SET LOCK MODE TO WAIT 1");
    EXPECT_EQ(codes([&] { c.execute("INSERT INTO other VALUES (2)"); }), std::make_pair(-271, -154));
    kill_process(writer);
    // The writer's statement stops once its client is gone; the lock with it.
    c.execute("SET LOCK MODE TO WAIT 60");
    c.execute("INSERT INTO other VALUES (3)");
    EXPECT_EQ(c.query_value<long long>("SELECT COUNT(*) FROM t"), 0);
}

}  // namespace
