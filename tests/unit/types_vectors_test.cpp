// Every vector of docs/sqli/vectors/types.txt, decoded and (where a value exists) encoded
// back to the same bytes. Vectors are loaded from the file, never retyped.
#include <algorithm>
#include <map>
#include <set>

#include "support/vectors.hpp"
#include "types/decimal_codec.hpp"
#include "types/int8.hpp"
#include "types/numeric.hpp"
#include "types/strings.hpp"
#include "types/time_codec.hpp"
#include "types_support.hpp"

namespace {

using ifx::column_info;
using ifx::type_code;
using ifx::test::bytes;
using ifx::test::col;
using ifx::test::text_of;
using ifx::test::vector_by_id;

const bytes& vec(const char* id) {
    return vector_by_id("types.txt", id).bytes;
}

// One expectation per vector id: the column it belongs to and its text ("NULL" for NULL).
struct expectation {
    column_info column;
    std::string text;
};

const std::map<std::string, expectation>& decode_table() {
    static const std::map<std::string, expectation> table = {
        {"TYPE-001", {col(type_code::decimal, 0x0c04), "12345.6789"}},
        {"TYPE-002", {col(type_code::decimal, 0x0a03), "-42.125"}},
        {"TYPE-003", {col(type_code::money, 0x0c02), "-98765.43"}},
        {"TYPE-004", {col(type_code::decimal, 0x0402), "12.34"}},
        {"TYPE-005", {col(type_code::decimal, 0x0402), "-12.34"}},
        {"TYPE-006", {col(type_code::decimal, 0x0a02), "250.00"}},
        {"TYPE-007", {col(type_code::decimal, 0x0402), "NULL"}},
        {"TYPE-008", {col(type_code::decimal, 0x04ff), "12.34"}},
        {"TYPE-021", {col(type_code::datetime, 0x130f), "2026-07-19 12:34:56.12345"}},
        {"TYPE-022", {col(type_code::datetime, 0x130f), "2024-01-02 03:04:05.12345"}},
        {"TYPE-023", {col(type_code::datetime, 0x0e0a), "2026-06-20 12:34:56"}},
        {"TYPE-024", {col(type_code::datetime, 0x066a), "12:34:56"}},
        {"TYPE-025", {col(type_code::datetime, 0x0b6f), "00:33:11.31773"}},
        {"TYPE-026", {col(type_code::interval, 0x084a), "12 03:04:05"}},
        {"TYPE-030", {col(type_code::date, 4), "1899-12-31"}},
        {"TYPE-031", {col(type_code::date, 4), "1970-01-01"}},
        {"TYPE-032", {col(type_code::date, 4), "NULL"}},
        {"TYPE-040", {col(type_code::smallint, 2), "NULL"}},
        {"TYPE-041", {col(type_code::integer, 4), "NULL"}},
        {"TYPE-042", {col(type_code::bigint, 8), "NULL"}},
        {"TYPE-043", {col(type_code::bigint, 8), "1099511627776"}},
        {"TYPE-044", {col(type_code::bigserial, 8), "123"}},
        {"TYPE-050", {col(type_code::int8, 10), "-7"}},
        {"TYPE-051", {col(type_code::serial8, 10), "-9223372036854775808"}},
        {"TYPE-052", {col(type_code::int8, 10), "9223372036854775807"}},
        {"TYPE-060", {col(type_code::float_, 8), "3.5"}},
        {"TYPE-061", {col(type_code::smallfloat, 4), "NULL"}},
        {"TYPE-062", {col(type_code::float_, 8), "NULL"}},
        {"TYPE-070", {col(type_code::varchar, 10), "hello"}},
        {"TYPE-071", {col(type_code::varchar, 10), "NULL"}},
        {"TYPE-072", {col(type_code::varchar, 10), ""}},
        {"TYPE-073", {col(type_code::lvarchar, 100), "hello"}},
        {"TYPE-074", {col(type_code::lvarchar, 100), "NULL"}},
        {"TYPE-075", {col(type_code::char_, 4), "a"}},
        {"TYPE-076", {col(type_code::char_, 4), "a\t"}},
        {"TYPE-080", {col(type_code::boolean, 1), "t"}},
        {"TYPE-081", {col(type_code::boolean, 1), "t"}},
        {"TYPE-082", {col(type_code::boolean, 1), "f"}},
        // DISPUTED in the file: asserted as this client's documented convention (§9.10, C).
        {"TYPE-083", {col(type_code::boolean, 1), "NULL"}},
        {"TYPE-084", {col(type_code::boolean, 2), "NULL"}},
        {"TYPE-085", {col(type_code::udt_fixed, 1, ifx::xid::boolean), "t"}},
        {"TYPE-086", {col(type_code::udt_fixed, 1, ifx::xid::boolean), "NULL"}},
        {"TYPE-087", {col(type_code::udt_fixed, 1, ifx::xid::boolean), "f"}},
    };
    return table;
}

// Vectors handled by dedicated tests below (multi-column payloads, fragments, disputed bytes).
const std::set<std::string> special = {"TYPE-009", "TYPE-020", "TYPE-027", "TYPE-090",
                                       "TYPE-095", "TYPE-096", "TYPE-097"};

TEST(type_vectors, every_vector_has_an_expectation) {
    for (const auto& v : ifx::test::load_vectors("types.txt"))
        EXPECT_TRUE(decode_table().count(v.id) == 1 || special.count(v.id) == 1) << v.id << " is not covered";
}

TEST(type_vectors, decode) {
    for (const auto& [id, e] : decode_table()) {
        EXPECT_EQ(text_of(e.column, vec(id.c_str())), e.text) << id;
        // The same through the plan derived once per description (what fetched rows use).
        column_info planned = e.column;
        ifx::types::plan_column(planned);
        ASSERT_NE(ifx::types::current_plan(planned), nullptr) << id;
        EXPECT_EQ(text_of(planned, vec(id.c_str())), e.text) << id << " (planned)";
    }
    // The same LVARCHAR bytes described as UDT 40 with xid 1.
    EXPECT_EQ(text_of(col(type_code::udt_var, 100, ifx::xid::lvarchar), vec("TYPE-073")), "hello");
    EXPECT_EQ(text_of(col(type_code::serial, 4), vec("TYPE-041")), "NULL");
    EXPECT_EQ(text_of(col(type_code::bigserial, 8), vec("TYPE-042")), "NULL");
    EXPECT_EQ(text_of(col(type_code::int8, 10), vec("TYPE-051")), "-9223372036854775808");
}

// Re-encodes the decoded value with the column's codec; must give the vector's bytes.
TEST(type_vectors, encode) {
    for (const char* id :
         {"TYPE-001", "TYPE-002", "TYPE-003", "TYPE-004", "TYPE-005", "TYPE-006", "TYPE-008"}) {
        const auto& e = decode_table().at(id);
        ifx::decimal d;
        ASSERT_FALSE(ifx::types::to_decimal(e.column, vec(id), d)) << id;
        bytes out(vec(id).size());
        ASSERT_TRUE(ifx::types::encode_decimal(d, out)) << id;
        EXPECT_EQ(out, vec(id)) << id;
    }
    for (const char* id : {"TYPE-021", "TYPE-022", "TYPE-023", "TYPE-024", "TYPE-025"}) {
        ifx::datetime d;
        ASSERT_FALSE(ifx::types::to_datetime(decode_table().at(id).column, vec(id), d)) << id;
        bytes out(ifx::types::time_width(d.qual()));
        ASSERT_TRUE(ifx::types::encode_datetime(d, out)) << id;
        EXPECT_EQ(out, vec(id)) << id;
    }
    ifx::interval iv;
    ASSERT_FALSE(ifx::types::to_interval(col(type_code::interval, 0x084a), vec("TYPE-026"), iv));
    bytes out(5);
    ASSERT_TRUE(ifx::types::encode_interval(iv, out));
    EXPECT_EQ(out, vec("TYPE-026"));
    for (const char* id : {"TYPE-030", "TYPE-031"}) {
        ifx::date d;
        ASSERT_FALSE(ifx::types::to_date(col(type_code::date, 4), vec(id), d));
        bytes o(4);
        ASSERT_TRUE(ifx::types::encode_date(d, o));
        EXPECT_EQ(o, vec(id)) << id;
    }
    for (const char* id : {"TYPE-043", "TYPE-044"}) {
        std::int64_t v = 0;
        ASSERT_FALSE(ifx::types::to_int64(col(type_code::bigint, 8), vec(id), v));
        bytes o(8);
        ASSERT_TRUE(ifx::types::encode_i64(v, o));
        EXPECT_EQ(o, vec(id)) << id;
    }
    for (const char* id : {"TYPE-050", "TYPE-051", "TYPE-052"}) {
        std::int64_t v = 0;
        ASSERT_EQ(ifx::types::decode_int8(vec(id), v), ifx::types::int8_status::value);
        std::array<std::uint8_t, 10> o{};
        ifx::types::encode_int8(v, o);
        EXPECT_EQ(bytes(o.begin(), o.end()), vec(id)) << id;
    }
    bytes f(8);
    ASSERT_TRUE(ifx::types::encode_f64(3.5, f));
    EXPECT_EQ(f, vec("TYPE-060"));
    for (const char* id : {"TYPE-081", "TYPE-082"}) {
        bool b = false;
        ASSERT_FALSE(ifx::types::to_bool(col(type_code::boolean, 1), vec(id), b));
        bytes o(1);
        ASSERT_TRUE(ifx::types::encode_boolean(b, o));
        EXPECT_EQ(o, vec(id)) << id;
    }
    bytes s;
    ASSERT_TRUE(ifx::types::encode_varchar("hello", s));
    EXPECT_EQ(s, vec("TYPE-070"));
    s.clear();
    ASSERT_TRUE(ifx::types::encode_varchar("", s));
    EXPECT_EQ(s, vec("TYPE-072"));
    s.clear();
    const std::string_view hello = "hello";
    ifx::types::encode_envelope(std::span(reinterpret_cast<const std::uint8_t*>(hello.data()), hello.size()),
                                false, s);
    EXPECT_EQ(s, vec("TYPE-073"));
    s.clear();
    ifx::types::encode_envelope({}, true, s);
    EXPECT_EQ(s, vec("TYPE-074"));
    bytes c(4);
    ASSERT_TRUE(ifx::types::encode_char("a", c));
    EXPECT_EQ(c, vec("TYPE-075"));
    ASSERT_TRUE(ifx::types::encode_char("a\t", c));
    EXPECT_EQ(c, vec("TYPE-076"));
}

TEST(type_vectors, disputed_count_star_is_a_nine_byte_decimal) {
    // TYPE-009: assert only what is undisputed: a 9-byte DECIMAL(16) value that decodes.
    const auto& v = vec("TYPE-009");
    ASSERT_EQ(v.size(), ifx::types::decimal_width(16, 0));
    ifx::decimal d;
    EXPECT_FALSE(ifx::types::to_decimal(col(type_code::decimal, 0x1000), v, d));
}

TEST(type_vectors, partial_datetime_is_the_prefix_of_the_encoding) {
    // TYPE-020: the first five bytes of CURRENT YEAR TO SECOND = 2026-05-04 12:34:56.
    const auto d = ifx::datetime::parse(
        "2026-05-04 12:34:56", ifx::qualifier::datetime(ifx::time_unit::year, ifx::time_unit::second));
    bytes out(8);
    ASSERT_TRUE(ifx::types::encode_datetime(d, out));
    const auto& prefix = vec("TYPE-020");
    EXPECT_TRUE(std::equal(prefix.begin(), prefix.end(), out.begin()));
}

TEST(type_vectors, multi_column_payloads) {
    const column_info two[] = {col(type_code::datetime, 0x0e0a), col(type_code::interval, 0x084a)};
    ifx::types::cell cells[2];
    ASSERT_TRUE(ifx::types::split_tuple(vec("TYPE-027"), two, cells));
    EXPECT_EQ(cells[1].offset, 8u);
    std::string text;
    EXPECT_FALSE(
        ifx::types::to_text(two[1], std::span(vec("TYPE-027")).subspan(8, 5), ifx::codeset::utf8, text));
    EXPECT_EQ(text, "12 03:04:05");

    const column_info mixed[] = {col(type_code::lvarchar, 100),
                                 col(type_code::udt_fixed, 1, ifx::xid::boolean)};
    ASSERT_TRUE(ifx::types::split_tuple(vec("TYPE-090"), mixed, cells));
    const auto& p = vec("TYPE-090");
    EXPECT_FALSE(ifx::types::to_text(mixed[0], std::span(p).subspan(cells[0].offset, cells[0].length),
                                     ifx::codeset::utf8, text));
    EXPECT_EQ(text, "hello");
    bool b = false;
    EXPECT_FALSE(ifx::types::to_bool(mixed[1], std::span(p).subspan(cells[1].offset, cells[1].length), b));
    EXPECT_TRUE(b);
}

TEST(type_vectors, composite_text_forms) {
    const std::pair<const char*, type_code> cases[] = {
        {"TYPE-095", type_code::row}, {"TYPE-096", type_code::set}, {"TYPE-097", type_code::list}};
    for (const auto& [id, kind] : cases) {
        bytes row;  // PARTIAL vectors: the text after the u8 indicator + i32 length
        ifx::types::encode_envelope(vec(id), false, row);
        bool null = false;
        const column_info c = col(kind, 0);
        const auto v = ifx::test::cell_bytes(c, row, null);
        ifx::composite x;
        ASSERT_FALSE(ifx::types::to_composite(c, v, ifx::codeset::utf8, x)) << id;
        EXPECT_EQ(x.text, std::string(vec(id).begin(), vec(id).end())) << id;
        EXPECT_EQ(x.kind, kind);
    }
    ifx::composite set{type_code::set, "SET{'red','green','blue'}"};
    EXPECT_EQ(set.elements(), (std::vector<std::string_view>{"'red'", "'green'", "'blue'"}));
    ifx::composite row{type_code::row, "ROW('Alice',30         )"};
    EXPECT_EQ(row.elements(), (std::vector<std::string_view>{"'Alice'", "30         "}));
    ifx::composite nested{type_code::list, "LIST{ROW(1,'a,b'),ROW(2,'it''s')}"};
    EXPECT_EQ(nested.elements(), (std::vector<std::string_view>{"ROW(1,'a,b')", "ROW(2,'it''s')"}));
}

TEST(type_vectors, type_names_and_column_accessors) {
    EXPECT_EQ(col(type_code::interval, 0x084a).type_name(), "INTERVAL DAY TO SECOND");
    EXPECT_EQ(col(type_code::interval, 0x144f).type_name(), "INTERVAL DAY(9) TO FRACTION(5)");
    EXPECT_EQ(col(type_code::interval, 0x0b02).type_name(), "INTERVAL YEAR(9) TO MONTH");
    EXPECT_EQ(col(type_code::datetime, 0x130f).type_name(), "DATETIME YEAR TO FRACTION(5)");
    EXPECT_EQ(col(type_code::decimal, 0x0c04).type_name(), "DECIMAL(12,4)");
    EXPECT_EQ(col(type_code::decimal, 0x04ff).type_name(), "DECIMAL(4)");
    EXPECT_EQ(col(type_code::udt_fixed, 72, ifx::xid::clob).type_name(), "CLOB");
    const auto money = col(type_code::money, 0x0c02);
    EXPECT_EQ(money.precision(), 12);
    EXPECT_EQ(money.scale(), 2);
    EXPECT_EQ(col(type_code::decimal, 0x04ff).scale(), -1);
    const auto dt = col(type_code::datetime, 0x0b6f);
    EXPECT_EQ(dt.qualifier().start(), ifx::time_unit::hour);
    EXPECT_EQ(dt.qualifier().end(), ifx::time_unit::fraction5);
    EXPECT_EQ(dt.scale(), 5);
    EXPECT_EQ(col(type_code::varchar, (10 << 8) | 40).length(), 40);
    EXPECT_EQ(col(type_code::udt_var, 2048, ifx::xid::lvarchar).logical_type(), type_code::lvarchar);
    auto not_null = col(type_code::integer, 4);
    not_null.type_word |= 0x0100;
    EXPECT_FALSE(not_null.nullable());
    EXPECT_TRUE(col(type_code::integer, 4).nullable());
}

}  // namespace
