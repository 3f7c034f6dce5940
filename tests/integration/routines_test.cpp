// Stored procedures and functions through the client: EXECUTE PROCEDURE / EXECUTE FUNCTION with
// bound arguments, result rows through query, query_value and cursors, NULL arguments and errors.
#include <gtest/gtest.h>

#include <unistd.h>

#include <atomic>
#include <optional>

#include "server_fixture.hpp"

namespace {

using ifx::test::server_fixture;

std::string unique_name(const char* base) {
    static std::atomic<int> n{0};
    return std::string(base) + "_" + std::to_string(::getpid()) + "_" + std::to_string(++n);
}

class routines : public ::testing::Test {
protected:
    void SetUp() override {
        conn.connect(server_fixture::instance().params());
        table = unique_name("rt");
        conn.execute("CREATE TABLE " + table + " (a INTEGER, b VARCHAR(20))");
        conn.execute("INSERT INTO " + table + " VALUES (1, 'one')");
        conn.execute("INSERT INTO " + table + " VALUES (2, 'two')");
    }
    void TearDown() override {
        if (!conn.is_open()) return;
        for (const auto& d : drops) {
            std::error_code ec;
            ifx::diagnostics diag;
            conn.execute(d, {}, ec, diag);
        }
        conn.execute("DROP TABLE " + table);
    }
    // Creates a routine (its name gets a unique suffix) and remembers to drop it.
    std::string create(const char* kind, const char* base, const std::string& rest) {
        const std::string name = unique_name(base);
        conn.execute(std::string("CREATE ") + kind + " " + name + rest);
        drops.push_back(std::string("DROP ") + kind + " " + name);
        return name;
    }
    ifx::connection conn;
    std::string table;
    std::vector<std::string> drops;
};

TEST_F(routines, function_with_bound_arguments_returns_its_value) {
    const auto plus1 =
        create("FUNCTION", "plus1", "(x INTEGER) RETURNING INTEGER; RETURN x + 1; END FUNCTION;");
    EXPECT_EQ(conn.query_value<int>("EXECUTE FUNCTION " + plus1 + "(?)", 41), 42);
    EXPECT_EQ(conn.query_value<int>("EXECUTE FUNCTION " + plus1 + "(1)"), 2);

    // The result is described like a query's: one column of the RETURNING type.
    const ifx::result r = conn.query("EXECUTE FUNCTION " + plus1 + "(?)", 9);
    ASSERT_EQ(r.columns().size(), 1u);
    EXPECT_EQ(r.columns()[0].type_name(), "INTEGER");
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].get<int>(0), 10);
    EXPECT_EQ(r.summary().statement_type, 56);

    // Prepared once, called many times.
    ifx::statement call = conn.prepare("EXECUTE FUNCTION " + plus1 + "(?)");
    EXPECT_TRUE(call.returns_rows());
    for (int i = 0; i < 5; ++i) EXPECT_EQ(conn.query<int>(call, i * 10).at(0), std::tuple(i * 10 + 1));
}

TEST_F(routines, function_with_several_arguments_and_named_result) {
    const auto label = create("FUNCTION", "label",
                              "(p VARCHAR(10), n INTEGER) RETURNING VARCHAR(30) AS label; "
                              "RETURN p || '-' || n; END FUNCTION;");
    const auto r = conn.query("EXECUTE FUNCTION " + label + "(?, ?)", "item", 7);
    ASSERT_EQ(r.columns().size(), 1u);
    EXPECT_EQ(r.columns()[0].name, "label");
    EXPECT_EQ(r[0].get<std::string>(0), "item-7");
}

TEST_F(routines, null_arguments_reach_the_routine) {
    const auto ident = create("FUNCTION", "ident", "(x INTEGER) RETURNING INTEGER; RETURN x; END FUNCTION;");
    EXPECT_EQ(conn.query_value<std::optional<int>>("EXECUTE FUNCTION " + ident + "(?)", std::optional<int>{}),
              std::nullopt);
    EXPECT_EQ(conn.query_value<std::optional<int>>("EXECUTE FUNCTION " + ident + "(?)", ifx::null),
              std::nullopt);
    EXPECT_EQ(conn.query_value<std::optional<int>>("EXECUTE FUNCTION " + ident + "(?)", 5), 5);
    // A NULL read into a non-optional type is the client's clear error, not a zero.
    try {
        (void)conn.query_value<int>("EXECUTE FUNCTION " + ident + "(?)", ifx::null);
        FAIL() << "expected unexpected_null";
    } catch (const ifx::error& e) {
        EXPECT_EQ(e.code(), ifx::errc::unexpected_null);
    }
}

