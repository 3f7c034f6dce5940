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

/// Empties the batch for the next rows; its cells stay allocated and constructed for them.
inline void clear_rows(row_batch& b) noexcept {
    b.data.clear();
    b.rows = 0;
}

/// Grows the batch's cells to at least `needed`, geometrically (split_row, fetch_rows_op).
inline void grow_cells(row_batch& batch, std::size_t needed) {
    batch.cells.resize(std::max(needed, 2 * batch.cells.size()));
}

/// Locates the values of one row whose payload will be at `offset` in the batch's data, with the
/// splitter of the batch's columns, and counts the row; the caller copies the payload there.
/// False (the batch's rows unchanged) if it does not match the columns. Inline: it runs for every
/// row. The cells grow geometrically ahead of the rows and are kept from batch to batch (a row's
/// cells are found from `rows`, never from the vector's size); trim_cells drops the spare ones.
inline bool split_row(row_batch& batch, std::span<const std::uint8_t> payload, std::size_t offset,
                      const types::row_splitter& splitter) {
    const std::size_t width = splitter.columns();
    const std::size_t first = batch.rows * width;
    if (batch.cells.size() < first + width) grow_cells(batch, first + width);
    const std::span<types::cell> cells(batch.cells.data() + first, width);
    if (!splitter.split(payload, cells, static_cast<std::uint32_t>(offset))) return false;
    ++batch.rows;
    return true;
}

/// Copies one SQ_TUPLE payload to the end of the batch's data and locates its values.
inline bool append_row(row_batch& batch, std::span<const std::uint8_t> payload,
                       const types::row_splitter& splitter) {
    if (!split_row(batch, payload, batch.data.size(), splitter)) return false;
    batch.data.insert(batch.data.end(), payload.begin(), payload.end());
    return true;
}

/// Drops the cells reserved ahead of the rows (for a result kept by the caller).
inline void trim_cells(row_batch& batch, std::size_t columns) {
    batch.cells.resize(batch.rows * columns);
}

}  // namespace ifx::proto
