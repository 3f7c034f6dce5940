#include "proto/row_batch.hpp"

#include "types/layout.hpp"

namespace ifx::proto {

bool append_row(row_batch& batch, std::span<const std::uint8_t> payload,
                std::span<const column_info> columns) {
    const std::size_t base = batch.data.size();
    const std::size_t first_cell = batch.cells.size();
    batch.cells.resize(first_cell + columns.size());
    std::span<types::cell> cells(batch.cells.data() + first_cell, columns.size());
    if (!types::split_tuple(payload, columns, cells)) {
        batch.cells.resize(first_cell);
        return false;
    }
    batch.data.insert(batch.data.end(), payload.begin(), payload.end());
    for (auto& c : cells) c.offset += static_cast<std::uint32_t>(base);
    ++batch.rows;
    return true;
}

}  // namespace ifx::proto
