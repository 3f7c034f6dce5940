#pragma once
/// @file
/// `ifx::decimal`: an exact decimal number for DECIMAL, NUMERIC and MONEY values.
#include <array>
#include <compare>
#include <concepts>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <system_error>

namespace ifx {

namespace types {
struct decimal_access;  // the wire decoder's direct construction (src/types/decimal_codec.cpp)
}

/// An exact decimal number: up to 32 significant digits (the Informix DECIMAL limit), a sign
/// and a scale (digits after the decimal point; negative for values like 1E+40). The scale is
/// kept, so "250.00" stays "250.00"; comparison is numeric (1.0 == 1.00). There is no negative
/// zero: "-0.00" is zero with scale 2. Values range over what Informix can store (magnitudes
/// below 10^126, down to 10^-130).
///
/// Never converted through `double` unless asked (to_double(), from_double()). Value type,
/// trivially copyable; no heap use.
class decimal {
public:
    /// Significant digits a decimal holds (DECIMAL(32)).
    static constexpr int max_digits = 32;

    /// Zero.
    constexpr decimal() noexcept = default;
    /// The exact value of any integer.
    template <std::integral T>
    requires(!std::same_as<T, bool>) decimal(T v)
    noexcept {  // NOLINT(google-explicit-constructor): integers convert exactly
        if constexpr (std::is_signed_v<T>)
            assign_integer(v < 0, v < 0 ? 0 - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v));
        else
            assign_integer(false, static_cast<std::uint64_t>(v));
    }

    /// Parses `[+-]digits[.digits][e[+-]digits]` (also ".5", "5."). Leading/trailing blanks are
    /// not accepted. Errors: errc::invalid_argument (syntax), errc::out_of_range (more than 32
    /// significant digits, or a magnitude Informix cannot store). The throwing form throws
    /// ifx::error with that code.
    static decimal parse(std::string_view text);
    static decimal parse(std::string_view text, std::error_code& ec) noexcept;
    /// The shortest decimal that converts back to the same double (explicit and inexact by
    /// nature). Errors: errc::invalid_argument for NaN and infinities.
    static decimal from_double(double v);
    static decimal from_double(double v, std::error_code& ec) noexcept;

    /// Plain notation, never an exponent: "-12345.6789", "0.00", "1000".
    std::string to_string() const;
    /// The nearest double (correctly rounded).
    double to_double() const noexcept;
    explicit operator double() const noexcept { return to_double(); }

    /// The value as an integer. Errors: errc::type_mismatch if it has a non-zero fraction,
    /// errc::out_of_range if it does not fit T. The throwing form throws ifx::error.
    template <std::integral T>
    requires(!std::same_as<T, bool>) std::error_code to(T& out)
    const noexcept {
        if constexpr (std::is_signed_v<T>) {
            std::int64_t v = 0;
            if (auto ec = to_int64(v)) return ec;
            if (v < std::numeric_limits<T>::min() || v > std::numeric_limits<T>::max())
                return out_of_range_error();
            out = static_cast<T>(v);
        } else {
            std::uint64_t v = 0;
            if (auto ec = to_uint64(v)) return ec;
            if (v > std::numeric_limits<T>::max()) return out_of_range_error();
            out = static_cast<T>(v);
        }
        return {};
    }
    template <std::integral T>
    requires(!std::same_as<T, bool>) T to()
    const {
        T out{};
        throw_if_error(to(out));
        return out;
    }
    std::error_code to_int64(std::int64_t& out) const noexcept;
    std::error_code to_uint64(std::uint64_t& out) const noexcept;

    bool is_zero() const noexcept { return ndigits_ == 0; }
    bool is_negative() const noexcept { return negative_; }
    /// Significant digits of the coefficient (trailing zeros kept by the scale count; 0 for zero).
    int digits() const noexcept { return ndigits_; }
    /// Digit i of the coefficient (0 = most significant). Precondition: i < digits().
    int digit(int i) const noexcept { return digits_[static_cast<std::size_t>(i)]; }
    /// Digits after the decimal point (negative when the value ends in implied zeros).
    int scale() const noexcept { return scale_; }
    /// Digits left of the decimal point (0 for |value| < 1).
    int integer_digits() const noexcept;
    /// The smallest DECIMAL(p, s) precision holding this value at scale max(scale(), 0).
    int precision() const noexcept;

    /// Rounded to `scale` fraction digits, half away from zero (how Informix stores into a
    /// DECIMAL(p,s) column); a larger scale appends zeros while 32 digits allow.
    decimal rounded(int scale) const noexcept;
    /// The value as a DECIMAL(precision, scale) column would store it: rounded to `scale`
    /// (a scale < 0 means floating DECIMAL(p): rounded to `precision` significant digits).
    /// Errors: errc::out_of_range when the integer part needs more than precision - scale digits
    /// ("overflow"); errc::invalid_argument unless 1 <= precision <= 32 and scale <= precision.
    std::error_code fit(int precision, int scale, decimal& out) const noexcept;
    decimal fit(int precision, int scale) const;

    decimal operator-() const noexcept;
    /// Numeric comparison: -1, 0 or 1.
    static int compare(const decimal& a, const decimal& b) noexcept;
    friend bool operator==(const decimal& a, const decimal& b) noexcept { return compare(a, b) == 0; }
    friend std::strong_ordering operator<=>(const decimal& a, const decimal& b) noexcept {
        return compare(a, b) <=> 0;
    }

    /// Builds a value from its parts (used by the wire codec). Digits are 0..9, most significant
    /// first; leading zeros are dropped. Errors: errc::out_of_range (too many digits or a
    /// magnitude Informix cannot store), errc::invalid_argument (a digit outside 0..9).
    static std::error_code from_parts(bool negative, const std::uint8_t* digits, int count, int scale,
                                      decimal& out) noexcept;

private:
    friend struct types::decimal_access;

    void assign_integer(bool negative, std::uint64_t magnitude) noexcept;
    static std::error_code out_of_range_error() noexcept;
    static void throw_if_error(std::error_code ec);

    std::array<std::uint8_t, max_digits> digits_{};
    std::uint8_t ndigits_ = 0;
    bool negative_ = false;
    std::int16_t scale_ = 0;
};

}  // namespace ifx
