// ifx::interval: INTERVAL value type.
#include "ifx/interval.hpp"

#include <cstdio>

#include "ifx/error.hpp"
#include "types/throw.hpp"
#include "types/time_fields.hpp"

namespace ifx {
namespace {

// Day-time intervals are computed in units of 10 µs (FRACTION(5)).
constexpr std::int64_t per_second = 100'000;
constexpr std::int64_t per_minute = 60 * per_second;
constexpr std::int64_t per_hour = 60 * per_minute;
constexpr std::int64_t per_day = 24 * per_hour;

interval or_throw(const interval& v, std::error_code ec, std::string_view what) {
    if (ec) types::throw_error(ec, what);
    return v;
}

std::int64_t unit_size(time_unit u) {
    switch (u) {
        case time_unit::day:
            return per_day;
        case time_unit::hour:
            return per_hour;
        case time_unit::minute:
            return per_minute;
        default:
            return per_second;
    }
}

// Splits a non-negative total (months, or 10 µs units) over the qualifier's fields; the
// leading field takes the rest and parts below the last field are truncated.
time_fields distribute(const qualifier& q, std::int64_t total) {
    time_fields f{0, 0, 0, 0, 0, 0, 0};
    if (q.is_year_month()) {
        if (q.start() == time_unit::year && q.end() == time_unit::month) {
            f.year = total / 12;
            f.month = total % 12;
        } else if (q.start() == time_unit::year) {
            f.year = total / 12;
        } else {
            f.month = total;
        }
        return f;
    }
    const int fd = q.fraction_digits();
    std::int64_t step = 1;
    for (int i = fd; i < 5; ++i) step *= 10;
    const time_unit units[] = {time_unit::day, time_unit::hour, time_unit::minute, time_unit::second};
    for (time_unit u : units) {
        if (!q.contains(u)) continue;
        types::field(f, u) = total / unit_size(u);
        total %= unit_size(u);
    }
    if (fd > 0) f.fraction = static_cast<std::int32_t>(total / step * step);
    return f;
}

std::error_code parse_iso(std::string_view s, bool& negative, std::int64_t& months, std::int64_t& ticks,
                          bool& has_time) {
    std::size_t i = 0;
    negative = i < s.size() && s[i] == '-';
    if (negative || (i < s.size() && s[i] == '+')) ++i;
    if (i >= s.size() || s[i++] != 'P') return errc::invalid_argument;
    bool time_part = false, any = false;
    months = ticks = 0;
    has_time = false;
    while (i < s.size()) {
        if (s[i] == 'T' && !time_part) {
            time_part = true;
            ++i;
            continue;
        }
        std::int64_t whole = 0, frac = 0;
        int digits = 0, frac_digits = 0;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
            if (whole > 1'000'000'000'000LL) return errc::out_of_range;
            whole = whole * 10 + (s[i++] - '0');
            ++digits;
        }
        if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
            ++i;
            while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
                if (frac_digits < 5) frac = frac * 10 + (s[i] - '0'), ++frac_digits;
                ++i;
            }
        }
        if (digits == 0 || i >= s.size()) return errc::invalid_argument;
        const char unit = s[i++];
        if (frac_digits > 0 && !(time_part && unit == 'S')) return errc::invalid_argument;
        any = true;
        if (!time_part && unit == 'Y')
            months += whole * 12;
        else if (!time_part && unit == 'M')
            months += whole;
        else if (!time_part && unit == 'D')
            ticks += whole * per_day, has_time = true;
        else if (time_part && unit == 'H')
            ticks += whole * per_hour, has_time = true;
        else if (time_part && unit == 'M')
            ticks += whole * per_minute, has_time = true;
        else if (time_part && unit == 'S') {
            for (int k = frac_digits; k < 5; ++k) frac *= 10;
            ticks += whole * per_second + frac;
            has_time = true;
        } else {
            return errc::invalid_argument;
        }
    }
    return any ? std::error_code{} : make_error_code(errc::invalid_argument);
}

}  // namespace

interval::interval() noexcept : q_(qualifier::interval(time_unit::day, time_unit::second, 2)) {}

interval interval::from_fields(const qualifier& q, bool negative, const time_fields& f,
                               std::error_code& ec) noexcept {
    ec.clear();
    if (!q.is_interval()) {
        ec = errc::invalid_argument;
        return {};
    }
    interval v;
    v.q_ = q;
    v.f_ = f;
    types::normalise_fields(q, v.f_);
    if ((ec = types::check_interval_fields(q, v.f_))) return {};
    v.negative_ = negative && v.f_ != time_fields{0, 0, 0, 0, 0, 0, 0};
    return v;
}

interval interval::from_fields(const qualifier& q, bool negative, const time_fields& f) {
    std::error_code ec;
    interval v = from_fields(q, negative, f, ec);
    return or_throw(v, ec, "INTERVAL " + q.to_string());
}

