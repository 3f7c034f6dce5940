#include "types/int8.hpp"

#include "wire/reader.hpp"

namespace ifx::types {

int8_status decode_int8(std::span<const std::uint8_t> bytes, std::int64_t& value) noexcept {
    wire::reader r(bytes);
    const std::int16_t sign = r.i16();
    const std::uint64_t low = r.u32();
    const std::uint64_t high = r.u32();
    if (!r.ok()) return int8_status::malformed;
    if (sign == 0) return int8_status::null;
    const std::uint64_t magnitude = (high << 32) | low;
    if (sign == 1) {
        if (magnitude > static_cast<std::uint64_t>(INT64_MAX)) return int8_status::malformed;
        value = static_cast<std::int64_t>(magnitude);
        return int8_status::value;
    }
    if (sign == -1) {
        if (magnitude > static_cast<std::uint64_t>(INT64_MAX) + 1) return int8_status::malformed;
        value = static_cast<std::int64_t>(0 - magnitude);  // wraps correctly for 2^63
        return int8_status::value;
    }
    return int8_status::malformed;
}

void encode_int8(std::int64_t value, std::span<std::uint8_t, int8_width> out) noexcept {
    const std::uint64_t magnitude =
        value < 0 ? 0 - static_cast<std::uint64_t>(value) : static_cast<std::uint64_t>(value);
    const std::uint16_t sign = value < 0 ? 0xffff : 1;
    const auto low = static_cast<std::uint32_t>(magnitude);
    const auto high = static_cast<std::uint32_t>(magnitude >> 32);
    out[0] = static_cast<std::uint8_t>(sign >> 8);
    out[1] = static_cast<std::uint8_t>(sign);
    for (int i = 0; i < 4; ++i) {
        out[2 + i] = static_cast<std::uint8_t>(low >> (24 - 8 * i));
        out[6 + i] = static_cast<std::uint8_t>(high >> (24 - 8 * i));
    }
}

}  // namespace ifx::types
