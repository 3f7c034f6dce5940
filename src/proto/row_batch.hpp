#pragma once
// Appending fetched tuples to a row store: the payloads back to back and one cell per value.
#include <algorithm>
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
/// False (the batch's rows unchanged) if it does not match the columns. Inline: it runs for every
/// row. The cells grow geometrically ahead of the rows (a row's cells are found from `rows`, never
/// from the vector's size); trim_cells drops the spare ones when the batch is complete.
inline bool append_row(row_batch& batch, std::span<const std::uint8_t> payload,
                       const types::row_splitter& splitter) {
    const std::size_t width = splitter.columns();
    const std::size_t first = batch.rows * width;
    if (batch.cells.size() < first + width)
        batch.cells.resize(std::max(first + width, 2 * batch.cells.size()));
    const std::span<types::cell> cells(batch.cells.data() + first, width);
    if (!splitter.split(payload, cells, static_cast<std::uint32_t>(batch.data.size()))) return false;
    batch.data.insert(batch.data.end(), payload.begin(), payload.end());
    ++batch.rows;
    return true;
}

/// Drops the cells append_row reserved ahead of the rows.
inline void trim_cells(row_batch& batch, std::size_t columns) {
    batch.cells.resize(batch.rows * columns);
}

}  // namespace ifx::proto
