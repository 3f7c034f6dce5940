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
/// Normally packed values (first pair non-zero, up to 32 digits) take a direct path; every other
/// input goes through decode_decimal_general, which alone decides what is accepted.
codec_status decode_decimal(std::span<const std::uint8_t> v, int scale, decimal& out) noexcept;
/// The general decoder (unpack, digits, decimal::from_parts): same contract as decode_decimal.
codec_status decode_decimal_general(std::span<const std::uint8_t> v, int scale, decimal& out) noexcept;
/// The fast path alone: true when it decoded v (then the general decoder returns ok with the
/// same value); false, with out untouched, for any input it leaves to the general decoder.
/// Exposed (with decode_decimal_general) for the unit test that compares the two.
bool decode_decimal_fast(std::span<const std::uint8_t> v, int scale, decimal& out) noexcept;
/// Writes d packed into exactly out.size() bytes. False when it does not fit.
bool encode_decimal(const decimal& d, std::span<std::uint8_t> out) noexcept;
/// Bytes needed to pack d: 1 + its significant digit pairs.
std::size_t packed_size(const decimal& d) noexcept;

}  // namespace ifx::types
