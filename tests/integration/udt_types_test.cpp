// LVARCHAR and BOOLEAN as a real server sends them (issue 17): described as the built-in UDTs 40
// (xid 1) and 41 (xid 5), values enveloped. Read and bound end to end, in rows that are otherwise
// fixed-width and in rows with VARCHARs, over several fetch batches, NULLs included.
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "ifx/ifx.hpp"
#include "lite_support.hpp"
#include "server_fixture.hpp"

namespace {

using ifx::test::server_fixture;

class udt_types : public ::testing::Test {
protected:
    void SetUp() override { table_ = ifx::test::unique_name("udt_types"); }
    void TearDown() override {
        std::error_code ec;
        ifx::diagnostics d;
        conn_.execute("DROP TABLE " + table_, {}, ec, d);
    }
    ifx::connection conn_{server_fixture::instance().params()};
    std::string table_;
};

TEST_F(udt_types, columns_are_described_as_the_built_in_udts) {
    conn_.execute("CREATE TABLE " + table_ + " (b BOOLEAN, lv LVARCHAR(500))");
    const auto r = conn_.query("SELECT b, lv FROM " + table_);
    ASSERT_EQ(r.columns().size(), 2u);
    const auto& b = r.columns()[0];
    const auto& lv = r.columns()[1];
    if (!server_fixture::instance().real_server()) {  // what IDS sends, as ifxlite imitates it
        EXPECT_EQ(b.type, ifx::type_code::udt_fixed);
        EXPECT_EQ(b.extended_id, 5);
        EXPECT_EQ(b.extended_owner, "informix");
        EXPECT_EQ(b.extended_name, "boolean");
        EXPECT_EQ(lv.type, ifx::type_code::udt_var);
        EXPECT_EQ(lv.extended_id, 1);
        EXPECT_EQ(lv.extended_name, "lvarchar");
    }
    EXPECT_EQ(b.logical_type(), ifx::type_code::boolean);
    EXPECT_EQ(lv.logical_type(), ifx::type_code::lvarchar);
    EXPECT_EQ(b.type_name(), "BOOLEAN");
    EXPECT_EQ(lv.length(), 500);
}

// Every other column fixed-width: the UDTs alone make the row variable.
TEST_F(udt_types, boolean_and_lvarchar_next_to_fixed_width_columns) {
    conn_.execute("CREATE TABLE " + table_ + " (k INTEGER, b BOOLEAN, d DECIMAL(8,2), lv LVARCHAR(4000))");
    const std::string big(3000, 'x');
    auto ins = conn_.prepare("INSERT INTO " + table_ + " VALUES (?, ?, ?, ?)");
    for (int k = 0; k < 40; ++k) {
        const std::optional<bool> b = k % 3 == 2 ? std::nullopt : std::optional<bool>(k % 3 == 0);
        const std::optional<std::string> lv =
            k % 4 == 3 ? std::nullopt : std::optional<std::string>(k % 2 ? big + std::to_string(k) : "");
        conn_.execute(ins, k, b, ifx::decimal::parse("12.50"), lv);
    }
    int rows = 0;
    for (auto [k, b, d, lv] : conn_.query<int, std::optional<bool>, ifx::decimal, std::optional<std::string>>(
             "SELECT k, b, d, lv FROM " + table_ + " ORDER BY k")) {
        EXPECT_EQ(b, k % 3 == 2 ? std::nullopt : std::optional<bool>(k % 3 == 0)) << k;
        EXPECT_EQ(d.to_string(), "12.50") << k;
        EXPECT_EQ(
            lv, k % 4 == 3 ? std::nullopt : std::optional<std::string>(k % 2 ? big + std::to_string(k) : ""))
            << k;
        ++rows;
    }
    EXPECT_EQ(rows, 40) << "3 KB values: several fetch batches";
}

TEST_F(udt_types, boolean_and_lvarchar_next_to_varchars) {
    conn_.execute("CREATE TABLE " + table_ + " (v VARCHAR(20), b BOOLEAN, lv LVARCHAR(300), w VARCHAR(5))");
    conn_.execute("INSERT INTO " + table_ + " VALUES (?, ?, ?, ?)", "one", true, "first", "a");
    conn_.execute("INSERT INTO " + table_ + " VALUES (?, ?, ?, ?)", "two", false, std::string(300, 'z'), "");
    conn_.execute("INSERT INTO " + table_ + " VALUES (?, ?, ?, ?)", "three", ifx::null, ifx::null, ifx::null);
    const auto r = conn_.query("SELECT v, b, lv, w FROM " + table_ + " ORDER BY v");
    ASSERT_EQ(r.size(), 3u);
    EXPECT_EQ(r[0].get<std::string>(0), "one");
    EXPECT_TRUE(r[0].get<bool>(1));
    EXPECT_EQ(r[0].get<std::string>(2), "first");
    EXPECT_EQ(r[0].get<std::string>(3), "a");
    EXPECT_EQ(r[1].get<std::string>(0), "three");
    EXPECT_TRUE(r[1].is_null(1));
    EXPECT_TRUE(r[1].is_null(2));
    EXPECT_TRUE(r[1].is_null(3));
    EXPECT_EQ(r[2].get<std::string>(0), "two");
    EXPECT_FALSE(r[2].get<bool>(1));
    EXPECT_EQ(r[2].get<std::string>(2), std::string(300, 'z'));
    EXPECT_EQ(r[2].get<std::string>(3), "");
}

TEST_F(udt_types, booleans_and_lvarchars_bind_in_where_clauses) {
    conn_.execute("CREATE TABLE " + table_ + " (k INTEGER, b BOOLEAN, lv LVARCHAR(100))");
    for (int k = 0; k < 10; ++k)
        conn_.execute("INSERT INTO " + table_ + " VALUES (?, ?, ?)", k, k % 2 == 0, "v" + std::to_string(k));
    EXPECT_EQ(conn_.query_value<std::int64_t>("SELECT COUNT(*) FROM " + table_ + " WHERE b = ?", true), 5);
    EXPECT_EQ(conn_.query_value<int>("SELECT k FROM " + table_ + " WHERE lv = ?", "v7"), 7);
    auto upd = conn_.execute("UPDATE " + table_ + " SET b = ? WHERE b = ?", true, false);
    EXPECT_EQ(upd.affected_rows, 5);
    EXPECT_EQ(conn_.query_value<std::int64_t>("SELECT COUNT(*) FROM " + table_ + " WHERE b = ?", true), 10);
}

TEST_F(udt_types, cursor_streams_enveloped_rows_in_small_batches) {
    conn_.execute("CREATE TABLE " + table_ + " (k INTEGER, b BOOLEAN, lv LVARCHAR(2000))");
    conn_.execute("BEGIN WORK");
    auto ins = conn_.prepare("INSERT INTO " + table_ + " VALUES (?, ?, ?)");
    for (int k = 0; k < 300; ++k)
        conn_.execute(ins, k, k % 5 == 0, std::string(static_cast<std::size_t>(k), 'q'));
    conn_.execute("COMMIT WORK");
    auto cur = conn_.open_cursor("SELECT k, b, lv FROM " + table_ + " ORDER BY k");
    int seen = 0;
    for (auto batch = cur.fetch(); !batch.empty(); batch = cur.fetch()) {
        for (ifx::row_view row : batch) {
            EXPECT_EQ(row.get<int>(0), seen);
            EXPECT_EQ(row.get<bool>(1), seen % 5 == 0);
            EXPECT_EQ(row.get<std::string>(2).size(), static_cast<std::size_t>(seen));
            ++seen;
        }
    }
    EXPECT_EQ(seen, 300);
}

}  // namespace
