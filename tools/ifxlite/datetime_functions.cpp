#include "datetime_functions.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <limits>
#include <optional>
#include <string>

#include "date.hpp"
#include "datetime.hpp"
#include "errors.hpp"
#include "function_util.hpp"
#include "number_format.hpp"

namespace ifx::lite {
namespace {

constexpr std::int64_t units_per_second = 100000;  // fractions are kept in 10^-5 s
constexpr std::int64_t units_per_day = 86400 * units_per_second;

// Informix's DATE and DATETIME conversion errors.
constexpr int bad_year = -1204;
constexpr int bad_month = -1205;
constexpr int bad_day = -1206;
constexpr int out_of_range = -1263;         // a DATETIME or INTERVAL field out of range
constexpr int incompatible = -1265;         // operands of DATETIME/INTERVAL arithmetic that do not combine
constexpr int result_out_of_range = -1267;  // the result of a DATETIME computation is out of range

constexpr qualifier make_qualifier(int start, int end, int lead = 0) noexcept {
    qualifier q;
    q.start = start;
    q.end = end;
    q.lead = lead > 0 ? lead : (start == unit::year ? 4 : 2);
    return q;
}

constexpr qualifier date_qualifier = make_qualifier(unit::year, unit::day);

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

// A DATE or DATETIME argument as fields (and its qualifier): day numbers, ISO dates, MM/DD/YYYY,
// YEAR-first DATETIME text, or text of the given qualifier.
struct moment {
    datetime_fields f;
    qualifier q = date_qualifier;
};

std::optional<moment> moment_arg(sqlite3_value* v, std::optional<qualifier> q = std::nullopt) {
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

bool has(const qualifier& q, int u) {
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
        if (has(from, u))
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

// ----- MDY, DAY, MONTH, YEAR, WEEKDAY, QUARTER, DATE -----

void mdy(sqlite3_context* ctx, int, sqlite3_value** argv) {
    if (is_null(argv[0]) || is_null(argv[1]) || is_null(argv[2])) return sqlite3_result_null(ctx);
    const numeric m = numeric_arg(argv[0]), d = numeric_arg(argv[1]), y = numeric_arg(argv[2]);
    const auto whole = [](const numeric& n) -> std::optional<std::int64_t> {
        if (n.what == numeric::kind::invalid) return std::nullopt;
        decimal_number v = n.as_decimal();
        truncate_decimal(v, 0);
        return decimal_to_integer(v);
    };
    const auto month = whole(m), day = whole(d), year = whole(y);
    if (!year || *year < 1 || *year > 9999) return raise_error(ctx, bad_year);
    if (!month || *month < 1 || *month > 12) return raise_error(ctx, bad_month);
    if (!day || *day < 1 || *day > days_in_month(static_cast<int>(*year), static_cast<int>(*month)))
        return raise_error(ctx, bad_day);
    result_date(ctx,
                *date_to_days(static_cast<int>(*year), static_cast<int>(*month), static_cast<int>(*day)));
}

// DAY, MONTH, YEAR, WEEKDAY, QUARTER of a DATE or DATETIME (optionally its qualifier word).
template <int Part>
void date_part(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    if (is_null(argv[0])) return sqlite3_result_null(ctx);
    const auto m = moment_arg(argv[0], argc > 1 ? word_arg(argv[1], false) : std::nullopt);
    if (!m) return raise_error(ctx, code::bad_date);
    datetime_fields f = m->f;
    if (m->q.start > unit::year || m->q.end < unit::day) f = extend_fields(f, m->q, date_qualifier);
    switch (Part) {
        case 0:
            return sqlite3_result_int64(ctx, f.field[2]);
        case 1:
            return sqlite3_result_int64(ctx, f.field[1]);
        case 2:
            return sqlite3_result_int64(ctx, f.field[0]);
        case 3: {
            const auto days = day_number(f);
            if (!days) return raise_error(ctx, code::bad_date);
            // Day 0 (1899-12-31) was a Sunday.
            return sqlite3_result_int64(ctx, ((*days % 7) + 7) % 7);
        }
        default:
            return sqlite3_result_int64(ctx, (f.field[1] + 2) / 3);
    }
}

// DATE(x): a DATE from a DATE, a DATETIME, a day number or text (ISO or MM/DD/YYYY).
void date_fn(sqlite3_context* ctx, int, sqlite3_value** argv) {
    if (is_null(argv[0])) return sqlite3_result_null(ctx);
    if (sqlite3_value_type(argv[0]) == SQLITE_TEXT && sqlite3_value_bytes(argv[0]) == 10) {
        const std::string_view text = text_arg(argv[0]);
        if (text[4] == '-' && text[7] == '-' && parse_date_text(text))
            return sqlite3_result_value(ctx, argv[0]);  // already the stored form
    }
    if (sqlite3_value_type(argv[0]) == SQLITE_FLOAT) {
        return result_date(ctx, static_cast<std::int64_t>(sqlite3_value_double(argv[0])));
    }
    if (sqlite3_value_type(argv[0]) == SQLITE_TEXT) {
        std::int64_t n = 0;
        const std::string_view t = text_arg(argv[0]);
        const auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), n);
        if (ec == std::errc{} && p == t.data() + t.size() && !t.empty()) return result_date(ctx, n);
    }
    const auto m = moment_arg(argv[0]);
    if (!m) return raise_error(ctx, code::bad_date);
    const auto days = day_number(m->f);
    if (!days) return raise_error(ctx, code::bad_date);
    result_date(ctx, *days);
}

// ----- EXTEND, UNITS and arithmetic -----

void extend(sqlite3_context* ctx, int, sqlite3_value** argv) {
    if (is_null(argv[0])) return sqlite3_result_null(ctx);
    const auto to = word_arg(argv[2], false);
    if (!to) return raise_error(ctx, code::syntax);
    const auto m = moment_arg(argv[0], word_arg(argv[1], false));
    if (!m) return raise_error(ctx, code::bad_date);
    const datetime_fields f = extend_fields(m->f, m->q, *to);
    if (has(*to, unit::day) && !day_number(f)) return raise_error(ctx, bad_day);
    result_text(ctx, write_fields(f, *to));
}

// ifx_to_datetime(x, word, interval): text (or a DATE / DATETIME) as a DATETIME or INTERVAL of the
// qualifier, with Informix's conversion errors (-1262 non-numeric, -1263 out of range, -1264 extra).
void to_datetime(sqlite3_context* ctx, int, sqlite3_value** argv) {
    if (is_null(argv[0])) return sqlite3_result_null(ctx);
    const auto q = word_arg(argv[1], sqlite3_value_int(argv[2]) != 0);
    if (!q) return raise_error(ctx, code::syntax);
    const std::string_view text = text_arg(argv[0]);
    if (sqlite3_value_type(argv[0]) == SQLITE_TEXT && is_canonical_datetime(text, *q))
        return sqlite3_result_value(ctx, argv[0]);  // already what the column stores
    const auto r = canonical_datetime(text, *q);
    if (r.code == 0) return result_text(ctx, r.text);
    raise_error(ctx, r.code);
}

// n UNITS unit: an INTERVAL unit(9) TO unit.
void units(sqlite3_context* ctx, int, sqlite3_value** argv) {
    if (is_null(argv[0])) return sqlite3_result_null(ctx);
    const numeric n = numeric_arg(argv[0]);
    if (n.what == numeric::kind::invalid) return raise_error(ctx, code::char_to_numeric);
    decimal_number v = n.as_decimal();
    truncate_decimal(v, 0);
    const auto count = decimal_to_integer(v);
    const int u = sqlite3_value_int(argv[1]);
    if (!count || u < unit::year || u > unit::second || u % 2 != 0) return raise_error(ctx, out_of_range);
    const qualifier q = [&] {
        qualifier r = make_qualifier(u, u, 9);
        r.interval = true;
        return r;
    }();
    datetime_fields f;
    f.negative = *count < 0;
    f.field[u / 2] = *count < 0 ? -*count : *count;
    if (f.field[u / 2] > 999999999) return raise_error(ctx, out_of_range);
    result_text(ctx, write_fields(f, q));
}

void date_add(sqlite3_context* ctx, int, sqlite3_value** argv) {
    if (is_null(argv[0]) || is_null(argv[1])) return sqlite3_result_null(ctx);
    const auto m = moment_arg(argv[0]);
    if (!m) return raise_error(ctx, code::bad_date);
    const auto days = day_number(m->f);
    const numeric n = numeric_arg(argv[1]);
    if (!days || n.what == numeric::kind::invalid) return raise_error(ctx, code::char_to_numeric);
    decimal_number v = n.as_decimal();
    truncate_decimal(v, 0);
    const auto delta = decimal_to_integer(v);
    if (!delta || *delta > 10'000'000 || *delta < -10'000'000) return raise_error(ctx, code::bad_date);
    result_date(ctx, *days + *delta);
}

void date_diff(sqlite3_context* ctx, int, sqlite3_value** argv) {
    if (is_null(argv[0]) || is_null(argv[1])) return sqlite3_result_null(ctx);
    const auto a = moment_arg(argv[0]), b = moment_arg(argv[1]);
    if (!a || !b) return raise_error(ctx, code::bad_date);
    const auto da = day_number(a->f), db = day_number(b->f);
    if (!da || !db) return raise_error(ctx, code::bad_date);
    sqlite3_result_int64(ctx, static_cast<std::int64_t>(*da) - *db);
}

// DATETIME ± INTERVAL: YEAR-MONTH intervals move the month (a day the month does not have is
// out of range, -1267, as on IDS); DAY-TIME intervals move the instant.
void dt_add(sqlite3_context* ctx, int, sqlite3_value** argv) {
    if (is_null(argv[0]) || is_null(argv[2])) return sqlite3_result_null(ctx);
    const auto dq = word_arg(argv[1], false);
    auto iq = word_arg(argv[3], true);
    const auto m = moment_arg(argv[0], dq);
    if (!m || !iq) return raise_error(ctx, code::bad_date);
    iq->interval = true;
    const auto iv = read_fields(text_arg(argv[2]), *iq);
    if (!iv) return raise_error(ctx, out_of_range);
    const std::int64_t sign = sqlite3_value_int(argv[4]) < 0 ? -1 : 1;
    const std::int64_t count = sign * interval_count(*iv, *iq);
    // The result keeps the DATETIME's qualifier; its missing fields are filled as EXTEND fills them.
    const qualifier full = make_qualifier(unit::year, unit::second + 5);
    datetime_fields f = extend_fields(m->f, m->q, full);
    if (iq->start <= unit::month) {
        std::int64_t months = f.field[0] * 12 + (f.field[1] - 1) + count;
        f.field[0] = months / 12;
        f.field[1] = months % 12 + 1;
        if (f.field[0] < 1 || f.field[0] > 9999) return raise_error(ctx, result_out_of_range);
        if (f.field[2] > days_in_month(static_cast<int>(f.field[0]), static_cast<int>(f.field[1])))
            return raise_error(ctx, result_out_of_range);
    } else {
        const auto t = instant(f);
        if (!t) return raise_error(ctx, out_of_range);
        f = from_instant(*t + count);
        if (f.field[0] < 1 || f.field[0] > 9999) return raise_error(ctx, result_out_of_range);
    }
    result_text(ctx, write_fields(f, m->q));
}

// DATETIME − DATETIME: an INTERVAL of `result_word` (DAY(9) TO the finer end by default).
void dt_diff(sqlite3_context* ctx, int, sqlite3_value** argv) {
    if (is_null(argv[0]) || is_null(argv[2])) return sqlite3_result_null(ctx);
    const auto a = moment_arg(argv[0], word_arg(argv[1], false));
    const auto b = moment_arg(argv[2], word_arg(argv[3], false));
    auto rq = word_arg(argv[4], true);
    if (!a || !b || !rq) return raise_error(ctx, code::bad_date);
    rq->interval = true;
    const qualifier full = make_qualifier(unit::year, unit::second + 5);
    const auto ta = instant(extend_fields(a->f, a->q, full));
    const auto tb = instant(extend_fields(b->f, b->q, full));
    if (!ta || !tb) return raise_error(ctx, out_of_range);
    std::int64_t count = *ta - *tb;
    if (rq->start <= unit::month) {
        const datetime_fields fa = extend_fields(a->f, a->q, full), fb = extend_fields(b->f, b->q, full);
        count = (fa.field[0] * 12 + fa.field[1]) - (fb.field[0] * 12 + fb.field[1]);
    }
    const auto text = interval_text(count, *rq);
    if (!text) return raise_error(ctx, out_of_range);
    result_text(ctx, *text);
}

// INTERVAL ± INTERVAL (both YEAR-MONTH or both DAY-TIME): an INTERVAL of `result_word`.
void iv_add(sqlite3_context* ctx, int, sqlite3_value** argv) {
    if (is_null(argv[0]) || is_null(argv[2])) return sqlite3_result_null(ctx);
    auto qa = word_arg(argv[1], true), qb = word_arg(argv[3], true), rq = word_arg(argv[5], true);
    if (!qa || !qb || !rq) return raise_error(ctx, out_of_range);
    qa->interval = qb->interval = rq->interval = true;
    if ((qa->start <= unit::month) != (qb->start <= unit::month)) return raise_error(ctx, incompatible);
    const auto a = read_fields(text_arg(argv[0]), *qa), b = read_fields(text_arg(argv[2]), *qb);
    if (!a || !b) return raise_error(ctx, out_of_range);
    const std::int64_t sign = sqlite3_value_int(argv[4]) < 0 ? -1 : 1;
    const auto text = interval_text(interval_count(*a, *qa) + sign * interval_count(*b, *qb), *rq);
    if (!text) return raise_error(ctx, out_of_range);
    result_text(ctx, *text);
}

// INTERVAL * number, INTERVAL / number: the same qualifier.
void iv_scale(sqlite3_context* ctx, int, sqlite3_value** argv) {
    if (is_null(argv[0]) || is_null(argv[2])) return sqlite3_result_null(ctx);
    auto q = word_arg(argv[1], true);
    if (!q) return raise_error(ctx, out_of_range);
    q->interval = true;
    const auto iv = read_fields(text_arg(argv[0]), *q);
    const numeric factor = numeric_arg(argv[2]);
    if (!iv) return raise_error(ctx, out_of_range);
    if (factor.what == numeric::kind::invalid) return raise_error(ctx, code::char_to_numeric);
    const decimal_number count = decimal_from_integer(interval_count(*iv, *q));
    decimal_number r;
    if (sqlite3_value_int(argv[3]) != 0) {
        const auto quotient = divide_decimal(count, factor.as_decimal());
        if (!quotient) return raise_error(ctx, code::divide_by_zero);
        r = *quotient;
    } else {
        r = multiply_decimal(count, factor.as_decimal());
    }
    truncate_decimal(r, 0);
    const auto n = decimal_to_integer(r);
    const auto text = n ? interval_text(*n, *q) : std::nullopt;
    if (!text) return raise_error(ctx, out_of_range);
    result_text(ctx, *text);
}

// ----- TO_CHAR, TO_DATE -----

constexpr const char* month_names[] = {"January", "February", "March",     "April",   "May",      "June",
                                       "July",    "August",   "September", "October", "November", "December"};
constexpr const char* day_names[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                     "Thursday", "Friday", "Saturday"};

std::string two(std::int64_t v) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "%02lld", static_cast<long long>(v));
    return buf;
}

