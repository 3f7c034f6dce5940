// Exact numbers and serial counters through the driver (issue 19): DECIMAL and MONEY values read
// back digit for digit as ifx::decimal (literals and bound values, arithmetic, SUM/AVG over many
// rows, MONEY at its limits), SERIAL/SERIAL8/BIGSERIAL values as the driver reports them, and the
// SQL people write (functions, keywords as names). Every expectation is what IDS returns.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "lite_support.hpp"

namespace {

using ifx::test::codes;
using ifx::test::server_fixture;
using ifx::test::unique_name;

class lite_numbers : public ::testing::Test {
protected:
    void SetUp() override { c.connect(server_fixture::instance().params()); }
    std::string table(const char* base) {
        names_.push_back(unique_name(base));
        return names_.back();
    }
    void TearDown() override {
        for (const auto& n : names_) {
            std::error_code ec;
            ifx::diagnostics diag;
            c.execute("DROP TABLE " + n, {}, ec, diag);
        }
    }
    // Column i of a one-row query as the decimal's text (its scale kept).
    std::string decimal_at(const std::string& sql, std::size_t i = 0) {
        auto rows = c.query(sql);
        if (rows.size() != 1) return "<" + std::to_string(rows.size()) + " rows>";
        return rows[0].get<ifx::decimal>(i).to_string();
    }

    ifx::connection c;
    std::vector<std::string> names_;
};

TEST_F(lite_numbers, decimals_come_back_digit_for_digit) {
    const auto t = table("dec");
    c.execute("CREATE TABLE " + t + " (a DECIMAL(16,2), b DECIMAL(32,10), c DECIMAL(30,6), m MONEY(16,2))");
    // Literals in the SQL text: the cases the issue found rounded to 15 digits.
    c.execute("INSERT INTO " + t +
              " VALUES (12345678901234.56, -1234567890123456789012.0123456789, 123456789012345678.123456, "
              "99999999999999.99)");
    // The same values bound as decimals.
    c.execute("INSERT INTO " + t + " VALUES (?, ?, ?, ?)", ifx::decimal::parse("12345678901234.56"),
              ifx::decimal::parse("-1234567890123456789012.0123456789"),
              ifx::decimal::parse("123456789012345678.123456"), ifx::decimal::parse("99999999999999.99"));
    auto rows = c.query("SELECT a, b, c, m FROM " + t);
    ASSERT_EQ(rows.size(), 2u);
    for (const auto& r : rows) {
        EXPECT_EQ(r.get<ifx::decimal>(0).to_string(), "12345678901234.56");
        EXPECT_EQ(r.get<ifx::decimal>(1).to_string(), "-1234567890123456789012.0123456789");
        EXPECT_EQ(r.get<ifx::decimal>(2).to_string(), "123456789012345678.123456");
        EXPECT_EQ(r.get<ifx::decimal>(3).to_string(), "99999999999999.99");
    }
    const std::string one = " FROM " + t +
                            " WHERE m IS NOT NULL AND a = 12345678901234.56 AND b < 0 AND ROWID = "
                            "(SELECT MIN(ROWID) FROM " +
                            t + ")";
    EXPECT_EQ(decimal_at("SELECT a * 2" + one), "24691357802469.12");
    EXPECT_EQ(decimal_at("SELECT c - 1" + one), "123456789012345677.123456");
    EXPECT_EQ(decimal_at("SELECT b * 2" + one), "-2469135780246913578024.0246913578");
    EXPECT_EQ(decimal_at("SELECT -a" + one), "-12345678901234.56");
    EXPECT_EQ(decimal_at("SELECT SUM(a) FROM " + t), "24691357802469.12");
    EXPECT_EQ(decimal_at("SELECT AVG(b) FROM " + t), "-1234567890123456789012.0123456789");
    EXPECT_EQ(decimal_at("SELECT SUM(b) FROM " + t), "-2469135780246913578024.0246913578");
    EXPECT_EQ(decimal_at("SELECT MAX(c) + MIN(c) FROM " + t), "246913578024691356.246912");
    EXPECT_EQ(
        decimal_at("SELECT ROUND(b, 2) FROM " + t + " WHERE ROWID = (SELECT MIN(ROWID) FROM " + t + ")"),
        "-1234567890123456789012.01");
    EXPECT_EQ(c.query("SELECT a FROM " + t + " WHERE a * 2 = 24691357802469.12").size(), 2u);
}

TEST_F(lite_numbers, money_at_its_limits) {
    const auto t = table("mon");
    c.execute("CREATE TABLE " + t + " (m MONEY(16,2), s MONEY(5,2))");
    c.execute("INSERT INTO " + t + " VALUES (99999999999999.99, 999.99)");
    c.execute("INSERT INTO " + t + " VALUES (-99999999999999.99, -999.99)");
    c.execute("INSERT INTO " + t + " VALUES (?, ?)", ifx::decimal::parse("0.005"),
              ifx::decimal::parse("-0.005"));
    EXPECT_EQ(codes([&] { c.execute("INSERT INTO " + t + " VALUES (100000000000000.00, 0)"); }),
              std::make_pair(-1226, 0));
    EXPECT_EQ(
        codes([&] { c.execute("INSERT INTO " + t + " VALUES (0, ?)", ifx::decimal::parse("999.995")); }),
        std::make_pair(-1226, 0));
    auto rows = c.query("SELECT m, s FROM " + t + " ORDER BY m");
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[0].get<ifx::decimal>(0).to_string(), "-99999999999999.99");
    EXPECT_EQ(rows[1].get<ifx::decimal>(0).to_string(), "0.01");  // rounded half away from zero
    EXPECT_EQ(rows[1].get<ifx::decimal>(1).to_string(), "-0.01");
    EXPECT_EQ(rows[2].get<ifx::decimal>(0).to_string(), "99999999999999.99");
    EXPECT_EQ(decimal_at("SELECT SUM(m) FROM " + t), "0.01");
    EXPECT_EQ(decimal_at("SELECT MAX(m) - MIN(m) FROM " + t), "199999999999999.98");
}

