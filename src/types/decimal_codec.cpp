#include "types/decimal_codec.hpp"

#include <algorithm>
#include <array>
#include <cstring>

namespace ifx::types {
namespace {

// The two decimal digits of each base-100 digit.
constexpr auto pair_digits = [] {
    std::array<std::array<std::uint8_t, 2>, 128> t{};  // indexes 100..127: never used for a value
    for (std::size_t i = 0; i < 100; ++i)
        t[i] = {static_cast<std::uint8_t>(i / 10), static_cast<std::uint8_t>(i % 10)};
    return t;
}();

bool to_packed(const decimal& d, packed_number& n) noexcept {
    std::uint8_t digits[decimal::max_digits];
    for (int i = 0; i < d.digits(); ++i) digits[i] = static_cast<std::uint8_t>(d.digit(i));
    return packed_from_digits(d.is_negative(), digits, d.digits(), d.digits() - d.scale(), n);
}

}  // namespace

// Builds a decimal from the wire directly, skipping from_parts' checks that a normally packed
// value cannot fail (digits 0..9, at most 32 of them, leading zeros).
struct decimal_access {
    // The normal shape of a packed DECIMAL: first pair non-zero, at most 16 significant pairs
    // (so at most 32 digits), every pair byte in range, an exponent whose magnitude Informix
    // stores; and zero. Anything else returns false with out untouched, and decode_decimal runs
    // the general path, so the outcome of every input, each rejection included, is that path's.
    // A unit test compares the two over random and edge inputs.
    static bool decode_normal(std::span<const std::uint8_t> v, int scale, decimal& out) noexcept {
        if (v.empty() || packed_is_null(v)) return false;
        const std::uint8_t head = v[0];
        const bool negative = (head & 0x80) == 0;
        const int exponent = (negative ? (head & 0x7f) ^ 0x7f : head & 0x7f) - 64;
        std::size_t last = v.size() - 1;  // digit bytes up to the last non-zero one
        while (last > 0 && v[last] == 0) --last;
        if (last == 0) {  // zero
            out = decimal{};
            out.scale_ = static_cast<std::int16_t>(scale < 0 ? 0 : std::min(scale, decimal::max_digits));
            return true;
        }
        if (last > decimal::max_digits / 2) return false;
        // The digits, two per pair, with a spare zero at the end for the memcpy below.
        std::uint8_t digits[decimal::max_digits + 2] = {};
        bool bad = false;
        if (negative) {
            // Base-100 complement from the least significant non-zero pair (pitfall 25). The
            // byte is checked, not the result: a last byte of 100 would complement to a zero
            // pair, which the general path trims.
            for (std::size_t i = 0; i < last; ++i) {
                const unsigned d = (i + 1 == last ? 100u : 99u) - v[i + 1];
                bad |= v[i + 1] > 99;
                std::memcpy(digits + 2 * i, pair_digits[d & 0x7f].data(), 2);
            }
        } else {
            for (std::size_t i = 0; i < last; ++i) {
                const unsigned d = v[i + 1];
                bad |= d > 99;
                std::memcpy(digits + 2 * i, pair_digits[d & 0x7f].data(), 2);
            }
        }
        const int lead = digits[0] == 0 ? 1 : 0;  // a first pair below 10
        if (bad || (lead != 0 && digits[1] == 0)) return false;
        const int msd = 2 * exponent - lead;  // digits before the point
        if (msd < -128 || msd > 126) return false;
        int n = static_cast<int>(2 * last) - lead;
        if (digits[2 * last - 1] == 0) --n;  // natural scale: at most one trailing zero digit
        int value_scale = n - msd;
        // Pad to the column's scale with the zeros the wire trimmed, as far as 32 digits allow.
        if (scale >= 0 && value_scale < scale) {
            const int pad = std::min(scale - value_scale, decimal::max_digits - n);
            n += pad;
            value_scale += pad;
        }
        // Every digit from n on is zero, as in a decimal built by from_parts.
        std::memcpy(out.digits_.data(), digits + lead, decimal::max_digits);
        out.ndigits_ = static_cast<std::uint8_t>(n);
        out.scale_ = static_cast<std::int16_t>(value_scale);
        out.negative_ = negative;
        return true;
    }
};

bool decode_decimal_fast(std::span<const std::uint8_t> v, int scale, decimal& out) noexcept {
    return decimal_access::decode_normal(v, scale, out);
}

codec_status decode_decimal(std::span<const std::uint8_t> v, int scale, decimal& out) noexcept {
    if (decimal_access::decode_normal(v, scale, out)) return codec_status::ok;
    return decode_decimal_general(v, scale, out);
}

codec_status decode_decimal_general(std::span<const std::uint8_t> v, int scale, decimal& out) noexcept {
    if (packed_is_null(v)) return codec_status::null;
    packed_number n;
    if (auto s = unpack(v, n); s != codec_status::ok) return s;
    if (n.count == 0) {  // zero: its exponent byte carries no scale
        (void)decimal::from_parts(false, nullptr, 0, scale, out);
        return codec_status::ok;
    }
    // The pairs as decimal digits, with room for the padding below.
    std::uint8_t digits[2 * max_packed_pairs];
    for (std::size_t i = 0; i < n.count; ++i) std::memcpy(digits + 2 * i, pair_digits[n.pairs[i]].data(), 2);
    int count = static_cast<int>(2 * n.count);
    int value_scale = count - 2 * n.exponent;
    // unpack() trimmed the zero pairs at the end, so at most one zero digit ends the value.
    if (digits[count - 1] == 0) --count, --value_scale;  // natural scale
    const int first = digits[0] == 0 ? 1 : 0;
    if (count - first > decimal::max_digits) return codec_status::malformed;
    // Pad to the column's scale with the zeros the wire trimmed, as far as 32 digits allow.
    if (scale >= 0 && value_scale < scale) {
        const int pad = std::min(scale - value_scale, decimal::max_digits - (count - first));
        std::memset(digits + count, 0, static_cast<std::size_t>(pad));
        count += pad;
        value_scale += pad;
    }
    if (decimal::from_parts(n.negative, digits, count, value_scale, out)) return codec_status::malformed;
    return codec_status::ok;
}

bool encode_decimal(const decimal& d, std::span<std::uint8_t> out) noexcept {
    packed_number n;
    return to_packed(d, n) && pack(n, out);
}

std::size_t packed_size(const decimal& d) noexcept {
    packed_number n;
    return to_packed(d, n) ? 1 + n.count : 0;
}

}  // namespace ifx::types