// Formats the fields with GL_DATETIME directives (the default locale's names).
std::string format_datetime(const datetime_fields& f, std::string_view format) {
    std::string out;
    const auto days = day_number(f);
    const int weekday = days ? ((*days % 7) + 7) % 7 : 0;
    for (std::size_t i = 0; i < format.size(); ++i) {
        if (format[i] != '%' || i + 1 >= format.size()) {
            out.push_back(format[i]);
            continue;
        }
        const char c = format[++i];
        switch (c) {
            case 'Y': {
                char buf[24];
                std::snprintf(buf, sizeof buf, "%04lld", static_cast<long long>(f.field[0]));
                out += buf;
                break;
            }
            case 'y':
                out += two(f.field[0] % 100);
                break;
            case 'C':
                out += two(f.field[0] / 100);
                break;
            case 'm':
                out += two(f.field[1]);
                break;
            case 'd':
                out += two(f.field[2]);
                break;
            case 'e': {
                char buf[24];
                std::snprintf(buf, sizeof buf, "%2lld", static_cast<long long>(f.field[2]));
                out += buf;
                break;
            }
            case 'H':
                out += two(f.field[3]);
                break;
            case 'I':
                out += two(f.field[3] % 12 == 0 ? 12 : f.field[3] % 12);
                break;
            case 'p':
                out += f.field[3] < 12 ? "AM" : "PM";
                break;
            case 'M':
                out += two(f.field[4]);
                break;
            case 'S':
                out += two(f.field[5]);
                break;
            case 'F': {
                int digits = 3;
                if (i + 1 < format.size() && format[i + 1] >= '1' && format[i + 1] <= '5')
                    digits = format[++i] - '0';
                char buf[24];
                std::snprintf(buf, sizeof buf, "%05lld", static_cast<long long>(f.fraction));
                out.append(buf, static_cast<std::size_t>(digits));
                break;
            }
            case 'b':
            case 'h':
                out += std::string(month_names[(f.field[1] + 11) % 12]).substr(0, 3);
                break;
            case 'B':
                out += month_names[(f.field[1] + 11) % 12];
                break;
            case 'a':
                out += std::string(day_names[weekday]).substr(0, 3);
                break;
            case 'A':
                out += day_names[weekday];
                break;
            case 'w':
                out += std::to_string(weekday);
                break;
            case 'j': {
                const auto first = date_to_days(static_cast<int>(f.field[0]), 1, 1);
                char buf[24];
                std::snprintf(buf, sizeof buf, "%03lld",
                              static_cast<long long>(days && first ? *days - *first + 1 : 0));
                out += buf;
                break;
            }
            case 'D':
                out += two(f.field[1]) + "/" + two(f.field[2]) + "/" + two(f.field[0] % 100);
                break;
            case 'R':
                out += two(f.field[3]) + ":" + two(f.field[4]);
                break;
            case 'T':
                out += two(f.field[3]) + ":" + two(f.field[4]) + ":" + two(f.field[5]);
                break;
            case 'n':
                out.push_back('\n');
                break;
            case 't':
                out.push_back('\t');
                break;
            default:
                out.push_back(c);  // %% and unknown directives: the character itself
        }
    }
    return out;
}

