// The fast paths of the row decode: per-column plans derived once per description, and UTF-8
// validation that skips ASCII a word at a time. Each must give exactly the slow path's answers.
#include <string>

#include "types/codeset.hpp"
#include "types/time_codec.hpp"
#include "types_support.hpp"

namespace {

using ifx::column_info;
using ifx::type_code;
using ifx::test::bytes;
using ifx::test::col;
using ifx::test::text_of;

bytes datetime_row(const ifx::qualifier& q, const char* literal) {
    bytes row(ifx::types::time_width(q));
    EXPECT_TRUE(ifx::types::encode_datetime(ifx::datetime::parse(literal, q), row));
    return row;
}

TEST(column_plan, a_plan_is_used_only_while_the_description_is_unchanged) {
    const auto to_second = ifx::qualifier::datetime(ifx::time_unit::year, ifx::time_unit::second);
    const auto to_f5 = ifx::qualifier::datetime(ifx::time_unit::year, ifx::time_unit::fraction5);
    column_info c = col(type_code::datetime, to_second.word());
    EXPECT_EQ(ifx::types::current_plan(c), nullptr);  // never derived
    ifx::types::plan_column(c);
    ASSERT_NE(ifx::types::current_plan(c), nullptr);
    EXPECT_EQ(ifx::detail::column_plan_access::stored(c).time_qualifier, to_second);
    EXPECT_EQ(text_of(c, datetime_row(to_second, "2026-07-19 12:34:56")), "2026-07-19 12:34:56");

    // Edited by hand after planning: the stale plan (YEAR TO SECOND, 8 bytes) must not be used.
    c.encoded_length = to_f5.word();
    EXPECT_EQ(ifx::types::current_plan(c), nullptr);
    EXPECT_EQ(text_of(c, datetime_row(to_f5, "2026-07-19 12:34:56.12345")), "2026-07-19 12:34:56.12345");
    ifx::datetime d;
    const bytes row = datetime_row(to_f5, "2026-07-19 12:34:56.12345");
    ASSERT_FALSE(ifx::types::to_datetime(c, row, d));
    EXPECT_EQ(d.qual(), to_f5);

    for (auto edit :
         {+[](column_info& x) { x.type = type_code::interval; },
          +[](column_info& x) { x.type_word = 0x0100 | 10; }, +[](column_info& x) { x.extended_id = 7; }}) {
        column_info e = col(type_code::datetime, to_second.word());
        ifx::types::plan_column(e);
        edit(e);
        EXPECT_EQ(ifx::types::current_plan(e), nullptr);
    }
}

TEST(column_plan, an_invalid_qualifier_is_a_protocol_violation_with_or_without_a_plan) {
    column_info c = col(type_code::datetime, 0x0e01);  // end unit 1 does not exist
    const bytes row(8, 0x42);
    ifx::types::cell cell;
    EXPECT_FALSE(ifx::types::split_tuple(row, std::span(&c, 1), std::span(&cell, 1)));
    ifx::datetime d;
    EXPECT_EQ(ifx::types::to_datetime(c, row, d), ifx::errc::protocol_violation);
    ifx::types::plan_column(c);
    ASSERT_NE(ifx::types::current_plan(c), nullptr);
    EXPECT_FALSE(ifx::detail::column_plan_access::stored(c).valid_qualifier);
    EXPECT_FALSE(ifx::types::split_tuple(row, std::span(&c, 1), std::span(&cell, 1)));
    EXPECT_EQ(ifx::types::to_datetime(c, row, d), ifx::errc::protocol_violation);
}

TEST(column_plan, truncated_values_fail_the_walk_in_every_layout) {
    std::vector<column_info> cols = {col(type_code::integer, 4), col(type_code::varchar, 10),
                                     col(type_code::lvarchar, 100), col(type_code::decimal, 0x0402)};
    for (auto& c : cols) ifx::types::plan_column(c);
    const bytes row = {0, 0, 0, 7, 2, 'h', 'i', 0, 0, 0, 0, 3, 'a', 'b', 'c', 0xc1, 12, 34};
    ifx::types::cell cells[4];
    ASSERT_TRUE(ifx::types::split_tuple(row, cols, cells));
    EXPECT_EQ(cells[2].offset, 12u);
    EXPECT_EQ(cells[2].length, 3u);
    for (std::size_t n = 0; n < row.size(); ++n)
        EXPECT_FALSE(ifx::types::split_tuple(std::span(row).first(n), cols, cells)) << n;
    bytes longer = row;
    longer.push_back(0);
    EXPECT_FALSE(ifx::types::split_tuple(longer, cols, cells));
    // An envelope length beyond the payload (and one with the sign bit set) is malformed.
    for (std::uint8_t high : {0x00, 0x80}) {
        bytes bad = row;
        bad[8] = high;
        bad[10] = 0x7f;
        EXPECT_FALSE(ifx::types::split_tuple(bad, cols, cells));
    }
}

// The reference: one code point at a time, no word skipping.
std::size_t slow_first_invalid(std::string_view s) {
    char32_t cp = 0;
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t n = ifx::types::utf8_sequence(s, i, cp);
        if (n == 0) return i;
        i += n;
    }
    return std::string_view::npos;
}

