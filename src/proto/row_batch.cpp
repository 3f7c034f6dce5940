#include "proto/row_batch.hpp"

namespace ifx::proto {

bool append_row(row_batch& batch, std::span<const std::uint8_t> payload,
                const types::row_splitter& splitter) {
    const std::size_t base = batch.data.size();
    const std::size_t first_cell = batch.cells.size();
    batch.cells.resize(first_cell + splitter.columns());
    std::span<types::cell> cells(batch.cells.data() + first_cell, splitter.columns());
    if (!splitter.split(payload, cells, static_cast<std::uint32_t>(base))) {
        batch.cells.resize(first_cell);
        return false;
    }
    batch.data.insert(batch.data.end(), payload.begin(), payload.end());
    ++batch.rows;
    return true;
}

}  // namespace ifx::proto
