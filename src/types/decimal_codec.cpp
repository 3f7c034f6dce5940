#include "types/decimal_codec.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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

// The n bytes at p (0 <= n <= 8) as a little-endian word, the bytes past n zero; reads only those
// n bytes (two overlapping loads, or three single bytes, instead of a loop or a memcpy call).
[[gnu::always_inline]] inline std::uint64_t load_le_upto8(const std::uint8_t* p, std::size_t n) noexcept {
    if (n >= 4) {
        std::uint32_t lo = 0, hi = 0;
        std::memcpy(&lo, p, sizeof lo);
        std::memcpy(&hi, p + n - 4, sizeof hi);
        return lo | (std::uint64_t{hi} << (8 * (n - 4)));
    }
    if (n == 0) return 0;
    return p[0] | (std::uint64_t{p[n / 2]} << (8 * (n / 2))) | (std::uint64_t{p[n - 1]} << (8 * (n - 1)));
}

// True when every byte of w0 and w1 is at most 99 (a byte gets its high bit from + 0x1c exactly
// when it is 100..127; from 0x80 on it has it).
constexpr bool all_pairs_valid(std::uint64_t w0, std::uint64_t w1) noexcept {
    constexpr std::uint64_t ones = 0x0101010101010101u;
    return (((w0 + 0x1c * ones) | w0 | (w1 + 0x1c * ones) | w1) & (0x80 * ones)) == 0;
}

// The base-100 complement of a negative value's pairs (pitfall 25) on one word: the lanes below
// `lanes` (0..8) become 99 - byte, and the lane `last` (1-based; 0 for none in this word) then
// gets one more. No lane borrows or carries when every byte is at most 99 and the bytes past the
// value's last non-zero pair are zero.
constexpr std::uint64_t complement(std::uint64_t w, std::size_t lanes, std::size_t last) noexcept {
    constexpr std::uint64_t ones = 0x0101010101010101u;
    const std::uint64_t mask = lanes >= 8 ? ~std::uint64_t{0} : (std::uint64_t{1} << (8 * lanes)) - 1;
    const std::uint64_t one = last == 0 ? 0 : std::uint64_t{1} << (8 * (last - 1));
    return ((0x63 * ones) & mask) - w + one;
}

// Sixteen pair bytes (each 0..99; w0 the first eight in memory order) as their 32 digits, tens
// then units, written to out[0..32) without the first digit when `lead` is 1 (a first pair below
// 10), a zero then filling the end. SSE2: each byte widened to 16 bits, x / 10 as x * 6554 >> 16
// (exact for x < 16389), the units x - 10 * (x / 10) moved to the lane's high byte; the one-digit
// shift made in the registers (a store then a reload one byte further would stall the load).
[[gnu::always_inline]] inline void pairs_to_digits(std::uint64_t w0, std::uint64_t w1, int lead,
                                                   std::uint8_t* out) noexcept {
#if defined(__SSE2__)
    const __m128i x = _mm_set_epi64x(static_cast<long long>(w1), static_cast<long long>(w0));
    const __m128i zero = _mm_setzero_si128();
    const auto split = [](__m128i v) {
        const __m128i tens = _mm_mulhi_epu16(v, _mm_set1_epi16(6554));
        const __m128i units = _mm_sub_epi16(v, _mm_mullo_epi16(tens, _mm_set1_epi16(10)));
        return _mm_or_si128(tens, _mm_slli_epi16(units, 8));
    };
    __m128i low = split(_mm_unpacklo_epi8(x, zero));
    // Up to eight pairs (DECIMAL(16) and below, and most values of wider columns): zeros.
    __m128i high = w1 == 0 ? zero : split(_mm_unpackhi_epi8(x, zero));
    if (lead != 0) {
        low = _mm_or_si128(_mm_srli_si128(low, 1), _mm_slli_si128(high, 15));
        high = _mm_srli_si128(high, 1);
    }
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out), low);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + 16), high);
#else
    std::uint8_t digits[34] = {};
    for (int i = 0; i < 16; ++i) {
        const auto pair = static_cast<unsigned>(((i < 8 ? w0 : w1) >> (8 * (i % 8))) & 0x7f);
        std::memcpy(digits + 2 * i, pair_digits[pair].data(), 2);
    }
    std::memcpy(out, digits + lead, 32);
