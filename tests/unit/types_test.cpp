#include <gtest/gtest.h>

#include <cstring>

#include "support/vectors.hpp"
#include "types/decode.hpp"
#include "types/int8.hpp"
#include "types/layout.hpp"

namespace {

using ifx::column_info;
using ifx::type_code;
using ifx::test::vector_by_id;

column_info col(type_code t, std::int32_t enc) {
    column_info c;
    c.type = t;
    c.type_word = static_cast<std::uint16_t>(t);
    c.encoded_length = enc;
    return c;
}

// Decodes a vector as the single column of a row: the walk must consume it exactly.
std::string text_of(const column_info& c, const std::vector<std::uint8_t>& bytes, bool* is_null = nullptr) {
    ifx::types::cell cell;
    EXPECT_TRUE(ifx::types::split_tuple(bytes, std::span(&c, 1), std::span(&cell, 1)));
    if (is_null) *is_null = cell.null;
    if (cell.null) return "NULL";
    std::string out;
    EXPECT_FALSE(ifx::types::to_text(c, std::span(bytes).subspan(cell.offset, cell.length), out));
    return out;
}

TEST(types, decimal_vectors) {
    EXPECT_EQ(text_of(col(type_code::decimal, 0x0c04), vector_by_id("types.txt", "TYPE-001").bytes), "12345.6789");
    EXPECT_EQ(text_of(col(type_code::decimal, 0x0a03), vector_by_id("types.txt", "TYPE-002").bytes), "-42.125");
    EXPECT_EQ(text_of(col(type_code::money, 0x0c02), vector_by_id("types.txt", "TYPE-003").bytes), "-98765.43");
    EXPECT_EQ(text_of(col(type_code::decimal, 0x0402), vector_by_id("types.txt", "TYPE-004").bytes), "12.34");
    EXPECT_EQ(text_of(col(type_code::decimal, 0x0402), vector_by_id("types.txt", "TYPE-005").bytes), "-12.34");
    EXPECT_EQ(text_of(col(type_code::decimal, 0x0a02), vector_by_id("types.txt", "TYPE-006").bytes), "250.00");
    bool null = false;
    text_of(col(type_code::decimal, 0x0402), vector_by_id("types.txt", "TYPE-007").bytes, &null);
    EXPECT_TRUE(null);
    EXPECT_EQ(text_of(col(type_code::decimal, 0x04ff), vector_by_id("types.txt", "TYPE-008").bytes), "12.34");
}

TEST(types, decimal_worked_examples_from_the_reference) {
    auto dec = [](std::vector<std::uint8_t> b, int scale) {
        std::string s;
        EXPECT_TRUE(ifx::types::decimal_to_text(b, scale, s));
        return s;
    };
    EXPECT_EQ(dec({0xc2, 0x02, 0x4c, 0, 0, 0, 0, 0, 0}, -1), "276");
    EXPECT_EQ(dec({0x80, 0, 0, 0, 0, 0, 0, 0, 0}, 2), "0.00");
    EXPECT_EQ(dec({0xc0, 0x32, 0, 0}, 2), "0.50");
    EXPECT_EQ(dec({0x3f, 0x32, 0, 0}, 2), "-0.50");
    EXPECT_EQ(dec({0xbf, 0x0a, 0, 0}, 3), "0.001");
    EXPECT_EQ(dec({0x40, 0x5a, 0, 0}, 3), "-0.001");
    EXPECT_EQ(dec({0x3e, 0x63, 0, 0}, 2), "-1.00");
    EXPECT_EQ(dec({0x3e, 0x00, 0x01, 0}, 2), "-99.99");
}

TEST(types, date_vectors) {
    EXPECT_EQ(text_of(col(type_code::date, 4), vector_by_id("types.txt", "TYPE-030").bytes), "1899-12-31");
    EXPECT_EQ(text_of(col(type_code::date, 4), vector_by_id("types.txt", "TYPE-031").bytes), "1970-01-01");
    bool null = false;
    text_of(col(type_code::date, 4), vector_by_id("types.txt", "TYPE-032").bytes, &null);
    EXPECT_TRUE(null);
    EXPECT_EQ(ifx::types::date_to_text(36525), "2000-01-01");
    EXPECT_EQ(ifx::types::date_to_text(-1), "1899-12-30");
    EXPECT_EQ(ifx::types::date_to_text(-693594), "0001-01-01");
    EXPECT_EQ(ifx::types::date_to_text(2958464), "9999-12-31");
}

TEST(types, datetime_and_interval_vectors) {
    EXPECT_EQ(text_of(col(type_code::datetime, 0x130f), vector_by_id("types.txt", "TYPE-021").bytes),
              "2026-07-19 12:34:56.12345");
    EXPECT_EQ(text_of(col(type_code::datetime, 0x130f), vector_by_id("types.txt", "TYPE-022").bytes),
              "2024-01-02 03:04:05.12345");
    EXPECT_EQ(text_of(col(type_code::datetime, 0x0e0a), vector_by_id("types.txt", "TYPE-023").bytes),
              "2026-06-20 12:34:56");
    EXPECT_EQ(text_of(col(type_code::datetime, 0x066a), vector_by_id("types.txt", "TYPE-024").bytes), "12:34:56");
    EXPECT_EQ(text_of(col(type_code::datetime, 0x0b6f), vector_by_id("types.txt", "TYPE-025").bytes),
              "00:33:11.31773");
    EXPECT_EQ(text_of(col(type_code::interval, 0x084a), vector_by_id("types.txt", "TYPE-026").bytes), "12 03:04:05");
    EXPECT_EQ(col(type_code::interval, 0x084a).type_name(), "INTERVAL DAY TO SECOND");
    EXPECT_EQ(col(type_code::datetime, 0x130f).type_name(), "DATETIME YEAR TO FRACTION(5)");
}

TEST(types, two_fixed_columns_back_to_back) {
    const column_info cols[] = {col(type_code::datetime, 0x0e0a), col(type_code::interval, 0x084a)};
    ifx::types::cell cells[2];
    const auto& v = vector_by_id("types.txt", "TYPE-027").bytes;
    ASSERT_TRUE(ifx::types::split_tuple(v, cols, cells));
    EXPECT_EQ(cells[1].offset, 8u);
}

TEST(types, integer_vectors_and_null_sentinels) {
    std::int64_t v = 0;
    EXPECT_EQ(ifx::types::decode_int8(vector_by_id("types.txt", "TYPE-050").bytes, v), ifx::types::int8_status::value);
    EXPECT_EQ(v, -7);
    EXPECT_EQ(ifx::types::decode_int8(vector_by_id("types.txt", "TYPE-051").bytes, v), ifx::types::int8_status::value);
    EXPECT_EQ(v, INT64_MIN);
    EXPECT_EQ(ifx::types::decode_int8(vector_by_id("types.txt", "TYPE-052").bytes, v), ifx::types::int8_status::value);
    EXPECT_EQ(v, INT64_MAX);
    for (std::int64_t x : {INT64_MIN, INT64_MAX, std::int64_t{0}, std::int64_t{-7}}) {
        std::array<std::uint8_t, 10> buf{};
        ifx::types::encode_int8(x, buf);
        ASSERT_EQ(ifx::types::decode_int8(buf, v), ifx::types::int8_status::value);
        EXPECT_EQ(v, x);
    }
    EXPECT_EQ(text_of(col(type_code::bigint, 8), vector_by_id("types.txt", "TYPE-043").bytes), "1099511627776");
    EXPECT_EQ(text_of(col(type_code::bigserial, 8), vector_by_id("types.txt", "TYPE-044").bytes), "123");
    EXPECT_EQ(text_of(col(type_code::float_, 8), vector_by_id("types.txt", "TYPE-060").bytes), "3.5");
    const std::pair<const char*, column_info> nulls[] = {
        {"TYPE-040", col(type_code::smallint, 2)},  {"TYPE-041", col(type_code::integer, 4)},
        {"TYPE-042", col(type_code::bigint, 8)},    {"TYPE-061", col(type_code::smallfloat, 4)},
        {"TYPE-062", col(type_code::float_, 8)},    {"TYPE-071", col(type_code::varchar, 10)},
        {"TYPE-074", col(type_code::lvarchar, 100)}};
    for (const auto& [id, c] : nulls) {
        bool null = false;
        text_of(c, vector_by_id("types.txt", id).bytes, &null);
        EXPECT_TRUE(null) << id;
    }
}

TEST(types, character_vectors) {
    EXPECT_EQ(text_of(col(type_code::varchar, 10), vector_by_id("types.txt", "TYPE-070").bytes), "hello");
    EXPECT_EQ(text_of(col(type_code::varchar, 10), vector_by_id("types.txt", "TYPE-072").bytes), "");
    EXPECT_EQ(text_of(col(type_code::lvarchar, 100), vector_by_id("types.txt", "TYPE-073").bytes), "hello");
    EXPECT_EQ(text_of(col(type_code::char_, 4), vector_by_id("types.txt", "TYPE-075").bytes), "a");
    EXPECT_EQ(text_of(col(type_code::char_, 4), vector_by_id("types.txt", "TYPE-076").bytes), "a\t");
}

TEST(types, a_row_that_does_not_match_its_columns_is_rejected) {
    const column_info c = col(type_code::integer, 4);
    ifx::types::cell cell;
    const std::vector<std::uint8_t> three = {0, 0, 1};
    EXPECT_FALSE(ifx::types::split_tuple(three, std::span(&c, 1), std::span(&cell, 1)));
    const std::vector<std::uint8_t> five = {0, 0, 0, 1, 9};
    EXPECT_FALSE(ifx::types::split_tuple(five, std::span(&c, 1), std::span(&cell, 1)));
    const column_info v = col(type_code::varchar, 10);
    const std::vector<std::uint8_t> overrun = {5, 'a', 'b'};
    EXPECT_FALSE(ifx::types::split_tuple(overrun, std::span(&v, 1), std::span(&cell, 1)));
}

}  // namespace
