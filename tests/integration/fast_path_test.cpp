// connection::fast_path_call and async_fast_path_call: user routines (CREATE FUNCTION / PROCEDURE)
// called through SQ_GETROUTINE / SQ_EXFPROUTINE with typed arguments, their values read back as a
// result row; the handle cached per connection; errors (unknown routine, wrong signature, an
// argument the fast path cannot carry) leaving the connection usable; and a sync and an async run
// sending the same bytes.
#include <gtest/gtest.h>

#include <unistd.h>

#include <asio/experimental/as_tuple.hpp>
#include <asio/use_awaitable.hpp>
#include <atomic>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "ifx/async_connection.hpp"
#include "server_fixture.hpp"
#include "support/run_coroutine.hpp"

namespace {

using ifx::test::run_coroutine;
using ifx::test::server_fixture;
constexpr auto tuple_awaitable = asio::experimental::as_tuple(asio::use_awaitable);

std::string unique_name(const char* base) {
    static std::atomic<int> n{0};
    return std::string(base) + "_" + std::to_string(::getpid()) + "_" + std::to_string(++n);
}

// Counts the SQ_GETROUTINE and SQ_EXFPROUTINE messages a connection sends.
struct message_count {
    std::atomic<int> resolves{0};
    std::atomic<int> executes{0};
    std::atomic<int> sent{0};
};

ifx::connect_params counted(message_count& n) {
    auto p = server_fixture::instance().params();
    p.trace = [&n](std::string_view line) {
        if (line.find(" C>S ") == std::string_view::npos) return;
        ++n.sent;
        if (line.find("SQ_GETROUTINE") != std::string_view::npos) ++n.resolves;
        if (line.find("SQ_EXFPROUTINE") != std::string_view::npos) ++n.executes;
    };
    return p;
}

class fast_path : public ::testing::Test {
protected:
    void SetUp() override { conn.connect(counted(count)); }
    void TearDown() override {
        if (!conn.is_open()) return;
        for (const auto& d : drops) {
            std::error_code ec;
            ifx::diagnostics diag;
            conn.execute(d, {}, ec, diag);
        }
    }
    // Creates a routine (its name gets a unique suffix) and remembers to drop it.
    std::string create(const char* kind, const char* base, const std::string& rest) {
        const std::string name = unique_name(base);
        conn.execute(std::string("CREATE ") + kind + " " + name + rest);
        drops.push_back(std::string("DROP ") + kind + " " + name);
        return name;
    }
    message_count count;
    ifx::connection conn;
    std::vector<std::string> drops;
};

TEST_F(fast_path, a_user_function_is_resolved_once_and_called_with_typed_arguments) {
    const auto plus1 =
        create("FUNCTION", "fplus1", "(x INTEGER) RETURNING INTEGER; RETURN x + 1; END FUNCTION;");
    const std::string sig = "function " + plus1 + "(integer)";
    const ifx::result r = conn.fast_path_call(sig, 41);
    ASSERT_EQ(r.columns().size(), 1u);
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r.columns()[0].type, ifx::type_code::integer);
    EXPECT_EQ(r[0].get<int>(0), 42);
    EXPECT_EQ(conn.fast_path_call(sig, -8)[0].get<int>(0), -7);
    EXPECT_EQ(conn.fast_path_call(sig, 2147483646)[0].get<std::int64_t>(0), 2147483647);
    // The handle is cached: one resolve, three executions, no SQL statement.
    EXPECT_EQ(count.resolves.load(), 1);
    EXPECT_EQ(count.executes.load(), 3);
    // A NULL argument reaches the routine, and its NULL comes back as NULL.
    EXPECT_EQ(conn.fast_path_call(sig, ifx::null)[0].get<std::optional<int>>(0), std::nullopt);
    EXPECT_TRUE(conn.fast_path_call(sig, std::optional<int>{})[0].is_null(0));
}

