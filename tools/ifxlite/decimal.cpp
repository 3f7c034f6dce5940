#include "decimal.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace ifx::lite {
namespace {

// A decimal number as sign, significant digits (no leading zeros) and the power of ten of the
// digit just left of the decimal point: value = 0.d1d2d3… × 10^point.
struct parsed_decimal {
    bool negative = false;
    std::string digits;
    int point = 0;
};

std::optional<parsed_decimal> parse(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
    parsed_decimal d;
    std::size_t i = 0;
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) d.negative = text[i++] == '-';
    std::string all;
    int int_digits = 0;
    bool seen_point = false;
    bool any = false;
    for (; i < text.size(); ++i) {
        const char c = text[i];
        if (c >= '0' && c <= '9') {
            all.push_back(c);
            any = true;
            if (!seen_point) ++int_digits;
        } else if (c == '.' && !seen_point) {
            seen_point = true;
        } else {
            break;
        }
        if (all.size() > 4096) return std::nullopt;
    }
    if (!any) return std::nullopt;
    int exponent = 0;
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        const char* first = text.data() + i;
        if (i < text.size() && text[i] == '+') ++first;
        const auto [ptr, ec] = std::from_chars(first, text.data() + text.size(), exponent);
        if (ec != std::errc{} || ptr == first || exponent > 1000 || exponent < -1000) return std::nullopt;
        i = static_cast<std::size_t>(ptr - text.data());
    }
    if (i != text.size()) return std::nullopt;
    const auto lead = all.find_first_not_of('0');
    if (lead == std::string::npos) return parsed_decimal{};  // zero
    d.digits = all.substr(lead);
    d.point = int_digits - static_cast<int>(lead) + exponent;
    while (!d.digits.empty() && d.digits.back() == '0') d.digits.pop_back();
    return d;
}

// Keeps `keep` significant digits, rounding half away from zero (may carry into a new digit).
void round_digits(parsed_decimal& d, int keep) {
    if (keep < 0) {
        d = parsed_decimal{};
        return;
    }
    if (static_cast<int>(d.digits.size()) <= keep) return;
    const bool up = d.digits[static_cast<std::size_t>(keep)] >= '5';
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
    while (!d.digits.empty() && d.digits.back() == '0') d.digits.pop_back();
    if (d.digits.empty()) d = parsed_decimal{};
}

}  // namespace

decimal_status pack_decimal(std::string_view text, int precision, int scale, std::vector<std::uint8_t>& out) {
    auto parsed = parse(text);
    if (!parsed) return decimal_status::not_a_number;
    parsed_decimal d = std::move(*parsed);
    const bool floating = scale == decimal_floating_scale;
    if (floating) {
        round_digits(d, precision);
    } else {
        round_digits(d, d.point + scale);
        if (!d.digits.empty() && d.point > precision - scale) return decimal_status::overflow;
    }
    const std::size_t width = decimal_width(precision, scale);
    const std::size_t start = out.size();
    out.resize(start + width, 0);
    if (d.digits.empty()) {
        out[start] = 0x80;
        return decimal_status::ok;
    }
    // Align on base-100 pairs: the exponent counts pairs left of the point.
    const int exponent = d.point >= 0 ? (d.point + 1) / 2 : -((-d.point) / 2);
    std::string aligned(static_cast<std::size_t>(2 * exponent - d.point), '0');
    aligned += d.digits;
    if (aligned.size() % 2 != 0) aligned.push_back('0');
    std::vector<std::uint8_t> pairs;
    for (std::size_t k = 0; k < aligned.size(); k += 2)
        pairs.push_back(static_cast<std::uint8_t>((aligned[k] - '0') * 10 + (aligned[k + 1] - '0')));
    if (pairs.size() > width - 1 || exponent > 63 || exponent < -64) {
        out.resize(start);
        return decimal_status::overflow;
    }
    if (d.negative) {
        // Base-100 complement from the least significant end (§9.5).
        bool first = true;
        for (auto it = pairs.rbegin(); it != pairs.rend(); ++it) {
            if (first && *it == 0) continue;
            *it = static_cast<std::uint8_t>(first ? 100 - *it : 99 - *it);
            first = false;
        }
    }
    const auto head = static_cast<std::uint8_t>(exponent + 64);
    out[start] = d.negative ? static_cast<std::uint8_t>(head ^ 0x7f) : static_cast<std::uint8_t>(head | 0x80);
    std::copy(pairs.begin(), pairs.end(), out.begin() + static_cast<std::ptrdiff_t>(start + 1));
    return decimal_status::ok;
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
    std::string digits;
    for (int p : pairs) {
        if (p < 0 || p > 99) return std::nullopt;
        digits.push_back(static_cast<char>('0' + p / 10));
        digits.push_back(static_cast<char>('0' + p % 10));
    }
    const int point = 2 * exponent;  // digits left of the decimal point
    std::string int_part, frac_part;
    if (point <= 0) {
        frac_part = std::string(static_cast<std::size_t>(-point), '0') + digits;
    } else if (static_cast<std::size_t>(point) >= digits.size()) {
        int_part = digits + std::string(static_cast<std::size_t>(point) - digits.size(), '0');
    } else {
        int_part = digits.substr(0, static_cast<std::size_t>(point));
        frac_part = digits.substr(static_cast<std::size_t>(point));
    }
    int_part.erase(0, std::min(int_part.find_first_not_of('0'), int_part.size()));
    while (!frac_part.empty() && frac_part.back() == '0') frac_part.pop_back();
    if (int_part.empty()) int_part = "0";
    std::string text = int_part;
    if (!frac_part.empty()) text += "." + frac_part;
    if (negative && text != "0") text.insert(text.begin(), '-');
    return text;
}

int compare_decimal_text(std::string_view a, std::string_view b) {
    const auto pa = parse(a);
    const auto pb = parse(b);
    if (!pa || !pb) {
        if (pa) return -1;
        if (pb) return 1;
        return a.compare(b) < 0 ? -1 : (a == b ? 0 : 1);
    }
    const auto sign = [](const parsed_decimal& d) { return d.digits.empty() ? 0 : (d.negative ? -1 : 1); };
    const int sa = sign(*pa), sb = sign(*pb);
    if (sa != sb) return sa < sb ? -1 : 1;
    if (sa == 0) return 0;
    int magnitude = 0;
    if (pa->point != pb->point) {
        magnitude = pa->point < pb->point ? -1 : 1;
    } else {
        const int c = pa->digits.compare(pb->digits);
        magnitude = c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    return sa < 0 ? -magnitude : magnitude;
}

}  // namespace ifx::lite
