#include "types/datetime.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <ctime>
#include <span>

#include <sys/time.h>

#include "base/text.hpp"
#include "types/decimal.hpp"

namespace ifx::lite {
namespace {

constexpr std::string_view unit_names[] = {"YEAR", "", "MONTH",  "", "DAY",   "",
                                           "HOUR", "", "MINUTE", "", "SECOND"};

// One "UNIT[(n)]" at the front of `s`; returns the unit code and the precision given (0 if none).
bool take_unit(std::string_view& s, int& code, int& precision) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    std::size_t n = 0;
    while (n < s.size() && std::isalpha(static_cast<unsigned char>(s[n]))) ++n;
    const std::string word = upper(s.substr(0, n));
    s.remove_prefix(n);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    precision = 0;
    if (!s.empty() && s.front() == '(') {
        const auto close = s.find(')');
        if (close == std::string_view::npos) return false;
        std::string_view digits = s.substr(1, close - 1);
        while (!digits.empty() && digits.front() == ' ') digits.remove_prefix(1);
        while (!digits.empty() && digits.back() == ' ') digits.remove_suffix(1);
        const auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), precision);
        if (ec != std::errc{} || p != digits.data() + digits.size()) return false;
        s.remove_prefix(close + 1);
    }
    if (word == "FRACTION") {
        if (precision == 0) precision = 3;
        if (precision < 1 || precision > 5) return false;
        code = unit::second + precision;
        return true;
    }
    for (int i = 0; i <= unit::second; i += 2)
        if (word == unit_names[i]) {
            code = i;
            return true;
        }
    return false;
}

int field_digits(const qualifier& q, int u) {
    return u == q.start ? q.lead : 2;
}

// The separator Informix writes before field u (DATETIME and INTERVAL literals share them).
char separator_before(int u) {
    if (u == unit::month || u == unit::day) return '-';
    if (u == unit::hour) return ' ';
    if (u == unit::minute || u == unit::second) return ':';
    return '.';
}

struct fields {
    bool negative = false;
    std::vector<std::int64_t> values;  // one per whole field start..min(end, SECOND)
    std::string fraction;              // fraction digits, exactly q.fraction_digits()
};

// The field values (start..min(end, SECOND)) within their ranges: an INTERVAL's non-leading
// fields within one carry, a DATETIME's a real calendar date and time of day.
bool in_range(const qualifier& q, std::span<const std::int64_t> values) {
    if (q.interval) {
        for (std::size_t i = 1; i < values.size(); ++i) {
            const int u = q.start + 2 * static_cast<int>(i);
            const std::int64_t limit = u == unit::month ? 11 : u == unit::hour ? 23 : 59;
            if (values[i] > limit) return false;
        }
        return true;
    }
    int year = 2000, month = 1;
    for (std::size_t i = 0; i < values.size(); ++i) {
        const int u = q.start + 2 * static_cast<int>(i);
        const std::int64_t v = values[i];
        switch (u) {
            case unit::year:
                if (v < 1 || v > 9999) return false;
                year = static_cast<int>(v);
                break;
            case unit::month:
                if (v < 1 || v > 12) return false;
                month = static_cast<int>(v);
                break;
            case unit::day: {
                static constexpr int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
                const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
                const int max = month == 2 ? (leap ? 29 : 28) : days[month - 1];
                if (v < 1 || v > max) return false;
                break;
            }
            case unit::hour:
                if (v > 23) return false;
                break;
            default:
                if (v > 59) return false;
        }
    }
    return true;
}

std::string format(const qualifier& q, const fields& f) {
    std::string out;
    if (f.negative) out.push_back('-');
    const int last_whole = std::min(q.end, unit::second);
    for (int u = q.start, i = 0; u <= last_whole; u += 2, ++i) {
        if (u != q.start) out.push_back(separator_before(u));
        std::string digits = std::to_string(f.values[static_cast<std::size_t>(i)]);
        const auto width = static_cast<std::size_t>(field_digits(q, u));
        if (digits.size() < width) digits.insert(0, width - digits.size(), '0');
        out += digits;
    }
    if (q.fraction_digits() > 0) {
        if (q.start <= unit::second) out.push_back('.');
        out += f.fraction;
    }
    return out;
}

