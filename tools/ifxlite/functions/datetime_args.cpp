// Arguments and results of the DATE/DATETIME/INTERVAL functions: qualifiers, moments, EXTEND
// fields, instants and interval counts.

#include "functions/datetime_detail.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <limits>
#include <optional>
#include <string>

#include "base/errors.hpp"
#include "functions/function_util.hpp"
#include "functions/number_format.hpp"
#include "types/date.hpp"
#include "types/datetime.hpp"

namespace ifx::lite {
namespace datetime_detail {

std::optional<qualifier> word_arg(sqlite3_value* v, bool interval) {
    const int word = sqlite3_value_int(v);
    if (word == 0) return std::nullopt;
    return qualifier::from_word(static_cast<std::uint16_t>(word), interval);
}

// The qualifier of a DATE or YEAR-first DATETIME text: 'YYYY-MM-DD[ HH[:MM[:SS[.F…]]]]'.
std::optional<qualifier> guess_qualifier(std::string_view t) {
    while (!t.empty() && t.back() == ' ') t.remove_suffix(1);
    if (t.size() < 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
    if (t.size() == 10) return date_qualifier;
    static constexpr std::size_t ends[] = {13, 16, 19};
    static constexpr int units[] = {unit::hour, unit::minute, unit::second};
    for (int i = 0; i < 3; ++i)
        if (t.size() == ends[i]) return make_qualifier(unit::year, units[i]);
    if (t.size() > 20 && t.size() <= 25 && t[19] == '.')
        return make_qualifier(unit::year, unit::second + static_cast<int>(t.size() - 20));
    return std::nullopt;
}

std::optional<moment> moment_arg(sqlite3_value* v, std::optional<qualifier> q) {
    moment m;
    if (sqlite3_value_type(v) == SQLITE_INTEGER) {
        int y, mo, d;
        days_to_civil(sqlite3_value_int64(v), y, mo, d);
        m.f.field[0] = y;
        m.f.field[1] = mo;
        m.f.field[2] = d;
        return m;
    }
    const std::string_view text = text_arg(v);
    if (!q) q = guess_qualifier(text);
    if (!q) {
        const auto days = parse_date_text(text);
        if (!days) return std::nullopt;
        int y, mo, d;
        days_to_civil(*days, y, mo, d);
        m.f.field[0] = y;
        m.f.field[1] = mo;
        m.f.field[2] = d;
        return m;
    }
    const auto f = read_fields(text, *q);
    if (!f) return std::nullopt;
    m.f = *f;
    m.q = *q;
    return m;
}

bool qualifier_has(const qualifier& q, int u) {
    return q.start <= u && q.end >= u;
}

std::optional<std::int32_t> day_number(const datetime_fields& f) {
    return date_to_days(static_cast<int>(f.field[0]), static_cast<int>(f.field[1]),
                        static_cast<int>(f.field[2]));
}

void result_date(sqlite3_context* ctx, std::int64_t days) {
    if (days < 1 - 693594 || days > 2958464)
        return raise_error(ctx, code::bad_date);  // 0001-01-01 .. 9999-12-31
    result_text(ctx, days_to_iso(static_cast<std::int32_t>(days)));
}

// EXTEND: fields left of the value's first come from the current time; missing MONTH/DAY fields on
// the right are 1, the time fields 0.
datetime_fields extend_fields(const datetime_fields& in, const qualifier& from, const qualifier& to) {
    datetime_fields out;
    const datetime_fields now = current_fields();
    for (int u = unit::year; u <= unit::second; u += 2) {
        if (qualifier_has(from, u))
            out.field[u / 2] = in.field[u / 2];
        else if (u < from.start)
            out.field[u / 2] = now.field[u / 2];
        else
            out.field[u / 2] = (u == unit::month || u == unit::day) ? 1 : 0;
    }
    out.fraction = from.end > unit::second ? in.fraction : (to.start > unit::second ? now.fraction : 0);
    (void)to;
    return out;
}

// A DATETIME as 10^-5 s since 0001-01-01 (fields outside the qualifier filled as EXTEND would).
std::optional<std::int64_t> instant(const datetime_fields& f) {
    const auto days = date_to_days(static_cast<int>(f.field[0]), static_cast<int>(f.field[1]),
                                   static_cast<int>(f.field[2]));
    if (!days) return std::nullopt;
    return static_cast<std::int64_t>(*days) * units_per_day +
           ((f.field[3] * 60 + f.field[4]) * 60 + f.field[5]) * units_per_second + f.fraction;
}

datetime_fields from_instant(std::int64_t t) {
    datetime_fields f;
    std::int64_t days = t / units_per_day;
    std::int64_t rest = t % units_per_day;
    if (rest < 0) {
        rest += units_per_day;
        --days;
    }
    int y, m, d;
    days_to_civil(days, y, m, d);
    f.field[0] = y;
    f.field[1] = m;
    f.field[2] = d;
    f.fraction = rest % units_per_second;
    std::int64_t seconds = rest / units_per_second;
    f.field[5] = seconds % 60;
    f.field[4] = (seconds / 60) % 60;
    f.field[3] = seconds / 3600;
    return f;
}

// An INTERVAL as a count: months for YEAR-MONTH intervals, 10^-5 s for DAY-TIME ones.
std::int64_t interval_count(const datetime_fields& f, const qualifier& q) {
    std::int64_t n = 0;
    if (q.start <= unit::month)
        n = f.field[0] * 12 + f.field[1];
    else
        n = (((f.field[2] * 24 + f.field[3]) * 60 + f.field[4]) * 60 + f.field[5]) * units_per_second +
            f.fraction;
    return f.negative ? -n : n;
}

// The INTERVAL of qualifier q holding `count`; nothing when the leading field overflows its digits.
std::optional<std::string> interval_text(std::int64_t count, const qualifier& q) {
    datetime_fields f;
    f.negative = count < 0;
    std::uint64_t n = count < 0 ? 0 - static_cast<std::uint64_t>(count) : static_cast<std::uint64_t>(count);
    if (q.start <= unit::month) {
        if (q.end == unit::year) n /= 12;  // whole years only
        if (q.start == unit::year && q.end >= unit::month) {
            f.field[0] = static_cast<std::int64_t>(n / 12);
            f.field[1] = static_cast<std::int64_t>(n % 12);
        } else if (q.start == unit::year) {
            f.field[0] = static_cast<std::int64_t>(n);
        } else {
            f.field[1] = static_cast<std::int64_t>(n);
        }
    } else {
        f.fraction = static_cast<std::int64_t>(n % units_per_second);
        std::uint64_t s = n / units_per_second;
        // Split into the qualifier's fields: the leading one takes everything above it.
        const std::uint64_t sizes[] = {0, 0, 86400, 3600, 60, 1};
        for (int u = q.start; u <= std::min(q.end, unit::second); u += 2) {
            const std::uint64_t size = sizes[u / 2];
            f.field[u / 2] = static_cast<std::int64_t>(s / size);
            s %= size;
        }
        if (q.end < unit::second) f.fraction = 0;
    }
    std::int64_t limit = 1;
    for (int i = 0; i < q.lead; ++i) limit *= 10;
    const int lead_field = q.start > unit::second ? unit::second : q.start;
    if (f.field[lead_field / 2] >= limit) return std::nullopt;
    return write_fields(f, q);
}

}  // namespace datetime_detail
}  // namespace ifx::lite
