#include "types/decimal_codec.hpp"

#include <algorithm>
#include <array>
#include <cstring>

namespace ifx::types {
namespace {

// The two decimal digits of each base-100 digit.
constexpr auto pair_digits = [] {
    std::array<std::array<std::uint8_t, 2>, 100> t{};
    for (std::size_t i = 0; i < t.size(); ++i)
        t[i] = {static_cast<std::uint8_t>(i / 10), static_cast<std::uint8_t>(i % 10)};
    return t;
}();

bool to_packed(const decimal& d, packed_number& n) noexcept {
    std::uint8_t digits[decimal::max_digits];
    for (int i = 0; i < d.digits(); ++i) digits[i] = static_cast<std::uint8_t>(d.digit(i));
    return packed_from_digits(d.is_negative(), digits, d.digits(), d.digits() - d.scale(), n);
}

}  // namespace

codec_status decode_decimal(std::span<const std::uint8_t> v, int scale, decimal& out) noexcept {
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