// Splits text into the qualifier's fields: numbers separated by any non-digit separator run.
datetime_result split(std::string_view text, const qualifier& q, fields& f) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
    if (q.interval && !text.empty() && (text.front() == '-' || text.front() == '+')) {
        f.negative = text.front() == '-';
        text.remove_prefix(1);
        while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    }
    const int last_whole = std::min(q.end, unit::second);
    const std::size_t whole_fields =
        q.start > unit::second ? 0 : static_cast<std::size_t>((last_whole - q.start) / 2 + 1);
    std::size_t i = 0;
    for (std::size_t k = 0; k < whole_fields; ++k) {
        if (k > 0) {
            const std::size_t sep_start = i;
            while (i < text.size() && (text[i] == '-' || text[i] == ':' || text[i] == ' ' || text[i] == 'T'))
                ++i;
            if (i == sep_start) return {{}, std::int16_t{-1262}};
        }
        const std::size_t begin = i;
        while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
        if (i == begin || i - begin > 10) return {{}, -1262};
        std::int64_t v = 0;
        std::from_chars(text.data() + begin, text.data() + i, v);
        f.values.push_back(v);
    }
    const int frac = q.fraction_digits();
    if (frac > 0) {
        if (whole_fields > 0 && i < text.size() && text[i] == '.') ++i;
        const std::size_t begin = i;
        while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
        std::string digits(text.substr(begin, i - begin));
        if (digits.size() > static_cast<std::size_t>(frac)) digits.resize(static_cast<std::size_t>(frac));
        digits.append(static_cast<std::size_t>(frac) - digits.size(), '0');
        f.fraction = digits;
    }
    if (i != text.size()) {
        const char c = text[i];
        const bool separator = c == '-' || c == ':' || c == ' ' || c == '.';
        return {{}, separator ? std::int16_t{-1264} : std::int16_t{-1262}};
    }
    if (!f.values.empty() && q.interval) {
        // The leading field of an INTERVAL may not exceed its declared precision.
        std::int64_t limit = 1;
        for (int d = 0; d < q.lead; ++d) limit *= 10;
        if (f.values.front() >= limit) return {{}, -1263};
    }
    if (!in_range(q, f.values)) return {{}, -1263};
    return {};
}

}  // namespace

std::optional<qualifier> qualifier::from_word(std::uint16_t word, bool interval) {
    qualifier q;
    q.interval = interval;
    q.start = (word >> 4) & 0x0f;
    q.end = word & 0x0f;
    const int length = word >> 8;
    if (q.start > q.end || q.end > 15 || (q.start <= unit::second && q.start % 2 != 0)) return std::nullopt;
    q.lead = length - (q.end - q.start);
    if (q.lead < 1 || q.lead > 9) return std::nullopt;
    if (!interval && q.lead != (q.start == unit::year ? 4 : 2) && q.start <= unit::second)
        return std::nullopt;
    return q;
}

std::optional<qualifier> parse_qualifier(std::string_view text, bool interval) {
    qualifier q;
    q.interval = interval;
    int precision = 0;
    if (!take_unit(text, q.start, precision)) return std::nullopt;
    if (q.start > unit::second) {
        // FRACTION(n) alone.
        q.end = q.start;
        q.start = unit::second + 1;
        q.lead = q.end - unit::second;
        q.end = q.start + q.lead - 1;
        return std::nullopt;  // FRACTION-only qualifiers are not supported
    }
    q.lead = interval ? (precision > 0 ? precision : (q.start == unit::year ? 4 : 2))
                      : (q.start == unit::year ? 4 : 2);
    if (!interval && precision != 0) return std::nullopt;
    if (q.lead > 9) return std::nullopt;
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    if (text.empty()) {
        q.end = q.start;
        return q;
    }
    if (upper(text.substr(0, 2)) != "TO") return std::nullopt;
    text.remove_prefix(2);
    int end_precision = 0;
    if (!take_unit(text, q.end, end_precision)) return std::nullopt;
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
    if (!text.empty() || q.end < q.start) return std::nullopt;
    if (q.end <= unit::second && end_precision != 0) return std::nullopt;
    // INTERVALs are year-month (YEAR, MONTH) or day-time (DAY … FRACTION), never both.
    if (interval && q.start <= unit::month && q.end > unit::month) return std::nullopt;
    return q;
}

