#pragma once
// Appending fetched tuples to a row store: the payloads back to back and one cell per value.
#include <cstdint>
#include <span>

#include "ifx/column.hpp"
#include "ifx/result.hpp"
#include "types/layout.hpp"

namespace ifx::proto {

using row_batch = detail::row_store;

inline void clear_rows(row_batch& b) noexcept {
    b.data.clear();
    b.cells.clear();
    b.rows = 0;
}

/// Copies one SQ_TUPLE payload and locates its values with the splitter of the batch's columns.
/// False (the batch unchanged) if it does not match the columns.
bool append_row(row_batch& batch, std::span<const std::uint8_t> payload, const types::row_splitter& splitter);

}  // namespace ifx::proto
