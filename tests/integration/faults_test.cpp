// Every public operation under every network fault, table-driven: each case either completes
// or fails with a clear error within its deadline — never a hang or a crash — and a COMMIT that
// reports success has really committed. Adding an operation to `operations` adds its fault tests.
#include <gtest/gtest.h>

#include <unistd.h>

#include <chrono>
#include <functional>
#include <optional>

#include "faults_table.hpp"
#include "server_fixture.hpp"

namespace {

using namespace std::chrono_literals;
using ifx::test::fault;
using ifx::test::server_fixture;
using clock_type = std::chrono::steady_clock;
using ifx::test::faults::generous;
using ifx::test::faults::read_timeout;
namespace faults = ifx::test::faults;

struct context {
    ifx::connection& conn;
    std::string table;
    ifx::statement* insert = nullptr;
    ifx::cursor* cursor = nullptr;
};

struct operation_case {
    const char* name;
    std::function<void(context&)> prepare;  // runs before the fault is armed
    std::function<void(context&)> run;      // the operation under the fault
};

// Opens a transaction and inserts row `id` (named `label`) in it: what a COMMIT or ROLLBACK ends.
void begin_and_insert(context& c, int id, const std::string& label) {
    c.conn.begin();
    c.conn.execute("INSERT INTO " + c.table + " VALUES (" + std::to_string(id) + ", '" + label + "')");
}

const operation_case operations[] = {
    {"execute", {}, [](context& c) { c.conn.execute("INSERT INTO " + c.table + " VALUES (100, 'x')"); }},
    {"execute_with_params",
     {},
     [](context& c) { c.conn.execute("INSERT INTO " + c.table + " VALUES (?, ?)", 101, "y"); }},
    {"prepare", {}, [](context& c) { (void)c.conn.prepare("SELECT id FROM " + c.table + " WHERE id > ?"); }},
    {"query", {}, [](context& c) { (void)c.conn.query("SELECT id, name FROM " + c.table); }},
    {"fetch", [](context& c) { (void)c.cursor->fetch(); },
     [](context& c) {
         while (c.cursor->fetch()) {
         }
     }},
    {"execute_many",
     {},
     [](context& c) {
         std::vector<std::tuple<int, std::string>> rows = {{200, "a"}, {201, "b"}, {202, "c"}};
         c.conn.execute_many(*c.insert, rows);
     }},
    {"commit", [](context& c) { begin_and_insert(c, faults::commit_row, "committed?"); },
     [](context& c) { c.conn.commit(); }},
    {"rollback", [](context& c) { begin_and_insert(c, faults::rollback_row, "rolled back"); },
     [](context& c) { c.conn.rollback(); }},
    {"close", {}, [](context& c) { c.conn.close(); }},
};

class faults_test : public ::testing::TestWithParam<faults::case_index> {};

TEST_P(faults_test, operation_fails_cleanly_or_completes) {
    if (server_fixture::instance().real_server()) GTEST_SKIP() << "needs ifxlite";
    const auto& op = operations[std::get<0>(GetParam())];
    const auto& f = faults::all[std::get<1>(GetParam())];
    faults::case_scope scope("f_", op.name, f);
    auto p = scope.params();
    p.read_timeout = read_timeout;
    p.fetch_buffer_size = 512;  // several fetches for the 50-row table (the fetch case needs one)
    const std::string& table = scope.table();

    ifx::connection conn(p);
    conn.execute("CREATE TABLE " + table + " (id INTEGER, name VARCHAR(20))");
    for (int i = 0; i < 50; ++i) conn.execute("INSERT INTO " + table + " VALUES (?, ?)", i, "row");
    ifx::statement insert = conn.prepare("INSERT INTO " + table + " VALUES (?, ?)");
    ifx::cursor cursor = conn.open_cursor("SELECT id, name FROM " + table);
    context ctx{conn, table, &insert, &cursor};
    if (op.prepare) op.prepare(ctx);

    faults::arm(scope.proxy(), f);
    const auto start = clock_type::now();
    std::error_code ec;
    try {
        op.run(ctx);
    } catch (const ifx::error& e) {
        ec = e.code();
        EXPECT_FALSE(std::string(e.what()).empty());
    }
    const auto elapsed = clock_type::now() - start;
    EXPECT_LT(elapsed, generous) << "the operation hung";
    if (ec && ifx::is_fatal(ec)) {
        EXPECT_FALSE(conn.is_open()) << "a fatal error left the connection open";
    }
    if (faults::breaks_exchange(f.kind) && std::string_view(op.name) != "close") {
        EXPECT_TRUE(ec) << "a broken exchange reported success";
    }
    // The next call on the same connection never hangs either.
    const auto again = clock_type::now();
    std::error_code ec2;
    ifx::diagnostics diag;
    (void)conn.query("SELECT COUNT(*) FROM " + table, {}, ec2, diag);
    EXPECT_LT(clock_type::now() - again, generous);
    scope.proxy().disarm();

    // Nothing reported committed that was not.
    scope.check_server_and_drop_table(std::string_view(op.name) == "commit" && !ec,
                                      std::string_view(op.name) == "rollback");

    // Every session of the case is released on the server once the client side is gone.
    conn.close();
    scope.expect_sessions_released();
}

INSTANTIATE_TEST_SUITE_P(all, faults_test, faults::every_case(std::size(operations)),
                         faults::case_name<operations>);

TEST(faults_connect, every_fault_during_login_fails_within_the_deadline) {
    if (server_fixture::instance().real_server()) GTEST_SKIP() << "needs ifxlite";
    for (const auto& f : faults::all) {
        ifx::test::fault_proxy proxy(server_fixture::instance().lite().port());
        auto p = server_fixture::instance().params();
        p.port = proxy.port();
        p.connect_timeout = read_timeout;
        faults::arm(proxy, f);
        const auto start = clock_type::now();
        std::error_code ec;
        ifx::diagnostics diag;
        ifx::connection conn;
        conn.connect(p, ec, diag);
        EXPECT_LT(clock_type::now() - start, generous) << f.name;
        if (f.kind != fault::corrupt) {
            EXPECT_TRUE(ec) << f.name;
        }
        if (ec) {
            EXPECT_FALSE(conn.is_open()) << f.name;
            EXPECT_FALSE(diag.client_message.empty()) << f.name;
        }
    }
}

}  // namespace
