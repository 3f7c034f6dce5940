// Value encodings (PROTOCOL.md §9) against the golden vectors, and declared-type mapping.
#include <gtest/gtest.h>

#include "sql/sql_text.hpp"
#include "support/vectors.hpp"
#include "types/date.hpp"
#include "types/decimal.hpp"
#include "types/types.hpp"

namespace {

using bytes = std::vector<std::uint8_t>;
using ifx::lite::column_type;
using ifx::lite::value_view;

bytes pack(std::string_view text, int p, int s) {
    bytes out;
    EXPECT_EQ(ifx::lite::pack_decimal(text, p, s, out), ifx::lite::decimal_status::ok) << text;
    return out;
}

bytes vec(std::string_view id) {
    return ifx::test::vector_by_id("types.txt", id).bytes;
}

TEST(decimal, packs_the_golden_vectors) {
    EXPECT_EQ(pack("12345.6789", 12, 4), vec("TYPE-001"));
    EXPECT_EQ(pack("-42.125", 10, 3), vec("TYPE-002"));
    EXPECT_EQ(pack("-98765.43", 12, 2), vec("TYPE-003"));
    EXPECT_EQ(pack("12.34", 4, 2), vec("TYPE-004"));
    EXPECT_EQ(pack("-12.34", 4, 2), vec("TYPE-005"));
    EXPECT_EQ(pack("250", 10, 2), vec("TYPE-006"));
    EXPECT_EQ(pack("12.34", 4, ifx::lite::decimal_floating_scale), vec("TYPE-008"));
}

TEST(decimal, packs_the_worked_examples) {
    // DECLEN(16, floating) is (16 + 1 + 3) / 2 = 10 bytes; the 9-byte COUNT(*) form is DECIMAL(15, 0).
    EXPECT_EQ(pack("276", 15, 0), (bytes{0xc2, 0x02, 0x4c, 0, 0, 0, 0, 0, 0}));
    EXPECT_EQ(pack("276", 16, ifx::lite::decimal_floating_scale).size(), 10u);
    EXPECT_EQ(pack("0", 16, 2), (bytes{0x80, 0, 0, 0, 0, 0, 0, 0, 0}));
    EXPECT_EQ(pack("0.5", 16, 2)[0], 0xc0);
    EXPECT_EQ(pack("-0.5", 16, 2)[0], 0x3f);
    EXPECT_EQ(pack("0.001", 16, 3), (bytes{0xbf, 0x0a, 0, 0, 0, 0, 0, 0, 0, 0}));
    EXPECT_EQ(pack("-0.001", 16, 3), (bytes{0x40, 0x5a, 0, 0, 0, 0, 0, 0, 0, 0}));
    EXPECT_EQ(pack("-1", 16, 2), (bytes{0x3e, 0x63, 0, 0, 0, 0, 0, 0, 0}));
    EXPECT_EQ(pack("-99.99", 16, 2), (bytes{0x3e, 0x00, 0x01, 0, 0, 0, 0, 0, 0}));
}

TEST(decimal, rounds_and_detects_overflow) {
    EXPECT_EQ(pack("12.345", 4, 2), pack("12.35", 4, 2));
    EXPECT_EQ(pack("1.2e1", 4, 2), pack("12", 4, 2));
    bytes out;
    EXPECT_EQ(ifx::lite::pack_decimal("123.4", 4, 2, out), ifx::lite::decimal_status::overflow);
    EXPECT_EQ(ifx::lite::pack_decimal("abc", 4, 2, out), ifx::lite::decimal_status::not_a_number);
}

TEST(decimal, unpack_round_trips) {
    for (std::string_view v :
         {"12345.6789", "-42.125", "-98765.43", "0.001", "-0.5", "276", "-99.99", "100"}) {
        const auto text = ifx::lite::unpack_decimal(pack(v, 16, 4));
        ASSERT_TRUE(text.has_value()) << v;
        EXPECT_EQ(ifx::lite::compare_decimal_text(*text, v), 0) << v << " came back as " << *text;
    }
    EXPECT_FALSE(ifx::lite::unpack_decimal(vec("TYPE-007")).has_value()) << "NULL pattern";
}

TEST(decimal, compares_numerically) {
    EXPECT_LT(ifx::lite::compare_decimal_text("9.5", "10"), 0);
    EXPECT_GT(ifx::lite::compare_decimal_text("-1", "-2"), 0);
    EXPECT_EQ(ifx::lite::compare_decimal_text("1.50", "1.5"), 0);
}

TEST(date, day_numbers) {
    EXPECT_EQ(ifx::lite::date_to_days(1899, 12, 31), 0);
    EXPECT_EQ(ifx::lite::date_to_days(1970, 1, 1), 25568);
    EXPECT_EQ(ifx::lite::date_to_days(2000, 1, 1), 36525);
    EXPECT_EQ(ifx::lite::date_to_days(1, 1, 1), -693594);
    EXPECT_EQ(ifx::lite::date_to_days(9999, 12, 31), 2958464);
    EXPECT_FALSE(ifx::lite::date_to_days(2023, 2, 29).has_value());
    EXPECT_EQ(ifx::lite::days_to_iso(-1), "1899-12-30");
    EXPECT_EQ(ifx::lite::parse_date_text("12/31/1999"), ifx::lite::date_to_days(1999, 12, 31));
}

bytes encode(const column_type& t, const value_view& v) {
    bytes out;
    EXPECT_FALSE(ifx::lite::encode_value(t, v, out).has_value());
    return out;
}

TEST(types, declarations_map_to_informix_types) {
    const auto check = [](std::string_view decl, std::int16_t code, std::int32_t enc, std::int32_t width) {
        const auto t = ifx::lite::type_from_declaration(decl);
        EXPECT_EQ(t.code, code) << decl;
        EXPECT_EQ(t.encoded_length, enc) << decl;
        EXPECT_EQ(t.width, width) << decl;
    };
    check("INTEGER", 2, 4, 4);
    check("int", 2, 4, 4);
    check("SMALLINT", 1, 2, 2);
    check("BIGINT", 52, 8, 8);
    check("SERIAL", 6, 4, 4);
    check("SERIAL(100)", 6, 4, 4);
    check("FLOAT", 3, 8, 8);
    check("SMALLFLOAT", 4, 4, 4);
    check("REAL", 4, 4, 4);
    check("CHAR(10)", 0, 10, 10);
    check("VARCHAR(20)", 13, 20, 21);
    check("LVARCHAR(1000)", 43, 1000, 1005);
    check("DECIMAL_TEXT(10,2)", 5, 0x0a02, 6);
    check("DECIMAL_TEXT", 5, 0x10ff, 10);
    check("MONEY_TEXT(12)", 8, 0x0c02, 7);
    check("DATE", 7, 4, 4);
    check("", 43, 2048, 2053);
}

TEST(types, expression_columns) {
    EXPECT_EQ(ifx::lite::type_for_expression("COUNT(*)").code, 5);
    EXPECT_EQ(ifx::lite::type_for_expression("COUNT(*)").encoded_length, 0x0f00);
    EXPECT_EQ(ifx::lite::type_for_expression("1").code, 2);
    EXPECT_EQ(ifx::lite::type_for_expression("'abc'").code, 0);
    EXPECT_EQ(ifx::lite::type_for_expression("'abc'").encoded_length, 3);
    EXPECT_EQ(ifx::lite::type_for_expression("a || b").code, 43);
}

TEST(types, null_sentinels_match_the_vectors) {
    using ifx::lite::type_from_declaration;
    const value_view null;
    EXPECT_EQ(encode(type_from_declaration("SMALLINT"), null), vec("TYPE-040"));
    EXPECT_EQ(encode(type_from_declaration("INTEGER"), null), vec("TYPE-041"));
    EXPECT_EQ(encode(type_from_declaration("BIGINT"), null), vec("TYPE-042"));
    EXPECT_EQ(encode(type_from_declaration("DATE"), null), vec("TYPE-032"));
    EXPECT_EQ(encode(type_from_declaration("SMALLFLOAT"), null), vec("TYPE-061"));
    EXPECT_EQ(encode(type_from_declaration("FLOAT"), null), vec("TYPE-062"));
    EXPECT_EQ(encode(type_from_declaration("VARCHAR(10)"), null), vec("TYPE-071"));
    EXPECT_EQ(encode(type_from_declaration("LVARCHAR"), null), vec("TYPE-074"));
    EXPECT_EQ(encode(type_from_declaration("CHAR(3)"), null), (bytes{0, 0, 0}));
}

TEST(types, values_match_the_vectors) {
    using ifx::lite::type_from_declaration;
    EXPECT_EQ(encode(type_from_declaration("VARCHAR(10)"), std::string_view("hello")), vec("TYPE-070"));
    EXPECT_EQ(encode(type_from_declaration("VARCHAR(10)"), std::string_view("")), vec("TYPE-072"));
    EXPECT_EQ(encode(type_from_declaration("LVARCHAR"), std::string_view("hello")), vec("TYPE-073"));
    EXPECT_EQ(encode(type_from_declaration("CHAR(4)"), std::string_view("a")), vec("TYPE-075"));
    EXPECT_EQ(encode(type_from_declaration("BIGINT"), std::int64_t{1099511627776}), vec("TYPE-043"));
    EXPECT_EQ(encode(type_from_declaration("FLOAT"), 3.5), vec("TYPE-060"));
    EXPECT_EQ(encode(type_from_declaration("DATE"), std::string_view("1970-01-01")), vec("TYPE-031"));
    EXPECT_EQ(encode(type_from_declaration("INT8"), std::int64_t{-7}), vec("TYPE-050"));
    EXPECT_EQ(encode(type_from_declaration("DECIMAL_TEXT(12,4)"), std::string_view("12345.6789")),
              vec("TYPE-001"));
    EXPECT_EQ(encode(type_from_declaration("DECIMAL_TEXT(12,4)"), 12345.6789), vec("TYPE-001"));
}

TEST(types, conversion_errors) {
    bytes out;
    const auto e =
        ifx::lite::encode_value(ifx::lite::type_from_declaration("SMALLINT"), std::int64_t{70000}, out);
    ASSERT_TRUE(e.has_value());
    EXPECT_EQ(e->sqlcode, -1214);
    EXPECT_TRUE(
        ifx::lite::encode_value(ifx::lite::type_from_declaration("INTEGER"), std::string_view("x"), out)
            .has_value());
}

TEST(sql_text, classification) {
    using namespace ifx::lite;
    EXPECT_EQ(classify("select 1").type, 2);
    EXPECT_EQ(classify("  -- c\n INSERT INTO x VALUES (1)").table, "x");
    EXPECT_EQ(classify("update t set a = 1 where b = 2").type, 4);
    EXPECT_EQ(classify("update t set a = 'where'").type, 33);
    EXPECT_EQ(classify("delete from t").type, 32);
    EXPECT_EQ(classify("create unique index i on t(a)").type, 16);
    EXPECT_EQ(classify("CREATE TEMP TABLE tt (a int)").type, 45);
    const auto db = classify("create database Shop@ol_x with buffered log");
    EXPECT_EQ(db.what, action::create_database);
    EXPECT_EQ(db.database, "shop");
    EXPECT_EQ(db.mode, log_mode::logged);
    EXPECT_EQ(classify("create database s with log mode ansi").mode, log_mode::ansi);
    EXPECT_FALSE(classify("database ../etc").syntax_ok);
    EXPECT_EQ(classify("rollback work").what, action::rollback_work);
    EXPECT_EQ(classify("ROLLBACK TO SAVEPOINT x").what, action::rollback_savepoint);
    EXPECT_EQ(classify("ROLLBACK TO SAVEPOINT x").type, 161);
    EXPECT_FALSE(classify("ROLLBACK TO x").syntax_ok);
    EXPECT_EQ(classify("savepoint a unique").type, 159);
    EXPECT_TRUE(classify("savepoint a unique").unique);
    EXPECT_EQ(classify("release savepoint a").type, 160);
    EXPECT_EQ(classify("create function f() returning int; return 1; end function").type, 53);
    EXPECT_EQ(classify("drop procedure p").type, 54);
    EXPECT_EQ(classify("execute procedure p()").what, action::execute_routine);
}

TEST(sql_text, ddl_rewrite) {
    EXPECT_EQ(ifx::lite::rewrite_ddl("create table t (id serial, amount decimal(10,2) not null, serial int)"),
              "create table t (id serial DEFAULT 0 CHECK (ifx_valid(id, 2, 0)), amount DECIMAL_TEXT(10,2) "
              "COLLATE ifx_decimal CHECK (ifx_valid(amount, 5, 2562)) not null, serial int CHECK "
              "(ifx_valid(serial, "
              "2, 0)))");
    EXPECT_EQ(ifx::lite::rewrite_ddl(
                  "create table d (t datetime year to fraction(3), i interval day(3) to second)"),
              "create table d (t DATETIME_TEXT(4365) CHECK (ifx_valid(t, 7, 4365)), i IVL_TEXT(2378) CHECK "
              "(ifx_valid(i, 8, 2378)))");
    EXPECT_EQ(ifx::lite::rewrite_ddl("select 'decimal(1)'"), "select 'decimal(1)'");
}

TEST(sql_text, select_items) {
    const auto items = ifx::lite::select_items("SELECT COUNT(*) AS n, a.b, 'x' y, f(1, 2) FROM t");
    ASSERT_EQ(items.size(), 4u);
    EXPECT_EQ(items[0], "COUNT(*)");
    EXPECT_EQ(items[1], "a.b");
    EXPECT_EQ(items[2], "'x'");
    EXPECT_EQ(items[3], "f(1, 2)");
}

}  // namespace
