#pragma once
// Informix DATE: i32 day number, day 0 = 1899-12-31 (PROTOCOL.md §9.6). SQLite stores dates as
// ISO text 'YYYY-MM-DD'.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ifx::lite {

/// Day number of a civil date, or nullopt if the date does not exist.
std::optional<std::int32_t> date_to_days(int year, int month, int day);
/// 'YYYY-MM-DD' for a day number.
std::string days_to_iso(std::int32_t days);
/// The civil date of a day number.
void days_to_civil(std::int64_t days, int& year, int& month, int& day);
/// Days in a month of a year (proleptic Gregorian).
int days_in_month(int year, int month);
/// Parses 'YYYY-MM-DD' (optionally followed by a time part) or 'MM/DD/YYYY' into a day number.
std::optional<std::int32_t> parse_date_text(std::string_view text);

}  // namespace ifx::lite
