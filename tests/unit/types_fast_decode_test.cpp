// The fast paths of the DATETIME and DECIMAL decoders against the general decoders, over many
// random, mutated and edge inputs. The fast path may only ever accept what the general decoder
// accepts, with the same value; everything else it must leave alone (false, output untouched);
// and decode_datetime / decode_decimal must give the general decoder's answer for every input.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "ifx/date.hpp"
#include "ifx/datetime.hpp"
#include "ifx/decimal.hpp"
#include "types/codeset.hpp"
#include "types/decimal_codec.hpp"
#include "types/layout.hpp"
#include "types/numeric.hpp"
#include "types/time_codec.hpp"
#include "types_support.hpp"

namespace {

using ifx::qualifier;
using ifx::time_unit;
using ifx::types::codec_status;
using bytes = std::vector<std::uint8_t>;

std::string hex(const bytes& b) {
    static const char* const digits = "0123456789abcdef";
    std::string out;
    for (std::uint8_t x : b) {
        out.push_back(digits[x >> 4]);
        out.push_back(digits[x & 15]);
        out.push_back(' ');
    }
    return out;
}

struct rng {
    std::mt19937_64 g{20261127};
    std::int64_t operator()(std::int64_t lo, std::int64_t hi) {
        return std::uniform_int_distribution<std::int64_t>(lo, hi)(g);
    }
};

// Variations of a value's bytes: one byte set to a random or boundary value, the head changed,
// one byte shorter or longer, or every byte random.
bytes mutated(bytes b, rng& r) {
    static constexpr std::uint8_t boundary[] = {0,  1,  9,  10, 12, 13, 23,  24,  28,   29,   30,
                                                31, 32, 59, 60, 98, 99, 100, 101, 0x7f, 0x80, 0xff};
    if (b.empty()) return b;
    switch (r(0, 5)) {
        case 0:
            b[static_cast<std::size_t>(r(0, static_cast<std::int64_t>(b.size()) - 1))] =
                static_cast<std::uint8_t>(r(0, 255));
            break;
        case 1:
            b[static_cast<std::size_t>(r(0, static_cast<std::int64_t>(b.size()) - 1))] =
                boundary[static_cast<std::size_t>(r(0, static_cast<std::int64_t>(std::size(boundary)) - 1))];
            break;
        case 2:
            b[0] = static_cast<std::uint8_t>(r(0, 1) ? r(0, 255) : b[0] + r(-2, 2));
            break;
        case 3:
            if (r(0, 1))
                b.pop_back();
            else
                b.push_back(static_cast<std::uint8_t>(r(0, 1) ? 0 : r(0, 255)));
            break;
        case 4:
            for (auto& x : b) x = static_cast<std::uint8_t>(r(0, 255));
            break;
        default:
            for (auto& x : b)
                if (x > 99) x = static_cast<std::uint8_t>(x % 100);
            b[static_cast<std::size_t>(r(0, static_cast<std::int64_t>(b.size()) - 1))] =
                static_cast<std::uint8_t>(r(0, 99));
            break;
    }
    return b;
}

// --- DATETIME ---

// A datetime that no decoder produces, so an output left untouched is recognisable.
const ifx::datetime& sentinel_datetime() {
    static const ifx::datetime d =
        ifx::datetime::parse("07-04", qualifier::datetime(time_unit::month, time_unit::day));
    return d;
}

// Random fields, mostly valid, with calendar edges (leap days, month ends, years below 100) and
// now and then a field just out of range, encoded without checks.
bytes random_datetime_bytes(const qualifier& q, rng& r) {
    ifx::time_fields f;
    const int pick = static_cast<int>(r(0, 9));
    f.year = pick == 0 ? r(1, 99) : pick == 1 ? r(0, 9999) : r(1000, 2999);
    if (pick == 2) f.year = r(0, 1) ? 2000 : 1900;
    f.month = r(0, 30) == 0 ? r(0, 13) : r(1, 12);
    f.day = r(0, 1) ? r(1, 28) : r(27, 32);
    f.hour = r(0, 30) == 0 ? r(0, 25) : r(0, 23);
    f.minute = r(0, 30) == 0 ? r(0, 61) : r(0, 59);
    f.second = r(0, 30) == 0 ? r(0, 61) : r(0, 59);
    f.fraction = static_cast<std::int32_t>(r(0, 99999));
    if (r(0, 3) == 0) f.fraction = 0;
    std::error_code ec;
    const ifx::datetime d = ifx::datetime::from_fields(q, f, ec);
    bytes out(ifx::types::time_width(q));
    if (!ec) {
        EXPECT_TRUE(ifx::types::encode_datetime(d, out));
        return out;
    }
    // Not a valid DATETIME (Feb 30, month 13, hour 24, year 0): pack the digits by hand, one pair
    // per field and two for the year, so such values reach the decoders too.
    std::vector<std::uint8_t> pairs;
    pairs.push_back(static_cast<std::uint8_t>(f.year / 100 % 100));
    pairs.push_back(static_cast<std::uint8_t>(f.year % 100));
    const std::int64_t later[] = {f.month, f.day, f.hour, f.minute, f.second};
    const unsigned end = static_cast<unsigned>(q.end());
    for (unsigned unit = 2; unit <= std::min(end, 10u); unit += 2)
        pairs.push_back(static_cast<std::uint8_t>(later[unit / 2 - 1] % 100));
    const int fd = q.fraction_digits();
    const std::int32_t f6 = f.fraction * 10;
    const std::uint8_t fraction_pairs[] = {static_cast<std::uint8_t>(f6 / 10000),
                                           static_cast<std::uint8_t>(f6 / 100 % 100),
                                           static_cast<std::uint8_t>(f6 % 100)};
    for (int i = 0; i < (fd + 1) / 2; ++i) pairs.push_back(fraction_pairs[i]);
    out.assign(1 + pairs.size(), 0);
    out[0] = static_cast<std::uint8_t>(0xc0 + 2 + std::min(end, 10u) / 2);
    std::copy(pairs.begin(), pairs.end(), out.begin() + 1);
    return out;
}

struct datetime_tally {
    int fast = 0;
    int accepted = 0;
};

void compare_datetime(const bytes& v, const qualifier& q, datetime_tally& tally) {
    ifx::datetime general = sentinel_datetime(), fast = sentinel_datetime(), combined = sentinel_datetime();
    const codec_status expected = ifx::types::decode_datetime_general(v, q, general);
    const bool took_fast = ifx::types::decode_datetime_fast(v, q, fast);
    const codec_status got = ifx::types::decode_datetime(v, q, combined);
    const auto where = [&] { return q.to_string() + ": " + hex(v); };
    ASSERT_EQ(got, expected) << where();
    ASSERT_EQ(combined, general) << where();
    if (took_fast) {
        ASSERT_EQ(expected, codec_status::ok) << where();
        ASSERT_EQ(fast, general) << where();
        ++tally.fast;
    } else {
        ASSERT_EQ(fast, sentinel_datetime()) << "the fast path changed its output: " << where();
    }
    if (expected == codec_status::ok) ++tally.accepted;
}

TEST(fast_decode, datetime_fast_path_agrees_with_the_general_decoder) {
    rng r;
    std::vector<qualifier> qualifiers;
    constexpr time_unit ends[] = {time_unit::year,      time_unit::month,     time_unit::day,
                                  time_unit::hour,      time_unit::minute,    time_unit::second,
                                  time_unit::fraction1, time_unit::fraction2, time_unit::fraction3,
                                  time_unit::fraction4, time_unit::fraction5};
    for (time_unit end : ends) qualifiers.push_back(qualifier::datetime(time_unit::year, end));
    // Qualifiers the fast path leaves alone entirely.
    qualifiers.push_back(qualifier::datetime(time_unit::month, time_unit::second));
    qualifiers.push_back(qualifier::datetime(time_unit::hour, time_unit::fraction3));
    qualifiers.push_back(qualifier::interval(time_unit::year, time_unit::month, 4));

    for (const qualifier& q : qualifiers) {
        datetime_tally tally;
        for (int i = 0; i < 5000; ++i) {
            const bytes v = random_datetime_bytes(q, r);
            compare_datetime(v, q, tally);
            for (int k = 0; k < 3; ++k) compare_datetime(mutated(v, r), q, tally);
            if (HasFatalFailure()) return;
        }
        // Edges: NULL, zero, -0, every sign/exponent head over a valid value, every value of
        // each byte of one valid value.
        const bytes width_zero(ifx::types::time_width(q), 0);
        compare_datetime(width_zero, q, tally);
        bytes v = width_zero;
        v[0] = 0x80;
        compare_datetime(v, q, tally);
        v[0] = 0x7f;
        compare_datetime(v, q, tally);
        const bytes valid = random_datetime_bytes(q, r);
        for (std::size_t at = 0; at < valid.size(); ++at) {
            for (int x = 0; x < 256; ++x) {
                v = valid;
                v[at] = static_cast<std::uint8_t>(x);
                compare_datetime(v, q, tally);
            }
        }
        if (HasFatalFailure()) return;
        if (q.start() == time_unit::year && !q.is_interval()) {
            // The fast path did take the common values.
            EXPECT_GT(tally.fast, tally.accepted / 2) << q.to_string();
        } else {
            EXPECT_EQ(tally.fast, 0) << q.to_string();
        }
    }
}

TEST(fast_decode, datetime_calendar_edges_on_the_fast_path) {
    const auto ys = qualifier::datetime(time_unit::year, time_unit::second);
    const struct {
        bytes v;
        bool ok;
    } cases[] = {
        {{0xc7, 20, 24, 2, 29, 23, 59, 59}, true},   // leap day
        {{0xc7, 20, 23, 2, 29, 0, 0, 0}, false},     // not a leap year
        {{0xc7, 19, 0, 2, 29, 0, 0, 0}, false},      // 1900: not a leap year
        {{0xc7, 20, 0, 2, 29, 0, 0, 0}, true},       // 2000: a leap year
        {{0xc7, 20, 26, 4, 31, 0, 0, 0}, false},     // April 31
        {{0xc7, 99, 99, 12, 31, 23, 59, 59}, true},  // the last second
        {{0xc7, 20, 26, 12, 31, 24, 0, 0}, false},   // hour 24
        {{0xc7, 20, 26, 0, 1, 0, 0, 0}, false},      // month 0
        {{0xc7, 20, 26, 1, 0, 0, 0, 0}, false},      // day 0
        {{0xc7, 0, 1, 1, 1, 0, 0, 0}, true},         // year 1, not normalised: the general path
        {{0xc7, 20, 26, 1, 1, 0, 60, 0}, false},     // minute 60
        {{0xc7, 20, 26, 1, 1, 0, 0, 100}, false},    // a pair byte of 100
    };
    for (const auto& c : cases) {
        ifx::datetime general, combined;
        EXPECT_EQ(ifx::types::decode_datetime_general(c.v, ys, general) == codec_status::ok, c.ok)
            << hex(c.v);
        EXPECT_EQ(ifx::types::decode_datetime(c.v, ys, combined) == codec_status::ok, c.ok) << hex(c.v);
        EXPECT_EQ(combined, general) << hex(c.v);
    }
    // FRACTION(3) keeps 4 digits in two pairs: the fourth must be zero.
    const auto f3 = qualifier::datetime(time_unit::year, time_unit::fraction3);
    ifx::datetime d;
    EXPECT_TRUE(ifx::types::decode_datetime_fast(bytes{0xc7, 20, 26, 7, 19, 12, 34, 56, 78, 90}, f3, d));
    EXPECT_EQ(d.to_string(), "2026-07-19 12:34:56.789");
    EXPECT_FALSE(ifx::types::decode_datetime_fast(bytes{0xc7, 20, 26, 7, 19, 12, 34, 56, 78, 91}, f3, d));
    EXPECT_EQ(ifx::types::decode_datetime(bytes{0xc7, 20, 26, 7, 19, 12, 34, 56, 78, 91}, f3, d),
              codec_status::malformed);
}

// --- DECIMAL ---

const ifx::decimal& sentinel_decimal() {
    static const ifx::decimal d = ifx::decimal::parse("-424242.4242");
    return d;
}

// The decimal as its parts, for an exact comparison (operator== is numeric: 1.0 == 1.00).
std::string parts(const ifx::decimal& d) {
    std::string out = d.is_negative() ? "-" : "+";
    for (int i = 0; i < d.digits(); ++i) out.push_back(static_cast<char>('0' + d.digit(i)));
    return out + " e-" + std::to_string(d.scale()) + " " + d.to_string();
}

// "" when a and b are the same object byte for byte (so also the same digits, sign and scale,
// and unused digit positions zero in both), else both as parts.
std::string same_decimal(const ifx::decimal& a, const ifx::decimal& b) {
    if (std::memcmp(&a, &b, sizeof a) == 0) return "";
    return parts(a) + " vs " + parts(b);
}

struct decimal_tally {
    int fast = 0;
    int accepted = 0;
};

void compare_decimal(const bytes& v, int scale, decimal_tally& tally) {
    ifx::decimal general = sentinel_decimal(), fast = sentinel_decimal(), combined = sentinel_decimal();
    const codec_status expected = ifx::types::decode_decimal_general(v, scale, general);
    const bool took_fast = ifx::types::decode_decimal_fast(v, scale, fast);
    const codec_status got = ifx::types::decode_decimal(v, scale, combined);
    const auto where = [&] { return "scale " + std::to_string(scale) + ": " + hex(v); };
    ASSERT_EQ(got, expected) << where();
    ASSERT_EQ(same_decimal(combined, general), "") << where();
    if (took_fast) {
        ASSERT_EQ(expected, codec_status::ok) << where();
        ASSERT_EQ(same_decimal(fast, general), "") << where();
        ++tally.fast;
    } else {
        ASSERT_EQ(same_decimal(fast, sentinel_decimal()), "")
            << "the fast path changed its output: " << where();
    }
    if (expected == codec_status::ok) ++tally.accepted;
}

// A random value of DECIMAL(p, s) (s < 0: floating), often with trailing or leading zeros.
std::string random_decimal_text(int p, int s, rng& r) {
    std::string t = r(0, 1) ? "-" : "";
    const int whole = s < 0 ? static_cast<int>(r(0, p)) : p - s;
    const int fraction = s < 0 ? p - whole : s;
    const int shape = static_cast<int>(r(0, 5));
    for (int k = 0; k < whole; ++k)
        t.push_back(static_cast<char>('0' + (shape == 0 && k < whole / 2 ? 0 : r(0, 9))));
    if (whole == 0) t.push_back('0');
    t.push_back('.');
    for (int k = 0; k < fraction; ++k)
        t.push_back(static_cast<char>('0' + (shape == 1 && k >= fraction / 2 ? 0 : r(0, 9))));
    if (fraction == 0) t.push_back('0');
    if (shape == 2) t += "e" + std::to_string(r(-140, 130));
    return t;
}

TEST(fast_decode, decimal_fast_path_agrees_with_the_general_decoder) {
    rng r;
    decimal_tally tally;
    for (int i = 0; i < 50000; ++i) {
        const int p = static_cast<int>(r(1, 32));
        const int s = r(0, 4) == 0 ? -1 : static_cast<int>(r(0, p));
        std::error_code ec;
        const ifx::decimal d = ifx::decimal::parse(random_decimal_text(p, s, r), ec);
        if (ec) continue;  // beyond what Informix stores
        const int width_scale = s < 0 ? std::max(d.scale(), 0) : s;
        bytes v(ifx::types::decimal_width(32, static_cast<unsigned>(width_scale & 1)));
        if (r(0, 1))
            v.resize(ifx::types::decimal_width(static_cast<unsigned>(p), static_cast<unsigned>(width_scale)));
        if (!ifx::types::encode_decimal(d, v)) v.assign(v.size(), 0x11);
        // Decoded at the column's scale, and now and then at another one.
        const int scale = r(0, 5) == 0 ? static_cast<int>(r(-1, 40)) : s;
        compare_decimal(v, scale, tally);
        for (int k = 0; k < 3; ++k) compare_decimal(mutated(v, r), scale, tally);
        if (HasFatalFailure()) return;
    }
    // Edges: NULL and zero forms, -0, the extreme exponents, a last negative pair of 100, a zero
    // first pair, 16 and 17 significant pairs, every value of each byte of one value.
    const bytes edges[] = {
        {},
        {0},
        {0, 0, 5},
        {0x80},
        {0x80, 0, 0},
        {0x7f, 0, 0},
        {0xc1, 0},
        {0x00, 0x01},
        {0xff, 0x63},
        {0x80 | 127, 99, 99},
        {0x80, 1},
        {0x80, 9},
        {0x00, 99},
        {0x3e, 0x00, 0x64},
        {0x3e, 0x63, 0x64},
        {0xc2, 0x00, 0x05},
        {0xc2, 0x00, 0x00, 0x05},
        {0xc1, 11, 22, 33, 44, 55, 66, 77, 88, 99, 11, 22, 33, 44, 55, 66, 77},
        {0xc1, 11, 22, 33, 44, 55, 66, 77, 88, 99, 11, 22, 33, 44, 55, 66, 77, 88},
        {0xc1, 1, 22, 33, 44, 55, 66, 77, 88, 99, 11, 22, 33, 44, 55, 66, 77, 88},
        {0x3e, 11, 22, 33, 44, 55, 66, 77, 88, 99, 11, 22, 33, 44, 55, 66, 77, 88},
    };
    for (const bytes& v : edges)
        for (int scale : {-1, 0, 1, 2, 5, 16, 31, 32, 33}) compare_decimal(v, scale, tally);
    // Every value of each byte of a positive and a negative value of 8 pairs in a 9-byte
    // DECIMAL(16,2), of 7 pairs in a 10-byte one, and of 9 and 16 pairs in an 18-byte one (the
    // fast path reads pairs eight at a time).
    const bytes valid[] = {
        {0xc5, 12, 34, 56, 78, 90, 12, 34, 50},
        {0x3a, 87, 65, 43, 21, 9, 87, 65, 50},
        {0xc5, 12, 34, 56, 78, 90, 12, 34, 0, 0},
        {0x3a, 87, 65, 43, 21, 9, 87, 65, 0, 0},
        {0xc9, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 0, 0, 0, 0, 0, 0, 0},
        {0x36, 98, 97, 96, 95, 94, 93, 92, 91, 90, 0, 0, 0, 0, 0, 0, 0, 0},
        {0xc9, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 0},
        {0x36, 98, 97, 96, 95, 94, 93, 92, 91, 90, 89, 88, 87, 86, 85, 84, 83, 0},
    };
    for (const bytes& value : valid) {
        for (std::size_t at = 0; at < value.size(); ++at) {
            for (int x = 0; x < 256; ++x) {
                bytes v = value;
                v[at] = static_cast<std::uint8_t>(x);
                for (int scale : {-1, 2, 20}) compare_decimal(v, scale, tally);
            }
        }
    }
    EXPECT_GT(tally.fast, tally.accepted * 3 / 4);
}

// The fast path reads a value's pairs as two words whatever its width (one to eight bytes with
// overlapping loads), finds its last pair from their zero bytes and complements a negative value
// lane by lane: every width from 1 to 17 bytes (DECIMAL(1) … DECIMAL(32)), a positive and a
// negative value whose last pair is at every place, with every value of every byte.
TEST(fast_decode, decimal_fast_path_agrees_at_every_width_and_every_byte) {
    rng r;
    decimal_tally tally;
    int values = 0;
    for (std::size_t width = 1; width <= 17; ++width) {
        for (std::size_t last = 0; last < width; ++last) {  // pairs up to the last non-zero one
            for (const bool negative : {false, true}) {
                bytes value(width, 0);
                const int exponent = static_cast<int>(r(-3, 8));
                const int head = 0xc0 + exponent;
                value[0] = static_cast<std::uint8_t>(negative ? (head ^ 0x7f) & 0x7f : head);
                for (std::size_t i = 1; i <= last; ++i) value[i] = static_cast<std::uint8_t>(r(1, 99));
                ++values;
                for (std::size_t at = 0; at < width; ++at) {
                    for (int x = 0; x < 256; ++x) {
                        bytes v = value;
                        v[at] = static_cast<std::uint8_t>(x);
                        for (int scale : {-1, 3}) compare_decimal(v, scale, tally);
                    }
                }
            }
        }
    }
    EXPECT_EQ(values, 17 * 18);
    EXPECT_GT(tally.fast, tally.accepted * 3 / 4);
}

// --- DATE: decode_date checks the range itself, then sets the day ---

TEST(fast_decode, date_agrees_with_from_day_number) {
    rng r;
    std::vector<std::int32_t> days = {0,
                                      1,
                                      -1,
                                      ifx::date::min_day,
                                      ifx::date::min_day - 1,
                                      ifx::date::max_day,
                                      ifx::date::max_day + 1,
                                      INT32_MAX,
                                      INT32_MIN + 1};
    for (int i = 0; i < 20000; ++i) days.push_back(static_cast<std::int32_t>(r(INT32_MIN + 1, INT32_MAX)));
    for (int i = 0; i < 20000; ++i) days.push_back(static_cast<std::int32_t>(r(-700000, 3000000)));
    for (std::int32_t day : days) {
        bytes v(4);
        ASSERT_TRUE(ifx::types::encode_i32(day, v));
        std::error_code ec;
        const ifx::date expected = ifx::date::from_day_number(day, ec);
        ifx::date got = ifx::date::from_day_number(12345);
        const codec_status s = ifx::types::decode_date(v, got);
        ASSERT_EQ(s, ec ? codec_status::out_of_range : codec_status::ok) << day;
        ASSERT_EQ(got, expected) << day;
    }
    ifx::date d;
    EXPECT_EQ(ifx::types::decode_date(bytes{0x80, 0, 0, 0}, d), codec_status::null);
    EXPECT_EQ(ifx::types::decode_date(bytes{0, 0, 0}, d), codec_status::malformed);
}

// --- text: same_as_utf8 tests all-ASCII text a word at a time before any code point walk ---

TEST(fast_decode, same_as_utf8_agrees_with_the_code_point_walk) {
    rng r;
    for (std::size_t n = 0; n <= 41; ++n) {
        for (int round = 0; round < 50; ++round) {
            bytes text(n);
            for (auto& b : text) b = static_cast<std::uint8_t>(r(0x20, 0x7e));
            // All ASCII, then one byte at each position replaced by a non-ASCII one (a lone
            // continuation byte, a lead byte, 0xff) or by a valid two-byte sequence.
            for (std::size_t at = 0; at <= n; ++at) {
                bytes v = text;
                if (at < n) {
                    static constexpr std::uint8_t high[] = {0x80, 0xbf, 0xc3, 0xe2, 0xf0, 0xff};
                    v[at] = high[static_cast<std::size_t>(r(0, std::size(high) - 1))];
                    if (r(0, 2) == 0 && at + 1 < n) v[at] = 0xc3, v[at + 1] = 0xa9;  // é
                }
                const std::string_view s(reinterpret_cast<const char*>(v.data()), v.size());
                bool ascii = true;
                for (std::uint8_t b : v) ascii &= b < 0x80;
                ASSERT_EQ(ifx::types::same_as_utf8(v, ifx::codeset::utf8),
                          ifx::types::first_invalid_utf8(s) == std::string_view::npos)
                    << hex(v);
                ASSERT_EQ(ifx::types::same_as_utf8(v, ifx::codeset::iso_8859_1), ascii) << hex(v);
            }
        }
    }
}

// --- the row walk's NULL test for 4-byte integers ---

TEST(fast_decode, integer_and_date_nulls_are_exactly_80_00_00_00) {
    for (auto type : {ifx::type_code::integer, ifx::type_code::serial, ifx::type_code::date}) {
        ifx::column_info c = ifx::test::col(type, 4);
        ifx::types::plan_column(c);
        for (const bytes& v :
             {bytes{0x80, 0, 0, 0}, bytes{0x80, 0, 0, 1}, bytes{0x80, 1, 0, 0}, bytes{0, 0, 0, 0x80},
              bytes{0x00, 0, 0, 0}, bytes{0x7f, 0xff, 0xff, 0xff}, bytes{0x80, 0, 0x80, 0}}) {
            ifx::types::cell cell;
            ASSERT_TRUE(ifx::types::split_tuple(v, std::span(&c, 1), std::span(&cell, 1)));
            EXPECT_EQ(cell.null, v == bytes({0x80, 0, 0, 0})) << hex(v);
        }
    }
}

}  // namespace
