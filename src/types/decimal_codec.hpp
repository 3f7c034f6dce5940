#pragma once
// DECIMAL / MONEY values in tuples and binds: ifx::decimal ⇄ packed base-100 (§9.5, grade A).
#include <cstddef>
#include <cstdint>
#include <span>

#include "ifx/decimal.hpp"
#include "types/packed.hpp"
#include "types/status.hpp"

namespace ifx::types {

/// Scale hint for a floating DECIMAL(p) column: keep the value's own digits.
inline constexpr int floating_scale = -1;

/// Decodes a packed value; `scale` (the column's, or floating_scale) pads the result with
/// trailing zeros so "250.00" keeps its two decimals. malformed: not a packed number, or more
/// than 32 significant digits (no DECIMAL column holds that).
codec_status decode_decimal(std::span<const std::uint8_t> v, int scale, decimal& out) noexcept;
/// Writes d packed into exactly out.size() bytes. False when it does not fit.
bool encode_decimal(const decimal& d, std::span<std::uint8_t> out) noexcept;
/// Bytes needed to pack d: 1 + its significant digit pairs.
std::size_t packed_size(const decimal& d) noexcept;

}  // namespace ifx::types
