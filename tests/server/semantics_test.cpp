// Informix SQL semantics ifxlite emulates on SQLite: the system catalog, DBINFO, FIRST/SKIP,
// MATCHES, NVL, TODAY/CURRENT, DATETIME/INTERVAL, conversion errors and expression typing.
#include "sqli_client.hpp"

#include "types/datetime.hpp"

namespace ifxlite_test {
namespace {

class semantics_test : public session_test {
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
};

TEST_F(semantics_test, systables_tabid_1_is_systables) {
    const auto r = query("SELECT tabname, tabid FROM systables WHERE tabid = 1");
    ASSERT_FALSE(r.error);
    ASSERT_EQ(r.rows.size(), 1u);
    ASSERT_EQ(r.describe.columns.size(), 2u);
    EXPECT_EQ(r.describe.columns[0].type, 13 | 0x100);
    EXPECT_EQ(text_value(r.rows[0], 13), "systables");
    const auto owner_qualified = query("SELECT tabid FROM informix.systables WHERE tabname = 'syscolumns'");
    ASSERT_EQ(owner_qualified.rows.size(), 1u);
    EXPECT_EQ(int_value(owner_qualified.rows[0]), 2);
}

TEST_F(semantics_test, catalog_follows_ddl) {
    ok("CREATE TABLE cust (id SERIAL NOT NULL, name VARCHAR(40), amount DECIMAL(10,2), at DATETIME YEAR TO "
       "SECOND)");
    ok("CREATE UNIQUE INDEX cust_name ON cust (name)");
    const auto t = query("SELECT tabid, ncols, nindexes, tabtype FROM systables WHERE tabname = 'cust'");
    ASSERT_EQ(t.rows.size(), 1u);
    const std::int32_t tabid = int_value(t.rows[0]);
    EXPECT_GE(tabid, 100);
    const auto c =
        query("SELECT colname, coltype, collength FROM syscolumns WHERE tabid = " + std::to_string(tabid) +
              " ORDER BY colno");
    ASSERT_EQ(c.rows.size(), 4u);
    const auto coltype = [&](std::size_t i) {
        const auto& p = c.rows[i];
        const std::size_t off = 1 + p[0];
        return std::pair<int, int>(static_cast<std::int16_t>(p[off] << 8 | p[off + 1]),
                                   static_cast<std::int16_t>(p[off + 2] << 8 | p[off + 3]));
    };
    EXPECT_EQ(coltype(0), std::make_pair(6 + 256, 4));
    EXPECT_EQ(coltype(1), std::make_pair(13, 40));
    EXPECT_EQ(coltype(2), std::make_pair(5, (10 << 8) | 2));
    EXPECT_EQ(coltype(3), std::make_pair(10, 0x0e0a));
    const auto i =
        query("SELECT idxname, idxtype, part1 FROM sysindexes WHERE tabid = " + std::to_string(tabid));
    ASSERT_EQ(i.rows.size(), 1u);
    EXPECT_EQ(text_value(i.rows[0], 13), "cust_name");
    ok("DROP TABLE cust");
    EXPECT_TRUE(query("SELECT tabid FROM systables WHERE tabname = 'cust'").rows.empty());
    EXPECT_TRUE(query("SELECT colno FROM syscolumns WHERE tabid = " + std::to_string(tabid)).rows.empty());
    ok("CREATE TABLE other (a INTEGER)");
    const auto o = query("SELECT tabid FROM systables WHERE tabname = 'other'");
    ASSERT_EQ(o.rows.size(), 1u);
    EXPECT_GT(int_value(o.rows[0]), tabid) << "tabids are not reused";
}

TEST_F(semantics_test, dbinfo_version_and_serial) {
    const auto v = query("SELECT DBINFO('version', 'full') FROM systables WHERE tabid = 1");
    ASSERT_EQ(v.rows.size(), 1u);
    EXPECT_EQ(text_value(v.rows[0], v.describe.columns[0].type),
              "IBM Informix Dynamic Server Version 15.0.1.0");
    ok("CREATE TABLE s (id SERIAL, v INTEGER)");
    ok("INSERT INTO s (v) VALUES (10)");
    ok("INSERT INTO s (v) VALUES (11)");
    const auto d = query("SELECT DBINFO('sqlca.sqlerrd1') FROM systables WHERE tabid = 1");
    ASSERT_EQ(d.rows.size(), 1u);
    EXPECT_EQ(d.describe.columns[0].type, 2);
    EXPECT_EQ(int_value(d.rows[0]), 2);
    const auto m = query("SELECT name FROM sysmaster:sysdatabases WHERE name = 'testdb'");
    ASSERT_FALSE(m.error) << m.error->sqlcode;
    EXPECT_EQ(m.rows.size(), 1u);
}

TEST_F(semantics_test, first_skip_matches_nvl) {
    ok("CREATE TABLE n (a INTEGER, b VARCHAR(20))");
    for (int i = 1; i <= 10; ++i)
        ok("INSERT INTO n VALUES (" + std::to_string(i) + ", " +
           (i % 3 ? "'row" + std::to_string(i) + "'" : "NULL") + ")");
    const auto r = query("SELECT SKIP 2 FIRST 3 a FROM n ORDER BY a");
    ASSERT_EQ(r.rows.size(), 3u);
    EXPECT_EQ(int_value(r.rows[0]), 3);
    EXPECT_EQ(int_value(r.rows[2]), 5);
    EXPECT_EQ(query("SELECT FIRST 4 a FROM n").rows.size(), 4u);
    const auto m = query("SELECT a FROM n WHERE b MATCHES 'row[1-4]*' ORDER BY a");
    EXPECT_EQ(m.rows.size(), 4u);  // row1, row2, row4, row10 (3, 6 and 9 are NULL)
    EXPECT_TRUE(ifx::lite::matches("row10", "row1?"));
    EXPECT_TRUE(ifx::lite::matches("a*b", "a\\*b"));
    EXPECT_FALSE(ifx::lite::matches("abc", "a[^b]c"));
    const auto v = query("SELECT NVL(b, 'none') FROM n WHERE a = 3");
    ASSERT_EQ(v.rows.size(), 1u);
    EXPECT_EQ(text_value(v.rows[0], v.describe.columns[0].type), "none");
}

TEST_F(semantics_test, expression_types) {
    ok("CREATE TABLE e (v INTEGER, s SMALLINT, big BIGINT, d DECIMAL(8,2), f FLOAT, c CHAR(5), vc "
       "VARCHAR(10))");
    ok("INSERT INTO e VALUES (7, 2, 5, 1.25, 0.5, 'ab', 'xyz')");
    const auto r = query(
        "SELECT v + 1, v / 2, s * s, big + v, d * 2, f + v, c || vc, NVL(vc, 'x'), "
        "CASE WHEN v > 1 THEN 'big' ELSE 'small' END, COUNT(*), MAX(d), SUM(v), TODAY, CURRENT, "
        "CURRENT YEAR TO SECOND, LENGTH(vc), UPPER(vc), 'lit', 42 FROM e");
    ASSERT_FALSE(r.error) << r.error->sqlcode;
    const auto& c = r.describe.columns;
    ASSERT_EQ(c.size(), 19u);
    // d * 2: DECIMAL(8,2) × INTEGER (converted to DECIMAL(10,0)) is DECIMAL(18,2), the ESQL/C rule
    // "Obtain the DECIMAL data type of the arithmetic result" (precision p1 + p2, scale s1 + s2).
    const std::vector<std::pair<int, int>> expected = {
        {2, 4},       {5, 0x20ff}, {2, 4},      {52, 8},     {5, 0x1202}, {3, 8}, {13, 15},
        {13, 10},     {0, 5},      {5, 0x0f00}, {5, 0x0802}, {5, 0x20ff}, {7, 4}, {10, 0x110d},
        {10, 0x0e0a}, {2, 4},      {13, 10},    {0, 3},      {2, 4}};
    for (std::size_t i = 0; i < expected.size(); ++i)
        EXPECT_EQ(std::make_pair(static_cast<int>(c[i].type), c[i].encoded_length), expected[i])
            << "column " << i + 1;
    ASSERT_EQ(r.rows.size(), 1u);
    EXPECT_EQ(int_value(r.rows[0]), 8);
}

TEST_F(semantics_test, datetime_and_interval_round_trip) {
    ok("CREATE TABLE dt (t DATETIME YEAR TO SECOND, i INTERVAL DAY(2) TO SECOND)");
    ok("INSERT INTO dt VALUES (DATETIME(2026-06-20 12:34:56) YEAR TO SECOND, INTERVAL(12 03:04:05) DAY TO "
       "SECOND)");
    const auto r = query("SELECT t, i FROM dt");
    ASSERT_FALSE(r.error) << r.error->sqlcode;
    ASSERT_EQ(r.describe.columns.size(), 2u);
    EXPECT_EQ(r.describe.columns[0].type, 10);
    EXPECT_EQ(r.describe.columns[0].encoded_length, 0x0e0a);
    EXPECT_EQ(r.describe.columns[1].type, 14);
    EXPECT_EQ(r.describe.columns[1].encoded_length, 0x084a);
    ASSERT_EQ(r.rows.size(), 1u);
    EXPECT_EQ(r.rows[0], vec("types.txt", "TYPE-027"));
    EXPECT_EQ(query("SELECT t FROM dt WHERE t > DATETIME(2026-01-01 00:00:00) YEAR TO SECOND").rows.size(),
              1u);
    const auto q = ifx::lite::parse_qualifier("YEAR TO FRACTION(5)", false);
    ASSERT_TRUE(q);
    EXPECT_EQ(q->word(), 0x130f);
    const auto packed = [](std::string_view text, const ifx::lite::qualifier& qual) {
        bytes out;
        EXPECT_TRUE(ifx::lite::pack_datetime(text, qual, out)) << text;
        return out;
    };
    EXPECT_EQ(packed("2026-07-19 12:34:56.12345", *q), vec("types.txt", "TYPE-021"));
    EXPECT_EQ(packed("2026-7-19 12:34:56.12345", *q), vec("types.txt", "TYPE-021")) << "non-canonical text";
    EXPECT_EQ(*ifx::lite::unpack_datetime(vec("types.txt", "TYPE-022"), *q), "2024-01-02 03:04:05.12345");
    const auto h = ifx::lite::parse_qualifier("HOUR TO FRACTION(5)", false);
    EXPECT_EQ(packed("00:33:11.31773", *h), vec("types.txt", "TYPE-025"));
}

TEST_F(semantics_test, conversion_errors) {
    ok("CREATE TABLE ce (v INTEGER, s SMALLINT, d DATE, t DATETIME YEAR TO DAY, m DECIMAL(4,2))");
    EXPECT_EQ(error_of("INSERT INTO ce (v) VALUES ('abc')"), -1213);
    EXPECT_EQ(error_of("INSERT INTO ce (s) VALUES (40000)"), -1214);
    EXPECT_EQ(error_of("INSERT INTO ce (d) VALUES ('not a date')"), -1218);
    EXPECT_EQ(error_of("INSERT INTO ce (t) VALUES ('2024-01-0x')"), -1262);
    EXPECT_EQ(error_of("INSERT INTO ce (t) VALUES ('2024-01-05 10:00')"), -1264);
    EXPECT_EQ(error_of("INSERT INTO ce (m) VALUES (123.4)"), -1226);
    EXPECT_EQ(error_of("SELECT DATETIME(2024-13-01) YEAR TO DAY FROM systables"), -1263);
    ok("INSERT INTO ce VALUES (1, 2, '2024-01-05', '2024-01-05', 12.5)");
}

TEST_F(semantics_test, today_and_lock_mode_statements) {
    const auto r = query("SELECT TODAY FROM systables WHERE tabid = 1");
    ASSERT_EQ(r.rows.size(), 1u);
    EXPECT_EQ(r.describe.columns[0].type, 7);
    EXPECT_GT(int_value(r.rows[0]), 45000);  // after 2023
    ok("SET LOCK MODE TO WAIT 3");
    ok("SET LOCK MODE TO NOT WAIT");
    ok("SET LOCK MODE TO WAIT");
    ok("SET ISOLATION TO COMMITTED READ");
    EXPECT_EQ(error_of("SET LOCK MODE TO SOMETIMES"), -201);
}

}  // namespace
}  // namespace ifxlite_test
