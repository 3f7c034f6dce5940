#include "types/decimal_codec.hpp"

namespace ifx::types {
namespace {

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
    std::uint8_t digits[2 * max_packed_pairs];
    for (std::size_t i = 0; i < n.count; ++i) {
        digits[2 * i] = static_cast<std::uint8_t>(n.pairs[i] / 10);
        digits[2 * i + 1] = static_cast<std::uint8_t>(n.pairs[i] % 10);
    }
    int count = static_cast<int>(2 * n.count);
    int value_scale = count - 2 * n.exponent;
    while (count > 0 && digits[count - 1] == 0) --count, --value_scale;  // natural scale
    const int first = count > 0 && digits[0] == 0 ? 1 : 0;
    if (count - first > decimal::max_digits) return codec_status::malformed;
    // Pad to the column's scale with the zeros the wire trimmed, as far as 32 digits allow.
    while (scale >= 0 && value_scale < scale && count - first < decimal::max_digits) {
        digits[count++] = 0;
        ++value_scale;
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