void to_char(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    if (is_null(argv[0])) return sqlite3_result_null(ctx);
    const bool masked = argc > 1 && !is_null(argv[1]);
    const int type = sqlite3_value_type(argv[0]);
    // A number with a numeric-formatting mask (an integer is a DATE's day number only for a mask
    // of GL_DATETIME directives).
    if (masked && (type == SQLITE_FLOAT ||
                   (type == SQLITE_INTEGER && text_arg(argv[1]).find('%') == std::string_view::npos)))
        return result_text(ctx, format_number_mask(numeric_arg(argv[0]).as_decimal(), text_arg(argv[1])));
    const auto q = argc > 2 ? word_arg(argv[2], false) : std::nullopt;
    const auto m = moment_arg(argv[0], q);
    if (!m) {
        // Decimal text with a mask is formatted by it; other values without a mask are their text.
        if (masked)
            if (const auto d = parse_decimal(text_arg(argv[0])))
                return result_text(ctx, format_number_mask(*d, text_arg(argv[1])));
        return sqlite3_result_text(ctx, reinterpret_cast<const char*>(sqlite3_value_text(argv[0])), -1,
                                   SQLITE_TRANSIENT);
    }
    const qualifier full = make_qualifier(unit::year, unit::second + 5);
    const datetime_fields f = extend_fields(m->f, m->q, full);
    if (argc < 2 || is_null(argv[1])) {
        // No format: the value as DBDATE/DBTIME would show it (ISO for DATETIME, MM/DD/YYYY for DATE).
        if (m->q.start == unit::year && m->q.end == unit::day) {
            char buf[64];
            std::snprintf(buf, sizeof buf, "%02lld/%02lld/%04lld", static_cast<long long>(f.field[1]),
                          static_cast<long long>(f.field[2]), static_cast<long long>(f.field[0]));
            return result_text(ctx, buf);
        }
        return result_text(ctx, write_fields(m->f, m->q));
    }
    result_text(ctx, format_datetime(f, text_arg(argv[1])));
}

