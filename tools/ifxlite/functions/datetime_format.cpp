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

}  // namespace

namespace datetime_detail {

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

}  // namespace datetime_detail
}  // namespace ifx::lite
