#include "types/decimal_codec.hpp"

#include <algorithm>
#include <array>
#include <bit>
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

namespace {

// Eight pair bytes as their sixteen digits (tens, units), a word at a time: the bytes whose
// pairs lie past the value are zero and give zero digits. complement_lanes = 0 for a positive
// value; for a negative one, the number of these bytes up to and including the value's last
// non-zero byte, which are replaced by their base-100 complement (99 - byte, and 100 - byte for
// the last; more than 8 means the last one lies further on). False when a byte is above 99.
// Little-endian only (the lanes are the bytes in memory order).
[[gnu::always_inline]] inline bool eight_pairs_to_digits(const std::uint8_t* pairs,
                                                         std::size_t complement_lanes,
                                                         std::uint8_t* digits) noexcept {
    constexpr std::uint64_t ones = 0x0101010101010101u;
    std::uint64_t w = 0;
    std::memcpy(&w, pairs, sizeof w);
    // A byte gets its high bit from + 0x1c exactly when it is 100..127; from 0x80 it has it.
    const bool bad = (((w + 0x1c * ones) | w) & (0x80 * ones)) != 0;
    if (complement_lanes != 0) {
        const std::uint64_t lanes =
            complement_lanes >= 8 ? ~std::uint64_t{0} : (std::uint64_t{1} << (8 * complement_lanes)) - 1;
        const std::uint64_t last_one =
            complement_lanes <= 8 ? std::uint64_t{1} << (8 * (complement_lanes - 1)) : 0;
        w = ((0x63 * ones) & lanes) - w + last_one;  // no borrow or carry when no byte is above 99
    }
    // Four bytes into four 16-bit lanes, then each lane x (0..99) into (x / 10) | (x % 10) << 8:
    // x * 103 >> 10 is x / 10 for x < 179 and stays within the lane.
    const auto spread = [](std::uint64_t x) {
        x = (x | (x << 16)) & 0x0000ffff0000ffffu;
        return (x | (x << 8)) & 0x00ff00ff00ff00ffu;
    };
    const auto split = [](std::uint64_t x) {
        const std::uint64_t tens = ((x * 103) >> 10) & 0x000f000f000f000fu;
        return tens | ((x - tens * 10) << 8);
    };
    const std::uint64_t low = split(spread(w & 0xffffffffu)), high = split(spread(w >> 32));
    std::memcpy(digits, &low, sizeof low);
    std::memcpy(digits + 8, &high, sizeof high);
    return !bad;
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
    [[gnu::always_inline]] static bool decode_normal(std::span<const std::uint8_t> v, int scale,
                                                     decimal& out) noexcept {
        if (v.empty() || packed_is_null(v)) return false;
        const std::uint8_t head = v[0];
        const bool negative = (head & 0x80) == 0;
        const int exponent = (negative ? (head & 0x7f) ^ 0x7f : head & 0x7f) - 64;
        std::size_t last = v.size() - 1;  // digit bytes up to the last non-zero one
        if constexpr (std::endian::native == std::endian::little) {
            // A word at a time while a whole word of pair bytes ends at `last`: in memory order
            // the word's last non-zero byte is its most significant one.
            for (; last >= 8; last -= 8) {
                std::uint64_t w = 0;
                std::memcpy(&w, v.data() + last - 7, sizeof w);
                if (w != 0) {
                    last -= static_cast<std::size_t>(std::countl_zero(w)) / 8;
                    break;
                }
            }
        }
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
        if (std::endian::native == std::endian::little && last <= 8 && v.size() >= 9) {
            bad = !eight_pairs_to_digits(v.data() + 1, negative ? last : 0, digits);
        } else if (std::endian::native == std::endian::little && v.size() >= 17) {
            // 9..16 pairs: the first word's all lie before the last one.
            bad = !eight_pairs_to_digits(v.data() + 1, negative ? last : 0, digits);
            bad |= !eight_pairs_to_digits(v.data() + 9, negative ? last - 8 : 0, digits + 16);
        } else if (negative) {
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

[[gnu::noinline]] codec_status decode_decimal_general(std::span<const std::uint8_t> v, int scale,
                                                      decimal& out) noexcept {
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