bool read_number(std::string_view s, std::size_t& i, int max_digits, std::int64_t& out) {
    while (i < s.size() && s[i] == ' ') ++i;
    const std::size_t start = i;
    out = 0;
    while (i < s.size() && i - start < static_cast<std::size_t>(max_digits) &&
           std::isdigit(static_cast<unsigned char>(s[i])))
        out = out * 10 + (s[i++] - '0');
    return i > start;
}

bool read_name(std::string_view s, std::size_t& i, const char* const* names, int count, bool abbreviated,
               std::int64_t& out) {
    for (int k = 0; k < count; ++k) {
        const std::string name = abbreviated ? std::string(names[k]).substr(0, 3) : names[k];
        if (s.size() - i >= name.size() &&
            std::equal(name.begin(), name.end(), s.begin() + static_cast<std::ptrdiff_t>(i),
                       [](char a, char b) {
                           return std::tolower(static_cast<unsigned char>(a)) ==
                                  std::tolower(static_cast<unsigned char>(b));
                       })) {
            i += name.size();
            out = k;
            return true;
        }
    }
    return false;
}

// TO_DATE(text, format): a DATETIME YEAR TO FRACTION(5); fields the format does not give are
// 1 (month, day) or 0.
void to_date(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    if (is_null(argv[0])) return sqlite3_result_null(ctx);
    const std::string_view s = text_arg(argv[0]);
    const qualifier full = make_qualifier(unit::year, unit::second + 5);
    if (argc < 2 || is_null(argv[1])) {
        const auto m = moment_arg(argv[0]);
        if (!m) return raise_error(ctx, code::bad_date);
        return result_text(ctx, write_fields(extend_fields(m->f, m->q, full), full));
    }
    const std::string_view format = text_arg(argv[1]);
    datetime_fields f;
    f.field[1] = f.field[2] = 1;
    bool pm = false, twelve = false;
    std::size_t i = 0;
    for (std::size_t k = 0; k < format.size(); ++k) {
        if (format[k] != '%' || k + 1 >= format.size()) {
            if (i < s.size() && s[i] == format[k])
                ++i;
            else if (format[k] != ' ')
                return raise_error(ctx, code::bad_date);
            continue;
        }
        const char c = format[++k];
        std::int64_t v = 0;
        bool ok = true;
        switch (c) {
            case 'Y':
                ok = read_number(s, i, 4, f.field[0]);
                break;
            case 'y':
                ok = read_number(s, i, 2, v);
                f.field[0] = v < 50 ? 2000 + v : 1900 + v;  // DBCENTURY's default window
                break;
            case 'm':
                ok = read_number(s, i, 2, f.field[1]);
                break;
            case 'd':
            case 'e':
                ok = read_number(s, i, 2, f.field[2]);
                break;
            case 'H':
                ok = read_number(s, i, 2, f.field[3]);
                break;
            case 'I':
                ok = read_number(s, i, 2, f.field[3]);
                twelve = true;
                break;
            case 'M':
                ok = read_number(s, i, 2, f.field[4]);
                break;
            case 'S':
                ok = read_number(s, i, 2, f.field[5]);
                break;
            case 'F': {
                int digits = 3;
                if (k + 1 < format.size() && format[k + 1] >= '1' && format[k + 1] <= '5')
                    digits = format[++k] - '0';
                const std::size_t start = i;
                ok = read_number(s, i, digits, v);
                for (std::size_t n = i - start; n < 5; ++n) v *= 10;
                f.fraction = v;
                break;
            }
            case 'b':
            case 'h':
            case 'B':
                ok = read_name(s, i, month_names, 12, c != 'B', v) ||
                     read_name(s, i, month_names, 12, true, v);
                f.field[1] = v + 1;
                break;
            case 'a':
            case 'A':
                ok = read_name(s, i, day_names, 7, c == 'a', v) || read_name(s, i, day_names, 7, true, v);
                break;
            case 'p':
                if (s.substr(i, 2) == "PM" || s.substr(i, 2) == "pm") pm = true;
                ok = s.size() - i >= 2;
                i += 2;
                break;
            default:
                ok = i < s.size() && s[i] == c;
                ++i;
        }
        if (!ok) return raise_error(ctx, code::bad_date);
    }
    while (i < s.size() && s[i] == ' ') ++i;
    if (i != s.size()) return raise_error(ctx, code::bad_date);
    if (twelve) f.field[3] = f.field[3] % 12 + (pm ? 12 : 0);
    if (f.field[1] < 1 || f.field[1] > 12) return raise_error(ctx, bad_month);
    if (!day_number(f)) return raise_error(ctx, bad_day);
    if (f.field[3] > 23 || f.field[4] > 59 || f.field[5] > 59) return raise_error(ctx, out_of_range);
    result_text(ctx, write_fields(f, full));
}

}  // namespace