TEST_F(fast_path, text_decimal_float_and_date_arguments_and_results) {
    const auto label = create("FUNCTION", "flabel",
                              "(p VARCHAR(10), n INTEGER) RETURNING VARCHAR(30); RETURN p || '-' || n; "
                              "END FUNCTION;");
    EXPECT_EQ(
        conn.fast_path_call("function " + label + "(varchar(10), integer)", "item", 7)[0].get<std::string>(0),
        "item-7");
    const auto half =
        create("FUNCTION", "fhalf", "(d DECIMAL(10,2)) RETURNING DECIMAL(12,3); RETURN d / 2; END FUNCTION;");
    const ifx::result h = conn.fast_path_call("function " + half + "(decimal)", ifx::decimal::parse("10.50"));
    EXPECT_EQ(h.columns()[0].type, ifx::type_code::decimal);
    EXPECT_EQ(h[0].get<std::string>(0), "5.250");
    const auto twice = create("FUNCTION", "ftwice", "(f FLOAT) RETURNING FLOAT; RETURN f * 2; END FUNCTION;");
    EXPECT_DOUBLE_EQ(conn.fast_path_call("function " + twice + "(float)", 1.25)[0].get<double>(0), 2.5);
    // (ifxlite has no DATE arithmetic in routine bodies: the date goes there and back.)
    const auto same = create("FUNCTION", "fsame", "(d DATE) RETURNING DATE; RETURN d; END FUNCTION;");
    const ifx::result day =
        conn.fast_path_call("function " + same + "(date)", ifx::date::from_ymd(2024, 2, 29));
    EXPECT_EQ(day.columns()[0].type, ifx::type_code::date);
    EXPECT_EQ(day[0].get<ifx::date>(0), ifx::date::from_ymd(2024, 2, 29));
    const auto big = create("FUNCTION", "fbig", "(b BIGINT) RETURNING BIGINT; RETURN b * 2; END FUNCTION;");
    EXPECT_EQ(
        conn.fast_path_call("function " + big + "(bigint)", std::int64_t{1} << 40)[0].get<std::int64_t>(0),
        std::int64_t{1} << 41);
}

TEST_F(fast_path, a_procedure_returns_nothing_and_runs_its_statement) {
    const auto t = unique_name("fpt");
    conn.execute("CREATE TABLE " + t + " (a INTEGER, b VARCHAR(20))");
    drops.push_back("DROP TABLE " + t);
    const auto add = create("PROCEDURE", "fadd",
                            "(k INTEGER, v VARCHAR(20)) INSERT INTO " + t + " VALUES (k, v); END PROCEDURE");
    const ifx::result r = conn.fast_path_call("procedure " + add + "(integer, varchar(20))", 3, "three");
    EXPECT_TRUE(r.columns().empty());
    EXPECT_EQ(r.size(), 0u);
    EXPECT_EQ(conn.query_value<std::string>("SELECT b FROM " + t + " WHERE a = 3"), "three");
}

TEST_F(fast_path, errors_are_clear_and_leave_the_connection_usable) {
    const auto plus1 =
        create("FUNCTION", "fperr", "(x INTEGER) RETURNING INTEGER; RETURN x + 1; END FUNCTION;");
    std::error_code ec;
    ifx::diagnostics diag;
    // An unknown routine, and a known name with other parameter types: -674 from the resolve.
    (void)conn.fast_path_call("function no_such_routine_fp(integer)", ifx::make_params(1), ec, diag);
    EXPECT_EQ(diag.sqlcode, -674);
    (void)conn.fast_path_call("function " + plus1 + "(integer, integer)", ifx::make_params(1, 2), ec, diag);
    EXPECT_EQ(diag.sqlcode, -674);
    (void)conn.fast_path_call("function " + plus1 + "(date)", ifx::make_params(1), ec, diag);
    EXPECT_EQ(diag.sqlcode, -674);
    // The right signature with the wrong number of arguments: -674 from the execution.
    (void)conn.fast_path_call("function " + plus1 + "(integer)", ifx::make_params(1, 2), ec, diag);
    EXPECT_EQ(diag.sqlcode, -674);
    EXPECT_TRUE(conn.is_open());

    // BYTE content cannot travel as a fast-path argument: refused before anything is sent.
    const std::vector<std::byte> blob(10, std::byte{7});
    const int sent = count.sent.load();
    diag = {};
    (void)conn.fast_path_call("function " + plus1 + "(integer)", ifx::make_params(blob), ec, diag);
    EXPECT_EQ(ec, ifx::errc::not_supported);
    EXPECT_NE(diag.client_message.find("argument 1"), std::string::npos) << diag.client_message;
    EXPECT_EQ(count.sent.load(), sent);
    try {
        (void)conn.fast_path_call("", 1);
        FAIL() << "an empty signature is refused";
    } catch (const ifx::error& e) {
        EXPECT_EQ(e.code(), ifx::errc::invalid_argument);
    }
    EXPECT_EQ(conn.fast_path_call("function " + plus1 + "(integer)", 1)[0].get<int>(0), 2);

    // A routine dropped after it was resolved: the cached handle fails (-674) and is dropped.
    conn.execute("DROP FUNCTION " + plus1);
    drops.clear();
    (void)conn.fast_path_call("function " + plus1 + "(integer)", ifx::make_params(1), ec, diag);
    EXPECT_EQ(diag.sqlcode, -674);
    EXPECT_EQ(conn.query_value<int>("SELECT 1 FROM systables WHERE tabid = 1"), 1);
}

