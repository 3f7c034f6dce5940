#pragma once
/// @file
/// `ifx::datetime`: an Informix DATETIME value with its qualifier.
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>

#include "ifx/qualifier.hpp"

namespace ifx {

namespace types {
struct datetime_access;  // the wire decoder's unchecked constructor (src/types/time_codec.cpp)
}

/// The fields of a DATETIME or INTERVAL. Fields outside the qualifier are ignored (and are
/// reported as their neutral value: 1 for month/day of a DATETIME, 0 otherwise).
struct time_fields {
    std::int64_t year = 1;  ///< DATETIME: 1…9999; INTERVAL: up to the leading precision
    std::int64_t month = 1;
    std::int64_t day = 1;
    std::int64_t hour = 0;
    std::int64_t minute = 0;
    std::int64_t second = 0;
    std::int32_t fraction = 0;  ///< in units of 10 µs (FRACTION(5)): 0 … 99999
    friend bool operator==(const time_fields&, const time_fields&) noexcept = default;
};

/// A DATETIME: exact fields plus the qualifier they belong to (a partial value such as
/// HOUR TO SECOND stays partial; nothing is filled in). No time zone, like Informix.
class datetime {
public:
    /// The std::chrono type DATETIME values convert to and from (microsecond resolution).
    using time_point = std::chrono::sys_time<std::chrono::microseconds>;

    /// DATETIME YEAR TO SECOND 0001-01-01 00:00:00.
    datetime() noexcept = default;
    /// From fields. Errors (errc::out_of_range): a field outside its calendar range (month
    /// 1…12, a day that does not exist in that month, hour 0…23, …), or a fraction with more
    /// digits than the qualifier keeps. errc::invalid_argument: an INTERVAL qualifier.
    static datetime from_fields(const qualifier& q, const time_fields& f);
    static datetime from_fields(const qualifier& q, const time_fields& f, std::error_code& ec) noexcept;
    /// From a point in time (UTC-agnostic: the sys_time fields are taken as they are). Fields
    /// outside the qualifier are dropped; sub-units below its last field are truncated, as
    /// Informix's EXTEND does. Errors: out_of_range (year outside 1…9999).
    static datetime from_time_point(time_point tp,
                                    const qualifier& q = qualifier::datetime(time_unit::year,
                                                                             time_unit::fraction5));
    static datetime from_time_point(time_point tp, const qualifier& q, std::error_code& ec) noexcept;
    /// Parses the Informix literal form for qualifier q ("2026-07-19 12:34:56.12345",
    /// "12:34:56", "07-19") or ISO-8601 ('T' between date and time). Errors: invalid_argument
    /// (syntax), out_of_range (field values).
    static datetime parse(std::string_view text, const qualifier& q);
    static datetime parse(std::string_view text, const qualifier& q, std::error_code& ec) noexcept;

    const qualifier& qual() const noexcept { return q_; }
    const time_fields& fields() const noexcept { return f_; }

    /// The value as a time point. Errors (errc::type_mismatch): the qualifier does not start at
    /// YEAR or does not reach DAY (the point in time would be incomplete).
    time_point to_time_point() const;
    std::error_code to_time_point(time_point& out) const noexcept;
    /// The time of day (HOUR … FRACTION fields that the qualifier holds) as a duration.
    std::chrono::microseconds time_of_day() const noexcept;

    /// Informix literal form: "2026-07-19 12:34:56.12345" (only the qualifier's fields).
    std::string to_string() const;
    /// ISO-8601: like to_string() with 'T' between date and time.
    std::string to_iso8601() const;

    friend bool operator==(const datetime&, const datetime&) noexcept = default;

private:
    friend struct types::datetime_access;

    qualifier q_;
    time_fields f_;
};

}  // namespace ifx
