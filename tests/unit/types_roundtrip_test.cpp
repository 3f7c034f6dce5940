// Randomized round trips: for every type, random values encoded into a tuple, walked and
// decoded give the same value back (fixed seed: failures reproduce).
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "types/decimal_codec.hpp"
#include "types/int8.hpp"
#include "types/numeric.hpp"
#include "types/strings.hpp"
#include "types/time_codec.hpp"
#include "types_support.hpp"

namespace {

using ifx::type_code;
using ifx::test::bytes;
using ifx::test::col;

constexpr int iterations = 2000;

struct rng {
    std::mt19937_64 gen{20260719};
    std::int64_t range(std::int64_t lo, std::int64_t hi) {
        return std::uniform_int_distribution<std::int64_t>(lo, hi)(gen);
    }
    bool coin() { return range(0, 1) == 1; }
};

// Decodes `row` as a one-column tuple: the walk must consume it and find no NULL.
std::span<const std::uint8_t> value_of(const ifx::column_info& c, const bytes& row) {
    bool null = true;
    const auto v = ifx::test::cell_bytes(c, row, null);
    EXPECT_FALSE(null) << c.type_name();
    return v;
}

TEST(round_trip, integers) {
    rng r;
    for (int i = 0; i < iterations; ++i) {
        const auto s = static_cast<std::int16_t>(r.range(INT16_MIN + 1, INT16_MAX));
        const auto n = static_cast<std::int32_t>(r.range(INT32_MIN + 1, INT32_MAX));
        const auto b = r.range(INT64_MIN + 1, INT64_MAX);
        const auto e = r.range(INT64_MIN, INT64_MAX);
        bytes v2(2), v4(4), v8(8), v10(10);
        ASSERT_TRUE(ifx::types::encode_i16(s, v2));
        ASSERT_TRUE(ifx::types::encode_i32(n, v4));
        ASSERT_TRUE(ifx::types::encode_i64(b, v8));
        ifx::types::encode_int8(e, std::span<std::uint8_t, 10>(v10.data(), 10));
        std::int64_t out = 0;
        ASSERT_FALSE(ifx::types::to_int64(col(type_code::smallint, 2),
                                          value_of(col(type_code::smallint, 2), v2), out));
        EXPECT_EQ(out, s);
        ASSERT_FALSE(
            ifx::types::to_int64(col(type_code::serial, 4), value_of(col(type_code::serial, 4), v4), out));
        EXPECT_EQ(out, n);
        ASSERT_FALSE(ifx::types::to_int64(col(type_code::bigserial, 8),
                                          value_of(col(type_code::bigserial, 8), v8), out));
        EXPECT_EQ(out, b);
        ASSERT_FALSE(ifx::types::to_int64(col(type_code::serial8, 10),
                                          value_of(col(type_code::serial8, 10), v10), out));
        EXPECT_EQ(out, e);
    }
    // The extremes: the minimum is the NULL sentinel and cannot be encoded as a value.
    bytes v2(2);
    EXPECT_FALSE(ifx::types::encode_i16(INT16_MIN, v2));
    ASSERT_TRUE(ifx::types::encode_i16(INT16_MAX, v2));
}

TEST(round_trip, floats) {
    rng r;
    for (int i = 0; i < iterations; ++i) {
        const double d = std::bit_cast<double>(static_cast<std::uint64_t>(r.range(INT64_MIN, INT64_MAX)));
        const float f = std::bit_cast<float>(static_cast<std::uint32_t>(r.range(0, UINT32_MAX)));
        bytes v8(8), v4(4);
        if (ifx::types::encode_f64(d, v8) && !std::isnan(d)) {
            double out = 0;
            ASSERT_FALSE(ifx::types::to_double(col(type_code::float_, 8),
                                               value_of(col(type_code::float_, 8), v8), out));
            EXPECT_EQ(std::bit_cast<std::uint64_t>(out), std::bit_cast<std::uint64_t>(d));
        }
        if (ifx::types::encode_f32(f, v4) && !std::isnan(f)) {
            double out = 0;
            ASSERT_FALSE(ifx::types::to_double(col(type_code::smallfloat, 4),
                                               value_of(col(type_code::smallfloat, 4), v4), out));
            EXPECT_EQ(static_cast<float>(out), f);
        }
    }
}

TEST(round_trip, decimal_and_money) {
    rng r;
    for (int i = 0; i < iterations; ++i) {
        const int p = static_cast<int>(r.range(1, 32));
        const bool floating = r.range(0, 4) == 0;
        const int s = floating ? -1 : static_cast<int>(r.range(0, p));
        std::string text = r.coin() ? "-" : "";
        const int whole = floating ? static_cast<int>(r.range(0, p)) : p - s;
        for (int k = 0; k < whole; ++k) text.push_back(static_cast<char>('0' + r.range(0, 9)));
        if (text.empty() || text == "-") text += "0";
        const int frac = floating ? p - whole : s;
        if (frac > 0) {
            text.push_back('.');
            for (int k = 0; k < frac; ++k) text.push_back(static_cast<char>('0' + r.range(0, 9)));
        }
        const ifx::decimal d = ifx::decimal::parse(text);
        const auto c =
            col(r.coin() ? type_code::decimal : type_code::money, (p << 8) | (floating ? 0xff : s));
        bytes row(
            ifx::types::decimal_width(static_cast<unsigned>(p), floating ? 0xffu : static_cast<unsigned>(s)));
        ASSERT_TRUE(ifx::types::encode_decimal(d, row)) << text << " " << c.type_name();
        ifx::decimal back;
        ASSERT_FALSE(ifx::types::to_decimal(c, value_of(c, row), back)) << text;
        EXPECT_EQ(back, d) << text;
        if (!floating) {
            EXPECT_EQ(back.to_string(), d.to_string()) << text;  // the column's scale is kept
        }
    }
}

TEST(round_trip, date_datetime_interval) {
    rng r;
    using ifx::time_unit;
    const time_unit units[] = {time_unit::year,      time_unit::month,     time_unit::day,
                               time_unit::hour,      time_unit::minute,    time_unit::second,
                               time_unit::fraction1, time_unit::fraction2, time_unit::fraction3,
                               time_unit::fraction4, time_unit::fraction5};
    for (int i = 0; i < iterations; ++i) {
        const auto day = static_cast<std::int32_t>(r.range(ifx::date::min_day, ifx::date::max_day));
        bytes v4(4);
        ASSERT_TRUE(ifx::types::encode_date(ifx::date::from_day_number(day), v4));
        ifx::date d;
        ASSERT_FALSE(ifx::types::to_date(col(type_code::date, 4), value_of(col(type_code::date, 4), v4), d));
        EXPECT_EQ(d.day_number(), day);

        const auto s = units[r.range(0, 5)];
        auto e = units[r.range(0, 10)];
        if (e < s) e = s;
        const auto q = ifx::qualifier::datetime(s, e);
        const auto tp = ifx::datetime::time_point{std::chrono::microseconds{
            r.range(-62135596800LL, 253402300799LL) * 1000000 + r.range(0, 999999)}};
        const auto dt = ifx::datetime::from_time_point(tp, q);
        const auto dc = col(type_code::datetime, q.word());
        bytes row(ifx::types::time_width(q));
        ASSERT_TRUE(ifx::types::encode_datetime(dt, row)) << q.to_string();
        ifx::datetime dt_back;
        ASSERT_FALSE(ifx::types::to_datetime(dc, value_of(dc, row), dt_back)) << q.to_string();
        EXPECT_EQ(dt_back, dt);

        const bool year_month = r.coin();
        const auto is = year_month ? units[r.range(0, 1)] : units[r.range(2, 5)];
        auto ie = year_month ? units[r.range(0, 1)] : units[r.range(2, 10)];
        if (ie < is) ie = is;
        const auto iq = ifx::qualifier::interval(is, ie, static_cast<int>(r.range(1, 9)));
        std::error_code ec;
        const auto iv =
            year_month ? ifx::interval::from_months(
                             std::chrono::months{r.range(-99999999999LL, 99999999999LL) % 1000000}, iq, ec)
                       : ifx::interval::from_duration(
                             std::chrono::microseconds{r.range(-8640000000000LL, 8640000000000LL)}, iq, ec);
        if (ec) continue;  // the leading field was too narrow for the random magnitude
        const auto ic = col(type_code::interval, iq.word());
        bytes irow(ifx::types::time_width(iq));
        ASSERT_TRUE(ifx::types::encode_interval(iv, irow)) << iq.to_string();
        ifx::interval iv_back;
        ASSERT_FALSE(ifx::types::to_interval(ic, value_of(ic, irow), iv_back)) << iq.to_string();
        EXPECT_EQ(iv_back, iv);
    }
}

TEST(round_trip, character_boolean_and_large_objects) {
    rng r;
    for (int i = 0; i < iterations; ++i) {
        std::string text;
        const auto n = r.range(0, 200);
        for (int k = 0; k < n; ++k) text.push_back(static_cast<char>(r.range(0x21, 0x7e)));
        // CHAR: trailing blanks are padding by definition, so the value has none.
        const auto cc = col(r.coin() ? type_code::char_ : type_code::nchar, 200);
        bytes crow(200);
        ASSERT_TRUE(ifx::types::encode_char(text, crow));
        EXPECT_EQ(ifx::test::text_of(cc, crow), text);
        const auto vc = col(r.coin() ? type_code::varchar : type_code::nvarchar, 255);
        bytes vrow;
        ASSERT_TRUE(ifx::types::encode_varchar(text, vrow));
        EXPECT_EQ(ifx::test::text_of(vc, vrow), text);
        const auto lc = col(type_code::lvarchar, 2048);
        bytes lrow;
        ifx::types::encode_envelope(
            std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()), false, lrow);
        EXPECT_EQ(ifx::test::text_of(lc, lrow), text);

        const bool b = r.coin();
        bytes brow(1);
        ASSERT_TRUE(ifx::types::encode_boolean(b, brow));
        bool bb = !b;
        ASSERT_FALSE(
            ifx::types::to_bool(col(type_code::boolean, 1), value_of(col(type_code::boolean, 1), brow), bb));
        EXPECT_EQ(bb, b);

        ifx::lob_locator loc;
        loc.type = r.coin() ? ifx::lob_locator::kind::clob : ifx::lob_locator::kind::blob;
        for (auto& x : loc.raw) x = static_cast<std::uint8_t>(r.range(0, 255));
        const auto lobc = col(type_code::udt_fixed, 72,
                              loc.type == ifx::lob_locator::kind::clob ? ifx::xid::clob : ifx::xid::blob);
        bytes enveloped;
        ifx::types::encode_envelope(loc.raw, false, enveloped);
        ifx::lob_locator back;
        ASSERT_FALSE(ifx::types::to_locator(lobc, value_of(lobc, enveloped), back));
        EXPECT_EQ(back, loc);
        const bytes bare(loc.raw.begin(), loc.raw.end());  // the bare 72-byte form is accepted too
        ASSERT_FALSE(ifx::types::to_locator(lobc, value_of(lobc, bare), back));
        EXPECT_EQ(back, loc);

        ifx::blob_descriptor desc;
        for (auto& x : desc.raw) x = static_cast<std::uint8_t>(r.range(0, 255));
        desc.raw[39] &= 0xfe;  // not NULL
        const auto bc = col(r.coin() ? type_code::byte : type_code::text, 56);
        const bytes drow(desc.raw.begin(), desc.raw.end());
        ifx::blob_descriptor dback;
        ASSERT_FALSE(ifx::types::to_descriptor(bc, value_of(bc, drow), dback));
        EXPECT_EQ(dback, desc);
    }
}

}  // namespace
