// The pool under every network fault (the table of faults_table.hpp): a borrower's operation
// meets the fault, the handle goes back, and then
//  - the operation completed or failed with a clear error within its deadline (no hang, no crash);
//  - a broken connection was closed, never put back idle;
//  - the next acquire gets a clean working connection (open, no transaction, no open cursor, and
//    it cannot see the failed borrower's uncommitted rows);
//  - the server side tells the truth: a successful COMMIT committed, nothing rolled back or left
//    uncommitted was committed (checked through a fresh direct connection);
//  - every server session is released once the pool is closed.
// Adding an operation to `operations` adds its fault tests.
#include <gtest/gtest.h>

#include <unistd.h>

#include <chrono>
#include <functional>
#include <optional>
#include <thread>

#include "faults_table.hpp"
#include "ifx/pool.hpp"
#include "server_fixture.hpp"

namespace {

using namespace std::chrono_literals;
using ifx::test::server_fixture;
using clock_type = std::chrono::steady_clock;
namespace faults = ifx::test::faults;

struct context {
    ifx::connection& conn;
    std::string table;
    std::optional<ifx::statement> insert;
    std::optional<ifx::cursor> cursor;
};

struct operation_case {
    const char* name;
    std::function<void(context&)> prepare;  // runs before the fault is armed
    std::function<void(context&)> run;      // the operation under the fault (may be empty)
    /// Ids that must never be committed, whatever the outcome (uncommitted or rolled back).
    std::vector<int> never_committed;
};

void insert_row(context& c, int id) {
    c.conn.execute("INSERT INTO " + c.table + " VALUES (?, ?)", id, "pooled");
}

const operation_case operations[] = {
    {"query", {}, [](context& c) { (void)c.conn.query("SELECT id, name FROM " + c.table); }, {}},
    {"execute_in_transaction",
     [](context& c) {
         c.conn.begin();
         insert_row(c, 400);
     },
     [](context& c) { insert_row(c, 401); },
     {400, 401}},
    {"fetch",
     [](context& c) { c.cursor.emplace(c.conn.open_cursor("SELECT id, name FROM " + c.table)); },
     [](context& c) {
         while (c.cursor->fetch()) {
         }
     },
     {}},
    {"execute_many",
     [](context& c) { c.insert.emplace(c.conn.prepare("INSERT INTO " + c.table + " VALUES (?, ?)")); },
     [](context& c) {
         std::vector<std::tuple<int, std::string>> rows = {{200, "a"}, {201, "b"}, {202, "c"}};
         c.conn.execute_many(*c.insert, rows);
     },
     {}},
    {"commit",
     [](context& c) {
         c.conn.begin();
         insert_row(c, faults::commit_row);
     },
     [](context& c) { c.conn.commit(); },
     {}},
    {"rollback",
     [](context& c) {
         c.conn.begin();
         insert_row(c, faults::rollback_row);
     },
     [](context& c) { c.conn.rollback(); },
     {faults::rollback_row}},
    // The fault strikes the pool's own clean-up: the borrower returns a connection inside a
    // transaction, and the rollback on release meets the fault.
    {"release_in_transaction",
     [](context& c) {
         c.conn.begin();
         insert_row(c, 302);
     },
     {},
     {302}},
    // The fault strikes the reply to the finished query's CLOSE, which the pool's housekeeping
    // writes once the connection has been idle for cursor_close_delay (1 ms; the test waits
    // quick_timeout after the return) and does not wait for: the next borrower must not meet it.
    {"release_after_query",
     [](context& c) { (void)c.conn.query("SELECT id, name FROM " + c.table); },
     {},
     {}},
    // A cursor left open on release (the pool must not hand it out with the cursor).
    {"release_with_open_cursor",
     [](context& c) {
         c.cursor.emplace(c.conn.open_cursor("SELECT id, name FROM " + c.table));
         (void)c.cursor->fetch();
     },
     {},
     {}},
};

using faults::count_where;

class faults_pool_test : public ::testing::TestWithParam<faults::case_index> {};

TEST_P(faults_pool_test, borrower_fault_never_reaches_the_next_borrower) {
    if (server_fixture::instance().real_server()) GTEST_SKIP() << "needs ifxlite";
    const auto& op = operations[std::get<0>(GetParam())];
    const auto& f = faults::all[std::get<1>(GetParam())];
    faults::case_scope scope("fp_", op.name, f);
    const std::string& table = scope.table();
    const std::string_view name = op.name;
    {
        ifx::connection setup(server_fixture::instance().params());
        setup.execute("CREATE TABLE " + table + " (id INTEGER, name VARCHAR(20))");
        for (int i = 0; i < 50; ++i) setup.execute("INSERT INTO " + table + " VALUES (?, ?)", i, "row");
    }

    auto p = scope.params();
    p.read_timeout = faults::quick_timeout;
    p.connect_timeout = faults::quick_timeout;
    p.fetch_buffer_size = 512;
    ifx::pool_params options;
    options.max_size = 1;  // the next borrower gets this connection, or its replacement
    options.acquire_timeout = faults::generous;
    options.log = [](ifx::log_level, std::string_view) {};
    std::optional<ifx::pool> pool(std::in_place, p, options);

    std::error_code ec;
    {
        auto handle = pool->acquire();
        context ctx{*handle, table, {}, {}};
        if (op.prepare) op.prepare(ctx);
        faults::arm(scope.proxy(), f, faults::quick_timeout);
        const auto start = clock_type::now();
        if (op.run) {
            try {
                op.run(ctx);
            } catch (const ifx::error& e) {
                ec = e.code();
                EXPECT_FALSE(std::string(e.what()).empty());
            }
        }
        if (ec && ifx::is_fatal(ec)) {
            EXPECT_FALSE(handle->is_open()) << "a fatal error left the connection open";
        }
        if (op.run && faults::breaks_exchange(f.kind)) {
            EXPECT_TRUE(ec) << "a broken exchange reported success";
        }
        ctx.cursor.reset();
        ctx.insert.reset();
        handle.release();
        EXPECT_LT(clock_type::now() - start, faults::generous) << "the operation or the release hung";
    }
    // A return does not wait for the replies to what it wrote: give them time to meet the fault
    // (either way, what follows must hold).
    if (!op.run) std::this_thread::sleep_for(faults::quick_timeout);
    scope.proxy().disarm();

    auto stats = pool->stats();
    EXPECT_EQ(stats.in_use, 0u);
    if (ec && ifx::is_fatal(ec)) {
        EXPECT_EQ(stats.idle, 0u) << "a broken connection went back idle";
    }

    // The next borrower: a clean, working connection.
    {
        auto next = pool->acquire();
        EXPECT_TRUE(next->is_open());
        EXPECT_FALSE(next->in_transaction()) << "handed out inside the previous borrower's transaction";
        EXPECT_EQ(next->open_cursors(), 0) << "handed out with the previous borrower's cursor";
        for (int id : op.never_committed)
            EXPECT_EQ(count_where(*next, table, "id = " + std::to_string(id)), 0)
                << "the next borrower sees row " << id;
        EXPECT_GE(count_where(*next, table, "id < 50"), 50);
        // Its transactions are its own.
        next->begin();
        next->execute("INSERT INTO " + table + " VALUES (500, 'next')");
        next->commit();
    }
    EXPECT_TRUE(pool->close(faults::generous));
    pool.reset();

    // The server's truth, through a fresh connection.
    scope.check_server_and_drop_table(name == "commit" && !ec, false, [&](ifx::connection& direct) {
        EXPECT_EQ(count_where(direct, table, "id < 50"), 50);
        EXPECT_EQ(count_where(direct, table, "id = 500"), 1) << "the next borrower's commit was lost";
        for (int id : op.never_committed)
            EXPECT_EQ(count_where(direct, table, "id = " + std::to_string(id)), 0)
                << "row " << id << " was committed";
        if (name == "commit") {
            EXPECT_LE(count_where(direct, table, "id = " + std::to_string(faults::commit_row)), 1);
        }
        if (name == "execute_many" && !ec) {
            EXPECT_EQ(count_where(direct, table, "id BETWEEN 200 AND 202"), 3);
        }
    });
    scope.expect_sessions_released();
}

INSTANTIATE_TEST_SUITE_P(all, faults_pool_test, faults::every_case(std::size(operations)),
                         faults::case_name<operations>);

// Connects that meet a fault: the pool reports a clear error within the acquire deadline, and
// once the fault is gone the next acquire gets a working connection.
TEST(faults_pool_connect, every_fault_during_login_fails_within_the_deadline_then_recovers) {
    if (server_fixture::instance().real_server()) GTEST_SKIP() << "needs ifxlite";
    for (const auto& f : faults::all) {
        const faults::session_baseline sessions;
        {
            ifx::test::fault_proxy proxy(server_fixture::instance().lite().port());
            auto p = server_fixture::instance().params();
            p.port = proxy.port();
            p.connect_timeout = faults::quick_timeout;
            p.read_timeout = faults::quick_timeout;
            ifx::pool_params options;
            options.max_size = 1;
            options.fail_fast = false;
            options.reconnect_backoff_min = 10ms;
            options.reconnect_backoff_max = 50ms;
            options.log = [](ifx::log_level, std::string_view) {};
            ifx::pool pool(p, options);
            faults::arm(proxy, f, faults::quick_timeout);
            const auto start = clock_type::now();
            std::error_code ec;
            ifx::diagnostics diag;
            auto first = pool.acquire(faults::quick_timeout * 3, ec, diag);
            EXPECT_LT(clock_type::now() - start, faults::generous) << f.name;
            if (ec) {
                EXPECT_FALSE(first.valid()) << f.name;
                EXPECT_FALSE(diag.to_string().empty()) << f.name;
            }
            first.release();
            proxy.disarm();
            auto next = pool.acquire(faults::generous);
            EXPECT_TRUE(next->is_open()) << f.name;
            EXPECT_EQ(next->query_value<long long>("SELECT COUNT(*) FROM systables WHERE tabid = 1"), 1)
                << f.name;
            next.release();
            EXPECT_TRUE(pool.close(faults::generous)) << f.name;
        }
        sessions.expect_released(f.name);
    }
}

}  // namespace
