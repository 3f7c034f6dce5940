#pragma once
// INT8 / SERIAL8: 10 bytes = i16 sign (1, -1; 0 = NULL), u32 low word, u32 high word of the
// magnitude (PROTOCOL.md §9.8, grade B).
#include <cstdint>
#include <span>

namespace ifx::types {

inline constexpr std::size_t int8_width = 10;

enum class int8_status { value, null, malformed };

/// Precondition: bytes.size() == 10. Magnitudes beyond the int64 range are malformed.
int8_status decode_int8(std::span<const std::uint8_t> bytes, std::int64_t& value) noexcept;
/// Writes the 10-byte form of value (INT64_MIN included) into out.
void encode_int8(std::int64_t value, std::span<std::uint8_t, int8_width> out) noexcept;

}  // namespace ifx::types