TEST_F(routines, procedure_runs_dml_with_arguments) {
    const auto add =
        create("PROCEDURE", "add_row",
               "(k INTEGER, v VARCHAR(20)) INSERT INTO " + table + " VALUES (k, v); END PROCEDURE");
    const auto r = conn.execute("EXECUTE PROCEDURE " + add + "(?, ?)", 3, "three");
    EXPECT_EQ(r.statement_type, 56);
    conn.execute("EXECUTE PROCEDURE " + add + "(?, ?)", 4, ifx::null);  // NULL argument
    conn.execute("EXECUTE PROCEDURE " + add + "(5, 'five')");  // literal arguments, immediate command
    using row = std::tuple<int, std::optional<std::string>>;
    const std::vector<row> want{{3, "three"}, {4, std::nullopt}, {5, "five"}};
    EXPECT_EQ((conn.query<int, std::optional<std::string>>("SELECT a, b FROM " + table +
                                                           " WHERE a >= 3 ORDER BY a")),
              want);
    // query() of a procedure without results gives an empty result with the completion report.
    const auto q = conn.query("EXECUTE PROCEDURE " + add + "(?, ?)", 6, "six");
    EXPECT_TRUE(q.columns().empty());
    EXPECT_EQ(q.size(), 0u);
}

TEST_F(routines, procedure_returning_rows_streams_through_a_cursor) {
    const auto names = create("PROCEDURE", "names_above",
                              "(lim INTEGER) RETURNING VARCHAR(20) AS name; SELECT b FROM " + table +
                                  " WHERE a > lim ORDER BY a; END PROCEDURE;");
    for (int i = 3; i <= 40; ++i)
        conn.execute("INSERT INTO " + table + " VALUES (?, ?)", i, "n" + std::to_string(i));
    ifx::cursor c = conn.open_cursor("EXECUTE PROCEDURE " + names + "(?)", 10);
    ASSERT_EQ(c.columns().size(), 1u);
    EXPECT_EQ(c.columns()[0].name, "name");
    std::vector<std::string> got;
    while (ifx::rows_view batch = c.fetch())
        for (ifx::row_view row : batch) got.push_back(row.get<std::string>(0));
    ASSERT_EQ(got.size(), 30u);
    EXPECT_EQ(got.front(), "n11");
    EXPECT_EQ(got.back(), "n40");
    c.close();
    EXPECT_EQ(conn.open_cursors(), 0);
    EXPECT_EQ(conn.query<std::string>("EXECUTE PROCEDURE " + names + "(?)", 38).size(), 2u);
}

TEST_F(routines, unknown_routine_and_wrong_arguments_give_the_server_error) {
    const auto plus1 =
        create("FUNCTION", "plus1", "(x INTEGER) RETURNING INTEGER; RETURN x + 1; END FUNCTION;");
    std::error_code ec;
    ifx::diagnostics diag;
    const ifx::param arg[] = {1};
    (void)conn.query("EXECUTE FUNCTION no_such_routine(?)", arg, ec, diag);
    EXPECT_EQ(ec, ifx::make_server_error(-674));
    EXPECT_EQ(diag.sqlcode, -674);
    EXPECT_EQ(diag.sqlstate, "42000");
    EXPECT_EQ(ifx::kind(ec, diag), ifx::error_kind::programming);
    EXPECT_NE(diag.to_string().find("cannot be resolved"), std::string::npos) << diag.to_string();
    EXPECT_EQ(diag.statement, "EXECUTE FUNCTION no_such_routine(?)");

    // Wrong argument count does not resolve either; the connection stays usable.
    diag.clear();
    const ifx::param two[] = {1, 2};
    (void)conn.query("EXECUTE FUNCTION " + plus1 + "(?, ?)", two, ec, diag);
    EXPECT_EQ(ec, ifx::make_server_error(-674));
    EXPECT_THROW(conn.execute("EXECUTE PROCEDURE no_such_proc()"), ifx::error);
    EXPECT_TRUE(conn.is_open());
    EXPECT_EQ(conn.query_value<int>("EXECUTE FUNCTION " + plus1 + "(?)", 1), 2);

    // Creating a routine twice: -673.
    try {
        conn.execute("CREATE FUNCTION " + plus1 + "(x INTEGER) RETURNING INTEGER; RETURN x; END FUNCTION");
        FAIL() << "expected -673";
    } catch (const ifx::error& e) {
        EXPECT_EQ(e.sqlcode(), -673);
    }
}

}  // namespace
