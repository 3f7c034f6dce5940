#pragma once
/// @file
/// `ifx::date`: an Informix DATE (a day, no time zone).
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>

namespace ifx {

namespace types {
struct date_access;  // the wire decoder's construction after its own range check (src/types/time_codec.cpp)
}
namespace detail {
template <class T>
struct fast_reader;  // row_view's inline read of a DATE value, after the same range check (ifx/row.hpp)
}

/// A calendar day in the proleptic Gregorian calendar, stored as the Informix day number
/// (day 0 = 1899-12-31, negative numbers are earlier days). The range is Informix's:
/// 0001-01-01 … 9999-12-31. Value type.
class date {
public:
    /// Informix day numbers of the first and last representable days.
    static constexpr std::int32_t min_day = -693594;  // 0001-01-01
    static constexpr std::int32_t max_day = 2958464;  // 9999-12-31

    /// 1899-12-31 (day 0).
    constexpr date() noexcept = default;
    /// From an Informix day number. Throws ifx::error(out_of_range) outside [min_day, max_day].
    static date from_day_number(std::int32_t day);
    static date from_day_number(std::int32_t day, std::error_code& ec) noexcept;
    /// From year/month/day. Errors: errc::out_of_range (invalid day, e.g. 2023-02-29, or a year
    /// outside 1..9999).
    static date from_ymd(int year, unsigned month, unsigned day);
    static date from_ymd(int year, unsigned month, unsigned day, std::error_code& ec) noexcept;
    /// From std::chrono (explicit conversions).
    static date from_sys_days(std::chrono::sys_days d);
    static date from_sys_days(std::chrono::sys_days d, std::error_code& ec) noexcept;
    static date from_ymd(std::chrono::year_month_day ymd);
    /// ISO-8601 calendar date "YYYY-MM-DD". Errors: invalid_argument (syntax), out_of_range.
    static date parse(std::string_view iso);
    static date parse(std::string_view iso, std::error_code& ec) noexcept;

    std::int32_t day_number() const noexcept { return day_; }
    std::chrono::sys_days to_sys_days() const noexcept;
    std::chrono::year_month_day to_ymd() const noexcept;
    int year() const noexcept;
    unsigned month() const noexcept;
    unsigned day() const noexcept;
    /// ISO-8601 "YYYY-MM-DD".
    std::string to_string() const;

    friend constexpr bool operator==(date a, date b) noexcept { return a.day_ == b.day_; }
    friend constexpr auto operator<=>(date a, date b) noexcept { return a.day_ <=> b.day_; }

private:
    friend struct types::date_access;
    friend struct detail::fast_reader<date>;

    std::int32_t day_ = 0;
};

}  // namespace ifx
