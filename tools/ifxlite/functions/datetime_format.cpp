// TO_CHAR and TO_DATE: DATE and DATETIME values formatted and read with GL_DATETIME directives.

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

using datetime_detail::day_number;

namespace {

constexpr const char* month_names[] = {"January", "February", "March",     "April",   "May",      "June",
                                       "July",    "August",   "September", "October", "November", "December"};
constexpr const char* day_names[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                     "Thursday", "Friday", "Saturday"};

std::string zero_padded(std::int64_t v, int width) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "%0*lld", width, static_cast<long long>(v));
    return buf;
}

std::string two(std::int64_t v) {
    return zero_padded(v, 2);
}

// Appends a date directive's text (%Y %y %C %m %d %e %b %h %B %a %A %w %j %D); false for others.
bool append_date_directive(std::string& out, char c, const datetime_fields& f,
                           std::optional<std::int32_t> days) {
    const int weekday = days ? ((*days % 7) + 7) % 7 : 0;
    const char* month = month_names[(f.field[1] + 11) % 12];
    switch (c) {
        case 'Y':
            out += zero_padded(f.field[0], 4);
            return true;
        case 'y':
            out += two(f.field[0] % 100);
            return true;
        case 'C':
            out += two(f.field[0] / 100);
            return true;
        case 'm':
            out += two(f.field[1]);
            return true;
        case 'd':
            out += two(f.field[2]);
            return true;
        case 'e': {
            char buf[24];
            std::snprintf(buf, sizeof buf, "%2lld", static_cast<long long>(f.field[2]));
            out += buf;
            return true;
        }
        case 'b':
        case 'h':
            out += std::string(month).substr(0, 3);
            return true;
        case 'B':
            out += month;
            return true;
        case 'a':
            out += std::string(day_names[weekday]).substr(0, 3);
            return true;
        case 'A':
            out += day_names[weekday];
            return true;
        case 'w':
            out += std::to_string(weekday);
            return true;
        case 'j': {
            const auto first = date_to_days(static_cast<int>(f.field[0]), 1, 1);
            out += zero_padded(days && first ? *days - *first + 1 : 0, 3);
            return true;
        }
        case 'D':
            out += two(f.field[1]) + "/" + two(f.field[2]) + "/" + two(f.field[0] % 100);
            return true;
        default:
            return false;
    }
}

// Appends a time directive's text (%H %I %p %M %S %R %T, %F with fraction_digits digits); false
// for others.
bool append_time_directive(std::string& out, char c, const datetime_fields& f, int fraction_digits) {
    switch (c) {
        case 'H':
            out += two(f.field[3]);
            return true;
        case 'I':
            out += two(f.field[3] % 12 == 0 ? 12 : f.field[3] % 12);
            return true;
        case 'p':
            out += f.field[3] < 12 ? "AM" : "PM";
            return true;
        case 'M':
            out += two(f.field[4]);
            return true;
        case 'S':
            out += two(f.field[5]);
            return true;
        case 'F':
            out.append(zero_padded(f.fraction, 5), 0, static_cast<std::size_t>(fraction_digits));
            return true;
        case 'R':
            out += two(f.field[3]) + ":" + two(f.field[4]);
            return true;
        case 'T':
            out += two(f.field[3]) + ":" + two(f.field[4]) + ":" + two(f.field[5]);
            return true;
        default:
            return false;
    }
}

// Formats the fields with GL_DATETIME directives (the default locale's names).
std::string format_datetime(const datetime_fields& f, std::string_view format) {
    std::string out;
    const auto days = day_number(f);
    for (std::size_t i = 0; i < format.size(); ++i) {
        if (format[i] != '%' || i + 1 >= format.size()) {
            out.push_back(format[i]);
            continue;
        }
        const char c = format[++i];
        int fraction_digits = 3;  // %F takes an optional digit count, %F1 .. %F5
        if (c == 'F' && i + 1 < format.size() && format[i + 1] >= '1' && format[i + 1] <= '5')
            fraction_digits = format[++i] - '0';
        if (append_date_directive(out, c, f, days) || append_time_directive(out, c, f, fraction_digits))
            continue;
        if (c == 'n')
            out.push_back('\n');
        else if (c == 't')
            out.push_back('\t');
        else
            out.push_back(c);  // %% and unknown directives: the character itself
    }
    return out;
}

}  // namespace

