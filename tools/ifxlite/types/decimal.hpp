#pragma once
// Informix DECIMAL/MONEY inside ifxlite: exact decimal numbers and their arithmetic (the SQL
// functions and the column writes use them), and the packed base-100 wire form (PROTOCOL.md §9.5).
// Values travel as exact decimal text between SQLite and the wire; nothing here goes through
// double except the explicit conversions from and to it.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ifx::lite {

inline constexpr int decimal_floating_scale = 0xff;
/// The most significant digits a DECIMAL holds; floating-point results (division, AVG) keep this many.
inline constexpr int decimal_max_precision = 32;

/// DECLEN(p, s): bytes of a packed DECIMAL(p, s) (s = 0xff for floating DECIMAL(p)).
constexpr std::size_t decimal_width(int precision, int scale) {
    return static_cast<std::size_t>((precision + (scale & 1) + 3) / 2);
}

/// What dropping digits does with the first digit dropped.
enum class digit_cut {
    round,    ///< half away from zero
    truncate  ///< towards zero
};

/// An exact decimal number: value = ±0.d1d2d3… × 10^point, where `digits` holds d1d2d3… without
/// leading or trailing zeros ('0'..'9'); zero has no digits (and is never negative).
struct decimal_number {
    bool negative = false;
    std::string digits;
    int point = 0;

    bool is_zero() const { return digits.empty(); }
    /// Digits right of the decimal point needed to write the value exactly.
    int exact_scale() const;
};

/// Parses decimal text: optional blanks, sign, digits with at most one '.', optional exponent
/// ("-12.5", "1e3", " 7 "). Nothing if it is not a number.
std::optional<decimal_number> parse_decimal(std::string_view text);
/// Digits right of the '.' as written in `text` (trailing zeros count: "1.50" → 2); 0 without a point.
int written_scale(std::string_view text);
decimal_number decimal_from_integer(std::int64_t value);
/// The shortest decimal that converts back to `value` (at most 17 significant digits); nothing for
/// infinities and NaN.
std::optional<decimal_number> decimal_from_double(double value);
/// The nearest double.
double decimal_to_double(const decimal_number& d);
/// The value if it is an integer within int64 range.
std::optional<std::int64_t> decimal_to_integer(const decimal_number& d);

/// Plain text without exponent and without trailing fraction zeros ("-12.5", "0.001", "1200").
std::string format_decimal(const decimal_number& d);
/// Plain text with exactly `scale` fraction digits, rounding half away from zero ("12.50").
std::string format_decimal(const decimal_number& d, int scale);

decimal_number add_decimal(const decimal_number& a, const decimal_number& b);
decimal_number subtract_decimal(const decimal_number& a, const decimal_number& b);
decimal_number multiply_decimal(const decimal_number& a, const decimal_number& b);
/// a / b rounded to `significant` digits; nothing when b is zero.
std::optional<decimal_number> divide_decimal(const decimal_number& a, const decimal_number& b,
                                             int significant = decimal_max_precision);
decimal_number negate_decimal(decimal_number d);
/// -1, 0 or 1.
int compare_decimal(const decimal_number& a, const decimal_number& b);

/// Rounds half away from zero (Informix's decround) to `scale` fraction digits; a negative scale
/// rounds left of the point (ROUND(x, -1)).
void round_decimal(decimal_number& d, int scale);
/// Drops the digits beyond `scale` fraction digits (dectrunc, TRUNC(x, n)).
void truncate_decimal(decimal_number& d, int scale);
/// Rounds half away from zero to `digits` significant digits.
void round_significant(decimal_number& d, int digits);

/// The common case fast: a decimal whose digits fit 38 places, as coefficient / 10^scale. The
/// functions return nothing when a result would not fit; callers then use decimal_number.
__extension__ typedef __int128 int128;
struct fixed_decimal {
    int128 coefficient = 0;
    int scale = 0;  ///< fraction digits, 0..38 (trailing zeros as written are kept)
};

/// Plain decimal text ("-12.50", " 7", "+.5"; no exponent) of at most 38 digits.
std::optional<fixed_decimal> parse_fixed(std::string_view text);
fixed_decimal fixed_from_integer(std::int64_t value);
std::optional<fixed_decimal> fixed_add(const fixed_decimal& a, const fixed_decimal& b);
std::optional<fixed_decimal> fixed_multiply(const fixed_decimal& a, const fixed_decimal& b);
/// a / b rounded half away from zero to `significant` digits (trailing zeros dropped); nothing when
/// b is zero or the quotient needs more than 38 digits of intermediate precision.
std::optional<fixed_decimal> fixed_divide(const fixed_decimal& a, const fixed_decimal& b, int significant);
/// The value with `scale` fraction digits, rounded or truncated.
std::optional<fixed_decimal> fixed_rescale(const fixed_decimal& d, int scale,
                                           digit_cut how = digit_cut::round);
/// Digits left of the point (0 for |value| < 1).
int fixed_integer_digits(const fixed_decimal& d);
/// Significant digits of the coefficient (trailing zeros included).
int fixed_digits(const fixed_decimal& d);
/// Plain text with exactly d.scale fraction digits.
std::string format_fixed(const fixed_decimal& d);
decimal_number to_decimal_number(const fixed_decimal& d);
/// The fixed form of d when it fits.
std::optional<fixed_decimal> to_fixed(const decimal_number& d);

enum class decimal_status { ok, not_a_number, overflow };

/// Rounds `d` as a DECIMAL(p, s) column stores it (to s fraction digits, or p significant digits
/// when s is 0xff) and checks that it fits: overflow (-1226) when more than p - s digits are left of
/// the point, or a floating value beyond Informix's exponent range.
decimal_status fit_decimal(decimal_number& d, int precision, int scale);
/// The text a DECIMAL(p, s) column stores for `text` (rounded, with s fraction digits; floating:
/// plain text of p significant digits).
decimal_status store_decimal_text(std::string_view text, int precision, int scale, std::string& out);

/// Packs decimal text ("-12.5", "1e3", "  7 ") into DECLEN(p, s) bytes, rounding half away from zero
/// to the scale (or to p significant digits when floating).
decimal_status pack_decimal(std::string_view text, int precision, int scale, std::vector<std::uint8_t>& out);

/// Whether text fits a DECIMAL(p, s) column (pack_decimal's verdict without the bytes).
decimal_status check_decimal(std::string_view text, int precision, int scale);

/// pack_decimal of digits that need no rounding: ±0.d1d2…dn × 10^point (no leading zeros; n = 0 is
/// zero), for callers that have the digits at hand (DATETIME fields).
decimal_status pack_decimal_digits(bool negative, std::string_view digits, int point, int precision,
                                   int scale, std::vector<std::uint8_t>& out);

/// pack_decimal of a fixed value (no text to parse).
decimal_status pack_fixed(const fixed_decimal& value, int precision, int scale,
                          std::vector<std::uint8_t>& out);

/// Unpacks a packed value into plain decimal text; nullopt if the bytes are not a valid packed
/// decimal. An all-zero head (`00 00`) is reported as nullopt too (it is the NULL pattern).
std::optional<std::string> unpack_decimal(std::span<const std::uint8_t> bytes);

/// Compares two decimal texts numerically without allocating; texts that are not numbers sort
/// after numbers, bytewise. The ifx_decimal collation.
int compare_decimal_text(std::string_view a, std::string_view b);

}  // namespace ifx::lite