// The async face sends what the sync one does and gets the same values and errors.
TEST(fast_path_async, sends_the_same_bytes_as_the_sync_call) {
    const auto name = unique_name("fpar");
    {
        ifx::connection c(server_fixture::instance().params());
        c.execute("CREATE FUNCTION " + name +
                  "(x INTEGER, s VARCHAR(10)) RETURNING VARCHAR(30); RETURN s || x; END FUNCTION;");
    }
    const std::string sig = "function " + name + "(integer, varchar(10))";
    struct run {
        std::vector<std::string> sent;
        std::vector<std::string> values;
        std::vector<int> sqlcodes;
    };
    const auto traced = [](run& r) {
        auto p = server_fixture::instance().params();
        p.trace = [&r](std::string_view line) {
            if (line.find(" C>S ") == std::string_view::npos) return;
            r.sent.emplace_back(line.substr(line.find(' ') + 1));
        };
        return p;
    };
    run sync_run;
    {
        ifx::connection c(traced(sync_run));
        sync_run.values.push_back(c.fast_path_call(sig, 5, "a")[0].get<std::string>(0));
        sync_run.values.push_back(c.fast_path_call(sig, 6, "b")[0].get<std::string>(0));
        std::error_code ec;
        ifx::diagnostics diag;
        (void)c.fast_path_call("function " + name + "(date)", ifx::make_params(1), ec, diag);
        sync_run.sqlcodes.push_back(diag.sqlcode);
        c.close();
    }
    run async_run;
    run_coroutine([&](asio::io_context& io) -> asio::awaitable<void> {
        ifx::async_connection c(io);
        co_await c.async_connect(traced(async_run), asio::use_awaitable);
        const auto a = ifx::make_params(5, "a");
        auto r = co_await c.async_fast_path_call(sig, a, asio::use_awaitable);
        async_run.values.push_back(r[0].get<std::string>(0));
        const auto b = ifx::make_params(6, "b");
        r = co_await c.async_fast_path_call(sig, b, asio::use_awaitable);
        async_run.values.push_back(r[0].get<std::string>(0));
        ifx::diagnostics diag;
        const auto one = ifx::make_params(1);
        auto [ec, bad] =
            co_await c.async_fast_path_call("function " + name + "(date)", one, diag, tuple_awaitable);
        EXPECT_TRUE(ec);
        EXPECT_TRUE(bad.empty());
        async_run.sqlcodes.push_back(diag.sqlcode);
        co_await c.async_close(asio::use_awaitable);
    });
    {
        ifx::connection c(server_fixture::instance().params());
        c.execute("DROP FUNCTION " + name);
    }
    EXPECT_EQ(sync_run.values, (std::vector<std::string>{"a5", "b6"}));
    EXPECT_EQ(async_run.values, sync_run.values);
    EXPECT_EQ(sync_run.sqlcodes, std::vector<int>{-674});
    EXPECT_EQ(async_run.sqlcodes, sync_run.sqlcodes);
    EXPECT_EQ(async_run.sent, sync_run.sent);
}

}  // namespace
