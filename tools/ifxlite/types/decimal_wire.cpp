// The packed base-100 wire form of DECIMAL/MONEY (PROTOCOL.md §9.5): packing, checking and
// unpacking, and the comparison of decimal text.

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

using decimal_detail::digit_count;
using decimal_detail::magnitude;
using decimal_detail::scan;
using decimal_detail::text_number;
using decimal_detail::trim_zeros;

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
    // Pairs of digits; with a lead zero the first pair is 0d1 and the rest shift by one.
    int at = 0;
    std::size_t pair = 0;
    if (lead == 1) p[pair++] = static_cast<std::uint8_t>(digits[at++] - '0');
    for (; at + 1 < n; at += 2)
        p[pair++] = static_cast<std::uint8_t>((digits[at] - '0') * 10 + (digits[at + 1] - '0'));
    if (at < n) p[pair] = static_cast<std::uint8_t>((digits[at] - '0') * 10);
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
