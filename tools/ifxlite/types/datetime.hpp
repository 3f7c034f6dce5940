#pragma once
// Informix DATETIME and INTERVAL (PROTOCOL.md §9.7): qualifiers, the canonical text ifxlite stores
// in SQLite, and the packed wire form (the field digits as one packed DECIMAL).
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ifx::lite {

namespace unit {
inline constexpr int year = 0;
inline constexpr int month = 2;
inline constexpr int day = 4;
inline constexpr int hour = 6;
inline constexpr int minute = 8;
inline constexpr int second = 10;
inline constexpr int fraction1 = 11;  ///< FRACTION(n) is 10 + n
}  // namespace unit

struct qualifier {
    int start = unit::year;
    int end = unit::second;
    int lead = 4;  ///< digits of the leading field (YEAR 4, others 2; an INTERVAL's declared precision)
    bool interval = false;

    /// Total digits (§9.7): the qualifier's length byte.
    int length() const { return end - start + lead; }
    int fraction_digits() const { return end > unit::second ? end - unit::second : 0; }
    std::uint16_t word() const { return static_cast<std::uint16_t>((length() << 8) | (start << 4) | end); }
    /// Bytes of the packed value: DECLEN(length, fraction digits).
    int width() const { return (length() + (fraction_digits() & 1) + 3) / 2; }

    /// The qualifier a §9.4 word encodes, for a DATETIME or (interval) an INTERVAL.
    static std::optional<qualifier> from_word(std::uint16_t word, bool interval);
    static std::optional<qualifier> datetime_from_word(std::uint16_t word) { return from_word(word, false); }
    static std::optional<qualifier> interval_from_word(std::uint16_t word) { return from_word(word, true); }
};

/// Parses "YEAR TO SECOND", "DAY(3) TO FRACTION(5)", "FRACTION" … (case-insensitive). A DATETIME
/// leading field takes no precision; an INTERVAL's defaults to 2 digits (YEAR 4).
std::optional<qualifier> parse_qualifier(std::string_view text, bool interval);
/// "YEAR TO SECOND" style text of a qualifier (for catalog output and messages).
std::string qualifier_text(const qualifier& q);

/// Error codes of a failed conversion: -1262 non-numeric, -1264 extra characters, -1263 out of range.
struct datetime_result {
    std::string text;  ///< canonical text when code == 0
    std::int16_t code = 0;
};

/// Converts user text (a literal body, a bound string, a stored value) to the canonical text of
/// the qualifier: DATETIME "2024-01-05 10:20:30.123"; INTERVAL "[-]LLL HH:MM:SS" with the leading
/// field zero padded to its precision.
datetime_result canonical_datetime(std::string_view text, const qualifier& q);

/// True when `text` is already the canonical text of q with every field in range (what a column
/// of that qualifier stores), checked without allocating.
bool is_canonical_datetime(std::string_view text, const qualifier& q);

/// Appends the wire form of canonical (or any accepted) text to `out`; false (and nothing appended)
/// if it does not convert.
bool pack_datetime(std::string_view text, const qualifier& q, std::vector<std::uint8_t>& out);
/// Unpacks a wire value into canonical text; nullopt for NULL or bad bytes.
std::optional<std::string> unpack_datetime(std::span<const std::uint8_t> bytes, const qualifier& q);

/// The current local time as canonical text for the qualifier (CURRENT, TODAY).
std::string current_datetime(const qualifier& q);

/// A DATETIME or INTERVAL value field by field: field[u / 2] for the units YEAR (0) to SECOND (10)
/// (fields outside the qualifier are 0), the fraction in units of 10^-5 s.
struct datetime_fields {
    bool negative = false;  ///< INTERVALs only
    std::int64_t field[6] = {};
    std::int64_t fraction = 0;
};

/// The fields of `text` read with qualifier q (canonical or any accepted text); nothing if it does
/// not convert.
std::optional<datetime_fields> read_fields(std::string_view text, const qualifier& q);
/// Canonical text of the fields inside q (the fraction cut to q's digits). No range check.
std::string write_fields(const datetime_fields& f, const qualifier& q);
/// The fields of the current local time (every unit).
datetime_fields current_fields();

}  // namespace ifx::lite
