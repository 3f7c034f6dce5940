#include "proto/lob_fetch.hpp"

#include <algorithm>

#include "ifx/lob.hpp"
#include "proto/requests.hpp"
#include "wire/tags.hpp"
#include "wire/writer.hpp"

namespace ifx::proto {
namespace {

bool is_blob(const column_info& c) noexcept {
    return c.type == type_code::byte || c.type == type_code::text;
}

}  // namespace

bool blob_fetch::needed(std::span<const column_info> columns) noexcept {
    return std::any_of(columns.begin(), columns.end(), is_blob);
}

int blob_fetch::request(std::int16_t statement_id, const row_batch& batch,
                        std::span<const column_info> columns, std::vector<std::uint8_t>& out) {
    cells_.clear();
    next_ = 0;
    started_ = ended_ = overflow_ = unterminated_ = false;
    added_ = 0;
    if (columns.empty()) return 0;
    for (std::size_t row = first_row_; row < batch.rows; ++row) {
        for (std::size_t col = 0; col < columns.size(); ++col) {
            const std::size_t index = row * columns.size() + col;
            const auto& cell = batch.cells[index];
            if (!is_blob(columns[col]) || cell.null || cell.content) continue;
            cells_.push_back(index);
            encode_statement_id(statement_id, out);
            wire::writer w(out);
            w.put(wire::tag::fetchblob);
            const auto descriptor = std::span(batch.data).subspan(cell.offset, cell.length);
            w.bytes(descriptor);
            w.pad(descriptor.size());
            w.put(wire::tag::eot);
        }
    }
    return static_cast<int>(cells_.size());
}

bool blob_fetch::on_message(const server_message& msg, row_batch& batch) {
    if (std::holds_alternative<done_msg>(msg)) return true;  // ends each reply ([LS]); rows 0
    const auto* b = std::get_if<blob_msg>(&msg);
    if (!b || next_ >= cells_.size()) return false;
    if (!started_) {
        // A copy of the descriptor first, so the cell can keep offering it.
        const auto& cell = batch.cells[cells_[next_]];
        std::uint8_t descriptor[blob_descriptor::size_bytes];  // copied out: the insert may reallocate
        std::copy_n(batch.data.begin() + cell.offset, sizeof descriptor, descriptor);
        start_ = batch.data.size();
        batch.data.insert(batch.data.end(), descriptor, descriptor + sizeof descriptor);
        started_ = true;
    }
    if (b->data.empty()) {
        ended_ = true;
        return true;
    }
    if (ended_) return false;  // content after the value's terminator
    added_ += b->data.size();
    if (added_ > max_blob_batch_bytes || overflow_) {
        overflow_ = true;  // keep reading to the end of the groups, keep nothing
        return true;
    }
    batch.data.insert(batch.data.end(), b->data.begin(), b->data.end());
    return true;
}

void blob_fetch::on_group_end(row_batch& batch, bool failed) {
    if (next_ >= cells_.size()) return;
    if (!failed && !ended_) unterminated_ = true;  // every value ends with a zero-length SQ_BLOB
    if (!failed && ended_ && !overflow_) {
        auto& cell = batch.cells[cells_[next_]];
        cell.offset = static_cast<std::uint32_t>(start_);
        cell.length = static_cast<std::uint32_t>(batch.data.size() - start_);
        cell.content = true;
    }
    ++next_;
    started_ = ended_ = false;
}

std::error_code blob_fetch::result(std::string& why) const {
    if (overflow_) {
        why = "the BYTE/TEXT values of one fetch exceed 1 GiB: lower connect_params.fetch_buffer_size";
        return errc::out_of_range;
    }
    if (unterminated_) {
        why = "an SQ_FETCHBLOB reply ended without its zero-length SQ_BLOB";
        return errc::protocol_violation;
    }
    return {};
}

}  // namespace ifx::proto
