#include "types/date.hpp"

#include <charconv>
#include <cstdio>

namespace ifx::lite {
namespace {

// Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian, day 0 = 1970-01-01).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civil_from_days(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = static_cast<std::int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
}

constexpr std::int64_t informix_epoch = -25568;  // 1899-12-31 relative to 1970-01-01

bool read_int(std::string_view s, int& out) {
    if (s.empty()) return false;
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc{} && p == s.data() + s.size();
}

}  // namespace

std::optional<std::int32_t> date_to_days(int year, int month, int day) {
    if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
    const std::int64_t days = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
    std::int64_t y;
    unsigned m, d;
    civil_from_days(days, y, m, d);
    if (y != year || static_cast<int>(m) != month || static_cast<int>(d) != day) return std::nullopt;
    return static_cast<std::int32_t>(days - informix_epoch);
}

std::string days_to_iso(std::int32_t days) {
    std::int64_t y;
    unsigned m, d;
    civil_from_days(std::int64_t{days} + informix_epoch, y, m, d);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
    return buf;
}

void days_to_civil(std::int64_t days, int& year, int& month, int& day) {
    std::int64_t y;
    unsigned m, d;
    civil_from_days(days + informix_epoch, y, m, d);
    year = static_cast<int>(y);
    month = static_cast<int>(m);
    day = static_cast<int>(d);
}

int days_in_month(int year, int month) {
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[(month - 1) % 12];
}

std::optional<std::int32_t> parse_date_text(std::string_view text) {
    // The stored form, 'YYYY-MM-DD', read digit by digit (the common case when rows are sent).
    if (text.size() == 10 && text[4] == '-' && text[7] == '-') {
        int v[8];
        bool digits = true;
        for (int i = 0, k = 0; i < 10; ++i) {
            if (i == 4 || i == 7) continue;
            const char c = text[static_cast<std::size_t>(i)];
            digits = digits && c >= '0' && c <= '9';
            v[k++] = c - '0';
        }
        if (digits) {
            const int year = v[0] * 1000 + v[1] * 100 + v[2] * 10 + v[3];
            const int month = v[4] * 10 + v[5], day = v[6] * 10 + v[7];
            if (year < 1 || month < 1 || month > 12 || day < 1 || day > days_in_month(year, month))
                return std::nullopt;
            return static_cast<std::int32_t>(
                days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) -
                informix_epoch);
        }
    }
    int y = 0, m = 0, d = 0;
    if (text.size() >= 10 && text[4] == '-' && text[7] == '-') {
        if (!read_int(text.substr(0, 4), y) || !read_int(text.substr(5, 2), m) ||
            !read_int(text.substr(8, 2), d))
            return std::nullopt;
        if (text.size() > 10 && text[10] != ' ' && text[10] != 'T') return std::nullopt;
        return date_to_days(y, m, d);
    }
    if (text.size() == 10 && text[2] == '/' && text[5] == '/') {
        if (!read_int(text.substr(0, 2), m) || !read_int(text.substr(3, 2), d) ||
            !read_int(text.substr(6, 4), y))
            return std::nullopt;
        return date_to_days(y, m, d);
    }
    return std::nullopt;
}

}  // namespace ifx::lite