interval interval::from_months(std::chrono::months m, const qualifier& q, std::error_code& ec) noexcept {
    if (!q.is_interval() || !q.is_year_month()) {
        ec = errc::invalid_argument;
        return {};
    }
    const std::int64_t total = m.count();
    const std::int64_t magnitude = total < 0 ? -total : total;
    return from_fields(q, total < 0, distribute(q, magnitude), ec);
}

interval interval::from_months(std::chrono::months m, const qualifier& q) {
    std::error_code ec;
    interval v = from_months(m, q, ec);
    return or_throw(v, ec, "INTERVAL " + q.to_string() + " from months");
}

interval interval::from_duration(std::chrono::microseconds d, const qualifier& q,
                                 std::error_code& ec) noexcept {
    if (!q.is_interval() || q.is_year_month()) {
        ec = errc::invalid_argument;
        return {};
    }
    const std::int64_t ticks = d.count() / 10;  // truncated toward zero to FRACTION(5)
    const std::int64_t magnitude = ticks < 0 ? -ticks : ticks;
    return from_fields(q, ticks < 0, distribute(q, magnitude), ec);
}

interval interval::from_duration(std::chrono::microseconds d, const qualifier& q) {
    std::error_code ec;
    interval v = from_duration(d, q, ec);
    return or_throw(v, ec, "INTERVAL " + q.to_string() + " from a duration");
}

interval interval::parse(std::string_view text, const qualifier& q, std::error_code& ec) noexcept {
    ec.clear();
    if (!q.is_interval()) {
        ec = errc::invalid_argument;
        return {};
    }
    const bool negative = !text.empty() && text[0] == '-';
    std::string_view body = negative || (!text.empty() && text[0] == '+') ? text.substr(1) : text;
    if (!body.empty() && body[0] == 'P') {
        bool iso_negative = false, has_time = false;
        std::int64_t months = 0, ticks = 0;
        if ((ec = parse_iso(text, iso_negative, months, ticks, has_time))) return {};
        if (q.is_year_month() ? has_time : months != 0) {
            ec = errc::invalid_argument;
            return {};
        }
        return from_fields(q, iso_negative, distribute(q, q.is_year_month() ? months : ticks), ec);
    }
    time_fields f{0, 0, 0, 0, 0, 0, 0};
    if ((ec = types::text_to_fields(body, q, f))) return {};
    return from_fields(q, negative, f, ec);
}

interval interval::parse(std::string_view text, const qualifier& q) {
    std::error_code ec;
    interval v = parse(text, q, ec);
    return or_throw(v, ec, "INTERVAL " + q.to_string() + " \"" + std::string(text.substr(0, 40)) + "\"");
}

std::error_code interval::to_months(std::chrono::months& out) const noexcept {
    if (!q_.is_year_month()) return errc::type_mismatch;
    const std::int64_t total = f_.year * 12 + f_.month;
    out = std::chrono::months{negative_ ? -total : total};
    return {};
}

std::chrono::months interval::to_months() const {
    std::chrono::months m{};
    if (auto ec = to_months(m)) types::throw_error(ec, "INTERVAL " + q_.to_string() + " as months");
    return m;
}

std::error_code interval::to_duration(std::chrono::microseconds& out) const noexcept {
    if (q_.is_year_month()) return errc::type_mismatch;
    const std::int64_t ticks =
        f_.day * per_day + f_.hour * per_hour + f_.minute * per_minute + f_.second * per_second + f_.fraction;
    if (ticks > INT64_MAX / 10) return errc::out_of_range;  // DAY(9) beyond ~292 000 years of µs
    out = std::chrono::microseconds{(negative_ ? -ticks : ticks) * 10};
    return {};
}

std::chrono::microseconds interval::to_duration() const {
    std::chrono::microseconds d{};
    if (auto ec = to_duration(d)) types::throw_error(ec, "INTERVAL " + q_.to_string() + " as a duration");
    return d;
}

std::string interval::to_string() const {
    return (negative_ ? "-" : "") + types::fields_to_text(q_, f_, ' ');
}

std::string interval::to_iso8601() const {
    std::string out = negative_ ? "-P" : "P";
    char buf[48];
    auto part = [&](std::int64_t v, char unit) {
        if (v == 0) return;
        std::snprintf(buf, sizeof buf, "%lld%c", static_cast<long long>(v), unit);
        out += buf;
    };
    if (q_.is_year_month()) {
        part(f_.year, 'Y');
        part(f_.month, 'M');
        if (out.back() == 'P') out += "0M";
        return out;
    }
    part(f_.day, 'D');
    if (f_.hour == 0 && f_.minute == 0 && f_.second == 0 && f_.fraction == 0) {
        if (out.back() == 'P') out += "T0S";
        return out;
    }
    out += 'T';
    part(f_.hour, 'H');
    part(f_.minute, 'M');
    if (f_.second != 0 || f_.fraction != 0) {
        std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(f_.second));
        out += buf;
        if (f_.fraction != 0) {
            std::snprintf(buf, sizeof buf, ".%05d", static_cast<int>(f_.fraction));
            std::string frac = buf;
            while (frac.back() == '0') frac.pop_back();
            out += frac;
        }
        out += 'S';
    }
    return out;
}

}  // namespace ifx
