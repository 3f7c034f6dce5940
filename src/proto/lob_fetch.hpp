#pragma once
// BYTE/TEXT content of fetched rows (PROTOCOL.md §7.11): for every non-NULL BYTE/TEXT value of
// the rows a fetch added, one group `SQ_ID id SQ_FETCHBLOB <descriptor> SQ_EOT`, all pipelined
// behind each other; each is answered by SQ_BLOB chunks, a zero-length SQ_BLOB, SQ_DONE and
// SQ_EOT. The content is appended to the batch after a copy of the descriptor, and the value's
// cell is re-pointed at [descriptor][content] (cell::content). Used by the fetch operations while
// the cursor is still open (the server answers -602 after CLOSE).
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <system_error>
#include <vector>

#include "ifx/column.hpp"
#include "proto/messages.hpp"
#include "proto/row_batch.hpp"

namespace ifx::proto {

/// Content of one batch is bounded: a fetch whose BYTE/TEXT values add more than this fails
/// with out_of_range after reading (and discarding) the rest, so the connection stays in sync.
inline constexpr std::size_t max_blob_batch_bytes = std::size_t{1} << 30;

class blob_fetch {
public:
    /// True when any column is BYTE or TEXT.
    static bool needed(std::span<const column_info> columns) noexcept;
    /// Remembers where the rows of this fetch start (call before rows are appended).
    void mark(const row_batch& batch) noexcept { first_row_ = batch.rows; }
    /// Appends one SQ_FETCHBLOB group per non-NULL BYTE/TEXT value of the rows added since
    /// mark(); returns the number of groups (0: nothing to fetch).
    int request(std::int16_t statement_id, const row_batch& batch, std::span<const column_info> columns,
                std::vector<std::uint8_t>& out);
    /// A message of the SQ_FETCHBLOB replies (SQ_BLOB, SQ_DONE); false if it does not belong there.
    bool on_message(const server_message& msg, row_batch& batch);
    /// End of one reply group; `failed` when it carried an SQ_ERR (the value stays unfetched).
    void on_group_end(row_batch& batch, bool failed);
    /// After all groups: the client-side failure, if any (the server's errors come as SQ_ERR).
    std::error_code result(std::string& why) const;

private:
    std::vector<std::size_t> cells_;  // cell indices awaiting content, in request order
    std::size_t next_ = 0;            // the value whose reply group is being read
    bool started_ = false;            // the descriptor copy of cells_[next_] is in the batch
    std::size_t start_ = 0;           // where that copy starts in batch.data
    bool ended_ = false;              // its zero-length SQ_BLOB arrived
    std::size_t first_row_ = 0;
    std::size_t added_ = 0;  // content bytes this fetch added
    bool overflow_ = false;
    bool unterminated_ = false;
};

}  // namespace ifx::proto