std::string qualifier_text(const qualifier& q) {
    const auto name = [](int u) {
        return u > unit::second ? "FRACTION(" + std::to_string(u - unit::second) + ")"
                                : std::string(unit_names[u]);
    };
    std::string out = name(q.start);
    if (q.interval && q.lead != 2) out += "(" + std::to_string(q.lead) + ")";
    return out + " TO " + name(q.end);
}

datetime_result canonical_datetime(std::string_view text, const qualifier& q) {
    fields f;
    auto r = split(text, q, f);
    if (r.code != 0) return r;
    return {format(q, f), 0};
}

namespace {

// The canonical text of q (as format writes it) read without allocating: all field digits, the
// fraction's included, copied to `buf`. Their count (q.length()), or 0 for another shape. The
// shape fixes the text's length, so any other length is refused before a character is read.
int canonical_digits(std::string_view text, const qualifier& q, bool& negative, char (&buf)[40]) {
    negative = q.interval && !text.empty() && text[0] == '-';
    const int last_whole = std::min(q.end, unit::second);
    const int fraction = q.fraction_digits();
    std::size_t length = negative ? 1 : 0;
    int total = 0;
    for (int u = q.start; u <= last_whole; u += 2) {
        length += static_cast<std::size_t>(field_digits(q, u)) + (u != q.start ? 1 : 0);
        total += field_digits(q, u);
    }
    if (fraction > 0) {
        length += static_cast<std::size_t>(fraction) + (q.start <= unit::second ? 1 : 0);
        total += fraction;
    }
    if (text.size() != length || total > static_cast<int>(sizeof buf)) return 0;
    const char* p = text.data() + (negative ? 1 : 0);
    int n = 0;
    const auto digits = [&](int count) {
        for (int k = 0; k < count; ++k, ++p) {
            if (*p < '0' || *p > '9') return false;
            buf[n++] = *p;
        }
        return true;
    };
    for (int u = q.start; u <= last_whole; u += 2) {
        if (u != q.start && *p++ != separator_before(u)) return 0;
        if (!digits(field_digits(q, u))) return 0;
    }
    if (fraction > 0) {
        if (q.start <= unit::second && *p++ != '.') return 0;
        if (!digits(fraction)) return 0;
    }
    return n;
}

}  // namespace

bool is_canonical_datetime(std::string_view text, const qualifier& q) {
    char digits[40];
    bool negative = false;
    if (canonical_digits(text, q, negative, digits) == 0) return false;
    // Field values from the digits, then the ranges every literal is held to.
    std::int64_t values[6];  // YEAR..SECOND at most
    std::size_t count = 0;
    int at = 0;
    for (int u = q.start; u <= std::min(q.end, unit::second); u += 2) {
        std::int64_t v = 0;
        for (int k = 0; k < field_digits(q, u); ++k) v = v * 10 + (digits[at++] - '0');
        values[count++] = v;
    }
    return in_range(q, std::span<const std::int64_t>(values, count));
}

bool pack_datetime(std::string_view text, const qualifier& q, std::vector<std::uint8_t>& out) {
    char digit_buf[40];
    bool negative = false;
    if (const int n = canonical_digits(text, q, negative, digit_buf))
        return pack_decimal_digits(negative, std::string_view(digit_buf, static_cast<std::size_t>(n)),
                                   n - q.fraction_digits(), q.length(), q.fraction_digits(),
                                   out) == decimal_status::ok;
    fields f;
    if (split(text, q, f).code != 0) return false;
    std::string number = f.negative ? "-" : "";
    for (std::size_t i = 0; i < f.values.size(); ++i) {
        std::string digits = std::to_string(f.values[i]);
        const auto width = static_cast<std::size_t>(field_digits(q, q.start + 2 * static_cast<int>(i)));
        if (digits.size() < width) digits.insert(0, width - digits.size(), '0');
        number += digits;
    }
    if (f.values.empty()) number += "0";
    if (!f.fraction.empty()) number += "." + f.fraction;
    return pack_decimal(number, q.length(), q.fraction_digits(), out) == decimal_status::ok;
}

