// Fixed-point DECIMAL arithmetic on a 128-bit coefficient: the fast path for values of up to 38
// digits, with decimal_number as the fallback.

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

}  // namespace

namespace decimal_detail {

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

}  // namespace decimal_detail

using decimal_detail::digit_count;
using decimal_detail::magnitude;

namespace {

// Multiplies by 10^n when the result stays within 38 digits.
std::optional<int128> scale_up(int128 v, int n) {
    if (n < 0 || n > max_fixed_digits) return std::nullopt;
    if (v == 0) return v;
    if (digit_count(v) + n > max_fixed_digits) return std::nullopt;
    return v * power_of_ten(n);
}

// Divides by 10^n, rounded or truncated.
int128 scale_down(int128 v, int n, digit_cut how) {
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
    if (how == digit_cut::round && r * 2 >= p) ++q;
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
        q = scale_down(q, extra, digit_cut::round);
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

std::optional<fixed_decimal> fixed_rescale(const fixed_decimal& d, int scale, digit_cut how) {
    if (scale < 0) return std::nullopt;
    if (scale >= d.scale) {
        const auto v = scale_up(d.coefficient, scale - d.scale);
        if (!v) return std::nullopt;
        return fixed_decimal{*v, scale};
    }
    return fixed_decimal{scale_down(d.coefficient, d.scale - scale, how), scale};
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
}  // namespace ifx::lite
