#include "functions/datetime_functions.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <limits>
#include <optional>
#include <string>

#include "base/errors.hpp"
#include "functions/datetime_detail.hpp"
#include "functions/function_util.hpp"
#include "functions/number_format.hpp"
#include "types/date.hpp"
#include "types/datetime.hpp"

namespace ifx::lite {

using datetime_detail::bad_day;
using datetime_detail::bad_month;
using datetime_detail::bad_year;
using datetime_detail::date_qualifier;
using datetime_detail::datetime_word_arg;
using datetime_detail::day_number;
using datetime_detail::extend_fields;
using datetime_detail::from_instant;
using datetime_detail::guess_qualifier;
using datetime_detail::incompatible;
using datetime_detail::instant;
using datetime_detail::interval_count;
using datetime_detail::interval_text;
using datetime_detail::interval_word_arg;
using datetime_detail::make_qualifier;
using datetime_detail::moment_arg;
using datetime_detail::out_of_range;
using datetime_detail::qualifier_has;
using datetime_detail::result_date;
using datetime_detail::result_out_of_range;
using datetime_detail::to_char;
using datetime_detail::to_date;
using datetime_detail::units_per_day;
using datetime_detail::units_per_second;
using datetime_detail::word_arg;

namespace {

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
    const auto m = moment_arg(argv[0], argc > 1 ? datetime_word_arg(argv[1]) : std::nullopt);
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
    const auto to = datetime_word_arg(argv[2]);
    if (!to) return raise_error(ctx, code::syntax);
    const auto m = moment_arg(argv[0], datetime_word_arg(argv[1]));
    if (!m) return raise_error(ctx, code::bad_date);
    const datetime_fields f = extend_fields(m->f, m->q, *to);
    if (qualifier_has(*to, unit::day) && !day_number(f)) return raise_error(ctx, bad_day);
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
    const auto dq = datetime_word_arg(argv[1]);
    auto iq = interval_word_arg(argv[3]);
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
    const auto a = moment_arg(argv[0], datetime_word_arg(argv[1]));
    const auto b = moment_arg(argv[2], datetime_word_arg(argv[3]));
    auto rq = interval_word_arg(argv[4]);
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
    auto qa = interval_word_arg(argv[1]), qb = interval_word_arg(argv[3]), rq = interval_word_arg(argv[5]);
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
    auto q = interval_word_arg(argv[1]);
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

}  // namespace

bool round_datetime_value(sqlite3_context* ctx, int argc, sqlite3_value** argv, digit_cut how) {
    const bool truncate = how == digit_cut::truncate;
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
