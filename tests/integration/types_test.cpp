// Every type through the whole path: a table with one column of each type in ifxlite, values
// inserted through binds (exact C++ types), read back and compared, NULLs included.
#include <gtest/gtest.h>

#include <unistd.h>

#include "ifx/date.hpp"
#include "ifx/datetime.hpp"
#include "ifx/decimal.hpp"
#include "ifx/interval.hpp"
#include "server_fixture.hpp"

namespace {

using ifx::test::server_fixture;

std::string table_name(const char* base) {
    return std::string(base) + "_" + std::to_string(::getpid());
}

TEST(all_types, values_round_trip_through_binds) {
    ifx::connection conn(server_fixture::instance().params());
    const auto t = table_name("every_type");
    conn.execute("CREATE TABLE " + t +
                 " (k SERIAL, si SMALLINT, i INTEGER, i8 INT8, bi BIGINT, sf SMALLFLOAT, f FLOAT,"
                 " d DECIMAL(16,2), df DECIMAL(32), m MONEY(12,2), dt DATE, ts DATETIME YEAR TO FRACTION(5),"
                 " hm DATETIME HOUR TO MINUTE, iv INTERVAL DAY(3) TO SECOND, ym INTERVAL YEAR(4) TO MONTH,"
                 " c CHAR(10), nc NCHAR(4), vc VARCHAR(40), nvc NVARCHAR(20), lv LVARCHAR(2000), b BOOLEAN)");
    const auto ts =
        ifx::datetime::parse("2026-02-28 23:59:58.12345",
                             ifx::qualifier::datetime(ifx::time_unit::year, ifx::time_unit::fraction5));
    const auto hm =
        ifx::datetime::parse("07:05", ifx::qualifier::datetime(ifx::time_unit::hour, ifx::time_unit::minute));
    const auto iv = ifx::interval::parse(
        "-123 04:05:06", ifx::qualifier::interval(ifx::time_unit::day, ifx::time_unit::second, 3));
    const auto ym = ifx::interval::parse(
        "2026-11", ifx::qualifier::interval(ifx::time_unit::year, ifx::time_unit::month, 4));
    const std::string long_text(1500, 'L');
    const auto r1 = conn.execute(
        "INSERT INTO " + t +
            " (si, i, i8, bi, sf, f, d, df, m, dt, ts, hm, iv, ym, c, nc, vc, nvc, lv, b)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        std::int16_t{-32767}, INT32_MAX, std::int64_t{-9'000'000'000'000}, INT64_MAX, 1.5f, -2.25,
        ifx::decimal::parse("-12345678901234.56"), ifx::decimal::parse("1234567890123456789012.3456789"),
        ifx::decimal::parse("0.01"), ifx::date::from_ymd(1899, 12, 31), ts, hm, iv, ym, "padded", "nç",
        "héllo wörld", "", long_text, true);
    EXPECT_EQ(r1.affected_rows, 1);
    EXPECT_EQ(r1.serial, 1);
    conn.execute("INSERT INTO " + t + " (si) VALUES (?)", ifx::null);  // every column NULL but the serial

    const auto r = conn.query(
        "SELECT si, i, i8, bi, sf, f, d, df, m, dt, ts, hm, iv, ym, c, nc, vc, nvc, lv, b, k FROM " + t +
        " ORDER BY k");
    ASSERT_EQ(r.size(), 2u);
    const auto row = r[0];
    EXPECT_EQ(row.get<std::int16_t>(0), -32767);
    EXPECT_EQ(row.get<int>(1), INT32_MAX);
    EXPECT_EQ(row.get<std::int64_t>(2), -9'000'000'000'000);
    EXPECT_EQ(row.get<std::int64_t>(3), INT64_MAX);
    EXPECT_EQ(row.get<float>(4), 1.5f);
    EXPECT_EQ(row.get<double>(5), -2.25);
    EXPECT_EQ(row.get<ifx::decimal>(6).to_string(), "-12345678901234.56");
    EXPECT_EQ(row.get<ifx::decimal>(7), ifx::decimal::parse("1234567890123456789012.3456789"));
    EXPECT_EQ(row.get<ifx::decimal>(8).to_string(), "0.01");
    EXPECT_EQ(row.get<ifx::date>(9), ifx::date::from_ymd(1899, 12, 31));
    EXPECT_EQ(row.get<ifx::datetime>(10).to_string(), "2026-02-28 23:59:58.12345");
    EXPECT_EQ(row.get<ifx::datetime>(11).to_string(), "07:05");
    EXPECT_EQ(row.get<ifx::interval>(12).to_string(), iv.to_string());
    EXPECT_EQ(row.get<ifx::interval>(13).to_string(), "2026-11");
    EXPECT_EQ(row.get<std::string>(14), "padded");
    EXPECT_EQ(row.get<std::string>(15), "nç");
    EXPECT_EQ(row.get<std::string>(16), "héllo wörld");
    EXPECT_EQ(row.get<std::string>(17), "");
    EXPECT_FALSE(row.is_null(17));  // an empty VARCHAR is not NULL
    EXPECT_EQ(row.get<std::string>(18), long_text);
    EXPECT_EQ(row.get<bool>(19), true);

    const auto nulls = r[1];
    for (std::size_t c = 0; c < 20; ++c) EXPECT_TRUE(nulls.is_null(c)) << r.columns()[c].name;
    EXPECT_EQ(nulls.get<std::optional<ifx::decimal>>(6), std::nullopt);
    EXPECT_EQ(nulls.get<int>(20), 2);

    // The description names each type with its parameters.
    const std::vector<std::string> expected = {
        "SMALLINT",
        "INTEGER",
        "INT8",
        "BIGINT",
        "SMALLFLOAT",
        "FLOAT",
        "DECIMAL(16,2)",
        "DECIMAL(32)",
        "MONEY(12,2)",
        "DATE",
        "DATETIME YEAR TO FRACTION(5)",
        "DATETIME HOUR TO MINUTE",
        "INTERVAL DAY(3) TO SECOND",
        "INTERVAL YEAR TO MONTH" /* YEAR(4) is the default precision */,
        "CHAR(10)",
        "NCHAR(4)",
        "VARCHAR(40)",
        "NVARCHAR(20)",
        "LVARCHAR",
        "BOOLEAN",
        "SERIAL"};
    for (std::size_t c = 0; c < expected.size(); ++c) EXPECT_EQ(r.columns()[c].type_name(), expected[c]) << c;
    conn.execute("DROP TABLE " + t);
}

TEST(all_types, conversions_the_server_rejects_carry_informix_codes) {
    ifx::connection conn(server_fixture::instance().params());
    const auto t = table_name("bad_values");
    conn.execute("CREATE TABLE " + t + " (i INTEGER, d DECIMAL(5,2), dt DATE)");
    auto code_of = [&](const std::string& sql, const ifx::param& p) {
        std::error_code ec;
        ifx::diagnostics diag;
        conn.execute(sql, std::span(&p, 1), ec, diag);
        return diag.sqlcode;
    };
    EXPECT_EQ(code_of("INSERT INTO " + t + " (i) VALUES (?)", "not a number"), -1213);
    EXPECT_EQ(code_of("INSERT INTO " + t + " (d) VALUES (?)", "12345.6"), -1226);
    EXPECT_EQ(code_of("INSERT INTO " + t + " (dt) VALUES (?)", "2026-02-30"), -1218);
    conn.execute("DROP TABLE " + t);
}

}  // namespace
