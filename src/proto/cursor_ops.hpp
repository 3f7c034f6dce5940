#pragma once
// Cursor operations (PROTOCOL.md §7.6, §7.10): opening a cursor and fetching its rows batch by
// batch, and scroll fetches.
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "ifx/param.hpp"
#include "proto/lob_fetch.hpp"
#include "proto/ops.hpp"
#include "proto/row_batch.hpp"

namespace ifx::proto {

/// Where fetched rows go, and whether the cursor reached its end (§7.6 client rule).
struct fetch_target {
    std::span<const column_info> columns;
    row_batch& batch;
    bool append = false;  ///< keep the rows already in batch (reading a whole result)
    bool exhausted = false;
    std::int64_t fetched = 0;  ///< rows the cursor returned before this fetch; updated by it
    /// The rows stay where they arrived: the driver receives the reply into batch.data, and each
    /// row's cells point at its SQ_TUPLE there (no copy). Only for results without BYTE/TEXT
    /// columns (whose contents are appended to the batch), and never with `append`.
    bool in_place = false;
};

/// The OPEN of a cursor (SQ_CURNAME, bound values, SQ_SCROLL/SQ_HOLD, SQ_OPEN).
struct cursor_open {
    std::string_view name;
    std::span<const param> params;
    open_flags flags;
};

/// Fetches one batch of a cursor's rows into the target (SQ_NFETCH, §7.6), then the BYTE/TEXT
/// contents of those rows (SQ_FETCHBLOB, §7.11). Given a cursor_open, it opens the cursor first,
/// in the same request group (or, when the flags say not to fetch now, only opens it).
class fetch_rows_op final : public exchange_op {
public:
    /// The next batch of an open cursor.
    fetch_rows_op(session_state& s, std::int16_t id, std::uint32_t buffer_size, fetch_target& target)
        : exchange_op(s), id_(id), buffer_size_(buffer_size), target_(target), splitter_(target.columns) {}
    /// Opens the cursor, then its first batch.
    fetch_rows_op(session_state& s, std::int16_t id, std::uint32_t buffer_size, fetch_target& target,
                  const cursor_open& open)
        : exchange_op(s),
          id_(id),
          buffer_size_(buffer_size),
          target_(target),
          splitter_(target.columns),
          open_(true),
          cursor_name_(open.name),
          params_(open.params),
          flags_(open.flags) {}

private:
    void start(std::vector<std::uint8_t>& out, std::error_code& ec) override;
    void on_message(server_message& msg, std::error_code& ec) override;
    std::size_t take_tuples(std::span<const std::uint8_t> in, std::error_code& ec) override;
    void on_group_end(const err_msg* group_error) override;
    step on_replies(const err_msg* err, std::vector<std::uint8_t>& out, std::error_code& ec) override;
    void count_rows(std::int64_t rows);                    // rows of this reply's tuples taken
    void reject_row(std::error_code& ec);                  // a tuple that does not match the columns
    bool take_row(std::span<const std::uint8_t> payload);  // in place or copied, per the target
    std::int16_t id_;
    std::uint32_t buffer_size_;
    fetch_target& target_;
    types::row_splitter splitter_;  // the target's columns, looked up once per batch
    blob_fetch blobs_;              // BYTE/TEXT content of the fetched rows (§7.11)
    bool fetching_blobs_ = false;   // reading the SQ_FETCHBLOB replies
    bool open_ = false;
    std::string_view cursor_name_;
    std::span<const param> params_;
    open_flags flags_;
    bool saw_tuple_ = false;
    bool saw_end_ = false;
    std::int64_t tuples_ = 0;                // SQ_TUPLEs in this reply
    std::optional<std::int64_t> done_rows_;  // rows of an SQ_DONE after the last SQ_TUPLE
};

/// One scroll fetch (§7.10): the rows it returns, each after SQ_TUPID with its 1-based position.
class scroll_fetch_op final : public exchange_op {
public:
    scroll_fetch_op(session_state& s, std::int16_t id, scroll_type type, std::int32_t target_row,
                    std::uint32_t buffer_size, fetch_target& target, std::vector<std::int32_t>& positions)
        : exchange_op(s),
          id_(id),
          type_(type),
          target_row_(target_row),
          buffer_size_(buffer_size),
          target_(target),
          splitter_(target.columns),
          positions_(positions) {}

private:
    void start(std::vector<std::uint8_t>& out, std::error_code& ec) override;
    void on_message(server_message& msg, std::error_code& ec) override;
    void on_group_end(const err_msg* group_error) override;
    step on_replies(const err_msg* err, std::vector<std::uint8_t>& out, std::error_code& ec) override;
    blob_fetch blobs_;
    bool fetching_blobs_ = false;
    std::int16_t id_;
    scroll_type type_;
    std::int32_t target_row_;
    std::uint32_t buffer_size_;
    fetch_target& target_;
    types::row_splitter splitter_;  // the target's columns, looked up once per batch
    std::vector<std::int32_t>& positions_;
    std::int32_t pending_position_ = 0;
};

}  // namespace ifx::proto
