// Every async_connection operation under every network fault (the table of faults_table.hpp):
// each case completes or fails with a clear error within its deadline — never a hang or a
// crash —, a failed operation leaves the connection closed or usable (never half-open), a COMMIT
// that reports success has committed, a rolled-back row is never committed, and the server
// releases the session afterwards. Adding an operation to `operations` adds its fault tests.
#include <gtest/gtest.h>

#include <unistd.h>

#include <asio/co_spawn.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <asio/use_awaitable.hpp>
#include <chrono>
#include <functional>
#include <optional>

#include "faults_table.hpp"
#include "ifx/async_connection.hpp"
#include "server_fixture.hpp"
#include "support/run_coroutine.hpp"

namespace {

using ifx::test::run_coroutine;
using namespace std::chrono_literals;
using ifx::test::server_fixture;
using clock_type = std::chrono::steady_clock;
namespace faults = ifx::test::faults;
constexpr auto tuple_awaitable = asio::experimental::as_tuple(asio::use_awaitable);

struct context {
    ifx::async_connection& conn;
    std::string table;
    std::optional<ifx::async_statement> insert;
    std::optional<ifx::async_cursor> cursor;
    ifx::diagnostics diag;
};

using step = std::function<asio::awaitable<std::error_code>(context&)>;

struct operation_case {
    const char* name;
    step prepare;  // runs before the fault is armed
    step run;      // the operation under the fault
};

asio::awaitable<std::error_code> exec(context& c, std::string sql) {
    auto [ec, r] = co_await c.conn.async_execute(sql, {}, c.diag, tuple_awaitable);
    co_return ec;
}

// Opens a transaction and inserts row `id` (named `label`) in it: what a COMMIT or ROLLBACK ends.
asio::awaitable<std::error_code> begin_and_insert(context& c, int id, std::string label) {
    auto [ec] = co_await c.conn.async_begin(c.diag, tuple_awaitable);
    if (ec) co_return ec;
    co_return co_await exec(
        c, "INSERT INTO " + c.table + " VALUES (" + std::to_string(id) + ", '" + label + "')");
}

const operation_case operations[] = {
    {"async_execute",
     {},
     [](context& c) { return exec(c, "INSERT INTO " + c.table + " VALUES (100, 'x')"); }},
    {"async_execute_with_params",
     {},
     [](context& c) -> asio::awaitable<std::error_code> {
         const auto params = ifx::make_params(101, "y");
         auto [ec, r] = co_await c.conn.async_execute("INSERT INTO " + c.table + " VALUES (?, ?)", params,
                                                      c.diag, tuple_awaitable);
         co_return ec;
     }},
    {"async_prepare",
     {},
     [](context& c) -> asio::awaitable<std::error_code> {
         auto [ec, s] = co_await c.conn.async_prepare("SELECT id FROM " + c.table + " WHERE id > ?", c.diag,
                                                      tuple_awaitable);
         co_return ec;
     }},
    {"async_query",
     {},
     [](context& c) -> asio::awaitable<std::error_code> {
         auto [ec, r] =
             co_await c.conn.async_query("SELECT id, name FROM " + c.table, {}, c.diag, tuple_awaitable);
         co_return ec;
     }},
    {"async_open_cursor",
     {},
     [](context& c) -> asio::awaitable<std::error_code> {
         auto [ec, cur] = co_await c.conn.async_open_cursor("SELECT id, name FROM " + c.table, {}, c.diag,
                                                            tuple_awaitable);
         co_return ec;
     }},
    {"async_fetch",
     [](context& c) -> asio::awaitable<std::error_code> {
         auto [ec, cur] = co_await c.conn.async_open_cursor("SELECT id, name FROM " + c.table, {}, c.diag,
                                                            tuple_awaitable);
         if (!ec) c.cursor.emplace(std::move(cur));
         co_return ec;
     },
     [](context& c) -> asio::awaitable<std::error_code> {
         for (;;) {
             auto [ec, rows] = co_await c.cursor->async_fetch(c.diag, tuple_awaitable);
             if (ec || rows.empty()) co_return ec;
         }
     }},
    {"async_execute_many",
     [](context& c) -> asio::awaitable<std::error_code> {
         auto [ec, s] = co_await c.conn.async_prepare("INSERT INTO " + c.table + " VALUES (?, ?)", c.diag,
                                                      tuple_awaitable);
         if (!ec) c.insert.emplace(std::move(s));
         co_return ec;
     },
     [](context& c) -> asio::awaitable<std::error_code> {
         const std::vector<ifx::param> rows = {200, "a", 201, "b", 202, "c", 203, "d"};
         auto [ec, r] = co_await c.conn.async_execute_many(*c.insert, rows, 2, 2, c.diag, tuple_awaitable);
         co_return ec;
     }},
    {"async_commit", [](context& c) { return begin_and_insert(c, faults::commit_row, "committed?"); },
     [](context& c) -> asio::awaitable<std::error_code> {
         auto [ec] = co_await c.conn.async_commit(c.diag, tuple_awaitable);
         co_return ec;
     }},
    {"async_rollback", [](context& c) { return begin_and_insert(c, faults::rollback_row, "rolled back"); },
     [](context& c) -> asio::awaitable<std::error_code> {
         auto [ec] = co_await c.conn.async_rollback(c.diag, tuple_awaitable);
         co_return ec;
     }},
    {"async_close",
     {},
     [](context& c) -> asio::awaitable<std::error_code> {
         auto [ec] = co_await c.conn.async_close(tuple_awaitable);
         co_return ec;
     }},
};

ifx::connect_params through(const ifx::test::fault_proxy& proxy) {
    auto p = server_fixture::instance().params();
    p.port = proxy.port();
    p.read_timeout = faults::read_timeout;
    p.connect_timeout = faults::quick_timeout;
    p.fetch_buffer_size = 512;  // several fetches for the 50-row table
    return p;
}

class faults_async_test : public ::testing::TestWithParam<faults::case_index> {};

TEST_P(faults_async_test, operation_fails_cleanly_or_completes) {
    if (server_fixture::instance().real_server()) GTEST_SKIP() << "needs ifxlite";
    const auto& op = operations[std::get<0>(GetParam())];
    const auto& f = faults::all[std::get<1>(GetParam())];
    faults::case_scope scope("fa_", op.name, f);
    const std::string& table = scope.table();
    const std::string_view name = op.name;
    std::error_code ec;

    run_coroutine([&](asio::io_context& io) -> asio::awaitable<void> {
        ifx::async_connection conn(io);
        co_await conn.async_connect(through(scope.proxy()), asio::use_awaitable);
        co_await conn.async_execute("CREATE TABLE " + table + " (id INTEGER, name VARCHAR(20))",
                                    asio::use_awaitable);
        auto ins =
            co_await conn.async_prepare("INSERT INTO " + table + " VALUES (?, ?)", asio::use_awaitable);
        std::vector<ifx::param> rows;
        for (int i = 0; i < 50; ++i) {
            rows.emplace_back(i);
            rows.emplace_back("row");
        }
        co_await conn.async_execute_many(ins, rows, 2, 64, asio::use_awaitable);
        co_await ins.async_close(asio::use_awaitable);

        context ctx{conn, table, {}, {}, {}};
        if (op.prepare) {
            const auto pec = co_await op.prepare(ctx);
            EXPECT_FALSE(pec) << ctx.diag.to_string();
        }

        conn.set_operation_timeout(faults::quick_timeout);
        faults::arm(scope.proxy(), f, faults::quick_timeout);
        const auto start = clock_type::now();
        ec = co_await op.run(ctx);
        EXPECT_LT(clock_type::now() - start, faults::generous) << "the operation hung";
        if (ec && name != "async_close") {  // async_close takes no diagnostics
            EXPECT_FALSE(ctx.diag.to_string().empty()) << "an error without diagnostics";
            if (ifx::is_fatal(ec)) {
                EXPECT_FALSE(conn.is_open()) << "a fatal error left the connection open";
            }
        }
        if (faults::breaks_exchange(f.kind) && name != "async_close") {
            EXPECT_TRUE(ec) << "a broken exchange reported success";
        }
        if (name == "async_close") {
            EXPECT_FALSE(conn.is_open());
        }

        // The next operation on the same connection never hangs either, and succeeds or fails
        // cleanly.
        scope.proxy().disarm();
        const auto again = clock_type::now();
        ifx::diagnostics diag;
        auto [ec2, r] = co_await conn.async_query("SELECT COUNT(*) FROM " + table, {}, diag, tuple_awaitable);
        EXPECT_LT(clock_type::now() - again, faults::generous);
        if (!ec2) {
            EXPECT_TRUE(conn.is_open());
            EXPECT_EQ(r.size(), 1u);
        }
        ctx.cursor.reset();
        ctx.insert.reset();
        if (conn.is_open()) co_await conn.async_close(tuple_awaitable);
    });

    // Nothing reported committed that was not; nothing rolled back was committed.
    scope.check_server_and_drop_table(name == "async_commit" && !ec, name == "async_rollback");
    scope.expect_sessions_released();
}

INSTANTIATE_TEST_SUITE_P(all, faults_async_test, faults::every_case(std::size(operations)),
                         faults::case_name<operations>);

TEST(faults_async_connect, every_fault_during_login_fails_within_the_deadline) {
    if (server_fixture::instance().real_server()) GTEST_SKIP() << "needs ifxlite";
    for (const auto& f : faults::all) {
        const faults::session_baseline sessions;
        {
            ifx::test::fault_proxy proxy(server_fixture::instance().lite().port());
            faults::arm(proxy, f, faults::quick_timeout);
            run_coroutine([&](asio::io_context& io) -> asio::awaitable<void> {
                ifx::async_connection conn(io);
                ifx::diagnostics diag;
                const auto start = clock_type::now();
                auto [ec] = co_await conn.async_connect(through(proxy), diag, tuple_awaitable);
                EXPECT_LT(clock_type::now() - start, faults::generous) << f.name;
                if (f.kind != ifx::test::fault::corrupt) {
                    EXPECT_TRUE(ec) << f.name;
                }
                if (ec) {
                    EXPECT_FALSE(conn.is_open()) << f.name;
                    EXPECT_FALSE(diag.client_message.empty()) << f.name;
                } else {
                    co_await conn.async_close(tuple_awaitable);
                }
            });
        }
        sessions.expect_released(f.name);
    }
}

}  // namespace
