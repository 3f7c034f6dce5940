#pragma once
// The packed base-100 number shared by DECIMAL, MONEY, DATETIME and INTERVAL values
// (PROTOCOL.md §9.5, §9.7; grade A): byte 0 = sign bit 0x80 (set = positive) and an excess-64
// base-100 exponent (XOR 0x7f when negative); then base-100 digits, most significant first,
// complemented from the least significant end when negative (pitfall 25).
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "types/status.hpp"

namespace ifx::types {

/// Digit pairs a packed number may carry: DECLEN(32, odd scale) - 1.
inline constexpr std::size_t max_packed_pairs = 17;
/// Bytes of the widest packed value (head + pairs).
inline constexpr std::size_t max_packed_width = 1 + max_packed_pairs;

/// DECLEN(p, s): bytes of a packed decimal with precision p and scale s (§9.5).
constexpr std::size_t decimal_width(unsigned precision, unsigned scale) noexcept {
    return (precision + (scale & 1u) + 3) / 2;
}

struct packed_number {
    bool negative = false;
    int exponent = 0;  // base-100 digit pairs before the point: value = 0.p0p1… × 100^exponent
    std::array<std::uint8_t, max_packed_pairs> pairs{};
    std::size_t count = 0;  // significant pairs; trailing zero pairs trimmed; 0 = zero

    /// The decimal digit of weight 10^weight (0 outside the stored pairs).
    int digit_at(int weight) const noexcept;
};

/// True for the NULL sentinel: first two bytes zero (§9.5; a 1-byte value: that byte zero).
/// Inline: the row walk tests every DECIMAL/DATETIME/INTERVAL value.
inline bool packed_is_null(std::span<const std::uint8_t> bytes) noexcept {
    if (bytes.empty()) return false;
    return bytes[0] == 0 && (bytes.size() == 1 || bytes[1] == 0);
}

/// Unpacks a non-NULL value. malformed: empty, a digit byte > 99, or significant digits beyond
/// max_packed_pairs.
codec_status unpack(std::span<const std::uint8_t> bytes, packed_number& out) noexcept;

/// Writes n into out (head, pairs, zero fill to out.size()). False when the pairs do not fit
/// or the exponent is outside the excess-64 range [-64, 63].
bool pack(const packed_number& n, std::span<std::uint8_t> out) noexcept;

/// Builds a packed number from decimal digits (most significant first) whose decimal point
/// sits after `point` digits (point may be negative or exceed count). Leading and trailing
/// zeros are normalised away. False when more than max_packed_pairs pairs are needed.
bool packed_from_digits(bool negative, const std::uint8_t* digits, int count, int point,
                        packed_number& out) noexcept;

}  // namespace ifx::types
