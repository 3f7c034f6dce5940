#pragma once
// What the parts of the DATE/DATETIME/INTERVAL functions share: their error codes, the qualifier
// and argument helpers (datetime_args.cpp), and TO_CHAR/TO_DATE (datetime_format.cpp). Internal to
// functions/.

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "types/datetime.hpp"

namespace ifx::lite::datetime_detail {

inline constexpr std::int64_t units_per_second = 100000;  // fractions are kept in 10^-5 s
inline constexpr std::int64_t units_per_day = 86400 * units_per_second;

// Informix's DATE and DATETIME conversion errors.
inline constexpr int bad_year = -1204;
inline constexpr int bad_month = -1205;
inline constexpr int bad_day = -1206;
inline constexpr int out_of_range = -1263;  // a DATETIME or INTERVAL field out of range
inline constexpr int incompatible = -1265;  // operands of DATETIME/INTERVAL arithmetic that do not combine
inline constexpr int result_out_of_range = -1267;  // the result of a DATETIME computation is out of range

constexpr qualifier make_qualifier(int start, int end, int lead = 0) noexcept {
    qualifier q;
    q.start = start;
    q.end = end;
    q.lead = lead > 0 ? lead : (start == unit::year ? 4 : 2);
    return q;
}

inline constexpr qualifier date_qualifier = make_qualifier(unit::year, unit::day);

/// The qualifier a qualifier-word argument encodes; nothing for 0.
std::optional<qualifier> word_arg(sqlite3_value* v, bool interval);
inline std::optional<qualifier> datetime_word_arg(sqlite3_value* v) {
    return word_arg(v, false);
}
inline std::optional<qualifier> interval_word_arg(sqlite3_value* v) {
    return word_arg(v, true);
}
/// The qualifier of a DATE or YEAR-first DATETIME text: 'YYYY-MM-DD[ HH[:MM[:SS[.F…]]]]'.
std::optional<qualifier> guess_qualifier(std::string_view t);

/// A DATE or DATETIME argument as fields (and its qualifier): day numbers, ISO dates, MM/DD/YYYY,
/// YEAR-first DATETIME text, or text of the given qualifier.
struct moment {
    datetime_fields f;
    qualifier q = date_qualifier;
};
std::optional<moment> moment_arg(sqlite3_value* v, std::optional<qualifier> q = std::nullopt);

/// Whether unit u lies within q.
bool qualifier_has(const qualifier& q, int u);
/// The day number of the date fields, or nothing when the date does not exist.
std::optional<std::int32_t> day_number(const datetime_fields& f);
/// Sets a DATE result from a day number (an error outside 0001-01-01 .. 9999-12-31).
void result_date(sqlite3_context* ctx, std::int64_t days);
/// EXTEND: fields left of the value's first come from the current time; missing MONTH/DAY fields on
/// the right are 1, the time fields 0.
datetime_fields extend_fields(const datetime_fields& in, const qualifier& from, const qualifier& to);
/// A DATETIME as 10^-5 s since 0001-01-01 (fields outside the qualifier filled as EXTEND would).
std::optional<std::int64_t> instant(const datetime_fields& f);
/// The fields of an instant().
datetime_fields from_instant(std::int64_t t);
/// An INTERVAL as a count: months for YEAR-MONTH intervals, 10^-5 s for DAY-TIME ones.
std::int64_t interval_count(const datetime_fields& f, const qualifier& q);
/// The INTERVAL of qualifier q holding `count`; nothing when the leading field overflows its digits.
std::optional<std::string> interval_text(std::int64_t count, const qualifier& q);

/// TO_CHAR(date or datetime [, format]) with GL_DATETIME directives.
void to_char(sqlite3_context* ctx, int argc, sqlite3_value** argv);
/// TO_DATE(text, format): the DATETIME the format reads from the text.
void to_date(sqlite3_context* ctx, int argc, sqlite3_value** argv);

}  // namespace ifx::lite::datetime_detail