bool round_datetime_value(sqlite3_context* ctx, int argc, sqlite3_value** argv, bool truncate) {
    // A DATE/DATETIME first argument: text shaped like one, or a second argument naming a unit.
    std::string unit_name = "DD";
    if (argc > 1) {
        if (sqlite3_value_type(argv[1]) != SQLITE_TEXT || parse_decimal(text_arg(argv[1]))) return false;
        unit_name.clear();
        for (char c : text_arg(argv[1]))
            unit_name.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    }
    if (sqlite3_value_type(argv[0]) != SQLITE_TEXT) return false;
    const auto q = guess_qualifier(text_arg(argv[0]));
    if (!q) return false;
    const auto m = moment_arg(argv[0], q);
    if (!m) return false;
    const qualifier full = make_qualifier(unit::year, unit::second + 5);
    datetime_fields f = extend_fields(m->f, m->q, full);
    const auto t = instant(f);
    if (!t) return false;
    std::int64_t result = *t;
    const auto floor_to = [&](std::int64_t size) { return *t - (((*t % size) + size) % size); };
    if (unit_name == "DD" || unit_name == "DAY") {
        result = floor_to(units_per_day);
        if (!truncate && *t - result >= units_per_day / 2) result += units_per_day;
    } else if (unit_name == "HH") {
        const std::int64_t hour = 3600 * units_per_second;
        result = floor_to(hour);
        if (!truncate && *t - result >= hour / 2) result += hour;
    } else if (unit_name == "MI") {
        const std::int64_t minute = 60 * units_per_second;
        result = floor_to(minute);
        if (!truncate && *t - result >= minute / 2) result += minute;
    } else if (unit_name == "MONTH" || unit_name == "YEAR") {
        const bool year = unit_name == "YEAR";
        std::int64_t y = f.field[0], mo = year ? 1 : f.field[1];
        const bool up = !truncate && (year ? f.field[1] >= 7 : f.field[2] >= 16);
        if (up) {
            if (year || ++mo > 12) {
                mo = 1;
                ++y;
            }
        }
        result = *date_to_days(static_cast<int>(std::min<std::int64_t>(y, 9999)), static_cast<int>(mo), 1) *
                 units_per_day;
    } else {
        raise_error(ctx, code::syntax);
        return true;
    }
    const datetime_fields r = from_instant(result);
    result_text(ctx, write_fields(r, m->q));
    return true;
}

