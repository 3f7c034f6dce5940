// The SQL people write (issue 19): Informix's built-in functions, UNITS / EXTEND / :: casts,
// DATE/DATETIME/INTERVAL arithmetic and keywords used as names, table-driven. Where IBM's
// documentation (the Informix / HCL OneDB "Guide to SQL: Syntax" and "Tutorial") gives an example,
// the row reproduces it and says so; the other rows follow the functions' documented definitions.
#include "sqli_client.hpp"

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "types/date.hpp"
#include "types/datetime.hpp"
#include "types/decimal.hpp"

namespace ifxlite_test {
namespace {

class functions_test : public session_test {
protected:
    void SetUp() override {
        session_test::SetUp();
        connect();
        // The Informix demo's state table (CHAR(15) names, as the documentation's examples use).
        ok("CREATE TABLE state (code CHAR(2), sname CHAR(15))");
        ok("INSERT INTO state VALUES ('CA', 'California')");
        ok("INSERT INTO state VALUES ('WV', 'West Virginia')");
        ok("INSERT INTO state VALUES ('AZ', 'Arizona')");
    }
    void ok(std::string_view sql) {
        const auto r = command(sql);
        ASSERT_FALSE(r.empty());
        ASSERT_NE(r.front().tag, static_cast<std::int16_t>(tag::err))
            << sql << " -> " << r.front().sqlcode << " isam " << r.front().isam;
    }

    // The first column of the first row as text, decoded by its described type.
    static std::string first_value(const result_set& r) {
        if (r.rows.empty() || r.describe.columns.empty()) return "<no row>";
        const auto& c = r.describe.columns[0];
        const auto& p = r.rows[0];
        const int base = c.type & 0xff;
        switch (base) {
            case 0:
            case 15: {
                std::string v(p.begin(), p.begin() + c.encoded_length);
                while (!v.empty() && v.back() == ' ') v.pop_back();
                return v;
            }
            case 13:
            case 16:
            case 40:  // LVARCHAR as IDS describes it (UDT 40 xid 1)
            case 43:
                return text_value(p, c.type);
            case 1:
                return std::to_string(static_cast<std::int16_t>(p[0] << 8 | p[1]));
            case 2:
                return std::to_string(int_value(p));
            case 52: {
                std::int64_t v = 0;
                for (int k = 0; k < 8; ++k) v = v << 8 | p[static_cast<std::size_t>(k)];
                return std::to_string(v);
            }
            case 3: {
                std::uint64_t bits = 0;
                for (int k = 0; k < 8; ++k) bits = bits << 8 | p[static_cast<std::size_t>(k)];
                double d = 0;
                std::memcpy(&d, &bits, sizeof d);
                char buf[32];
                std::snprintf(buf, sizeof buf, "%.15g", d);
                return buf;
            }
            case 5:
            case 8: {
                const auto width = ifx::lite::decimal_width(c.encoded_length >> 8, c.encoded_length & 0xff);
                return ifx::lite::unpack_decimal(std::span(p).first(width)).value_or("NULL");
            }
            case 7:
                return ifx::lite::days_to_iso(int_value(p));
            case 10:
            case 14: {
                const auto q =
                    ifx::lite::qualifier::from_word(static_cast<std::uint16_t>(c.encoded_length), base == 14);
                if (!q) return "<bad qualifier>";
                return ifx::lite::unpack_datetime(std::span(p).first(static_cast<std::size_t>(q->width())),
                                                  *q)
                    .value_or("NULL");
            }
            default:
                return "<type " + std::to_string(base) + ">";
        }
    }

    struct row {
        const char* expression;
        const char* expected;
        const char* from = "FROM systables WHERE tabid = 1";
    };

