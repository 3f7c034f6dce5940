#include "session/cursors.hpp"

namespace ifx::detail {
namespace {

bool open(const cursor_state& st, std::error_code& ec, diagnostics& diag) {
    if (!st.closed) return true;
    ec = errc::cursor_closed;
    diag.client_message = "the cursor is closed";
    return false;
}

}  // namespace

const std::vector<column_info>& columns_of(const cursor_state* st) noexcept {
    static const std::vector<column_info> none;
    return st ? st->columns : none;
}
bool exhausted(const cursor_state* st) noexcept {
    return !st || (st->exhausted && !st->first_batch_pending);
}
std::int32_t position_of(const cursor_state* st) noexcept {
    return st ? st->position : 0;
}

proto::operation* fetch_run::start(session_core& s, std::error_code& ec, diagnostics& diag) {
    cursor_state& st = *st_;
    if (!open(st, ec, diag)) return nullptr;
    if (st.first_batch_pending) {
        st.first_batch_pending = false;
        return nullptr;
    }
    st.batch.rows = 0;
    if (st.exhausted) return nullptr;
    // In place unless BYTE/TEXT contents are appended to the rows (proto::fetch_target).
    const bool in_place = !proto::blob_fetch::needed(st.columns);
    if (!in_place) proto::clear_rows(st.batch);
    target_.emplace(proto::fetch_target{
        .columns = st.columns, .batch = st.batch, .fetched = st.fetched, .in_place = in_place});
    op_.emplace(s.state, st.statement_id, s.params.fetch_buffer_size, *target_);
    if (in_place) receive_into_ = &st.batch.data;
    return &*op_;
}

void fetch_run::finish(session_core&, std::error_code& ec, diagnostics&) {
    if (ec) {
        st_->batch.rows = 0;
        return;
    }
    if (target_) {
        st_->exhausted = target_->exhausted;
        st_->fetched = target_->fetched;
    }
    value = rows_view(st_->columns, &st_->batch);
}

proto::operation* scroll_run::start(session_core& s, std::error_code& ec, diagnostics& diag) {
    cursor_state& st = *st_;
    if (!open(st, ec, diag)) return nullptr;
    fetch_.emplace(proto::fetch_target{.columns = st.columns, .batch = st.batch});
    // One row per move: the buffer is sized for one tuple so NEXT does not read ahead.
    op_.emplace(s.state, st.statement_id, type_, target_, 1, *fetch_, st.positions);
    return &*op_;
}

void scroll_run::finish(session_core&, std::error_code& ec, diagnostics&) {
    if (ec) return;
    cursor_state& st = *st_;
    if (st.batch.rows == 0) {
        st.position = 0;
        value.reset();
        return;
    }
    st.position = st.positions.front();
    value = rows_view(st.columns, &st.batch)[0];
}

proto::operation* cursor_close_run::start(session_core& s, std::error_code&, diagnostics&) {
    cursor_state& st = *st_;
    if (st.closed) return nullptr;
    st.closed = true;
    if (s.state.open_cursors > 0) --s.state.open_cursors;
    proto::clear_rows(st.batch);
    if (!s.usable()) return nullptr;
    op_.emplace(s.state,
                proto::free_request{.id = st.statement_id, .close = true, .release = st.release_on_close});
    return &*op_;
}

void cursor_close_run::finish(session_core&, std::error_code&, diagnostics&) {
    if (st_->release_on_close && st_->statement) st_->statement->released = true;
    st_->statement.reset();
}

void queue_cursor_close(cursor_state& st) noexcept {
    if (st.closed) return;
    st.closed = true;
    if (st.owner && st.owner->state.open_cursors > 0) --st.owner->state.open_cursors;
    if (st.owner && st.owner->usable())
        st.owner->deferred.push_back({.id = st.statement_id, .close = true, .release = st.release_on_close});
    if (st.release_on_close && st.statement) st.statement->released = true;
    st.statement.reset();
}

}  // namespace ifx::detail
