#include "types/time_fields.hpp"

#include <cstdio>

#include "ifx/error.hpp"
#include "types/calendar.hpp"

namespace ifx::types {
namespace {

constexpr time_unit whole_units[] = {time_unit::year, time_unit::month,  time_unit::day,
                                     time_unit::hour, time_unit::minute, time_unit::second};

unsigned code(time_unit t) {
    return static_cast<unsigned>(t);
}

// Whole units of q, in order.
template <class F>
void for_each_whole(const qualifier& q, F&& f) {
    for (time_unit unit : whole_units)
        if (code(unit) >= code(q.start()) && code(unit) <= code(q.end())) f(unit);
}

constexpr std::int32_t pow10_table[] = {1, 10, 100, 1000, 10000, 100000};

constexpr std::int32_t pow10(int n) {
    return pow10_table[n];
}

char separator_before(time_unit unit, char date_time_separator) {
    switch (unit) {
        case time_unit::month:
        case time_unit::day:
            return '-';
        case time_unit::hour:
            return date_time_separator;
        default:
            return ':';
    }
}

}  // namespace

std::int64_t& field(time_fields& f, time_unit unit) noexcept {
    switch (unit) {
        case time_unit::year:
            return f.year;
        case time_unit::month:
            return f.month;
        case time_unit::day:
            return f.day;
        case time_unit::hour:
            return f.hour;
        case time_unit::minute:
            return f.minute;
        default:
            return f.second;
    }
}

std::int64_t field(const time_fields& f, time_unit unit) noexcept {
    return field(const_cast<time_fields&>(f), unit);
}

int field_width(const qualifier& q, time_unit unit) noexcept {
    return unit == q.start() ? q.leading_precision() : 2;
}

void normalise_fields(const qualifier& q, time_fields& f) noexcept {
    const std::int64_t neutral_date = q.is_interval() ? 0 : 1;
    const unsigned start = code(q.start()), end = code(q.end());
    for (unsigned unit = 0; unit <= code(time_unit::second); unit += 2)
        if (unit < start || unit > end)
            f.*whole_field_members[unit / 2] = unit <= code(time_unit::day) ? neutral_date : 0;
    if (end <= code(time_unit::second)) f.fraction = 0;
}

std::error_code check_datetime_fields(const qualifier& q, const time_fields& f) noexcept {
    const unsigned start = code(q.start()), end = code(q.end());
    const auto has = [&](time_unit unit) { return code(unit) >= start && code(unit) <= end; };
    const auto in = [](std::int64_t v, std::int64_t lo, std::int64_t hi) { return v >= lo && v <= hi; };
    bool ok = true;
    if (has(time_unit::year)) ok &= in(f.year, 1, 9999);
    if (has(time_unit::month)) ok &= in(f.month, 1, 12);
    if (has(time_unit::day)) {
        std::int64_t max_day = 31;
        if (has(time_unit::month) && in(f.month, 1, 12))
            max_day = days_in_month(has(time_unit::year) ? f.year : 2000, static_cast<unsigned>(f.month));
        ok &= in(f.day, 1, max_day);
    }
    if (has(time_unit::hour)) ok &= in(f.hour, 0, 23);
    if (has(time_unit::minute)) ok &= in(f.minute, 0, 59);
    if (has(time_unit::second)) ok &= in(f.second, 0, 59);
    const int fd = q.fraction_digits();
    ok &= in(f.fraction, 0, 99999) && f.fraction % pow10_table[5 - fd] == 0;
    return ok ? std::error_code{} : make_error_code(errc::out_of_range);
}

std::error_code check_interval_fields(const qualifier& q, const time_fields& f) noexcept {
    // Limits by unit code / 2: the leading field's comes from its precision.
    static constexpr std::int64_t limits[] = {0, 12, 0, 24, 60, 60};
    static constexpr std::int64_t leading_limits[] = {1,      10,      100,      1000,      10000,
                                                      100000, 1000000, 10000000, 100000000, 1000000000};
    const unsigned start = code(q.start()), end = code(q.end());
    bool ok = true;
    for (unsigned unit = start; unit <= end && unit <= code(time_unit::second); unit += 2) {
        const std::int64_t v = f.*whole_field_members[unit / 2];
        const std::int64_t limit = unit == start ? leading_limits[q.leading_precision()] : limits[unit / 2];
        ok &= v >= 0 && v < limit;
    }
    const int fd = q.fraction_digits();
    ok &= f.fraction >= 0 && f.fraction <= 99999 && f.fraction % pow10(5 - fd) == 0;
    return ok ? std::error_code{} : make_error_code(errc::out_of_range);
}

std::string fields_to_text(const qualifier& q, const time_fields& f, char date_time_separator) {
    std::string out;
    char buf[32];
    for_each_whole(q, [&](time_unit unit) {
        if (unit != q.start()) out.push_back(separator_before(unit, date_time_separator));
        const int width = q.is_interval() && unit == q.start() ? 1 : field_width(q, unit);
        std::snprintf(buf, sizeof buf, "%0*lld", width, static_cast<long long>(field(f, unit)));
        out += buf;
    });
    const int fd = q.fraction_digits();
    if (fd > 0) {
        if (code(q.start()) <= 10) out.push_back('.');
        std::snprintf(buf, sizeof buf, "%05d", static_cast<int>(f.fraction));
        out.append(buf, static_cast<std::size_t>(fd));
    }
    return out;
}

std::error_code text_to_fields(std::string_view text, const qualifier& q, time_fields& f) noexcept {
    std::size_t i = 0;
    bool ok = true;
    auto number = [&](int max_digits, std::int64_t& out) {
        out = 0;
        int n = 0;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9' && n < max_digits)
            out = out * 10 + (text[i++] - '0'), ++n;
        return n > 0;
    };
    for_each_whole(q, [&](time_unit unit) {
        if (!ok) return;
        if (unit != q.start()) {
            const char want = separator_before(unit, ' ');
            const bool sep_ok = i < text.size() && (text[i] == want || (want == ' ' && text[i] == 'T'));
            if (!sep_ok) {
                ok = false;
                return;
            }
            ++i;
        }
        ok = number(unit == q.start() ? q.leading_precision() : 2, field(f, unit));
    });
    const int fd = q.fraction_digits();
    f.fraction = 0;
    if (ok && fd > 0 && i < text.size()) {
        if (code(q.start()) <= 10) {
            if (text[i] != '.') return errc::invalid_argument;
            ++i;
        }
        std::int32_t v = 0;
        int n = 0;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9' && n < 5)
            v = v * 10 + (text[i++] - '0'), ++n;
        if (n == 0) return errc::invalid_argument;
        f.fraction = v * pow10(5 - n);
    }
    if (!ok || i != text.size()) return errc::invalid_argument;
    return {};
}

}  // namespace ifx::types
