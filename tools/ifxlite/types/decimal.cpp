#include "types/decimal.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>

#include "types/decimal_detail.hpp"

namespace ifx::lite {
namespace {

// Longest digit string parse_decimal accepts; far beyond what a DECIMAL holds, short enough that
// hostile text cannot make arithmetic expensive.
constexpr std::size_t max_parsed_digits = 4096;
constexpr int max_exponent = 1000;

}  // namespace

namespace decimal_detail {

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

}  // namespace decimal_detail

using decimal_detail::scan;
using decimal_detail::text_number;
using decimal_detail::trim_zeros;

namespace {

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

// Keeps `keep` leading digits, rounded or truncated.
void cut_digits(decimal_number& d, int keep, digit_cut how) {
    if (static_cast<int>(d.digits.size()) <= keep) return;
    if (keep < 0) {
        d = decimal_number{};
        return;
    }
    const bool up = how == digit_cut::round && d.digits[static_cast<std::size_t>(keep)] >= '5';
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

}  // namespace

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
    cut_digits(d, d.point + scale, digit_cut::round);
}

void truncate_decimal(decimal_number& d, int scale) {
    cut_digits(d, d.point + scale, digit_cut::truncate);
}

void round_significant(decimal_number& d, int digits) {
    cut_digits(d, digits, digit_cut::round);
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

}  // namespace ifx::lite