TEST(utf8_validation, agrees_with_the_code_point_walk_at_every_offset) {
    // Each insert at every offset of ASCII text of lengths around the 8-byte word size.
    const char* const inserts[] = {"\xff",
                                   "\x80",
                                   "\xc3\xa9",
                                   "\xc3",
                                   "\xe2\x82\xac",
                                   "\xe2\x82",
                                   "\xf0\x9f\x98\x80",
                                   "\xc0\xaf",
                                   "\xed\xa0\x80",
                                   "\xf4\x90\x80\x80",
                                   "\xc3\xa9\xff"};
    for (std::size_t len = 0; len <= 25; ++len) {
        for (std::size_t at = 0; at <= len; ++at) {
            for (const char* ins : inserts) {
                std::string s(len, 'a');
                s.insert(at, ins);
                const auto bytes_of = std::span(reinterpret_cast<const std::uint8_t*>(s.data()), s.size());
                const std::size_t want = slow_first_invalid(s);
                EXPECT_EQ(ifx::types::first_invalid_utf8(s), want) << len << " " << at;
                EXPECT_EQ(ifx::types::same_as_utf8(bytes_of, ifx::codeset::utf8), want == std::string::npos);
                // Outside UTF-8 only ASCII is the same text.
                EXPECT_FALSE(ifx::types::same_as_utf8(bytes_of, ifx::codeset::iso_8859_1));
                std::string out;
                EXPECT_EQ(ifx::types::wire_to_utf8(bytes_of, ifx::codeset::utf8, out), want);
                EXPECT_EQ(out.empty(), want != std::string::npos);
            }
            const std::string ascii(len, 'z');
            const auto ascii_bytes =
                std::span(reinterpret_cast<const std::uint8_t*>(ascii.data()), ascii.size());
            EXPECT_EQ(ifx::types::first_invalid_utf8(ascii), std::string::npos);
            EXPECT_TRUE(ifx::types::same_as_utf8(ascii_bytes, ifx::codeset::iso_8859_1));
        }
    }
}

}  // namespace

namespace {

TEST(decimal_parts, a_digit_outside_0_to_9_is_rejected_at_every_position) {
    for (int count = 1; count <= 32; ++count) {
        std::uint8_t digits[32];
        for (int i = 0; i < count; ++i) digits[i] = static_cast<std::uint8_t>(1 + i % 9);
        ifx::decimal d;
        ASSERT_FALSE(ifx::decimal::from_parts(false, digits, count, 0, d)) << count;
        EXPECT_EQ(d.digits(), count);
        for (int at = 0; at < count; ++at) {
            for (std::uint8_t bad : {10, 0x79, 0x7f, 0x80, 0x89, 0x8a, 0xff}) {
                const std::uint8_t keep = digits[at];
                digits[at] = bad;
                EXPECT_EQ(ifx::decimal::from_parts(false, digits, count, 0, d), ifx::errc::invalid_argument)
                    << count << " " << at << " " << int{bad};
                digits[at] = keep;
            }
        }
    }
}

}  // namespace
