// ifx::decimal: text, integers, doubles, comparison, DECIMAL(p,s) rules, the packed codec's
// edge cases (min/max, zero, negative zero, 32-digit values).
#include <gtest/gtest.h>

#include "ifx/decimal.hpp"
#include "ifx/error.hpp"
#include "types/decimal_codec.hpp"

namespace {

using ifx::decimal;
using bytes = std::vector<std::uint8_t>;

std::string round_trip_text(const char* s) {
    return decimal::parse(s).to_string();
}

bytes packed(const char* s, std::size_t width) {
    bytes out(width);
    EXPECT_TRUE(ifx::types::encode_decimal(decimal::parse(s), out)) << s;
    return out;
}

std::string unpacked(const bytes& b, int scale) {
    decimal d;
    EXPECT_EQ(ifx::types::decode_decimal(b, scale, d), ifx::types::codec_status::ok);
    return d.to_string();
}

TEST(decimal, text_round_trips_exactly) {
    for (const char* s : {"0", "0.00", "1", "-1", "12345.6789", "-42.125", "0.001", "-0.5", "250.00",
                          "99999999999999999999999999999999", "-0.00000000000000000000000000000001",
                          "1234567890123456.7890123456789012", "1000000"})
        EXPECT_EQ(round_trip_text(s), s);
    EXPECT_EQ(round_trip_text("+7"), "7");
    EXPECT_EQ(round_trip_text(".5"), "0.5");
    EXPECT_EQ(round_trip_text("5."), "5");
    EXPECT_EQ(round_trip_text("1.5e3"), "1500");
    EXPECT_EQ(round_trip_text("15E-3"), "0.015");
    EXPECT_EQ(round_trip_text("0001.10"), "1.10");
}

TEST(decimal, negative_zero_is_zero) {
    const decimal z = decimal::parse("-0.00");
    EXPECT_TRUE(z.is_zero());
    EXPECT_FALSE(z.is_negative());
    EXPECT_EQ(z.to_string(), "0.00");
    EXPECT_EQ(z, decimal(0));
    EXPECT_EQ((-decimal(0)).to_string(), "0");
    // A negative-signed zero on the wire (head 3f, no digits) decodes as zero.
    EXPECT_EQ(unpacked({0x3f, 0, 0}, 2), "0.00");
    EXPECT_EQ(packed("-0", 3), (bytes{0x80, 0, 0}));
}

TEST(decimal, syntax_and_range_errors) {
    std::error_code ec;
    for (const char* bad : {"", "-", ".", "1.2.3", "1e", "abc", " 1", "1 ", "1e+", "0x10"}) {
        decimal::parse(bad, ec);
        EXPECT_EQ(ec, ifx::errc::invalid_argument) << bad;
    }
    decimal::parse("123456789012345678901234567890123", ec);  // 33 significant digits
    EXPECT_EQ(ec, ifx::errc::out_of_range);
    decimal::parse("1e200", ec);
    EXPECT_EQ(ec, ifx::errc::out_of_range);
    decimal::parse("1e-200", ec);
    EXPECT_EQ(ec, ifx::errc::out_of_range);
    EXPECT_THROW(decimal::parse("x"), ifx::error);
    // Trailing zeros beyond 32 digits are not significant.
    EXPECT_EQ(round_trip_text("1.000000000000000000000000000000000000"), "1.0000000000000000000000000000000");
}

TEST(decimal, integers_convert_exactly) {
    EXPECT_EQ(decimal(INT64_MIN).to_string(), "-9223372036854775808");
    EXPECT_EQ(decimal(UINT64_MAX).to_string(), "18446744073709551615");
    EXPECT_EQ(decimal::parse("-9223372036854775808").to<std::int64_t>(), INT64_MIN);
    EXPECT_EQ(decimal::parse("250.00").to<int>(), 250);
    std::int64_t v = 0;
    EXPECT_EQ(decimal::parse("9223372036854775808").to_int64(v), ifx::errc::out_of_range);
    EXPECT_EQ(decimal::parse("1.5").to_int64(v), ifx::errc::type_mismatch);
    std::int16_t s = 0;
    EXPECT_EQ(decimal(40000).to(s), ifx::errc::out_of_range);
    std::uint32_t u = 0;
    EXPECT_EQ(decimal(-1).to(u), ifx::errc::out_of_range);
    EXPECT_EQ(decimal::parse("1e5").to<int>(), 100000);
}

TEST(decimal, doubles_only_when_asked) {
    EXPECT_EQ(decimal::parse("0.1").to_double(), 0.1);
    EXPECT_EQ(static_cast<double>(decimal::parse("-12345.6789")), -12345.6789);
    EXPECT_EQ(decimal::from_double(0.1).to_string(), "0.1");
    EXPECT_EQ(decimal::from_double(-2.5e-7).to_string(), "-0.00000025");
    EXPECT_EQ(decimal::from_double(1e20).to_string(), "100000000000000000000");
    std::error_code ec;
    decimal::from_double(std::numeric_limits<double>::quiet_NaN(), ec);
    EXPECT_EQ(ec, ifx::errc::invalid_argument);
}

TEST(decimal, comparison_is_numeric) {
    EXPECT_EQ(decimal::parse("1.0"), decimal::parse("1.00"));
    EXPECT_LT(decimal::parse("-2"), decimal::parse("-1.5"));
    EXPECT_LT(decimal::parse("0.001"), decimal::parse("0.01"));
    EXPECT_GT(decimal::parse("100"), decimal::parse("99.999"));
    EXPECT_LT(decimal::parse("-100"), decimal(0));
    EXPECT_EQ(decimal::parse("1e3"), decimal(1000));
}

TEST(decimal, precision_scale_and_fit) {
    const decimal d = decimal::parse("12345.6789");
    EXPECT_EQ(d.precision(), 9);
    EXPECT_EQ(d.scale(), 4);
    EXPECT_EQ(d.fit(12, 2).to_string(), "12345.68");
    EXPECT_EQ(decimal::parse("-0.125").fit(5, 2).to_string(), "-0.13");  // half away from zero
    EXPECT_EQ(decimal::parse("9.995").fit(5, 2).to_string(), "10.00");
    EXPECT_EQ(decimal::parse("1.5").fit(4, 3).to_string(), "1.500");
    decimal out;
    EXPECT_EQ(d.fit(6, 2, out), ifx::errc::out_of_range);                         // 5 integer digits > 6 - 2
    EXPECT_EQ(decimal::parse("99.995").fit(4, 2, out), ifx::errc::out_of_range);  // rounds to 100.00
    EXPECT_EQ(d.fit(0, 0, out), ifx::errc::invalid_argument);
    EXPECT_EQ(d.fit(33, 0, out), ifx::errc::invalid_argument);
    EXPECT_EQ(d.fit(4, -1).to_string(), "12350");  // floating DECIMAL(4)
    EXPECT_EQ(decimal::parse("0.000123456").fit(3, -1).to_string(), "0.000123");
    EXPECT_EQ(decimal::parse("0.4").rounded(0).to_string(), "0");
    EXPECT_EQ(decimal::parse("0.5").rounded(0).to_string(), "1");
    EXPECT_EQ(decimal::parse("0.05").rounded(0).to_string(), "0");
}

TEST(decimal, packed_worked_examples) {
    EXPECT_EQ(packed("276", 9), (bytes{0xc2, 0x02, 0x4c, 0, 0, 0, 0, 0, 0}));
    EXPECT_EQ(packed("0.5", 4), (bytes{0xc0, 0x32, 0, 0}));
    EXPECT_EQ(packed("-0.5", 4), (bytes{0x3f, 0x32, 0, 0}));
    EXPECT_EQ(packed("0.001", 4), (bytes{0xbf, 0x0a, 0, 0}));
    EXPECT_EQ(packed("-0.001", 4), (bytes{0x40, 0x5a, 0, 0}));
    EXPECT_EQ(packed("-1", 4), (bytes{0x3e, 0x63, 0, 0}));
    EXPECT_EQ(packed("-99.99", 4), (bytes{0x3e, 0x00, 0x01, 0}));
    EXPECT_EQ(unpacked({0x3e, 0x00, 0x01, 0}, 2), "-99.99");
    EXPECT_EQ(unpacked({0x80, 0, 0, 0, 0, 0, 0, 0, 0}, 2), "0.00");
    EXPECT_EQ(unpacked({0xc0, 0x32, 0, 0}, 2), "0.50");
}

TEST(decimal, thirty_two_digit_values_and_extremes) {
    for (const char* s : {"99999999999999999999999999999999", "-99999999999999999999999999999999",
                          "0.99999999999999999999999999999999", "1234567890123456789012345678901.2",
                          "-1.234567890123456789012345678901"}) {
        const decimal d = decimal::parse(s);
        bytes out(ifx::types::decimal_width(32, static_cast<unsigned>(std::max(d.scale(), 0))));
        ASSERT_TRUE(ifx::types::encode_decimal(d, out)) << s;
        decimal back;
        ASSERT_EQ(ifx::types::decode_decimal(out, std::max(d.scale(), 0), back), ifx::types::codec_status::ok)
            << s;
        EXPECT_EQ(back.to_string(), s);
    }
    // The largest and smallest magnitudes Informix stores (base-100 exponent 63 / -64).
    const decimal big = decimal::parse("9.9e125");
    bytes out(3);
    ASSERT_TRUE(ifx::types::encode_decimal(big, out));
    EXPECT_EQ(out[0], 0x80 | (63 + 64));
    const decimal tiny = decimal::parse("1e-129");
    ASSERT_TRUE(ifx::types::encode_decimal(tiny, out));
    decimal back;
    ASSERT_EQ(ifx::types::decode_decimal(out, -1, back), ifx::types::codec_status::ok);
    EXPECT_EQ(back, tiny);
    // Too wide for the column: encoding fails instead of truncating.
    bytes narrow(3);
    EXPECT_FALSE(ifx::types::encode_decimal(decimal::parse("123456"), narrow));
}

TEST(decimal, malformed_packed_values_are_rejected) {
    decimal d;
    EXPECT_EQ(ifx::types::decode_decimal(bytes{0xc1, 100}, 0, d), ifx::types::codec_status::malformed);
    EXPECT_EQ(ifx::types::decode_decimal(bytes{}, 0, d), ifx::types::codec_status::malformed);
    EXPECT_EQ(ifx::types::decode_decimal(bytes{0, 0, 5}, 0, d), ifx::types::codec_status::null);
    bytes wide(19, 0x11);  // 18 pairs: more than any DECIMAL holds
    wide[0] = 0xc1;
    EXPECT_EQ(ifx::types::decode_decimal(wide, 0, d), ifx::types::codec_status::malformed);
}

}  // namespace