std::optional<std::string> unpack_datetime(std::span<const std::uint8_t> bytes, const qualifier& q) {
    const auto number = unpack_decimal(bytes);
    if (!number) return std::nullopt;
    std::string_view n = *number;
    fields f;
    if (!n.empty() && n.front() == '-') {
        f.negative = true;
        n.remove_prefix(1);
    }
    const auto point = n.find('.');
    std::string whole(n.substr(0, point));
    std::string frac(point == std::string_view::npos ? std::string_view{} : n.substr(point + 1));
    const int whole_digits = q.length() - q.fraction_digits();
    if (static_cast<int>(whole.size()) > whole_digits) return std::nullopt;
    whole.insert(0, static_cast<std::size_t>(whole_digits) - whole.size(), '0');
    frac.append(static_cast<std::size_t>(std::max(0, q.fraction_digits() - static_cast<int>(frac.size()))),
                '0');
    frac.resize(static_cast<std::size_t>(q.fraction_digits()));
    std::size_t pos = 0;
    for (int u = q.start; u <= std::min(q.end, unit::second); u += 2) {
        const auto w = static_cast<std::size_t>(field_digits(q, u));
        std::int64_t v = 0;
        std::from_chars(whole.data() + pos, whole.data() + pos + w, v);
        f.values.push_back(v);
        pos += w;
    }
    f.fraction = frac;
    return format(q, f);
}

std::string current_datetime(const qualifier& q) {
    timeval tv{};
    ::gettimeofday(&tv, nullptr);
    std::tm tm{};
    const std::time_t seconds = tv.tv_sec;
    ::localtime_r(&seconds, &tm);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d.%05ld", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<long>(tv.tv_usec / 10));
    // Cut the full YEAR TO FRACTION(5) text down to the qualifier's fields.
    static constexpr int offsets[] = {0, 0, 5, 0, 8, 0, 11, 0, 14, 0, 17};
    const std::string full = buf;
    const std::size_t begin = static_cast<std::size_t>(offsets[std::min(q.start, unit::second)]);
    const std::size_t end = q.end > unit::second
                                ? 20 + static_cast<std::size_t>(q.end - unit::second)
                                : static_cast<std::size_t>(offsets[q.end]) + (q.end == 0 ? 4 : 2);
    return full.substr(begin, end - begin);
}

}  // namespace ifx::lite

namespace ifx::lite {

std::optional<datetime_fields> read_fields(std::string_view text, const qualifier& q) {
    fields f;
    if (split(text, q, f).code != 0) return std::nullopt;
    datetime_fields out;
    out.negative = f.negative;
    for (std::size_t i = 0; i < f.values.size(); ++i) {
        const int u = q.start + 2 * static_cast<int>(i);
        if (u <= unit::second) out.field[u / 2] = f.values[i];
    }
    std::string digits = f.fraction;
    digits.resize(5, '0');
    std::from_chars(digits.data(), digits.data() + digits.size(), out.fraction);
    return out;
}

std::string write_fields(const datetime_fields& d, const qualifier& q) {
    fields f;
    f.negative = d.negative;
    for (int u = q.start; u <= std::min(q.end, unit::second); u += 2) f.values.push_back(d.field[u / 2]);
    if (q.fraction_digits() > 0) {
        char buf[24];
        std::snprintf(buf, sizeof buf, "%05lld", static_cast<long long>(d.fraction % 100000));
        f.fraction = std::string(buf, static_cast<std::size_t>(q.fraction_digits()));
    }
    return format(q, f);
}

datetime_fields current_fields() {
    qualifier all;
    all.start = unit::year;
    all.end = unit::second + 5;
    all.lead = 4;
    return read_fields(current_datetime(all), all).value_or(datetime_fields{});
}

}  // namespace ifx::lite
