// DATE, DATETIME and INTERVAL: calendar edges, every qualifier pair, negative intervals,
// std::chrono and ISO-8601 conversions.
#include <gtest/gtest.h>

#include <cmath>

#include "ifx/date.hpp"
#include "ifx/datetime.hpp"
#include "ifx/error.hpp"
#include "ifx/interval.hpp"
#include "types/time_codec.hpp"

namespace {

using namespace std::chrono;
using ifx::qualifier;
using ifx::time_unit;
using bytes = std::vector<std::uint8_t>;

constexpr time_unit whole_and_fraction[] = {time_unit::year,      time_unit::month,     time_unit::day,
                                            time_unit::hour,      time_unit::minute,    time_unit::second,
                                            time_unit::fraction1, time_unit::fraction2, time_unit::fraction3,
                                            time_unit::fraction4, time_unit::fraction5};

TEST(date, calendar_edges) {
    EXPECT_EQ(ifx::date().to_string(), "1899-12-31");
    EXPECT_EQ(ifx::date::from_day_number(-1).to_string(), "1899-12-30");
    EXPECT_EQ(ifx::date::from_day_number(1).to_string(), "1900-01-01");
    EXPECT_EQ(ifx::date::from_day_number(36525).to_string(), "2000-01-01");
    EXPECT_EQ(ifx::date::from_day_number(ifx::date::min_day).to_string(), "0001-01-01");
    EXPECT_EQ(ifx::date::from_day_number(ifx::date::max_day).to_string(), "9999-12-31");
    EXPECT_EQ(ifx::date::from_ymd(2000, 2, 29).to_string(), "2000-02-29");  // leap (divisible by 400)
    EXPECT_EQ(ifx::date::from_ymd(2024, 2, 29).day_number() + 1,
              ifx::date::from_ymd(2024, 3, 1).day_number());
    EXPECT_EQ(ifx::date::from_ymd(1900, 3, 1).day_number() - ifx::date::from_ymd(1900, 2, 28).day_number(),
              1);
    std::error_code ec;
    ifx::date::from_ymd(1900, 2, 29, ec);  // 1900 is not a leap year
    EXPECT_EQ(ec, ifx::errc::out_of_range);
    ifx::date::from_ymd(2023, 2, 29, ec);
    EXPECT_EQ(ec, ifx::errc::out_of_range);
    ifx::date::from_day_number(ifx::date::max_day + 1, ec);
    EXPECT_EQ(ec, ifx::errc::out_of_range);
    ifx::date::parse("2024-13-01", ec);
    EXPECT_EQ(ec, ifx::errc::out_of_range);
    ifx::date::parse("2024/01/01", ec);
    EXPECT_EQ(ec, ifx::errc::invalid_argument);
    EXPECT_THROW(ifx::date::from_ymd(0, 1, 1), ifx::error);
}

TEST(date, chrono_conversions) {
    const auto d = ifx::date::parse("1970-01-01");
    EXPECT_EQ(d.to_sys_days(), sys_days{});
    EXPECT_EQ(d.day_number(), 25568);
    const year_month_day ymd{year{1899}, month{12}, day{31}};
    EXPECT_EQ(ifx::date::from_sys_days(sys_days{ymd}).day_number(), 0);
    EXPECT_EQ(ifx::date::from_ymd(2024y / February / 29).to_ymd(), 2024y / February / 29);
    EXPECT_THROW(ifx::date::from_sys_days(sys_days{year{10000} / 1 / 1}), ifx::error);
}

TEST(qualifier, words_and_names) {
    EXPECT_EQ(qualifier::datetime(time_unit::year, time_unit::second).word(), 0x0e0a);
    EXPECT_EQ(qualifier::datetime(time_unit::year, time_unit::day).word(), 0x0804);
    EXPECT_EQ(qualifier::datetime(time_unit::year, time_unit::fraction5).word(), 0x130f);
    EXPECT_EQ(qualifier::datetime(time_unit::hour, time_unit::second).word(), 0x066a);
    EXPECT_EQ(qualifier::datetime(time_unit::hour, time_unit::fraction5).word(), 0x0b6f);
    EXPECT_EQ(qualifier::datetime(time_unit::year, time_unit::fraction3).word(), 0x110d);
    EXPECT_EQ(qualifier::interval(time_unit::day, time_unit::second, 2).word(), 0x084a);
    EXPECT_EQ(qualifier::interval(time_unit::day, time_unit::fraction5, 9).word(), 0x144f);
    EXPECT_EQ(qualifier::interval(time_unit::year, time_unit::month, 9).word(), 0x0b02);
    EXPECT_EQ(qualifier::interval(time_unit::day, time_unit::fraction5, 9).to_string(),
              "DAY(9) TO FRACTION(5)");
    std::error_code ec;
    qualifier::interval(time_unit::year, time_unit::day, 4, ec);  // mixed families
    EXPECT_EQ(ec, ifx::errc::invalid_argument);
    qualifier::datetime(time_unit::second, time_unit::hour, ec);
    EXPECT_EQ(ec, ifx::errc::invalid_argument);
    qualifier q;
    EXPECT_EQ(qualifier::from_word(0x0e0b, false, q), ifx::errc::invalid_argument);  // wrong digit count
    EXPECT_EQ(qualifier::from_word(0x0a3a, false, q), ifx::errc::invalid_argument);  // odd start unit
}

// Every DATETIME qualifier pair: a full-range value packs into DECLEN bytes and decodes back.
TEST(datetime, every_qualifier_pair_round_trips) {
    const ifx::time_fields f{2024, 2, 29, 23, 59, 58, 12345};
    int pairs = 0;
    for (time_unit s : whole_and_fraction) {
        if (static_cast<int>(s) > 10) continue;
        for (time_unit e : whole_and_fraction) {
            if (static_cast<int>(e) < static_cast<int>(s)) continue;
            const auto q = qualifier::datetime(s, e);
            ifx::time_fields g = f;
            const int fd = q.fraction_digits();
            for (int i = fd; i < 5; ++i) g.fraction = g.fraction / 10 * 10;
            g.fraction = fd == 0 ? 0
                                 : (12345 / static_cast<int>(std::pow(10, 5 - fd))) *
                                       static_cast<int>(std::pow(10, 5 - fd));
            const auto d = ifx::datetime::from_fields(q, g);
            bytes out(ifx::types::time_width(q));
            ASSERT_TRUE(ifx::types::encode_datetime(d, out)) << q.to_string();
            ifx::datetime back;
            ASSERT_EQ(ifx::types::decode_datetime(out, q, back), ifx::types::codec_status::ok)
                << q.to_string();
            EXPECT_EQ(back, d) << q.to_string();
            EXPECT_EQ(ifx::datetime::parse(d.to_string(), q), d) << q.to_string() << " " << d.to_string();
            ++pairs;
        }
    }
    EXPECT_EQ(pairs, 51);
}

TEST(datetime, calendar_checks_and_partial_values) {
    const auto ymd = qualifier::datetime(time_unit::year, time_unit::day);
    std::error_code ec;
    ifx::datetime::from_fields(ymd, {2023, 2, 29}, ec);
    EXPECT_EQ(ec, ifx::errc::out_of_range);
    ifx::datetime::parse("2024-02-30", ymd, ec);
    EXPECT_EQ(ec, ifx::errc::out_of_range);
    ifx::datetime::parse("24:00:00", qualifier::datetime(time_unit::hour, time_unit::second), ec);
    EXPECT_EQ(ec, ifx::errc::out_of_range);
    // MONTH TO DAY allows Feb 29 (the year is unknown).
    EXPECT_EQ(
        ifx::datetime::parse("02-29", qualifier::datetime(time_unit::month, time_unit::day)).to_string(),
        "02-29");
    const auto hms =
        ifx::datetime::parse("00:33:11.31773", qualifier::datetime(time_unit::hour, time_unit::fraction5));
    EXPECT_EQ(hms.time_of_day(), 33min + 11s + 317730us);
    ifx::datetime::time_point tp;
    EXPECT_EQ(hms.to_time_point(tp), ifx::errc::type_mismatch);  // no date part
}

TEST(datetime, chrono_and_iso8601) {
    const auto q = qualifier::datetime(time_unit::year, time_unit::fraction5);
    const auto tp = sys_days{2026y / July / 19} + 12h + 34min + 56s + 123450us;
    const auto d = ifx::datetime::from_time_point(tp, q);
    EXPECT_EQ(d.to_string(), "2026-07-19 12:34:56.12345");
    EXPECT_EQ(d.to_iso8601(), "2026-07-19T12:34:56.12345");
    EXPECT_EQ(d.to_time_point(), tp);
    EXPECT_EQ(ifx::datetime::parse("2026-07-19T12:34:56.12345", q), d);
    // Truncation to the qualifier, as EXTEND does.
    const auto sec =
        ifx::datetime::from_time_point(tp + 9us, qualifier::datetime(time_unit::year, time_unit::second));
    EXPECT_EQ(sec.to_string(), "2026-07-19 12:34:56");
    // 1899-12-31 and earlier are ordinary days.
    const auto old = ifx::datetime::from_time_point(sys_days{1899y / December / 31},
                                                    qualifier::datetime(time_unit::year, time_unit::day));
    EXPECT_EQ(old.to_string(), "1899-12-31");
    const auto first =
        ifx::datetime::parse("0001-01-01 00:00:00", qualifier::datetime(time_unit::year, time_unit::second));
    EXPECT_EQ(first.to_time_point(), sys_days{year{1} / 1 / 1});
    std::error_code ec;
    ifx::datetime::from_time_point(sys_days{year{10000} / 1 / 1}, q, ec);
    EXPECT_EQ(ec, ifx::errc::out_of_range);
}

TEST(interval, negative_values_use_the_decimal_sign) {
    const auto q = qualifier::interval(time_unit::day, time_unit::second, 2);
    const auto v = ifx::interval::parse("-1 02:00:00", q);
    EXPECT_TRUE(v.is_negative());
    bytes out(ifx::types::time_width(q));
    ASSERT_TRUE(ifx::types::encode_interval(v, out));
    EXPECT_EQ(out, (bytes{0x3b, 0x62, 0x62, 0x00, 0x00}));  // PROTOCOL.md §9.7 computed example (C)
    ifx::interval back;
    ASSERT_EQ(ifx::types::decode_interval(out, q, back), ifx::types::codec_status::ok);
    EXPECT_EQ(back, v);
    EXPECT_EQ(back.to_string(), "-1 02:00:00");
    EXPECT_EQ(back.to_duration(), -(24h + 2h));
    EXPECT_EQ(back.to_iso8601(), "-P1DT2H");
}

TEST(interval, every_qualifier_pair_round_trips) {
    int pairs = 0;
    for (time_unit s : whole_and_fraction) {
        if (static_cast<int>(s) > 10) continue;
        for (time_unit e : whole_and_fraction) {
            std::error_code ec;
            for (int p : {1, 2, 5, 9}) {
                const auto q = qualifier::interval(s, e, p, ec);
                if (ec) break;
                for (bool negative : {false, true}) {
                    ifx::time_fields f{0, 0, 0, 0, 0, 0, 0};
                    for (time_unit u : {time_unit::year, time_unit::month, time_unit::day, time_unit::hour,
                                        time_unit::minute, time_unit::second}) {
                        if (!q.contains(u)) continue;
                        std::int64_t max = u == time_unit::month ? 11 : u == time_unit::hour ? 23 : 59;
                        if (u == q.start()) max = static_cast<std::int64_t>(std::pow(10, p)) - 1;
                        (u == time_unit::year     ? f.year
                         : u == time_unit::month  ? f.month
                         : u == time_unit::day    ? f.day
                         : u == time_unit::hour   ? f.hour
                         : u == time_unit::minute ? f.minute
                                                  : f.second) = max;
                    }
                    const int fd = q.fraction_digits();
                    f.fraction = fd == 0 ? 0
                                         : 99999 / static_cast<int>(std::pow(10, 5 - fd)) *
                                               static_cast<int>(std::pow(10, 5 - fd));
                    const auto v = ifx::interval::from_fields(q, negative, f);
                    bytes out(ifx::types::time_width(q));
                    ASSERT_TRUE(ifx::types::encode_interval(v, out)) << q.to_string();
                    ifx::interval back;
                    ASSERT_EQ(ifx::types::decode_interval(out, q, back), ifx::types::codec_status::ok)
                        << q.to_string();
                    EXPECT_EQ(back, v) << q.to_string();
                    EXPECT_EQ(ifx::interval::parse(v.to_string(), q), v) << v.to_string();
                    EXPECT_EQ(ifx::interval::parse(v.to_iso8601(), q), v) << v.to_iso8601();
                }
            }
            if (!ec) ++pairs;
        }
    }
    EXPECT_EQ(pairs, 3 + 30);  // YEAR/MONTH family: 3 pairs; DAY … FRACTION(5) family: 30
}

TEST(interval, chrono_conversions_and_ranges) {
    const auto ym = ifx::interval::from_months(months{-30});
    EXPECT_EQ(ym.to_string(), "-2-06");
    EXPECT_EQ(ym.to_months(), months{-30});
    EXPECT_EQ(ym.to_iso8601(), "-P2Y6M");
    const auto dt = ifx::interval::from_duration(100h + 5min + 1500ms);
    EXPECT_EQ(dt.to_string(), "4 04:05:01.50000");
    EXPECT_EQ(dt.to_duration(), 100h + 5min + 1500ms);
    EXPECT_EQ(dt.to_iso8601(), "P4DT4H5M1.5S");
    std::error_code ec;
    ifx::interval::from_duration(100 * 24h, qualifier::interval(time_unit::day, time_unit::second, 2), ec);
    EXPECT_EQ(ec, ifx::errc::out_of_range);  // 100 days do not fit DAY(2)
    ifx::interval::from_months(months{1}, qualifier::interval(time_unit::day, time_unit::second, 2), ec);
    EXPECT_EQ(ec, ifx::errc::invalid_argument);
    months m{};
    EXPECT_EQ(dt.to_months(m), ifx::errc::type_mismatch);
    // HOUR(3) TO MINUTE: the leading field takes the whole rest; seconds are truncated.
    EXPECT_EQ(ifx::interval::from_duration(100h + 5min + 59s,
                                           qualifier::interval(time_unit::hour, time_unit::minute, 3))
                  .to_string(),
              "100:05");
    EXPECT_EQ(
        ifx::interval::parse("PT0S", qualifier::interval(time_unit::day, time_unit::second, 2)).to_string(),
        "0 00:00:00");
    ifx::interval::parse("P1D", qualifier::interval(time_unit::year, time_unit::month, 4), ec);
    EXPECT_EQ(ec, ifx::errc::invalid_argument);
}

// The decoder reads the packed pairs as a number (whole fields . fraction): check the cases where
// that differs from walking a digit string: trimmed trailing pairs, digits just outside the
// qualifier on either side, leading zero pairs, and -0.
TEST(time_codec, packed_pairs_map_onto_the_qualifier) {
    using ifx::types::codec_status;
    const auto ys = qualifier::datetime(time_unit::year, time_unit::second);
    ifx::datetime d;
    // 2026-01-01 00:00:00: the three zero pairs after 01 01 are not stored.
    ASSERT_EQ(ifx::types::decode_datetime(bytes{0xc7, 0x14, 0x1a, 0x01, 0x01, 0, 0, 0}, ys, d),
              codec_status::ok);
    EXPECT_EQ(d.to_string(), "2026-01-01 00:00:00");
    // A year below 1000 starts with a single digit in the first pair.
    ASSERT_EQ(ifx::types::decode_datetime(bytes{0xc7, 0x09, 0x63, 0x0c, 0x1f, 0x17, 0x3b, 0x3b}, ys, d),
              codec_status::ok);
    EXPECT_EQ(d.to_string(), "0999-12-31 23:59:59");

    const auto hf3 = qualifier::datetime(time_unit::hour, time_unit::fraction3);
    ASSERT_EQ(ifx::types::decode_datetime(bytes{0xc3, 0x0c, 0x22, 0x38, 0x4e, 0x5a}, hf3, d),
              codec_status::ok);
    EXPECT_EQ(d.to_string(), "12:34:56.789");
    // A fourth fraction digit (…7891) lies below FRACTION(3).
    EXPECT_EQ(ifx::types::decode_datetime(bytes{0xc3, 0x0c, 0x22, 0x38, 0x4e, 0x5b}, hf3, d),
              codec_status::malformed);
    // A seventh whole digit (1 12:34:56) lies above HOUR.
    EXPECT_EQ(ifx::types::decode_datetime(bytes{0xc4, 0x01, 0x0c, 0x22, 0x38, 0x4e, 0x5a}, hf3, d),
              codec_status::malformed);
    // Only a fraction: 00:00:00.05 is 0.05 = pair 05 at exponent 0; 00:00:00.0005 below FRACTION(3).
    ASSERT_EQ(ifx::types::decode_datetime(bytes{0xc0, 0x05, 0, 0, 0, 0}, hf3, d), codec_status::ok);
    EXPECT_EQ(d.to_string(), "00:00:00.050");
    EXPECT_EQ(ifx::types::decode_datetime(bytes{0xbf, 0x05, 0, 0, 0, 0}, hf3, d), codec_status::malformed);
    // Zero encodes as 0x80 and decodes back.
    const auto zero = ifx::datetime::parse("00:00:00.000", hf3);
    bytes out(ifx::types::time_width(hf3));
    ASSERT_TRUE(ifx::types::encode_datetime(zero, out));
    EXPECT_EQ(out, (bytes{0x80, 0, 0, 0, 0, 0}));
    ASSERT_EQ(ifx::types::decode_datetime(out, hf3, d), codec_status::ok);
    EXPECT_EQ(d, zero);

    // -0 is 0, not a negative interval.
    const auto ds = qualifier::interval(time_unit::day, time_unit::second, 2);
    ifx::interval iv;
    ASSERT_EQ(ifx::types::decode_interval(bytes{0x3f, 0, 0, 0, 0}, ds, iv), codec_status::ok);
    EXPECT_FALSE(iv.is_negative());
    EXPECT_EQ(iv.to_string(), "0 00:00:00");
}

TEST(time_codec, malformed_values_are_rejected) {
    const auto q = qualifier::datetime(time_unit::year, time_unit::second);
    ifx::datetime d;
    // Month 13.
    EXPECT_EQ(ifx::types::decode_datetime(bytes{0xc7, 0x14, 0x1a, 0x0d, 0x01, 0, 0, 0}, q, d),
              ifx::types::codec_status::malformed);
    // A digit beyond the qualifier (exponent 8 for a 14-digit value).
    EXPECT_EQ(ifx::types::decode_datetime(bytes{0xc8, 0x01, 0x14, 0x1a, 0x01, 0x01, 0, 0}, q, d),
              ifx::types::codec_status::malformed);
    // Negative DATETIME.
    EXPECT_EQ(ifx::types::decode_datetime(bytes{0x38, 0x14, 0x1a, 0x05, 0x04, 0, 0, 0}, q, d),
              ifx::types::codec_status::malformed);
    EXPECT_EQ(ifx::types::decode_datetime(bytes{0, 0, 0, 0, 0, 0, 0, 0}, q, d),
              ifx::types::codec_status::null);
}

}  // namespace