TEST_F(lite_numbers, sum_and_avg_of_many_rows_are_exact) {
    const auto t = table("agg");
    c.execute("CREATE TABLE " + t + " (d DECIMAL(16,2), i INTEGER)");
    // 0.01, 0.02, … 1000.00: a sum whose double rounding would show in the last digits.
    c.execute("INSERT INTO " + t +
              " WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 100000) "
              "SELECT x / 100, x FROM n");
    EXPECT_EQ(decimal_at("SELECT SUM(d) FROM " + t), "50000500.00");
    EXPECT_EQ(decimal_at("SELECT AVG(d) FROM " + t), "500.005");
    EXPECT_EQ(decimal_at("SELECT SUM(d * 1.1) FROM " + t), "55000550.000");
    EXPECT_EQ(decimal_at("SELECT AVG(i) FROM " + t), "50000.5");
    EXPECT_EQ(decimal_at("SELECT SUM(d) / 3 FROM " + t), "16666833.333333333333333333333333");
    EXPECT_EQ(c.query_value<long long>("SELECT COUNT(*) FROM " + t + " WHERE d * 100 = i"), 100000);
}

TEST_F(lite_numbers, serial_counters) {
    const auto t = table("ser");
    c.execute("CREATE TABLE " + t + " (id SERIAL, v INTEGER)");
    EXPECT_EQ(c.execute("INSERT INTO " + t + " (v) VALUES (1)").serial, 1);
    EXPECT_EQ(c.execute("INSERT INTO " + t + " VALUES (0, 2)").serial, 2);
    EXPECT_EQ(c.execute("INSERT INTO " + t + " VALUES (100, 3)").serial, 100);
    EXPECT_EQ(c.execute("INSERT INTO " + t + " (v) VALUES (?)", 4).serial, 101);
    c.execute("DELETE FROM " + t + " WHERE id > 2");
    EXPECT_EQ(c.execute("INSERT INTO " + t + " (v) VALUES (5)").serial, 102) << "never reused after DELETE";
    const auto r = c.execute("INSERT INTO " + t + " (v) SELECT v FROM " + t);
    EXPECT_EQ(r.affected_rows, 3);
    EXPECT_EQ(r.serial, 105);
    EXPECT_EQ(c.query_value<long long>("SELECT COUNT(DISTINCT id) FROM " + t), 6);

    const auto b = table("big");
    c.execute("CREATE TABLE " + b + " (id BIGSERIAL, e SERIAL8(5000000000), v INTEGER)");
    const auto inserted = c.execute("INSERT INTO " + b + " (v) VALUES (1)");
    EXPECT_EQ(inserted.bigserial.value_or(-1), 1);
    EXPECT_EQ(inserted.serial8, 5000000000);
}

TEST_F(lite_numbers, functions_and_keywords_as_names) {
    auto rows = c.query(
        "SELECT tabname table, colname column FROM systables t, syscolumns c "
        "WHERE t.tabid = c.tabid AND t.tabid = 1 AND colno = 1");
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].get<std::string>(0), "systables");
    EXPECT_EQ(rows[0].get<std::string>(1), "tabname");
    auto f = c.query(
        "SELECT MDY(7, 1, 1998), TO_CHAR(MDY(7, 1, 1998), '%A %B %d %Y'), WEEKDAY(MDY(7, 1, 1998)), "
        "DECODE(2, 1, 'one', 2, 'two'), LPAD('7', 3, '0') FROM systables WHERE tabid = 1");
    ASSERT_EQ(f.size(), 1u);
    EXPECT_EQ(f[0].get<ifx::date>(0), ifx::date::from_ymd(1998, 7, 1));
    EXPECT_EQ(f[0].get<std::string>(1), "Wednesday July 01 1998");
    EXPECT_EQ(f[0].get<int>(2), 3);
    EXPECT_EQ(f[0].get<std::string>(3), "two");
    EXPECT_EQ(f[0].get<std::string>(4), "007");
}

}  // namespace
