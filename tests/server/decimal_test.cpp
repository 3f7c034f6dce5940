// DECIMAL and MONEY exact end to end (issue 19): ifxlite's decimal arithmetic, then literals,
// binds, arithmetic with Informix's result types, comparisons, ORDER BY / GROUP BY, aggregates,
// ROUND / TRUNC / ABS, CAST and the -1226 / -1202 errors through a session.
//
// Result types follow ESQL/C "Obtain the DECIMAL data type of the arithmetic result" (HCL OneDB /
// Informix docs): + and − precision MIN(32, MAX(p1 − s1, p2 − s2) + MAX(s1, s2) + 1) scale
// MAX(s1, s2); × precision MIN(32, p1 + p2) scale s1 + s2 (floating when s1 + s2 > precision);
// / floating DECIMAL(32); an INTEGER operand counts as DECIMAL(10,0), SMALLINT DECIMAL(5,0).
// Rounding is decround's: half away from zero (1.685 to 2 places is 1.69).
#include "sqli_client.hpp"

#include <string>
#include <tuple>
#include <vector>

#include "types/decimal.hpp"

namespace ifxlite_test {
namespace {

using ifx::lite::decimal_floating_scale;
using ifx::lite::decimal_number;

decimal_number num(std::string_view text) {
    auto d = ifx::lite::parse_decimal(text);
    EXPECT_TRUE(d.has_value()) << text;
    return d.value_or(decimal_number{});
}

std::string text(const decimal_number& d) {
    return ifx::lite::format_decimal(d);
}

TEST(decimal_math, add_subtract_multiply_exactly) {
    const std::vector<std::tuple<const char*, const char*, const char*, const char*, const char*>> cases = {
        // a, b, a + b, a - b, a * b
        {"12345678901234.56", "12345678901234.56", "24691357802469.12", "0",
         "152415787532388172687092138.3936"},
        {"-1234567890123456789012.0123456789", "1", "-1234567890123456789011.0123456789",
         "-1234567890123456789013.0123456789", "-1234567890123456789012.0123456789"},
        {"0.1", "0.2", "0.3", "-0.1", "0.02"},
        {"99999999999999.99", "0.01", "100000000000000", "99999999999999.98", "999999999999.9999"},
        {"1e20", "1e-20", "100000000000000000000.00000000000000000001",
         "99999999999999999999.99999999999999999999", "1"},
        {"-5", "-7", "-12", "2", "35"},
    };
    for (const auto& [a, b, sum, diff, product] : cases) {
        EXPECT_EQ(text(ifx::lite::add_decimal(num(a), num(b))), sum) << a << " + " << b;
        EXPECT_EQ(text(ifx::lite::subtract_decimal(num(a), num(b))), diff) << a << " - " << b;
        EXPECT_EQ(text(ifx::lite::multiply_decimal(num(a), num(b))), product) << a << " * " << b;
    }
}

TEST(decimal_math, divide_to_32_significant_digits) {
    const std::vector<std::tuple<const char*, const char*, const char*>> cases = {
        {"1", "3", "0.33333333333333333333333333333333"},
        {"2", "3", "0.66666666666666666666666666666667"},
        {"7", "2", "3.5"},
        {"-1", "8", "-0.125"},
        {"10", "4", "2.5"},
        {"1", "7", "0.14285714285714285714285714285714"},
        {"12345678901234567890", "0.001", "12345678901234567890000"},
    };
    for (const auto& [a, b, q] : cases) {
        const auto r = ifx::lite::divide_decimal(num(a), num(b));
        ASSERT_TRUE(r.has_value());
        EXPECT_EQ(text(*r), q) << a << " / " << b;
    }
    EXPECT_FALSE(ifx::lite::divide_decimal(num("1"), num("0")).has_value());
}

TEST(decimal_math, round_and_truncate_like_decround_and_dectrunc) {
    // decround/dectrunc examples of the ESQL/C manual, and ROUND/TRUNC with negative factors.
    const std::vector<std::tuple<const char*, int, const char*, const char*>> cases = {
        {"1.4", 0, "1", "1"},
        {"1.5", 0, "2", "1"},
        {"1.684", 2, "1.68", "1.68"},
        {"1.685", 2, "1.69", "1.68"},
        {"1.685", 1, "1.7", "1.6"},
        {"1.685", 0, "2", "1"},
        {"-1.685", 2, "-1.69", "-1.68"},
        {"24.536", -1, "20", "20"},
        {"25.536", -1, "30", "20"},
        {"24.536", -2, "0", "0"},
        {"99.995", 2, "100", "99.99"},
        {"0.04", 1, "0", "0"},
    };
    for (const auto& [value, scale, rounded, truncated] : cases) {
        decimal_number r = num(value), t = num(value);
        ifx::lite::round_decimal(r, scale);
        ifx::lite::truncate_decimal(t, scale);
        EXPECT_EQ(text(r), rounded) << value << " rounded to " << scale;
        EXPECT_EQ(text(t), truncated) << value << " truncated to " << scale;
    }
}

TEST(decimal_math, columns_store_rounded_values_or_overflow) {
    const std::vector<std::tuple<const char*, int, int, const char*>> ok = {
        {"12345678901234.56", 16, 2, "12345678901234.56"},
        {"99999999999999.99", 16, 2, "99999999999999.99"},
        {"1.005", 16, 2, "1.01"},
        {"-0.005", 5, 2, "-0.01"},
        {"1e3", 6, 2, "1000.00"},
        {"123.456789", 5, decimal_floating_scale, "123.46"},
        {"1234567", 5, decimal_floating_scale, "1234600"},
        {"-1234567890123456789012.0123456789", 32, 10, "-1234567890123456789012.0123456789"},
    };
    for (const auto& [value, p, s, stored] : ok) {
        std::string out;
        EXPECT_EQ(ifx::lite::store_decimal_text(value, p, s, out), ifx::lite::decimal_status::ok) << value;
        EXPECT_EQ(out, stored) << value << " in DECIMAL(" << p << "," << s << ")";
    }
    std::string out;
    for (const auto& [value, p, s] :
         std::vector<std::tuple<const char*, int, int>>{{"100000000000000", 16, 2},
                                                        {"99999999999999.995", 16, 2},
                                                        {"123456789012345.1", 16, 2},
                                                        {"1e200", 32, 255}})
        EXPECT_EQ(ifx::lite::store_decimal_text(value, p, s, out), ifx::lite::decimal_status::overflow)
            << value;
    EXPECT_EQ(ifx::lite::store_decimal_text("12a", 5, 2, out), ifx::lite::decimal_status::not_a_number);
}

TEST(decimal_math, compare_texts_numerically) {
    EXPECT_EQ(ifx::lite::compare_decimal_text("1.50", "1.5"), 0);
    EXPECT_LT(ifx::lite::compare_decimal_text("-12345678901234567890.1", "-12345678901234567890.09"), 0);
    EXPECT_GT(ifx::lite::compare_decimal_text("100", "99.999999999999999999999"), 0);
    EXPECT_LT(ifx::lite::compare_decimal_text("0.000", "0.001"), 0);
    EXPECT_EQ(ifx::lite::compare_decimal_text("-0", "0.00"), 0);
    EXPECT_GT(ifx::lite::compare_decimal_text("1e3", "999"), 0);
}

class decimal_sql : public session_test {
protected:
    void SetUp() override {
        session_test::SetUp();
        connect();
    }
    void ok(std::string_view sql) {
        const auto r = command(sql);
        ASSERT_FALSE(r.empty());
        ASSERT_NE(r.front().tag, static_cast<std::int16_t>(tag::err))
            << sql << " -> " << r.front().sqlcode << " isam " << r.front().isam;
    }
    std::int16_t error_of(std::string_view sql) {
        const auto r = command(sql);
        return r.empty() || r.front().tag != static_cast<std::int16_t>(tag::err) ? 0 : r.front().sqlcode;
    }
    // The DECIMAL/MONEY value of column `col` of `row` as plain text ("NULL" for NULL).
    static std::string value(const result_set& r, std::size_t row, std::size_t col) {
        const auto& c = r.describe.columns.at(col);
        const auto width = ifx::lite::decimal_width(c.encoded_length >> 8, c.encoded_length & 0xff);
        const auto& p = r.rows.at(row);
        const auto text =
            ifx::lite::unpack_decimal(std::span(p).subspan(static_cast<std::size_t>(c.start), width));
        return text ? *text : "NULL";
    }
    // SELECT of one row: every column's value.
    std::vector<std::string> row_of(std::string_view sql) {
        const auto r = query(sql);
        EXPECT_FALSE(r.error) << sql << " -> " << (r.error ? r.error->sqlcode : 0);
        std::vector<std::string> out;
        if (r.rows.size() != 1) {
            ADD_FAILURE() << sql << ": " << r.rows.size() << " rows";
            return out;
        }
        for (std::size_t i = 0; i < r.describe.columns.size(); ++i) out.push_back(value(r, 0, i));
        return out;
    }
    // (type, precision, scale) of each column.
    std::vector<std::tuple<int, int, int>> types_of(std::string_view sql) {
        const auto r = query(sql);
        std::vector<std::tuple<int, int, int>> out;
        for (const auto& c : r.describe.columns)
            out.emplace_back(c.type & 0xff, c.encoded_length >> 8, c.encoded_length & 0xff);
        return out;
    }
};

TEST_F(decimal_sql, the_issue_values_come_back_digit_for_digit) {
    ok("CREATE TABLE t (a DECIMAL(16,2), b DECIMAL(32,10), c DECIMAL(30,6), m MONEY(16,2))");
    ok("INSERT INTO t VALUES (12345678901234.56, -1234567890123456789012.0123456789, "
       "123456789012345678.123456, "
       "99999999999999.99)");
    EXPECT_EQ(row_of("SELECT a, b, c, m FROM t"),
              (std::vector<std::string>{"12345678901234.56", "-1234567890123456789012.0123456789",
                                        "123456789012345678.123456", "99999999999999.99"}));
    EXPECT_EQ(row_of("SELECT a * 2, SUM(a), AVG(a), c - 1, b * 2, SUM(b), -b, m + 0 FROM t"),
              (std::vector<std::string>{"24691357802469.12", "12345678901234.56", "12345678901234.56",
                                        "123456789012345677.123456", "-2469135780246913578024.0246913578",
                                        "-1234567890123456789012.0123456789",
                                        "1234567890123456789012.0123456789", "99999999999999.99"}));
    EXPECT_EQ(error_of("INSERT INTO t (m) VALUES (100000000000000.00)"), -1226);
    EXPECT_EQ(error_of("INSERT INTO t (a) VALUES (123456789012345.1)"), -1226);
    ok("INSERT INTO t (a) VALUES (99999999999999.994)");  // rounds to the column's 2 places and fits
    EXPECT_EQ(error_of("INSERT INTO t (a) VALUES (99999999999999.995)"), -1226);  // rounds past the precision
    EXPECT_EQ(error_of("UPDATE t SET a = a * 10 WHERE a > 12345678901234"), -1226);
}

TEST_F(decimal_sql, money_at_its_limits) {
    ok("CREATE TABLE mon (m MONEY(16,2), s MONEY(5,2), f MONEY)");
    ok("INSERT INTO mon VALUES (99999999999999.99, 999.99, 99999999999999.99)");
    ok("INSERT INTO mon VALUES (-99999999999999.99, -999.99, 0.01)");
    EXPECT_EQ(error_of("INSERT INTO mon (s) VALUES (1000)"), -1226);
    EXPECT_EQ(error_of("INSERT INTO mon (s) VALUES (999.995)"), -1226);
    ok("INSERT INTO mon (s) VALUES (999.994)");
    const auto r = query("SELECT m, s, f FROM mon WHERE m IS NOT NULL ORDER BY m");
    ASSERT_EQ(r.rows.size(), 2u);
    EXPECT_EQ(value(r, 0, 0), "-99999999999999.99");
    EXPECT_EQ(value(r, 1, 0), "99999999999999.99");
    EXPECT_EQ(value(r, 0, 1), "-999.99");
    EXPECT_EQ(value(r, 1, 2), "99999999999999.99");
    EXPECT_EQ(types_of("SELECT m, f, m * 2, m + s FROM mon"),
              (std::vector<std::tuple<int, int, int>>{{8, 16, 2}, {8, 16, 2}, {8, 26, 2}, {8, 17, 2}}));
    EXPECT_EQ(row_of("SELECT SUM(m) FROM mon"), (std::vector<std::string>{"0"}));
    EXPECT_EQ(row_of("SELECT SUM(s) FROM mon"), (std::vector<std::string>{"999.99"}));
}

TEST_F(decimal_sql, arithmetic_has_informix_result_types) {
    ok("CREATE TABLE r (d DECIMAL(16,2), e DECIMAL(8,4), i INTEGER, s SMALLINT, f DECIMAL(10), v "
       "VARCHAR(10))");
    ok("INSERT INTO r VALUES (10.50, 1.2345, 3, 2, 1.5, '2.5')");
    const std::vector<std::tuple<int, int, int>> expected = {
        {5, 26, 2},    // d * 2: DECIMAL(16,2) × DECIMAL(10,0)
        {5, 19, 4},    // d + e: MAX(14, 4) + 4 + 1
        {5, 24, 6},    // d * e
        {5, 32, 255},  // d / i: floating
        {5, 17, 2},    // d - s: MAX(14, 5) + 2 + 1 (SMALLINT is DECIMAL(5,0))
        {5, 16, 255},  // d + f: a floating operand makes a floating result
        {5, 32, 255},  // i / s: integers divide exactly
        {5, 2, 1},     // 1.5: a literal is DECIMAL(digits, fraction digits)
        {5, 32, 255},  // SUM(i)
        {5, 32, 2},    // SUM(d)
        {5, 32, 255},  // AVG(d)
        {5, 16, 2},    // MAX(d)
        {2, 4, 0},     // i * s stays INTEGER
    };
    const auto t = types_of(
        "SELECT d * 2, d + e, d * e, d / i, d - s, d + f, i / s, 1.5, SUM(i), SUM(d), AVG(d), "
        "MAX(d), i * s FROM r");
    ASSERT_EQ(t.size(), expected.size());
    for (std::size_t k = 0; k < t.size(); ++k) {
        if (std::get<0>(expected[k]) == 2) {
            EXPECT_EQ(std::get<0>(t[k]), 2) << "column " << k + 1;
            continue;
        }
        EXPECT_EQ(t[k], expected[k]) << "column " << k + 1;
    }
    EXPECT_EQ(
        row_of("SELECT d * 2, d + e, d * e, d / i, d - s, d + f, i / s, v * 2 FROM r WHERE v + 0 = 2.5"),
        (std::vector<std::string>{"21", "11.7345", "12.96225", "3.5", "8.5", "12", "1.5", "5"}));
    EXPECT_EQ(row_of("SELECT 1 / 3, 2 / 3, 7 / 2, 10 / 4 FROM r"),
              (std::vector<std::string>{"0.33333333333333333333333333333333",
                                        "0.66666666666666666666666666666667", "3.5", "2.5"}));
    EXPECT_EQ(error_of("SELECT d / 0 FROM r"), -1202);
    EXPECT_EQ(error_of("SELECT d + 'abc' FROM r"), -1213);
}

TEST_F(decimal_sql, comparisons_order_and_group_numerically) {
    ok("CREATE TABLE c (d DECIMAL(32,10), k INTEGER)");
    for (const char* v : {"9.5", "10", "-2", "1.5", "1.50", "12345678901234567890.1234567891",
                          "12345678901234567890.1234567890", "-0.0000000001"})
        ok(std::string("INSERT INTO c VALUES (") + v + ", 1)");
    const auto ordered = query("SELECT d FROM c ORDER BY d");
    ASSERT_EQ(ordered.rows.size(), 8u);
    const std::vector<std::string> expected = {"-2",
                                               "-0.0000000001",
                                               "1.5",
                                               "1.5",
                                               "9.5",
                                               "10",
                                               "12345678901234567890.123456789",
                                               "12345678901234567890.1234567891"};
    for (std::size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(value(ordered, i, 0), expected[i]) << i;
    const auto by_product = query("SELECT d * 3 FROM c ORDER BY 1 DESC");
    ASSERT_EQ(by_product.rows.size(), 8u);
    EXPECT_EQ(value(by_product, 0, 0), "37037036703703703670.3703703673");
    EXPECT_EQ(value(by_product, 7, 0), "-6");
    // Computed values compare as numbers with literals, parameters and other expressions.
    EXPECT_EQ(query("SELECT d FROM c WHERE d * 2 > 19").rows.size(), 3u);
    EXPECT_EQ(query("SELECT d FROM c WHERE d = 1.5").rows.size(), 2u);
    EXPECT_EQ(query("SELECT d FROM c WHERE d + 0 = 10").rows.size(), 1u);
    EXPECT_EQ(query("SELECT d FROM c WHERE d BETWEEN -1 AND 9.5").rows.size(), 4u);
    EXPECT_EQ(query("SELECT d FROM c WHERE d * 1 IN (10, 1.5)").rows.size(), 3u);
    EXPECT_EQ(query("SELECT d FROM c WHERE d > 12345678901234567890.12345678905").rows.size(), 1u);
    const auto grouped = query("SELECT d, COUNT(*) FROM c GROUP BY d HAVING COUNT(*) > 1");
    ASSERT_EQ(grouped.rows.size(), 1u) << "1.5 and 1.50 are one group";
    EXPECT_EQ(value(grouped, 0, 0), "1.5");
    EXPECT_EQ(row_of("SELECT MIN(d), MAX(d), MIN(d * 2), MAX(-d) FROM c"),
              (std::vector<std::string>{"-2", "12345678901234567890.1234567891", "-4", "2"}));
}

TEST_F(decimal_sql, aggregates_over_many_rows_stay_exact) {
    ok("CREATE TABLE agg (d DECIMAL(16,2), i INTEGER)");
    // 0.01 + 0.02 + … + 1000.00: 100,000 values whose double sum drifts.
    ok("INSERT INTO agg WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 100000) "
       "SELECT x / 100, x FROM n");
    EXPECT_EQ(row_of("SELECT SUM(d), AVG(d), SUM(i), AVG(i), COUNT(*) FROM agg"),
              (std::vector<std::string>{"50000500", "500.005", "5000050000", "50000.5", "100000"}));
    EXPECT_EQ(row_of("SELECT SUM(d * 3), SUM(d) / 7 FROM agg"),
              (std::vector<std::string>{"150001500", "7142928.5714285714285714285714286"}));
    ok("INSERT INTO agg VALUES (0.01, 1)");
    ok("INSERT INTO agg VALUES (0.02, 1)");
    EXPECT_EQ(row_of("SELECT AVG(d) FROM agg WHERE i = 1 AND d < 1"),
              (std::vector<std::string>{"0.013333333333333333333333333333333"}));
}

TEST_F(decimal_sql, round_trunc_abs_and_casts) {
    ok("CREATE TABLE f (d DECIMAL(8,3), n DECIMAL(16,2), fl FLOAT, ch CHAR(20))");
    ok("INSERT INTO f VALUES (24.536, -12345678901234.56, 2.5, '12.345')");
    // The ROUND and TRUNC examples of the Informix SQL reference on 24.536.
    EXPECT_EQ(row_of("SELECT ROUND(d, -2), ROUND(d, -1), ROUND(d, 0), ROUND(d, 1), ROUND(d, 2) FROM f"),
              (std::vector<std::string>{"0", "20", "25", "24.5", "24.54"}));
    EXPECT_EQ(row_of("SELECT TRUNC(d, -2), TRUNC(d, -1), TRUNC(d, 0), TRUNC(d, 1), TRUNC(d, 2) FROM f"),
              (std::vector<std::string>{"0", "20", "24", "24.5", "24.53"}));
    EXPECT_EQ(row_of("SELECT ABS(n), ROUND(n, 1), TRUNC(n), ROUND(n) FROM f"),
              (std::vector<std::string>{"12345678901234.56", "-12345678901234.6", "-12345678901234",
                                        "-12345678901235"}));
    EXPECT_EQ(row_of("SELECT CAST(ch AS DECIMAL(5,2)), ch::DECIMAL(6,3) * 2, CAST(fl AS DECIMAL(4,1)), "
                     "CAST(n AS DECIMAL(32,4)), CAST(d AS MONEY(8,2)) FROM f"),
              (std::vector<std::string>{"12.35", "24.69", "2.5", "-12345678901234.56", "24.54"}));
    const auto ints = query("SELECT CAST(d AS INTEGER), CAST(n AS BIGINT), CAST(ch AS SMALLINT) FROM f");
    ASSERT_EQ(ints.rows.size(), 1u);
    EXPECT_EQ(int_value(ints.rows[0]), 24);
    EXPECT_EQ(error_of("SELECT CAST(n AS INTEGER) FROM f"), -1215);
    EXPECT_EQ(error_of("SELECT CAST(12345.6 AS DECIMAL(4,1)) FROM f"), -1226);
    EXPECT_EQ(error_of("SELECT CAST('x1' AS DECIMAL(4,1)) FROM f"), -1213);
    const auto as_text = query("SELECT CAST(n AS CHAR(20)), CAST(d AS VARCHAR(10)) FROM f");
    ASSERT_EQ(as_text.rows.size(), 1u);
    EXPECT_EQ(text_value(as_text.rows[0], as_text.describe.columns[0].type, 0, 20), "-12345678901234.56");
}

TEST_F(decimal_sql, floating_decimal_keeps_its_significant_digits) {
    ok("CREATE TABLE fl (d DECIMAL(5), e DECIMAL)");
    ok("INSERT INTO fl VALUES (123.456789, 1234567890.123456789)");
    ok("INSERT INTO fl VALUES (1234567, 0.000000000000000001234567890123456789)");
    const auto r = query("SELECT d, e FROM fl ORDER BY d");
    ASSERT_EQ(r.rows.size(), 2u);
    EXPECT_EQ(value(r, 0, 0), "123.46");
    EXPECT_EQ(value(r, 1, 0), "1234600");
    EXPECT_EQ(value(r, 0, 1), "1234567890.123457");  // DECIMAL is DECIMAL(16)
    EXPECT_EQ(value(r, 1, 1), "0.000000000000000001234567890123457");
    EXPECT_EQ(query("SELECT d FROM fl WHERE d = 123.46").rows.size(), 1u)
        << "stored rounded, as IDS stores it";
}

TEST_F(decimal_sql, bound_values_are_stored_like_literals) {
    ok("CREATE TABLE b (d DECIMAL(16,2), m MONEY(8,2))");
    const auto id = one_group(send(
        request().prepare("INSERT INTO b VALUES (?, ?)").t(tag::ndescribe).t(tag::wantdone).done()))[0]
                        .stmt_id;
    const auto run = [&](std::string_view d, std::string_view m) {
        return one_group(send(request().id(id).bind(2).bind_string(d).bind_string(m).t(tag::execute).done()));
    };
    EXPECT_EQ(tags_of(run("12345678901234.565", "1.005")), tags({tag::done, tag::cost, tag::eot}));
    EXPECT_EQ(expect_error(run("1", "1000000")).sqlcode, -1226);
    EXPECT_EQ(expect_error(run("abc", "1")).sqlcode, -1213);
    EXPECT_EQ(row_of("SELECT d, m FROM b"), (std::vector<std::string>{"12345678901234.57", "1.01"}));
    EXPECT_EQ(query("SELECT d FROM b WHERE m = 1.01").rows.size(), 1u);
}

}  // namespace
}  // namespace ifxlite_test