#endif
}

}  // namespace

// Builds a decimal from the wire directly, skipping from_parts' checks that a normally packed
// value cannot fail (digits 0..9, at most 32 of them, leading zeros).
struct decimal_access {
    // The normal shape of a packed DECIMAL: at most 16 significant pairs (17 bytes: the widest
    // column), first pair non-zero, every pair byte in range, an exponent whose magnitude Informix
    // stores; and zero. Anything else returns false with out untouched, and decode_decimal runs
    // the general path, so the outcome of every input, each rejection included, is that path's.
    // A unit test compares the two over random, edge and every-byte inputs of every width.
    // The pairs are read as two words (the second possibly empty), the value's end found from
    // their leading zero bytes, a negative value complemented and every pair range-checked on
    // the words, and the 32 digits made at once (pairs_to_digits): no loop over the pairs.
    [[gnu::always_inline]] static bool decode_normal(std::span<const std::uint8_t> v, int scale,
                                                     decimal& out) noexcept {
        if constexpr (std::endian::native != std::endian::little) {
            return false;  // the words below are read in little-endian lane order
        } else {
            std::size_t size = v.size();
            if (size == 0) return false;
            if (size > 17) {  // wider than any column: fine while the bytes past 17 are zero
                if (std::any_of(v.begin() + 17, v.end(), [](std::uint8_t b) { return b != 0; })) return false;
                size = 17;
            }
            const std::size_t pairs = size - 1;
            const std::uint8_t* const p = v.data() + 1;
            std::uint64_t w0 = 0, w1 = 0;
            if (pairs >= 8) {
                std::memcpy(&w0, p, sizeof w0);
                w1 = load_le_upto8(p + 8, pairs - 8);
            } else {
                w0 = load_le_upto8(p, pairs);
            }
            const std::uint8_t head = v[0];
            if (head == 0 && (w0 & 0xff) == 0) return false;  // NULL (packed_is_null)
            // The pairs up to the last non-zero one (in memory order, a word's last non-zero
            // byte is its most significant one).
            const std::size_t last = w1 != 0   ? 16 - static_cast<std::size_t>(std::countl_zero(w1)) / 8
                                     : w0 != 0 ? 8 - static_cast<std::size_t>(std::countl_zero(w0)) / 8
                                               : 0;
            if (last == 0) {  // zero
                out = decimal{};
                out.scale_ = static_cast<std::int16_t>(scale < 0 ? 0 : std::min(scale, decimal::max_digits));
                return true;
            }
            // The byte is checked, not a complement: a last byte of 100 would complement to a zero
            // pair, which the general path trims.
            if (!all_pairs_valid(w0, w1)) return false;
            const bool negative = (head & 0x80) == 0;
            if (negative) {
                w0 = complement(w0, last, last <= 8 ? last : 0);
                if (last > 8) w1 = complement(w1, last - 8, last - 8);
            }
            const auto first = static_cast<unsigned>(w0 & 0xff);
            if (first == 0) return false;  // not normally packed
            const int lead = first < 10 ? 1 : 0;
            const int exponent = (negative ? (head & 0x7f) ^ 0x7f : head & 0x7f) - 64;
            const int msd = 2 * exponent - lead;  // digits before the point
            if (msd < -128 || msd > 126) return false;
            const auto last_pair =
                static_cast<unsigned>((last <= 8 ? w0 >> (8 * (last - 1)) : w1 >> (8 * (last - 9))) & 0xff);
            int n = static_cast<int>(2 * last) - lead;
            if (last_pair % 10 == 0) --n;  // natural scale: at most one trailing zero digit
            int value_scale = n - msd;
            // Pad to the column's scale with the zeros the wire trimmed, as far as 32 digits allow.
            if (scale >= 0 && value_scale < scale) {
                const int pad = std::min(scale - value_scale, decimal::max_digits - n);
                n += pad;
                value_scale += pad;
            }
            // Every digit from n on is zero (the pairs past `last` are), as from from_parts.
            pairs_to_digits(w0, w1, lead, out.digits_.data());
            out.ndigits_ = static_cast<std::uint8_t>(n);
            out.scale_ = static_cast<std::int16_t>(value_scale);
            out.negative_ = negative;
            return true;
        }
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