    void check(const std::vector<row>& rows) {
        for (const row& r : rows) {
            const std::string sql = std::string("SELECT ") + r.expression + " " + r.from;
            const auto result = query(sql);
            if (result.error) {
                ADD_FAILURE() << sql << " -> SQLCODE " << result.error->sqlcode;
                continue;
            }
            EXPECT_EQ(first_value(result), r.expected) << sql;
        }
    }
    std::int16_t error_of(std::string_view sql) {
        const auto r = query(sql);
        return r.error ? r.error->sqlcode : 0;
    }
};

TEST_F(functions_test, date_functions) {
    check({
        {"MDY(7, 1, 1998)", "1998-07-01"},
        {"DAY(MDY(7, 1, 1998))", "1"},
        {"MONTH(MDY(7, 1, 1998))", "7"},
        {"YEAR(MDY(7, 1, 1998))", "1998"},
        {"WEEKDAY(MDY(7, 1, 1998))", "3"},  // Wednesday; 0 is Sunday
        {"WEEKDAY(MDY(1, 4, 2026))", "0"},
        {"DATE('07/01/1998')", "1998-07-01"},  // DBDATE's default MDY4/
        {"DATE(35976)", "1998-07-01"},         // day 0 is 1899-12-31
        {"DATE(DATETIME(1998-07-01 10:20) YEAR TO MINUTE)", "1998-07-01"},
        {"MDY(3, 1, 2024) - MDY(2, 1, 2024)", "29"},  // DATE − DATE is an INTEGER of days
        {"MDY(1, 31, 2024) + 30", "2024-03-01"},
        {"MDY(3, 1, 2024) - 1", "2024-02-29"},
        {"QUARTER(MDY(8, 15, 2024))", "3"},
        {"DAY(DATETIME(2024-02-29 23:59) YEAR TO MINUTE)", "29"},
        {"YEAR(TODAY) - YEAR(TODAY)", "0"},
    });
    EXPECT_EQ(error_of("SELECT MDY(2, 30, 2023) FROM systables WHERE tabid = 1"), -1206);
    EXPECT_EQ(error_of("SELECT MDY(13, 1, 2023) FROM systables WHERE tabid = 1"), -1205);
    EXPECT_EQ(error_of("SELECT MDY(1, 1, 0) FROM systables WHERE tabid = 1"), -1204);
}

TEST_F(functions_test, datetime_interval_units_and_extend) {
    check({
        // The Informix Guide to SQL: Reference, "Manipulating DATETIME with INTERVAL values".
        {"DATETIME (2000-8-1) YEAR TO DAY + INTERVAL (3-5) YEAR TO MONTH", "2004-01-01"},
        // The Guide to SQL: Syntax, EXTEND: a YEAR TO DAY value extended so that a MINUTE interval applies.
        {"EXTEND (DATETIME (2009-8-1) YEAR TO DAY, YEAR TO MINUTE) - INTERVAL (720) MINUTE (3) TO MINUTE",
         "2009-07-31 12:00"},
        {"EXTEND(DATETIME(2009-8-1 10:30) YEAR TO MINUTE, MONTH TO HOUR)", "08-01 10"},
        {"EXTEND(DATETIME(10:30) HOUR TO MINUTE, HOUR TO SECOND)", "10:30:00"},
        {"EXTEND(MDY(7, 1, 1998), YEAR TO SECOND)", "1998-07-01 00:00:00"},
        {"MDY(1, 1, 2024) + 3 UNITS DAY", "2024-01-04"},
        {"DATETIME(2024-01-05 10:00) YEAR TO MINUTE + 90 UNITS MINUTE", "2024-01-05 11:30"},
        {"DATETIME(2024-01-31) YEAR TO DAY + 1 UNITS YEAR", "2025-01-31"},
        {"DATETIME(2024-03-01 00:00:00) YEAR TO SECOND - DATETIME(2024-02-28 12:00:00) YEAR TO SECOND",
         "000000001 12:00:00"},
        {"INTERVAL(1 10:00) DAY TO MINUTE + INTERVAL(0 20:30) DAY TO MINUTE", "000000002 06:30"},
        {"INTERVAL(1 12) DAY TO HOUR * 2", "03 00"},
        {"INTERVAL(10:00) HOUR TO MINUTE / 4", "02:30"},
        {"DATETIME(2024-05-17 13:00) YEAR TO MINUTE - INTERVAL(1-2) YEAR TO MONTH", "2023-03-17 13:00"},
        {"ROUND(DATETIME(2024-05-17 13:00) YEAR TO MINUTE, 'DD')", "2024-05-18 00:00"},
        {"TRUNC(DATETIME(2024-05-17 13:47) YEAR TO MINUTE, 'HH')", "2024-05-17 13:00"},
        {"ROUND(MDY(5, 17, 2024), 'MONTH')", "2024-06-01"},
        {"TRUNC(MDY(5, 17, 2024), 'YEAR')", "2024-01-01"},
        {"ROUND(MDY(7, 1, 2024), 'YEAR')", "2025-01-01"},
    });
    // Adding a month to January 31st has no valid day: -1267 as on IDS.
    EXPECT_EQ(
        error_of("SELECT DATETIME(2024-01-31) YEAR TO DAY + 1 UNITS MONTH FROM systables WHERE tabid = 1"),
        -1267);
    const auto current = query("SELECT CURRENT YEAR TO FRACTION(5) FROM systables WHERE tabid = 1");
    ASSERT_EQ(current.describe.columns.size(), 1u);
    const auto q = ifx::lite::parse_qualifier("YEAR TO FRACTION(5)", false);
    ASSERT_TRUE(q.has_value());
    EXPECT_EQ(current.describe.columns[0].encoded_length, q->word());
}

TEST_F(functions_test, to_char_and_to_date) {
    check({
        // GL_DATETIME directives: %A weekday, %B month, %d day, %Y year (the Tutorial's TO_CHAR format).
        {"TO_CHAR(MDY(7, 1, 1998), '%A %B %d %Y')", "Wednesday July 01 1998"},
        {"TO_CHAR(DATETIME(2008-07-07 10:24:05) YEAR TO SECOND, '%Y-%m-%d %H:%M:%S')", "2008-07-07 10:24:05"},
        {"TO_CHAR(DATETIME(2008-07-07 18:04) YEAR TO MINUTE, '%a %b %e %I:%M %p')", "Mon Jul  7 06:04 PM"},
        {"TO_CHAR(DATETIME(2008-07-07 10:24:05.123) YEAR TO FRACTION(3), '%T.%F3')", "10:24:05.123"},
        // The Tutorial's TO_DATE example.
        {"TO_DATE('2008-07-07 10:24', '%Y-%m-%d %H:%M')", "2008-07-07 10:24:00.00000"},
        {"TO_DATE('20091201', '%Y%m%d')", "2009-12-01 00:00:00.00000"},
        {"TO_DATE('July 4 1998', '%B %d %Y')", "1998-07-04 00:00:00.00000"},
    });
    EXPECT_EQ(error_of("SELECT TO_DATE('2008-13-07', '%Y-%m-%d') FROM systables WHERE tabid = 1"), -1205);
}

TEST_F(functions_test, to_char_numeric_masks) {
    // The numeric-formatting masks of TO_CHAR (ESQL/C rfmtdec, 4GL USING): the rows of IBM's table
    // of sample masks, then signs, parentheses and rounding.
    check({
        {"TO_CHAR(0, '#####')", "     "},
        {"TO_CHAR(0, '&&&&&')", "00000"},
        {"TO_CHAR(0, '$$$$$')", "    $"},
        {"TO_CHAR(0, '*****')", "*****"},
        {"TO_CHAR(0, '<<<<<')", ""},
        {"TO_CHAR(12345, '<<<,<<<')", "12,345"},
        {"TO_CHAR(1234, '<<<,<<<')", "1,234"},
        {"TO_CHAR(123, '<<<,<<<')", "123"},
        {"TO_CHAR(12345, '##,###')", "12,345"},
        {"TO_CHAR(1234, '##,###')", " 1,234"},
        {"TO_CHAR(123, '##,###')", "   123"},
        {"TO_CHAR(-1, '##,###')", "     1"},  // no sign place, no sign
        {"TO_CHAR(1234, '&&,&&&')", "01,234"},
        {"TO_CHAR(123, '&&,&&&')", "000123"},
        {"TO_CHAR(12345.67, '&&,&&&.&&')", "12,345.67"},
        {"TO_CHAR(1234.56, '&&,&&&.&&')", "01,234.56"},
        {"TO_CHAR(0.01, '&&,&&&.&&')", "000000.01"},
        {"TO_CHAR(12345, '$$,$$$')", "******"},  // overflow
        {"TO_CHAR(1234, '$$,$$$')", "$1,234"},
        {"TO_CHAR(12, '$$,$$$')", "   $12"},
        {"TO_CHAR(1234.5, '$###,###.##')", "$  1,234.50"},
        {"TO_CHAR(-12345.67, '-$$$,$$$.&&')", "-$12,345.67"},
        {"TO_CHAR(-12345.67, '($$$,$$$.&&)')", "($12,345.67)"},
        {"TO_CHAR(12345.67, '($$$,$$$.&&)')", " $12,345.67 "},
        {"TO_CHAR(-12.5, '---,--&.&&')", "    -12.50"},
        {"TO_CHAR(12.5, '+++,++&.&&')", "    +12.50"},
        {"TO_CHAR(2.345, '#.##')", "2.35"},  // rounded half away from zero
        {"TO_CHAR(-2.345, '-#.##')", "-2.35"},
        {"TO_CHAR(12345678901234567890.12, '<<<<<<<<<<<<<<<<<<<<.&&')", "12345678901234567890.12"},
        {"TO_CHAR(d, '$$$,$$&.&&')", " $1,234.50", "FROM (SELECT CAST(1234.5 AS DECIMAL(8,2)) d)"},
    });
}

TEST_F(functions_test, numeric_functions) {
    check({
        // The Guide to SQL: Syntax, CEIL: 33 for 32.3, -32 for -32.3.
        {"CEIL(32.3)", "33"},
        {"CEIL(-32.3)", "-32"},
        {"FLOOR(32.3)", "32"},
        {"FLOOR(-32.3)", "-33"},
        {"CEIL('12.01')", "13"},
        // MOD divides the integer parts.
        {"MOD(10, 3)", "1"},
        {"MOD(-10, 3)", "-1"},
        {"MOD(10.9, 3.2)", "1"},
        {"POW(2, 10)", "1024"},
        {"POWER(2, 0.5)", "1.4142135623731"},
        {"SQRT(16)", "4"},
        {"ROOT(27, 3)", "3"},
        {"ROOT(16)", "4"},
        {"ABS(-12345678901234567890.12)", "12345678901234567890.12"},
        {"ABS(-7)", "7"},
        {"ROUND(24.536, 2)", "24.54"},
        {"TRUNC(24.536, 1)", "24.5"},
        {"LOGN(1)", "0"},
        {"LOG10(1000)", "3"},
    });
    EXPECT_EQ(error_of("SELECT MOD(1, 0) FROM systables WHERE tabid = 1"), -1202);
}

TEST_F(functions_test, character_functions) {
    check({
        {"LENGTH('abc   ')", "3"},  // bytes, trailing blanks excluded
        {"LENGTH(sname)", "10", "FROM state WHERE code = 'CA'"},
        {"CHAR_LENGTH(sname)", "15", "FROM state WHERE code = 'CA'"},  // CHAR(15) keeps its blanks
        {"OCTET_LENGTH(sname)", "15", "FROM state WHERE code = 'CA'"},
        {"CHAR_LENGTH('abc')", "3"},
        {"TRIM('  ab  ')", "ab"},
        {"TRIM(LEADING 'x' FROM 'xxabxx')", "abxx"},
        {"TRIM(TRAILING 'x' FROM 'xxabxx')", "xxab"},
        {"TRIM(BOTH 'x' FROM 'xxabxx')", "ab"},
        {"LTRIM('xxab', 'x')", "ab"},
        {"RTRIM('abyy', 'y')", "ab"},
        // The Tutorial's SUBSTR example: -15 counts back from the end of the CHAR(15) value.
        {"SUBSTR(sname, -15, 5)", "Calif", "FROM state WHERE code = 'CA'"},
        {"SUBSTR('abcdef', 0, 2)", "ab"},  // 0 is the first position
        {"SUBSTR('abcdef', 3)", "cdef"},
        {"SUBSTRING('ABCDEF' FROM 2 FOR 3)", "BCD"},
        {"SUBSTRING('ABCDEF' FROM 0 FOR 3)", "AB"},
        {"SUBSTRING('ABCDEF' FROM 4)", "DEF"},
        {"UPPER('abc')", "ABC"},
        {"LOWER('ABC')", "abc"},
        {"INITCAP('hello wORLD')", "Hello World"},
        {"REPLACE('Mississippi', 'ss', 'SS')", "MiSSiSSippi"},
        {"REPLACE('banana', 'an')", "ba"},
        // The Tutorial's RPAD example on CHAR(15) names: the blanks of the CHAR value stay.
        {"RPAD(sname, 21, '-')", "West Virginia  ------", "FROM state WHERE code = 'WV'"},
        {"RPAD(sname, 21, '-')", "Arizona        ------", "FROM state WHERE code = 'AZ'"},
        {"LPAD('7', 3, '0')", "007"},
        {"LPAD('abcdef', 3)", "abc"},
        {"RPAD('ab', 7, 'xyz')", "abxyzxy"},
        {"DECODE(2, 1, 'one', 2, 'two', 'many')", "two"},
        {"DECODE(5, 1, 'one', 'many')", "many"},
        {"NVL(NULL, 'x')", "x"},
        {"CASE WHEN 1 > 2 THEN 'a' ELSE 'b' END", "b"},
        {"'ab' || 'cd'", "abcd"},
    });
}

TEST_F(functions_test, trailing_blanks_do_not_count_in_comparisons) {
    // IDS compares CHAR and VARCHAR values as if the shorter one were padded with blanks.
    ok("CREATE TABLE names (c CHAR(8) PRIMARY KEY, v VARCHAR(8))");
    ok("INSERT INTO names VALUES ('ab  ', 'cd  ')");
    ok("INSERT INTO names VALUES ('x', 'cd')");
    check({
        {"COUNT(*)", "1", "FROM names WHERE c = 'ab'"},
        {"COUNT(*)", "1", "FROM names WHERE c = 'ab      '"},
        {"COUNT(*)", "2", "FROM names WHERE v = 'cd '"},
        {"COUNT(DISTINCT v)", "1", "FROM names"},
        {"COUNT(*)", "0", "FROM names WHERE v > 'cd' OR c < 'ab'"},  // 'cd  ' is not above 'cd'
    });
    EXPECT_EQ(expect_error(command("INSERT INTO names VALUES ('ab', 'z')")).sqlcode, -268);
}

TEST_F(functions_test, casts_with_double_colon) {
    check({
        {"'123'::INTEGER + 1", "124"},
        {"'12.5'::DECIMAL(5,1) * 2", "25"},
        {"'2024-01-05'::DATE + 1", "2024-01-06"},
        {"'2024-01-05 10:00'::DATETIME YEAR TO MINUTE + 30 UNITS MINUTE", "2024-01-05 10:30"},
        {"'1 02'::INTERVAL DAY TO HOUR * 3", "03 06"},
        {"CAST(MDY(1, 2, 2024) AS INTEGER)", "45292"},
        {"CAST('42' AS SMALLINT)", "42"},
    });
    EXPECT_EQ(error_of("SELECT 'abc'::INTEGER FROM systables WHERE tabid = 1"), -1213);
    EXPECT_EQ(error_of("SELECT '2024-13-01'::DATETIME YEAR TO DAY FROM systables WHERE tabid = 1"), -1263);
}

TEST_F(functions_test, dates_and_times_are_stored_in_one_form) {
    // A DATE written as DBDATE's MM/DD/YYYY and a DATETIME with one-digit fields compare and sort like
    // the same values written canonically, as IDS stores values and not their text.
    ok("CREATE TABLE dd (d DATE, t DATETIME YEAR TO MINUTE)");
    ok("INSERT INTO dd VALUES ('07/01/1998', '1998-7-1 9:05')");
    ok("INSERT INTO dd VALUES ('1998-06-30', '1998-06-30 23:59')");
    check({
        {"COUNT(*)", "1",
         "FROM dd WHERE d = MDY(7, 1, 1998) AND t = DATETIME(1998-07-01 09:05) YEAR TO MINUTE"},
        {"MIN(d)", "1998-06-30", "FROM dd"},
        {"MAX(t)", "1998-07-01 09:05", "FROM dd"},
        {"COUNT(*)", "1", "FROM dd WHERE d > '06/30/1998'"},
    });
}

TEST_F(functions_test, keywords_serve_as_names) {
    // The statement of the issue: keywords as select-list aliases, as IDS accepts them.
    const auto r = query(
        "SELECT tabname table, colname column, coltype type FROM systables t, syscolumns c "
        "WHERE t.tabid = c.tabid AND t.tabname = 'state' ORDER BY colno");
    ASSERT_FALSE(r.error) << r.error->sqlcode;
    ASSERT_EQ(r.rows.size(), 2u);
    ASSERT_EQ(r.describe.columns.size(), 3u);
    EXPECT_EQ(r.describe.columns[0].name, "table");
    EXPECT_EQ(r.describe.columns[1].name, "column");
    EXPECT_EQ(r.describe.columns[2].name, "type");
    // Every word of the issue as an alias, with and without AS.
    for (const char* word : {"table", "column", "rows", "type", "value", "date", "name", "size", "position",
                             "level", "mode", "count"}) {
        for (const char* as : {" ", " AS "}) {
            const auto a = query(std::string("SELECT tabid") + as + word + " FROM systables WHERE tabid = 1");
            ASSERT_FALSE(a.error) << word << ": " << a.error->sqlcode;
            ASSERT_EQ(a.describe.columns.size(), 1u);
            EXPECT_EQ(a.describe.columns[0].name, word);
            EXPECT_EQ(first_value(a), "1") << word;
        }
    }
    // Columns named with the words users reach for.
    ok("CREATE TABLE words (table INTEGER, rows INTEGER, type CHAR(5), value DECIMAL(8,2), date DATE, "
       "name CHAR(10), size INTEGER, position INTEGER, level INTEGER, mode CHAR(1), count INTEGER)");
    ok("INSERT INTO words (table, rows, type, value, date, name, size, position, level, mode, count) "
       "VALUES (1, 2, 'x', 3.5, MDY(1, 1, 2024), 'n', 4, 5, 6, 'm', 7)");
    ok("UPDATE words SET table = table + 10, value = value * 2 WHERE rows = 2");
    check({
        {"table", "11", "FROM words"},
        {"words.table + rows", "13", "FROM words"},
        {"value", "7", "FROM words"},
        {"date", "2024-01-01", "FROM words"},
        {"count + size + position + level", "22", "FROM words"},
        {"COUNT(*) count", "1", "FROM words WHERE mode = 'm' AND name = 'n' AND type = 'x'"},
    });
    // Tables named by them (but `table`, which IDS too takes only delimited: CREATE TABLE "table").
    for (const std::string w :
         {"column", "rows", "type", "value", "date", "name", "size", "position", "level", "mode", "count"}) {
        ok("CREATE TABLE " + w + " (" + w + " INTEGER, n INTEGER)");
        ok("INSERT INTO " + w + " (" + w + ", n) VALUES (41, 1)");
        ok("UPDATE " + w + " SET " + w + " = " + w + " + 1 WHERE n = 1");
        check({{(w + "." + w).c_str(), "42", ("FROM " + w + " WHERE " + w + " = 42").c_str()}});
        check({{"x.n", "1", ("FROM " + w + " x, " + w + " WHERE x." + w + " = " + w + "." + w).c_str()}});
        ok("DELETE FROM " + w + " WHERE " + w + " > 0");
        ok("DROP TABLE " + w);
    }
    // Key and index column lists name them too.
    ok("CREATE UNIQUE INDEX words_table ON words (table, count)");
    ok("CREATE TABLE keyed (table INTEGER, index INTEGER, PRIMARY KEY (table), UNIQUE (index))");
    ok("CREATE TABLE refs (left INTEGER REFERENCES keyed (table), FOREIGN KEY (left) REFERENCES keyed "
       "(table))");
    ok("CREATE INDEX keyed_index ON keyed (index DESC, table)");
    ok("INSERT INTO keyed VALUES (1, 2)");
    EXPECT_EQ(expect_error(command("INSERT INTO keyed VALUES (1, 3)")).sqlcode, -268);
    ok("RENAME COLUMN words.table TO tab");
    ok("RENAME COLUMN words.tab TO index");
    check({{"index", "11", "FROM words"}});
}

}  // namespace
}  // namespace ifxlite_test
