#include "ifx/cursor.hpp"

#include "api/session.hpp"

namespace ifx {

cursor::cursor() noexcept = default;
cursor::cursor(std::unique_ptr<detail::cursor_state> state) noexcept : state_(std::move(state)) {}
cursor::cursor(cursor&&) noexcept = default;
cursor& cursor::operator=(cursor&& other) noexcept {
    if (this != &other) {
        std::error_code ec;
        diagnostics diag;
        close(ec, diag);
        state_ = std::move(other.state_);
    }
    return *this;
}

cursor::~cursor() {
    std::error_code ec;
    diagnostics diag;
    close(ec, diag);
}

const std::vector<column_info>& cursor::columns() const noexcept {
    static const std::vector<column_info> none;
    return state_ ? state_->columns : none;
}

bool cursor::exhausted() const noexcept {
    return !state_ || (state_->exhausted && !state_->first_batch_pending);
}

rows_view cursor::fetch() {
    std::error_code ec;
    diagnostics diag;
    auto rows = fetch(ec, diag);
    throw_if(ec, diag);
    return rows;
}

rows_view cursor::fetch(std::error_code& ec, diagnostics& diag) {
    ec.clear();
    if (!state_ || state_->closed) {
        ec = errc::cursor_closed;
        diag.client_message = "the cursor is closed";
        return {};
    }
    auto& st = *state_;
    if (st.first_batch_pending) {
        st.first_batch_pending = false;
        return {st.columns, &st.batch};
    }
    proto::clear_rows(st.batch);
    if (st.exhausted) return {st.columns, &st.batch};
    auto& s = *st.owner;
    std::lock_guard lock(s.mutex);
    proto::fetch_target target{st.columns, st.batch, false, false, st.fetched};
    proto::fetch_op op(s.state, st.statement_id, s.params.fetch_buffer_size, target);
    if ((ec = s.run(op, diag))) return {};
    st.exhausted = target.exhausted;
    st.fetched = target.fetched;
    return {st.columns, &st.batch};
}

void cursor::close() {
    std::error_code ec;
    diagnostics diag;
    close(ec, diag);
    throw_if(ec, diag);
}

void cursor::close(std::error_code& ec, diagnostics& diag) {
    ec.clear();
    if (state_) ec = detail::close_cursor(*state_, diag);
}

}  // namespace ifx
