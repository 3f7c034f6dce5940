#include "decimal.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>

namespace ifx::lite {
namespace {

// Longest digit string parse_decimal accepts; far beyond what a DECIMAL holds, short enough that
// hostile text cannot make arithmetic expensive.
constexpr std::size_t max_parsed_digits = 4096;
constexpr int max_exponent = 1000;

void trim_zeros(decimal_number& d) {
    const auto lead = d.digits.find_first_not_of('0');
    if (lead == std::string::npos) {
        d = decimal_number{};
        return;
    }
    d.digits.erase(0, lead);
    d.point -= static_cast<int>(lead);
    while (d.digits.back() == '0') d.digits.pop_back();
}

// Magnitudes as unsigned integers in decimal digit strings, most significant digit first.
int compare_magnitude(const std::string& a, const std::string& b) {
    if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
    const int c = a.compare(b);
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

std::string add_magnitude(const std::string& a, const std::string& b) {
    std::string out(std::max(a.size(), b.size()) + 1, '0');
    int carry = 0;
    for (std::size_t k = 0; k < out.size(); ++k) {
        int sum = carry;
        if (k < a.size()) sum += a[a.size() - 1 - k] - '0';
        if (k < b.size()) sum += b[b.size() - 1 - k] - '0';
        out[out.size() - 1 - k] = static_cast<char>('0' + sum % 10);
        carry = sum / 10;
    }
    return out;
}

// a - b with a >= b.
std::string subtract_magnitude(const std::string& a, const std::string& b) {
    std::string out(a.size(), '0');
    int borrow = 0;
    for (std::size_t k = 0; k < a.size(); ++k) {
        int d = (a[a.size() - 1 - k] - '0') - borrow - (k < b.size() ? b[b.size() - 1 - k] - '0' : 0);
        borrow = d < 0;
        if (d < 0) d += 10;
        out[out.size() - 1 - k] = static_cast<char>('0' + d);
    }
    return out;
}

std::string strip_leading(std::string s) {
    const auto lead = s.find_first_not_of('0');
    s.erase(0, lead == std::string::npos ? s.size() : lead);
    return s;
}

// The coefficient (as digits) and exponent of d: value = coefficient × 10^exponent.
int exponent_of(const decimal_number& d) {
    return d.point - static_cast<int>(d.digits.size());
}

decimal_number from_coefficient(bool negative, const std::string& coefficient, int exponent) {
    decimal_number d;
    d.negative = negative;
    d.digits = coefficient;
    d.point = exponent + static_cast<int>(coefficient.size());
    trim_zeros(d);
    return d;
}

// Keeps `keep` leading digits; rounds half away from zero (truncates when `round` is false).
void cut_digits(decimal_number& d, int keep, bool round) {
    if (static_cast<int>(d.digits.size()) <= keep) return;
    if (keep < 0) {
        d = decimal_number{};
        return;
    }
    const bool up = round && d.digits[static_cast<std::size_t>(keep)] >= '5';
    d.digits.resize(static_cast<std::size_t>(keep));
    if (up) {
        int k = keep - 1;
        while (k >= 0 && d.digits[static_cast<std::size_t>(k)] == '9')
            d.digits[static_cast<std::size_t>(k--)] = '0';
        if (k < 0) {
            d.digits.insert(d.digits.begin(), '1');
            ++d.point;
        } else {
            ++d.digits[static_cast<std::size_t>(k)];
        }
    }
    const bool negative = d.negative;
    trim_zeros(d);
    if (!d.is_zero()) d.negative = negative;
}

// A number written in text, located without allocating: its significant digits lie in
// [first, last] (skipping a '.'), the first of them `point` places left of the decimal point.
struct text_number {
    bool valid = false;
    bool negative = false;
    bool zero = true;
    std::size_t first = 0, last = 0;
    int point = 0;
};

text_number scan(std::string_view t) {
    text_number n;
    std::size_t i = 0;
    while (i < t.size() && std::isspace(static_cast<unsigned char>(t[i]))) ++i;
    std::size_t end = t.size();
    while (end > i && std::isspace(static_cast<unsigned char>(t[end - 1]))) --end;
    if (i < end && (t[i] == '-' || t[i] == '+')) n.negative = t[i++] == '-';
    int int_digits = 0;
    bool seen_point = false, any = false;
    int position = 0;  // digits seen so far
    int first_position = -1;
    for (; i < end; ++i) {
        const char c = t[i];
        if (c >= '0' && c <= '9') {
            any = true;
            if (c != '0') {
                if (first_position < 0) {
                    first_position = position;
                    n.first = i;
                }
                n.last = i;
            }
            ++position;
            if (!seen_point) ++int_digits;
        } else if (c == '.' && !seen_point) {
            seen_point = true;
        } else {
            break;
        }
    }
    if (!any) return n;
    int exponent = 0;
    if (i < end && (t[i] == 'e' || t[i] == 'E')) {
        ++i;
        const char* from = t.data() + i;
        if (i < end && t[i] == '+') ++from;
        const auto [p, ec] = std::from_chars(from, t.data() + end, exponent);
        if (ec != std::errc{} || p == from || exponent > max_exponent || exponent < -max_exponent) return n;
        i = static_cast<std::size_t>(p - t.data());
    }
    if (i != end) return n;
    n.valid = true;
    if (first_position < 0) {
        n.negative = false;
        return n;
    }
    n.zero = false;
    n.point = int_digits - first_position + exponent;
    return n;
}

constexpr int max_fixed_digits = 38;

// 10^0 … 10^38.
const int128* powers_of_ten() {
    static const auto table = [] {
        std::array<int128, 39> t{};
        t[0] = 1;
        for (std::size_t i = 1; i < t.size(); ++i) t[i] = t[i - 1] * 10;
        return t;
    }();
    return table.data();
}

int128 power_of_ten(int n) {
    return powers_of_ten()[n];
}

int128 magnitude(int128 v) {
    return v < 0 ? -v : v;
}

// Digits of |v|, by comparison (128-bit division is a library call).
int digit_count(int128 v) {
    v = magnitude(v);
    const int128* p = powers_of_ten();
    int n = 0;
    while (n <= max_fixed_digits && v >= p[n]) ++n;
    return n;
}

// Multiplies by 10^n when the result stays within 38 digits.
std::optional<int128> scale_up(int128 v, int n) {
    if (n < 0 || n > max_fixed_digits) return std::nullopt;
    if (v == 0) return v;
    if (digit_count(v) + n > max_fixed_digits) return std::nullopt;
    return v * power_of_ten(n);
}

// Divides by 10^n, rounding half away from zero (or truncating).
int128 scale_down(int128 v, int n, bool truncate) {
    if (n <= 0) return v;
    if (n > max_fixed_digits) return 0;
    const int128 p = power_of_ten(n);
    const int128 m = magnitude(v);
    int128 q = 0, r = 0;
    if (m <= std::numeric_limits<std::uint64_t>::max() && p <= std::numeric_limits<std::uint64_t>::max()) {
        const auto m64 = static_cast<std::uint64_t>(m), p64 = static_cast<std::uint64_t>(p);
        q = m64 / p64;
        r = m64 % p64;
    } else {
        q = m / p;
        r = m % p;
    }
    if (!truncate && r * 2 >= p) ++q;
    return v < 0 ? -q : q;
}

}  // namespace

std::optional<fixed_decimal> parse_fixed(std::string_view t) {
    std::size_t i = 0, end = t.size();
    while (i < end && t[i] == ' ') ++i;
    while (end > i && t[end - 1] == ' ') --end;
    bool negative = false;
    if (i < end && (t[i] == '-' || t[i] == '+')) negative = t[i++] == '-';
    // 64-bit accumulation while it cannot overflow (18 digits), 128-bit beyond.
    std::uint64_t small = 0;
    int128 v = 0;
    int digits = 0, scale = 0;
    bool point = false, any = false;
    for (; i < end; ++i) {
        const char c = t[i];
        if (c >= '0' && c <= '9') {
            any = true;
            if (digits > 0 || c != '0') ++digits;
            if (digits > max_fixed_digits) return std::nullopt;
            if (digits <= 18)
                small = small * 10 + static_cast<std::uint64_t>(c - '0');
            else
                v = (digits == 19 ? static_cast<int128>(small) : v) * 10 + (c - '0');
            if (point) ++scale;
        } else if (c == '.' && !point) {
            point = true;
        } else {
            return std::nullopt;
        }
    }
    if (!any || scale > max_fixed_digits) return std::nullopt;
    if (digits <= 18) v = small;
    return fixed_decimal{negative ? -v : v, scale};
}

fixed_decimal fixed_from_integer(std::int64_t value) {
    return {value, 0};
}

std::optional<fixed_decimal> fixed_add(const fixed_decimal& a, const fixed_decimal& b) {
    const int scale = std::max(a.scale, b.scale);
    const auto x = scale_up(a.coefficient, scale - a.scale), y = scale_up(b.coefficient, scale - b.scale);
    if (!x || !y) return std::nullopt;
    int128 sum = 0;
    if (__builtin_add_overflow(*x, *y, &sum) || digit_count(sum) > max_fixed_digits) return std::nullopt;
    return fixed_decimal{sum, scale};
}

std::optional<fixed_decimal> fixed_multiply(const fixed_decimal& a, const fixed_decimal& b) {
    if (digit_count(a.coefficient) + digit_count(b.coefficient) > max_fixed_digits ||
        a.scale + b.scale > max_fixed_digits)
        return std::nullopt;
    return fixed_decimal{a.coefficient * b.coefficient, a.scale + b.scale};
}

std::optional<fixed_decimal> fixed_divide(const fixed_decimal& a, const fixed_decimal& b, int significant) {
    if (b.coefficient == 0) return std::nullopt;
    if (a.coefficient == 0) return fixed_decimal{0, 0};
    // (A × 10^k) / B must carry significant + 1 digits: A × 10^k has at most 38.
    const int da = digit_count(a.coefficient), db = digit_count(b.coefficient);
    const int k = max_fixed_digits - da;
    if (max_fixed_digits - db < significant + 1)
        return std::nullopt;  // the quotient has 38 - db digits or one more
    const int128 numerator = a.coefficient * power_of_ten(k);
    int128 q = numerator / b.coefficient;
    // value = q × 10^-(a.scale - b.scale + k); keep `significant` digits.
    int scale = a.scale - b.scale + k;
    const int extra = digit_count(q) - significant;
    if (extra > 0) {
        q = scale_down(q, extra, false);
        scale -= extra;
    }
    while (scale > 0 && q % 10 == 0) {
        q /= 10;
        --scale;
    }
    if (scale < 0) {
        const auto up = scale_up(q, -scale);
        if (!up) return std::nullopt;
        q = *up;
        scale = 0;
    }
    if (scale > max_fixed_digits) return std::nullopt;
    return fixed_decimal{q, scale};
}

std::optional<fixed_decimal> fixed_rescale(const fixed_decimal& d, int scale, bool truncate) {
    if (scale < 0) return std::nullopt;
    if (scale >= d.scale) {
        const auto v = scale_up(d.coefficient, scale - d.scale);
        if (!v) return std::nullopt;
        return fixed_decimal{*v, scale};
    }
    return fixed_decimal{scale_down(d.coefficient, d.scale - scale, truncate), scale};
}

int fixed_digits(const fixed_decimal& d) {
    return digit_count(d.coefficient);
}

int fixed_integer_digits(const fixed_decimal& d) {
    return std::max(0, digit_count(d.coefficient) - d.scale);
}

std::string format_fixed(const fixed_decimal& d) {
    char buf[48];
    int n = 0;
    const int128 m = magnitude(d.coefficient);
    if (m <= std::numeric_limits<std::uint64_t>::max()) {
        auto v = static_cast<std::uint64_t>(m);
        do {
            buf[n++] = static_cast<char>('0' + v % 10);
            v /= 10;
        } while (v > 0 || n <= d.scale);
    } else {
        int128 v = m;
        do {
            buf[n++] = static_cast<char>('0' + static_cast<int>(v % 10));
            v /= 10;
        } while (v > 0 || n <= d.scale);
    }
    std::string out;
    out.reserve(static_cast<std::size_t>(n) + 2);
    if (d.coefficient < 0) out.push_back('-');
    for (int k = n - 1; k >= 0; --k) {
        out.push_back(buf[k]);
        if (k == d.scale && d.scale > 0) out.push_back('.');
    }
    return out;
}

decimal_number to_decimal_number(const fixed_decimal& d) {
    return parse_decimal(format_fixed(d)).value_or(decimal_number{});
}

std::optional<fixed_decimal> to_fixed(const decimal_number& d) {
    if (d.is_zero()) return fixed_decimal{0, 0};
    const int scale = d.exact_scale();
    const int digits = std::max(d.point, 0) + scale;
    if (digits > max_fixed_digits || scale > max_fixed_digits) return std::nullopt;
    return parse_fixed(format_decimal(d));
}

int decimal_number::exact_scale() const {
    return std::max(0, static_cast<int>(digits.size()) - point);
}

std::optional<decimal_number> parse_decimal(std::string_view text) {
    const text_number n = scan(text);
    if (!n.valid) return std::nullopt;
    decimal_number d;
    if (n.zero) return d;
    d.negative = n.negative;
    d.point = n.point;
    for (std::size_t i = n.first; i <= n.last; ++i)
        if (text[i] != '.') d.digits.push_back(text[i]);
    if (d.digits.size() > max_parsed_digits) return std::nullopt;
    return d;
}

int written_scale(std::string_view text) {
    const auto dot = text.find('.');
    if (dot == std::string_view::npos) return 0;
    int n = 0;
    for (std::size_t i = dot + 1; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) ++n;
    return n;
}

decimal_number decimal_from_integer(std::int64_t value) {
    decimal_number d;
    if (value == 0) return d;
    d.negative = value < 0;
    // Through unsigned so that INT64_MIN negates safely.
    std::uint64_t magnitude =
        d.negative ? static_cast<std::uint64_t>(-(value + 1)) + 1 : static_cast<std::uint64_t>(value);
    d.digits = std::to_string(magnitude);
    d.point = static_cast<int>(d.digits.size());
    const bool negative = d.negative;
    trim_zeros(d);
    d.negative = negative;
    return d;
}

std::optional<decimal_number> decimal_from_double(double value) {
    if (!std::isfinite(value)) return std::nullopt;
    char buf[64];
    const auto [p, ec] = std::to_chars(buf, buf + sizeof buf, value);
    if (ec != std::errc{}) return std::nullopt;
    return parse_decimal(std::string_view(buf, static_cast<std::size_t>(p - buf)));
}

double decimal_to_double(const decimal_number& d) {
    if (d.is_zero()) return 0;
    std::string text = (d.negative ? "-0." : "0.") + d.digits + "e" + std::to_string(d.point);
    double v = 0;
    std::from_chars(text.data(), text.data() + text.size(), v);
    return v;
}

std::optional<std::int64_t> decimal_to_integer(const decimal_number& d) {
    if (d.is_zero()) return 0;
    if (d.exact_scale() > 0 || d.point > 19) return std::nullopt;
    const std::string text = (d.negative ? "-" : "") + d.digits +
                             std::string(static_cast<std::size_t>(d.point) - d.digits.size(), '0');
    std::int64_t v = 0;
    const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc{} || p != text.data() + text.size()) return std::nullopt;
    return v;
}

std::string format_decimal(const decimal_number& d) {
    if (d.is_zero()) return "0";
    std::string out = d.negative ? "-" : "";
    const int n = static_cast<int>(d.digits.size());
    if (d.point <= 0) {
        out += "0." + std::string(static_cast<std::size_t>(-d.point), '0') + d.digits;
    } else if (d.point >= n) {
        out += d.digits + std::string(static_cast<std::size_t>(d.point - n), '0');
    } else {
        out += d.digits.substr(0, static_cast<std::size_t>(d.point)) + "." +
               d.digits.substr(static_cast<std::size_t>(d.point));
    }
    return out;
}

std::string format_decimal(const decimal_number& value, int scale) {
    decimal_number d = value;
    round_decimal(d, scale);
    std::string out = format_decimal(d);
    if (scale <= 0) return out;
    const auto dot = out.find('.');
    const int have = dot == std::string::npos ? 0 : static_cast<int>(out.size() - dot - 1);
    if (dot == std::string::npos) out.push_back('.');
    out.append(static_cast<std::size_t>(scale - have), '0');
    return out;
}

decimal_number add_decimal(const decimal_number& a, const decimal_number& b) {
    if (a.is_zero()) return b;
    if (b.is_zero()) return a;
    const int ea = exponent_of(a), eb = exponent_of(b);
    const int e = std::min(ea, eb);
    const std::string ca = a.digits + std::string(static_cast<std::size_t>(ea - e), '0');
    const std::string cb = b.digits + std::string(static_cast<std::size_t>(eb - e), '0');
    if (a.negative == b.negative)
        return from_coefficient(a.negative, strip_leading(add_magnitude(ca, cb)), e);
    const int c = compare_magnitude(ca, cb);
    if (c == 0) return decimal_number{};
    return c > 0 ? from_coefficient(a.negative, strip_leading(subtract_magnitude(ca, cb)), e)
                 : from_coefficient(b.negative, strip_leading(subtract_magnitude(cb, ca)), e);
}

decimal_number negate_decimal(decimal_number d) {
    if (!d.is_zero()) d.negative = !d.negative;
    return d;
}

decimal_number subtract_decimal(const decimal_number& a, const decimal_number& b) {
    return add_decimal(a, negate_decimal(b));
}

decimal_number multiply_decimal(const decimal_number& a, const decimal_number& b) {
    if (a.is_zero() || b.is_zero()) return decimal_number{};
    std::vector<int> acc(a.digits.size() + b.digits.size(), 0);
    for (std::size_t i = a.digits.size(); i-- > 0;)
        for (std::size_t j = b.digits.size(); j-- > 0;)
            acc[i + j + 1] += (a.digits[i] - '0') * (b.digits[j] - '0');
    for (std::size_t k = acc.size(); k-- > 1;) {
        acc[k - 1] += acc[k] / 10;
        acc[k] %= 10;
    }
    std::string coefficient;
    for (int v : acc) coefficient.push_back(static_cast<char>('0' + v));
    return from_coefficient(a.negative != b.negative, strip_leading(coefficient),
                            exponent_of(a) + exponent_of(b));
}

std::optional<decimal_number> divide_decimal(const decimal_number& a, const decimal_number& b,
                                             int significant) {
    if (b.is_zero()) return std::nullopt;
    if (a.is_zero()) return decimal_number{};
    // a / b = (A × 10^k / B) × 10^(ea - eb - k) for the coefficients A, B; k makes the integer
    // quotient at least significant + 1 digits long, enough to round half away from zero.
    const std::string& divisor = b.digits;
    const int k =
        std::max(0, significant + 2 + static_cast<int>(divisor.size()) - static_cast<int>(a.digits.size()));
    const std::size_t total = a.digits.size() + static_cast<std::size_t>(k);
    std::string remainder, quotient;
    for (std::size_t i = 0; i < total; ++i) {
        remainder.push_back(i < a.digits.size() ? a.digits[i] : '0');
        remainder = strip_leading(remainder);
        int q = 0;
        while (compare_magnitude(remainder, divisor) >= 0) {
            remainder = strip_leading(subtract_magnitude(remainder, divisor));
            ++q;
        }
        if (!quotient.empty() || q != 0) quotient.push_back(static_cast<char>('0' + q));
    }
    decimal_number q =
        from_coefficient(a.negative != b.negative, quotient, exponent_of(a) - exponent_of(b) - k);
    round_significant(q, significant);
    return q;
}

int compare_decimal(const decimal_number& a, const decimal_number& b) {
    const auto sign = [](const decimal_number& d) { return d.is_zero() ? 0 : (d.negative ? -1 : 1); };
    const int sa = sign(a), sb = sign(b);
    if (sa != sb) return sa < sb ? -1 : 1;
    if (sa == 0) return 0;
    int magnitude = 0;
    if (a.point != b.point) {
        magnitude = a.point < b.point ? -1 : 1;
    } else {
        const int c = a.digits.compare(b.digits);
        magnitude = c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    return sa < 0 ? -magnitude : magnitude;
}

void round_decimal(decimal_number& d, int scale) {
    cut_digits(d, d.point + scale, true);
}

void truncate_decimal(decimal_number& d, int scale) {
    cut_digits(d, d.point + scale, false);
}

void round_significant(decimal_number& d, int digits) {
    cut_digits(d, digits, true);
}

decimal_status fit_decimal(decimal_number& d, int precision, int scale) {
    if (scale == decimal_floating_scale) {
        round_significant(d, precision);
        // Informix keeps a base-100 exponent in -64..63: |value| < 10^126, and smaller than
        // 10^-130 is zero.
        if (!d.is_zero() && d.point > 126) return decimal_status::overflow;
        if (!d.is_zero() && d.point < -129) d = decimal_number{};
        return decimal_status::ok;
    }
    round_decimal(d, scale);
    if (!d.is_zero() && d.point > precision - scale) return decimal_status::overflow;
    return decimal_status::ok;
}

decimal_status store_decimal_text(std::string_view text, int precision, int scale, std::string& out) {
    auto d = parse_decimal(text);
    if (!d) return decimal_status::not_a_number;
    const auto status = fit_decimal(*d, precision, scale);
    if (status != decimal_status::ok) return status;
    out = scale == decimal_floating_scale ? format_decimal(*d) : format_decimal(*d, scale);
    return decimal_status::ok;
}

namespace {

// Appends DECLEN(p, s) bytes for ±0.d1d2…dn × 10^point (digits without leading zeros; n == 0 is
// zero): base-100 pairs aligned on the exponent, complemented when negative (§9.5).
decimal_status pack_digits(bool negative, const char* digits, int n, int point, int precision, int scale,
                           std::vector<std::uint8_t>& out) {
    const std::size_t width = decimal_width(precision, scale);
    const std::size_t start = out.size();
    if (n == 0) {
        out.resize(start + width, 0);
        out[start] = 0x80;
        return decimal_status::ok;
    }
    const int exponent = point >= 0 ? (point + 1) / 2 : -((-point) / 2);
    const int lead = 2 * exponent - point;  // zero digits before d1 in the first pair (0 or 1)
    const std::size_t pairs = static_cast<std::size_t>((lead + n + 1) / 2);
    if (pairs > width - 1 || exponent > 63 || exponent < -64) return decimal_status::overflow;
    out.resize(start + width, 0);
    std::uint8_t* p = out.data() + start + 1;
    const auto digit = [&](int k) { return k < lead || k - lead >= n ? 0 : digits[k - lead] - '0'; };
    for (std::size_t k = 0; k < pairs; ++k)
        p[k] = static_cast<std::uint8_t>(digit(2 * static_cast<int>(k)) * 10 +
                                         digit(2 * static_cast<int>(k) + 1));
    if (negative) {
        bool first = true;
        for (std::size_t k = pairs; k-- > 0;) {
            if (first && p[k] == 0) continue;
            p[k] = static_cast<std::uint8_t>(first ? 100 - p[k] : 99 - p[k]);
            first = false;
        }
    }
    const auto head = static_cast<std::uint8_t>(exponent + 64);
    out[start] = negative ? static_cast<std::uint8_t>(head ^ 0x7f) : static_cast<std::uint8_t>(head | 0x80);
    return decimal_status::ok;
}

// pack_decimal without the fixed fast path.
decimal_status pack_parsed(std::string_view text, int precision, int scale, std::vector<std::uint8_t>& out) {
    auto parsed = parse_decimal(text);
    if (!parsed) return decimal_status::not_a_number;
    decimal_number d = std::move(*parsed);
    if (fit_decimal(d, precision, scale) != decimal_status::ok) return decimal_status::overflow;
    return pack_digits(d.negative, d.digits.data(), static_cast<int>(d.digits.size()), d.point, precision,
                       scale, out);
}

}  // namespace

decimal_status pack_decimal_digits(bool negative, std::string_view digits, int point, int precision,
                                   int scale, std::vector<std::uint8_t>& out) {
    while (!digits.empty() && digits.front() == '0') {
        digits.remove_prefix(1);
        --point;
    }
    while (!digits.empty() && digits.back() == '0') digits.remove_suffix(1);
    return pack_digits(negative && !digits.empty(), digits.data(), static_cast<int>(digits.size()), point,
                       precision, scale, out);
}

decimal_status pack_fixed(const fixed_decimal& value, int precision, int scale,
                          std::vector<std::uint8_t>& out) {
    fixed_decimal v = value;
    if (scale == decimal_floating_scale) {
        const int excess = digit_count(v.coefficient) - precision;
        if (excess > 0) {
            if (excess > v.scale) return pack_parsed(format_fixed(value), precision, scale, out);
            v = *fixed_rescale(v, v.scale - excess);
        }
    } else {
        const auto scaled = fixed_rescale(v, scale);
        if (!scaled) return pack_parsed(format_fixed(value), precision, scale, out);
        v = *scaled;
        if (fixed_integer_digits(v) > precision - scale) return decimal_status::overflow;
    }
    // Digits of the coefficient without trailing zeros, and where the point falls.
    char buf[40];
    int n = 0;
    int s = v.scale;
    const int128 m = magnitude(v.coefficient);
    if (m <= std::numeric_limits<std::uint64_t>::max()) {
        auto m64 = static_cast<std::uint64_t>(m);
        while (m64 != 0 && m64 % 10 == 0) {
            m64 /= 10;
            --s;
        }
        for (; m64 > 0; m64 /= 10) buf[sizeof buf - 1 - n++] = static_cast<char>('0' + m64 % 10);
    } else {
        int128 w = m;
        while (w != 0 && w % 10 == 0) {
            w /= 10;
            --s;
        }
        for (; w > 0; w /= 10) buf[sizeof buf - 1 - n++] = static_cast<char>('0' + static_cast<int>(w % 10));
    }
    return pack_digits(v.coefficient < 0, buf + sizeof buf - n, n, n - s, precision, scale, out);
}

namespace {

// The common case of pack_decimal: plain text that needs no rounding (a stored DECIMAL value).
// Copies the significant digits and packs them; nothing when rounding or an exponent is involved.
std::optional<decimal_status> pack_plain(std::string_view t, int precision, int scale,
                                         std::vector<std::uint8_t>& out) {
    std::size_t i = 0;
    bool negative = false;
    if (i < t.size() && (t[i] == '-' || t[i] == '+')) negative = t[i++] == '-';
    char digits[64];
    int n = 0, int_digits = 0, frac_digits = 0, leading = 0;
    bool point = false, any = false;
    for (; i < t.size(); ++i) {
        const char c = t[i];
        if (c >= '0' && c <= '9') {
            any = true;
            if (point) ++frac_digits;
            if (n == 0 && c == '0') {
                if (point) ++leading;  // zeros right after the point: the value is below 1
                continue;
            }
            if (n == static_cast<int>(sizeof digits)) return std::nullopt;
            digits[n++] = c;
            if (!point) ++int_digits;
        } else if (c == '.' && !point) {
            point = true;
        } else {
            return std::nullopt;
        }
    }
    if (!any) return std::nullopt;
    if (scale == decimal_floating_scale) {
        if (n > precision) return std::nullopt;
    } else {
        if (frac_digits > scale) return std::nullopt;
        if (int_digits > precision - scale) return decimal_status::overflow;
    }
    while (n > 0 && digits[n - 1] == '0') --n;
    if (n == 0) negative = false;
    return pack_digits(negative, digits, n, int_digits > 0 ? int_digits : -leading, precision, scale, out);
}

}  // namespace

decimal_status check_decimal(std::string_view text, int precision, int scale) {
    if (const auto f = parse_fixed(text)) {
        if (scale == decimal_floating_scale) {
            if (fixed_digits(*f) - f->scale <= 126) return decimal_status::ok;
        } else if (const auto scaled = fixed_rescale(*f, scale)) {
            return fixed_integer_digits(*scaled) > precision - scale ? decimal_status::overflow
                                                                     : decimal_status::ok;
        }
    }
    auto d = parse_decimal(text);
    if (!d) return decimal_status::not_a_number;
    return fit_decimal(*d, precision, scale);
}

decimal_status pack_decimal(std::string_view text, int precision, int scale, std::vector<std::uint8_t>& out) {
    if (const auto plain = pack_plain(text, precision, scale, out)) return *plain;
    if (const auto f = parse_fixed(text)) return pack_fixed(*f, precision, scale, out);
    return pack_parsed(text, precision, scale, out);
}

std::optional<std::string> unpack_decimal(std::span<const std::uint8_t> bytes) {
    if (bytes.empty() || bytes.size() > 64) return std::nullopt;
    if (bytes[0] == 0 && (bytes.size() < 2 || bytes[1] == 0)) return std::nullopt;
    const bool negative = (bytes[0] & 0x80) == 0;
    const int exponent = (negative ? (bytes[0] ^ 0x7f) : bytes[0] & 0x7f) - 64;
    std::vector<int> pairs(bytes.begin() + 1, bytes.end());
    if (negative) {
        bool first = true;
        for (auto it = pairs.rbegin(); it != pairs.rend(); ++it) {
            if (first && *it == 0) continue;
            *it = first ? 100 - *it : 99 - *it;
            first = false;
        }
    }
    decimal_number d;
    for (int p : pairs) {
        if (p < 0 || p > 99) return std::nullopt;
        d.digits.push_back(static_cast<char>('0' + p / 10));
        d.digits.push_back(static_cast<char>('0' + p % 10));
    }
    d.point = 2 * exponent;
    d.negative = negative;
    trim_zeros(d);
    if (!d.is_zero()) d.negative = negative;
    return format_decimal(d);
}

int compare_decimal_text(std::string_view a, std::string_view b) {
    const text_number na = scan(a), nb = scan(b);
    if (!na.valid || !nb.valid) {
        if (na.valid) return -1;
        if (nb.valid) return 1;
        return a.compare(b) < 0 ? -1 : (a == b ? 0 : 1);
    }
    const auto sign = [](const text_number& n) { return n.zero ? 0 : (n.negative ? -1 : 1); };
    const int sa = sign(na), sb = sign(nb);
    if (sa != sb) return sa < sb ? -1 : 1;
    if (sa == 0) return 0;
    int magnitude = 0;
    if (na.point != nb.point) {
        magnitude = na.point < nb.point ? -1 : 1;
    } else {
        std::size_t i = na.first, j = nb.first;
        for (;;) {
            while (i <= na.last && a[i] == '.') ++i;
            while (j <= nb.last && b[j] == '.') ++j;
            const bool ea = i > na.last, eb = j > nb.last;
            if (ea || eb) {
                magnitude = ea && eb ? 0 : (ea ? -1 : 1);
                break;
            }
            if (a[i] != b[j]) {
                magnitude = a[i] < b[j] ? -1 : 1;
                break;
            }
            ++i;
            ++j;
        }
    }
    return sa < 0 ? -magnitude : magnitude;
}

}  // namespace ifx::lite
