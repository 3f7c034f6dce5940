#pragma once
// Shared by DATETIME and INTERVAL: field access by unit, range checks, and the text forms.
// (The wire form, a packed base-100 number, is in time_codec.cpp.)
#include <cstdint>
#include <string>
#include <system_error>

#include "ifx/datetime.hpp"
#include "ifx/qualifier.hpp"

namespace ifx::types {

/// The whole fields by unit code / 2 (YEAR 0, MONTH 1, … SECOND 5).
inline constexpr std::int64_t time_fields::*whole_field_members[] = {
    &time_fields::year, &time_fields::month,  &time_fields::day,
    &time_fields::hour, &time_fields::minute, &time_fields::second};

std::int64_t& field(time_fields& f, time_unit unit) noexcept;
std::int64_t field(const time_fields& f, time_unit unit) noexcept;
/// Width in digits of a whole field within q (leading precision for the first).
int field_width(const qualifier& q, time_unit unit) noexcept;

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