namespace datetime_detail {

void to_char(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    if (is_null(argv[0])) return sqlite3_result_null(ctx);
    const bool masked = argc > 1 && !is_null(argv[1]);
    const int type = sqlite3_value_type(argv[0]);
    // A number with a numeric-formatting mask (an integer is a DATE's day number only for a mask
    // of GL_DATETIME directives).
    if (masked && (type == SQLITE_FLOAT ||
                   (type == SQLITE_INTEGER && text_arg(argv[1]).find('%') == std::string_view::npos)))
        return result_text(ctx, format_number_mask(numeric_arg(argv[0]).as_decimal(), text_arg(argv[1])));
    const auto q = argc > 2 ? datetime_word_arg(argv[2]) : std::nullopt;
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

}  // namespace datetime_detail

namespace {

bool read_number(std::string_view s, std::size_t& i, int max_digits, std::int64_t& out) {
    while (i < s.size() && s[i] == ' ') ++i;
    const std::size_t start = i;
    out = 0;
    while (i < s.size() && i - start < static_cast<std::size_t>(max_digits) &&
           std::isdigit(static_cast<unsigned char>(s[i])))
        out = out * 10 + (s[i++] - '0');
    return i > start;
}

enum class name_form { full, abbreviated };

bool read_name(std::string_view s, std::size_t& i, const char* const* names, int count, name_form form,
               std::int64_t& out) {
    for (int k = 0; k < count; ++k) {
        const std::string name =
            form == name_form::abbreviated ? std::string(names[k]).substr(0, 3) : names[k];
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

// The fields TO_DATE has read so far, with the 12-hour clock's state.
struct to_date_fields {
    datetime_fields f;
    bool pm = false;
    bool twelve_hour = false;
};

// Reads the value of directive c (format[k], k moved past a %F digit count) from s at i.
bool read_directive(std::string_view s, std::size_t& i, std::string_view format, std::size_t& k,
                    to_date_fields& t) {
    const char c = format[k];
    datetime_fields& f = t.f;
    std::int64_t v = 0;
    switch (c) {
        case 'Y':
            return read_number(s, i, 4, f.field[0]);
        case 'y': {
            const bool ok = read_number(s, i, 2, v);
            f.field[0] = v < 50 ? 2000 + v : 1900 + v;  // DBCENTURY's default window
            return ok;
        }
        case 'm':
            return read_number(s, i, 2, f.field[1]);
        case 'd':
        case 'e':
            return read_number(s, i, 2, f.field[2]);
        case 'H':
            return read_number(s, i, 2, f.field[3]);
        case 'I':
            t.twelve_hour = true;
            return read_number(s, i, 2, f.field[3]);
        case 'M':
            return read_number(s, i, 2, f.field[4]);
        case 'S':
            return read_number(s, i, 2, f.field[5]);
        case 'F': {
            int digits = 3;
            if (k + 1 < format.size() && format[k + 1] >= '1' && format[k + 1] <= '5')
                digits = format[++k] - '0';
            const std::size_t start = i;
            const bool ok = read_number(s, i, digits, v);
            for (std::size_t n = i - start; n < 5; ++n) v *= 10;
            f.fraction = v;
            return ok;
        }
        case 'b':
        case 'h':
        case 'B': {
            const auto form = c == 'B' ? name_form::full : name_form::abbreviated;
            const bool ok = read_name(s, i, month_names, 12, form, v) ||
                            read_name(s, i, month_names, 12, name_form::abbreviated, v);
            f.field[1] = v + 1;
            return ok;
        }
        case 'a':
        case 'A': {
            const auto form = c == 'a' ? name_form::abbreviated : name_form::full;
            return read_name(s, i, day_names, 7, form, v) ||
                   read_name(s, i, day_names, 7, name_form::abbreviated, v);
        }
        case 'p': {
            if (s.substr(i, 2) == "PM" || s.substr(i, 2) == "pm") t.pm = true;
            const bool ok = s.size() - i >= 2;
            i += 2;
            return ok;
        }
        default: {
            const bool ok = i < s.size() && s[i] == c;
            ++i;
            return ok;
        }
    }
}

}  // namespace

namespace datetime_detail {

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
    to_date_fields t;
    t.f.field[1] = t.f.field[2] = 1;
    std::size_t i = 0;
    for (std::size_t k = 0; k < format.size(); ++k) {
        if (format[k] != '%' || k + 1 >= format.size()) {
            if (i < s.size() && s[i] == format[k])
                ++i;
            else if (format[k] != ' ')
                return raise_error(ctx, code::bad_date);
            continue;
        }
        ++k;
        if (!read_directive(s, i, format, k, t)) return raise_error(ctx, code::bad_date);
    }
    while (i < s.size() && s[i] == ' ') ++i;
    if (i != s.size()) return raise_error(ctx, code::bad_date);
    datetime_fields& f = t.f;
    if (t.twelve_hour) f.field[3] = f.field[3] % 12 + (t.pm ? 12 : 0);
    if (f.field[1] < 1 || f.field[1] > 12) return raise_error(ctx, bad_month);
    if (!day_number(f)) return raise_error(ctx, bad_day);
    if (f.field[3] > 23 || f.field[4] > 59 || f.field[5] > 59) return raise_error(ctx, out_of_range);
    result_text(ctx, write_fields(f, full));
}

}  // namespace datetime_detail
}  // namespace ifx::lite