bool register_datetime_functions(sqlite3* db) {
    const int pure = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
    const int varying = SQLITE_UTF8 | SQLITE_INNOCUOUS;  // EXTEND and TO_CHAR may read the clock
    struct entry {
        const char* name;
        int args;
        int flags;
        void (*fn)(sqlite3_context*, int, sqlite3_value**);
    };
    const entry entries[] = {
        {"mdy", 3, pure, mdy},
        {"day", 1, pure, date_part<0>},
        {"day", 2, pure, date_part<0>},
        {"month", 1, pure, date_part<1>},
        {"month", 2, pure, date_part<1>},
        {"year", 1, pure, date_part<2>},
        {"year", 2, pure, date_part<2>},
        {"weekday", 1, pure, date_part<3>},
        {"weekday", 2, pure, date_part<3>},
        {"quarter", 1, pure, date_part<4>},
        {"quarter", 2, pure, date_part<4>},
        {"date", 1, pure, date_fn},
        {"ifx_extend", 3, varying, extend},
        {"ifx_units", 2, pure, units},
        {"ifx_to_datetime", 3, varying, to_datetime},
        {"ifx_date_add", 2, pure, date_add},
        {"ifx_date_diff", 2, pure, date_diff},
        {"ifx_dt_add", 5, varying, dt_add},
        {"ifx_dt_diff", 5, varying, dt_diff},
        {"ifx_iv_add", 6, pure, iv_add},
        {"ifx_iv_scale", 4, pure, iv_scale},
        {"to_char", 1, varying, to_char},
        {"to_char", 2, varying, to_char},
        {"to_char", 3, varying, to_char},
        {"to_date", 1, varying, to_date},
        {"to_date", 2, varying, to_date},
    };
    for (const entry& e : entries)
        if (sqlite3_create_function(db, e.name, e.args, e.flags, nullptr, e.fn, nullptr, nullptr) !=
            SQLITE_OK)
            return false;
    return true;
}

}  // namespace ifx::lite
