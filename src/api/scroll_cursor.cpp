#include "api/session.hpp"
#include "ifx/cursor.hpp"

namespace ifx {

scroll_cursor::scroll_cursor() noexcept = default;
scroll_cursor::scroll_cursor(std::unique_ptr<detail::cursor_state> state) noexcept
    : state_(std::move(state)) {}
scroll_cursor::scroll_cursor(scroll_cursor&&) noexcept = default;
scroll_cursor& scroll_cursor::operator=(scroll_cursor&& other) noexcept {
    if (this != &other) {
        std::error_code ec;
        diagnostics diag;
        close(ec, diag);
        state_ = std::move(other.state_);
    }
    return *this;
}
scroll_cursor::~scroll_cursor() {
    std::error_code ec;
    diagnostics diag;
    close(ec, diag);
}

const std::vector<column_info>& scroll_cursor::columns() const noexcept {
    static const std::vector<column_info> none;
    return state_ ? state_->columns : none;
}

std::int32_t scroll_cursor::position() const noexcept {
    return state_ ? state_->position : 0;
}

std::optional<row_view> scroll_cursor::move(int type, std::int32_t target) {
    if (!state_ || state_->closed) throw error(make_error_code(errc::cursor_closed), diagnostics{});
    auto& st = *state_;
    auto& s = *st.owner;
    std::error_code ec;
    diagnostics diag;
    {
        std::lock_guard lock(s.mutex);
        proto::fetch_target t{st.columns, st.batch, false, false};
        // One row per move: the buffer is sized for one tuple so NEXT does not read ahead.
        proto::scroll_fetch_op op(s.state, st.statement_id, static_cast<proto::scroll_type>(type), target, 1,
                                  t, st.positions);
        ec = s.run(op, diag);
    }
    throw_if(ec, diag);
    if (st.batch.rows == 0) {
        // Outside the result: before the first row when moving backwards, after the last otherwise.
        st.position = 0;
        return std::nullopt;
    }
    st.position = st.positions.front();
    return rows_view(st.columns, &st.batch)[0];
}

std::optional<row_view> scroll_cursor::first() {
    return move(3, 0);
}
std::optional<row_view> scroll_cursor::last() {
    return move(4, 0);
}
std::optional<row_view> scroll_cursor::next() {
    return move(1, 0);
}
std::optional<row_view> scroll_cursor::prior() {
    return move(2, 0);
}
std::optional<row_view> scroll_cursor::absolute(std::int32_t position) {
    return move(6, position);
}
std::optional<row_view> scroll_cursor::relative(std::int32_t offset) {
    return move(7, offset);
}

void scroll_cursor::close() {
    std::error_code ec;
    diagnostics diag;
    close(ec, diag);
    throw_if(ec, diag);
}

void scroll_cursor::close(std::error_code& ec, diagnostics& diag) {
    ec.clear();
    if (state_) ec = detail::close_cursor(*state_, diag);
}

}  // namespace ifx
