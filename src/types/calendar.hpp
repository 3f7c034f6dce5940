#pragma once
// Proleptic Gregorian day arithmetic (H. Hinnant's civil algorithms), shared by DATE and
// DATETIME. Pure integer functions: no std::chrono on the hot decode path.
#include <cstdint>

namespace ifx::types {

/// Informix day number of 1970-01-01 (day 0 = 1899-12-31; PROTOCOL.md §9.6).
inline constexpr std::int32_t unix_epoch_day = 25568;

constexpr std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) noexcept {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct civil {
    std::int64_t year;
    unsigned month;
    unsigned day;
};

constexpr civil civil_from_days(std::int64_t z) noexcept {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return {y + (m <= 2), m, d};
}

constexpr bool is_leap(std::int64_t y) noexcept {
    return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

/// Days of each month of a common year (a namespace-scope table: a local one is copied onto
/// the stack on every call).
inline constexpr unsigned common_year_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

constexpr unsigned days_in_month(std::int64_t y, unsigned m) noexcept {
    return m == 2 && is_leap(y) ? 29 : common_year_days[m - 1];
}

}  // namespace ifx::types
