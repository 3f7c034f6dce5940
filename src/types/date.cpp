// ifx::date: Informix DATE value type.
#include "ifx/date.hpp"

#include <cstdio>

#include "ifx/error.hpp"
#include "types/calendar.hpp"
#include "types/throw.hpp"

namespace ifx {
namespace {

template <class T>
T or_throw(T v, std::error_code ec, std::string_view what) {
    if (ec) types::throw_error(ec, what);
    return v;
}

bool parse_number(std::string_view s, std::size_t& i, std::size_t digits, int& out) {
    out = 0;
    for (std::size_t k = 0; k < digits; ++k, ++i) {
        if (i >= s.size() || s[i] < '0' || s[i] > '9') return false;
        out = out * 10 + (s[i] - '0');
    }
    return true;
}

}  // namespace

date date::from_day_number(std::int32_t day, std::error_code& ec) noexcept {
    ec.clear();
    if (day < min_day || day > max_day) {
        ec = errc::out_of_range;
        return {};
    }
    date d;
    d.day_ = day;
    return d;
}

date date::from_day_number(std::int32_t day) {
    std::error_code ec;
    date d = from_day_number(day, ec);
    return or_throw(d, ec, "DATE day number " + std::to_string(day));
}

date date::from_ymd(int year, unsigned month, unsigned day, std::error_code& ec) noexcept {
    ec.clear();
    if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 ||
        day > types::days_in_month(year, month)) {
        ec = errc::out_of_range;
        return {};
    }
    return from_day_number(
        static_cast<std::int32_t>(types::days_from_civil(year, month, day) + types::unix_epoch_day), ec);
}

date date::from_ymd(int year, unsigned month, unsigned day) {
    std::error_code ec;
    date d = from_ymd(year, month, day, ec);
    char buf[48];
    std::snprintf(buf, sizeof buf, "DATE %d-%u-%u", year, month, day);
    return or_throw(d, ec, buf);
}

date date::from_ymd(std::chrono::year_month_day ymd) {
    return from_ymd(static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                    static_cast<unsigned>(ymd.day()));
}

date date::from_sys_days(std::chrono::sys_days d, std::error_code& ec) noexcept {
    const auto n = d.time_since_epoch().count() + types::unix_epoch_day;
    if (n < min_day || n > max_day) {
        ec = errc::out_of_range;
        return {};
    }
    return from_day_number(static_cast<std::int32_t>(n), ec);
}

date date::from_sys_days(std::chrono::sys_days d) {
    std::error_code ec;
    date v = from_sys_days(d, ec);
    return or_throw(v, ec, "DATE from std::chrono::sys_days");
}

date date::parse(std::string_view iso, std::error_code& ec) noexcept {
    ec.clear();
    std::size_t i = 0;
    int y = 0, m = 0, d = 0;
    const bool ok = parse_number(iso, i, 4, y) && i < iso.size() && iso[i++] == '-' &&
                    parse_number(iso, i, 2, m) && i < iso.size() && iso[i++] == '-' &&
                    parse_number(iso, i, 2, d) && i == iso.size();
    if (!ok) {
        ec = errc::invalid_argument;
        return {};
    }
    return from_ymd(y, static_cast<unsigned>(m), static_cast<unsigned>(d), ec);
}

date date::parse(std::string_view iso) {
    std::error_code ec;
    date d = parse(iso, ec);
    return or_throw(d, ec, "DATE \"" + std::string(iso.substr(0, 32)) + "\"");
}

std::chrono::sys_days date::to_sys_days() const noexcept {
    return std::chrono::sys_days{std::chrono::days{day_ - types::unix_epoch_day}};
}

std::chrono::year_month_day date::to_ymd() const noexcept {
    return std::chrono::year_month_day{to_sys_days()};
}

int date::year() const noexcept {
    return static_cast<int>(types::civil_from_days(day_ - types::unix_epoch_day).year);
}
unsigned date::month() const noexcept {
    return types::civil_from_days(day_ - types::unix_epoch_day).month;
}
unsigned date::day() const noexcept {
    return types::civil_from_days(day_ - types::unix_epoch_day).day;
}

std::string date::to_string() const {
    const auto c = types::civil_from_days(day_ - types::unix_epoch_day);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(c.year), c.month, c.day);
    return buf;
}

}  // namespace ifx
