#pragma once
// Cursors as session operations, for both faces: the next batch of a forward cursor, a scroll
// cursor's moves, and the close.
#include <cstdint>
#include <memory>
#include <optional>

#include "ifx/result.hpp"
#include "proto/cursor_ops.hpp"
#include "session/core.hpp"
#include "session/session_op.hpp"

namespace ifx::detail {

/// The next batch of a forward cursor (the first one came with the OPEN); an empty batch once the
/// result is exhausted. The rows stay where they were received (the batch's data is the receive
/// buffer of the fetch) unless the result has BYTE/TEXT columns. The rows of the previous batch
/// are gone.
class fetch_run final : public single_exchange<rows_view> {
public:
    explicit fetch_run(std::shared_ptr<cursor_state> st) : st_(std::move(st)) {}

private:
    proto::operation* start(session_core& s, std::error_code& ec, diagnostics& diag) override;
    void finish(session_core& s, std::error_code& ec, diagnostics& diag) override;
    std::shared_ptr<cursor_state> st_;
    std::optional<proto::fetch_target> target_;
    std::optional<proto::fetch_rows_op> op_;
};

/// One move of a scroll cursor: the row it lands on, or nullopt outside the result (the cursor
/// then sits before the first row when moving backwards, after the last otherwise).
class scroll_run final : public single_exchange<std::optional<row_view>> {
public:
    scroll_run(std::shared_ptr<cursor_state> st, proto::scroll_type type, std::int32_t target)
        : st_(std::move(st)), type_(type), target_(target) {}

private:
    proto::operation* start(session_core& s, std::error_code& ec, diagnostics& diag) override;
    void finish(session_core& s, std::error_code& ec, diagnostics& diag) override;
    std::shared_ptr<cursor_state> st_;
    proto::scroll_type type_;
    std::int32_t target_;
    std::optional<proto::fetch_target> fetch_;
    std::optional<proto::scroll_fetch_op> op_;
};

/// Closes the server cursor (and releases its statement when the cursor owns it); idempotent.
class cursor_close_run final : public single_exchange<void> {
public:
    explicit cursor_close_run(std::shared_ptr<cursor_state> st) : st_(std::move(st)) {}

private:
    proto::operation* start(session_core& s, std::error_code& ec, diagnostics& diag) override;
    void finish(session_core& s, std::error_code& ec, diagnostics& diag) override;
    std::shared_ptr<cursor_state> st_;
    std::optional<proto::free_op> op_;
};

/// The close of a cursor dropped without I/O (the async cursor's destructor): queued for the
/// session's next exchange.
void queue_cursor_close(cursor_state& st) noexcept;

/// What the cursors of both faces report without I/O; an empty handle (nullptr) has no columns,
/// is exhausted and sits at position 0.
const std::vector<column_info>& columns_of(const cursor_state* st) noexcept;
/// The server reported the end of the result and every batch was returned.
bool exhausted(const cursor_state* st) noexcept;
std::int32_t position_of(const cursor_state* st) noexcept;

}  // namespace ifx::detail
