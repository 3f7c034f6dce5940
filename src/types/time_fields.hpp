#pragma once
// Shared by DATETIME and INTERVAL: the digit string of a value's fields (the form the wire
// packs into a base-100 number, PROTOCOL.md §9.7), field access by unit, and range checks.
#include <cstdint>
#include <string>
#include <system_error>

#include "ifx/datetime.hpp"
#include "ifx/qualifier.hpp"

namespace ifx::types {

/// Most digits any qualifier has: DAY(9) TO FRACTION(5) = 20.
inline constexpr int max_time_digits = 24;

std::int64_t& field(time_fields& f, time_unit unit) noexcept;
std::int64_t field(const time_fields& f, time_unit unit) noexcept;
/// Width in digits of a whole field within q (leading precision for the first).
int field_width(const qualifier& q, time_unit unit) noexcept;

/// Writes whole-field digits then fraction digits (q.digits() in all). False when a field has
/// more digits than its width.
bool fields_to_digits(const qualifier& q, const time_fields& f, std::uint8_t* digits) noexcept;
/// Reads fields from q.digits() digits; fields outside q get their neutral value (DATETIME:
/// month/day/year 1, others 0; INTERVAL: 0).
void digits_to_fields(const qualifier& q, const std::uint8_t* digits, time_fields& f) noexcept;

/// Resets fields outside q to their neutral value.
void normalise_fields(const qualifier& q, time_fields& f) noexcept;
/// The DATETIME calendar checks (errc::out_of_range) for the fields within q.
std::error_code check_datetime_fields(const qualifier& q, const time_fields& f) noexcept;
/// The INTERVAL range checks (errc::out_of_range) for the fields within q.
std::error_code check_interval_fields(const qualifier& q, const time_fields& f) noexcept;

/// "2026-07-19 12:34:56.12345" style text of the fields within q (sep between date and time).
/// For an INTERVAL the leading field is printed without zero padding.
std::string fields_to_text(const qualifier& q, const time_fields& f, char date_time_separator);
/// Parses that form (and, for date_time_separator, also ' ' or 'T'). errc::invalid_argument
/// on syntax errors; ranges are not checked here.
std::error_code text_to_fields(std::string_view text, const qualifier& q, time_fields& f) noexcept;

}  // namespace ifx::types
