#pragma once
// Where each column's value sits inside an SQ_TUPLE payload (PROTOCOL.md §8.2, §9.1).
#include <cstddef>
#include <cstdint>
#include <span>

#include "ifx/column.hpp"
#include "ifx/detail/cell.hpp"

namespace ifx::types {

/// One value inside a row payload: its bytes (length prefixes and envelopes excluded).
using cell = detail::cell;

/// The width of a fixed-width column in a tuple, or 0 when the column is variable-width
/// (VARCHAR, LVARCHAR, UDTs, collections) or of an unsupported type.
std::size_t fixed_width(const column_info& column) noexcept;

/// True when the column is walked with a length prefix or envelope rather than a fixed width.
bool is_variable(const column_info& column) noexcept;

/// Walks a row payload column by column (never using describe start positions: pitfall 20) and
/// fills one cell per column. Returns false when the payload does not match the columns exactly.
bool split_tuple(std::span<const std::uint8_t> payload, std::span<const column_info> columns,
                 std::span<cell> cells) noexcept;

/// DECLEN(p, s): bytes of a packed decimal with precision p and scale s (PROTOCOL.md §9.5).
constexpr std::size_t decimal_width(unsigned precision, unsigned scale) noexcept {
    return (precision + (scale & 1u) + 3) / 2;
}

}  // namespace ifx::types
