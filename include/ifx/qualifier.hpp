#pragma once
/// @file
/// `ifx::qualifier`: the field range of a DATETIME or INTERVAL ("YEAR TO SECOND",
/// "DAY(3) TO FRACTION(5)").
#include <cstdint>
#include <string>
#include <system_error>

namespace ifx {

/// Time units, numbered as in Informix's datetime.h (TU_YEAR = 0 … TU_F5 = 15).
enum class time_unit : std::uint8_t {
    year = 0,
    month = 2,
    day = 4,
    hour = 6,
    minute = 8,
    second = 10,
    fraction1 = 11,
    fraction2 = 12,  ///< also plain FRACTION
    fraction3 = 13,
    fraction4 = 14,
    fraction5 = 15,
};

/// The qualifier of a DATETIME or INTERVAL: first and last field and, for an INTERVAL, the
/// precision of the first field (DAY(3) = 3 digits). Encodes to and from the 16-bit
/// qualifier word `(digits << 8) | (start << 4) | end` (PROTOCOL.md §9.7). Value type.
class qualifier {
public:
    /// DATETIME YEAR TO SECOND.
    constexpr qualifier() noexcept = default;

    /// DATETIME start TO end. Errors (errc::invalid_argument): start after end, a FRACTION(n)
    /// start (only FRACTION, i.e. fraction2, may start a DATETIME). Throwing form throws.
    static qualifier datetime(time_unit start, time_unit end);
    static qualifier datetime(time_unit start, time_unit end, std::error_code& ec) noexcept;
    /// INTERVAL start(leading_precision) TO end. The families cannot mix: YEAR/MONTH intervals
    /// end at MONTH at the latest, DAY…FRACTION intervals start at DAY or later. The leading
    /// precision is 1..9 (Informix's default is 2; YEAR(4)).
    static qualifier interval(time_unit start, time_unit end, int leading_precision = 2);
    static qualifier interval(time_unit start, time_unit end, int leading_precision,
                              std::error_code& ec) noexcept;
    /// Decodes a qualifier word as found in SQ_DESCRIBE's encoded length. Errors:
    /// errc::invalid_argument when the word is not a valid qualifier of that kind.
    static std::error_code from_word(std::uint16_t word, bool is_interval, qualifier& out) noexcept;

    /// The qualifier word: (digits << 8) | (start << 4) | end.
    std::uint16_t word() const noexcept;
    time_unit start() const noexcept { return start_; }
    time_unit end() const noexcept { return end_; }
    bool is_interval() const noexcept { return interval_; }
    /// For an INTERVAL: true for the YEAR TO MONTH family, false for DAY … FRACTION.
    bool is_year_month() const noexcept { return start_ <= time_unit::month; }
    /// Digits of the first field (YEAR 4 in a DATETIME; the declared precision in an INTERVAL).
    int leading_precision() const noexcept { return leading_; }
    /// Digits of the FRACTION part (0 … 5).
    int fraction_digits() const noexcept {
        return static_cast<unsigned>(end_) > 10 ? static_cast<int>(static_cast<unsigned>(end_) - 10) : 0;
    }
    /// Total digits of the value (the high byte of the word).
    int digits() const noexcept {
        // TU_DTENCODE / TU_IENCODE: end - start + width of the first field.
        if (static_cast<unsigned>(start_) > 10) return fraction_digits();
        return static_cast<int>(static_cast<unsigned>(end_) - static_cast<unsigned>(start_)) + leading_;
    }
    /// Digits before the decimal point (all whole fields).
    int whole_digits() const noexcept { return digits() - fraction_digits(); }
    /// True when the unit lies within [start, end] (FRACTION(n) counts as the fraction unit).
    bool contains(time_unit unit) const noexcept;
    /// "YEAR TO SECOND", "DAY(3) TO FRACTION(5)", "HOUR TO HOUR".
    std::string to_string() const;

    friend bool operator==(const qualifier&, const qualifier&) noexcept = default;

private:
    constexpr qualifier(time_unit s, time_unit e, std::uint8_t lead, bool iv) noexcept
        : start_(s), end_(e), leading_(lead), interval_(iv) {}

    time_unit start_ = time_unit::year;
    time_unit end_ = time_unit::second;
    std::uint8_t leading_ = 4;
    bool interval_ = false;
};

}  // namespace ifx
