// ifx::cursor and ifx::scroll_cursor: the sync face of the session core's cursor operations.
#include "ifx/cursor.hpp"

#include "api/sync_face.hpp"
#include "session/cursors.hpp"

namespace ifx {
namespace {

// The cursor's session; errc::cursor_closed for an empty cursor.
detail::session_core* owner_of(const std::shared_ptr<detail::cursor_state>& st, std::error_code& ec,
                               diagnostics& diag) {
    if (st && st->owner) return st->owner.get();
    ec = errc::cursor_closed;
    diag.client_message = "the cursor is closed";
    return nullptr;
}

void close_state(const std::shared_ptr<detail::cursor_state>& st, std::error_code& ec, diagnostics& diag) {
    ec.clear();
    if (!st || st->closed || !st->owner) return;
    detail::cursor_close_run op(st);
    detail::sync_call(st->owner.get(), op, ec, diag);
}

// Destructors and move-assignment: a broken connection has nothing to free, so errors are dropped.
void close_quietly(const std::shared_ptr<detail::cursor_state>& st) noexcept {
    std::error_code ec;
    diagnostics diag;
    close_state(st, ec, diag);
}

}  // namespace

cursor::cursor() noexcept = default;
cursor::cursor(std::shared_ptr<detail::cursor_state> state) noexcept : state_(std::move(state)) {}
cursor::cursor(cursor&&) noexcept = default;
cursor& cursor::operator=(cursor&& other) noexcept {
    if (this != &other) {
        close_quietly(state_);
        state_ = std::move(other.state_);
    }
    return *this;
}

cursor::~cursor() {
    close_quietly(state_);
}

const std::vector<column_info>& cursor::columns() const noexcept {
    return detail::columns_of(state_.get());
}

bool cursor::exhausted() const noexcept {
    return detail::exhausted(state_.get());
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
    auto* s = owner_of(state_, ec, diag);
    if (!s) return {};
    detail::fetch_run op(state_);
    return detail::sync_call(s, op, ec, diag);
}

void cursor::close() {
    std::error_code ec;
    diagnostics diag;
    close(ec, diag);
    throw_if(ec, diag);
}

void cursor::close(std::error_code& ec, diagnostics& diag) {
    close_state(state_, ec, diag);
}

// ---- scroll_cursor ------------------------------------------------------------------------------------

scroll_cursor::scroll_cursor() noexcept = default;
scroll_cursor::scroll_cursor(std::shared_ptr<detail::cursor_state> state) noexcept
    : state_(std::move(state)) {}
scroll_cursor::scroll_cursor(scroll_cursor&&) noexcept = default;
scroll_cursor& scroll_cursor::operator=(scroll_cursor&& other) noexcept {
    if (this != &other) {
        close_quietly(state_);
        state_ = std::move(other.state_);
    }
    return *this;
}
scroll_cursor::~scroll_cursor() {
    close_quietly(state_);
}

const std::vector<column_info>& scroll_cursor::columns() const noexcept {
    return detail::columns_of(state_.get());
}

std::int32_t scroll_cursor::position() const noexcept {
    return detail::position_of(state_.get());
}

std::optional<row_view> scroll_cursor::move(direction where, std::int32_t target) {
    std::error_code ec;
    diagnostics diag;
    std::optional<row_view> row;
    if (auto* s = owner_of(state_, ec, diag)) {
        detail::scroll_run op(state_, where, target);
        row = detail::sync_call(s, op, ec, diag);
    }
    throw_if(ec, diag);
    return row;
}

std::optional<row_view> scroll_cursor::first() {
    return move(direction::first, 0);
}
std::optional<row_view> scroll_cursor::last() {
    return move(direction::last, 0);
}
std::optional<row_view> scroll_cursor::next() {
    return move(direction::next, 0);
}
std::optional<row_view> scroll_cursor::prior() {
    return move(direction::prior, 0);
}
std::optional<row_view> scroll_cursor::absolute(std::int32_t position) {
    return move(direction::absolute, position);
}
std::optional<row_view> scroll_cursor::relative(std::int32_t offset) {
    return move(direction::relative, offset);
}

void scroll_cursor::close() {
    std::error_code ec;
    diagnostics diag;
    close(ec, diag);
    throw_if(ec, diag);
}

void scroll_cursor::close(std::error_code& ec, diagnostics& diag) {
    close_state(state_, ec, diag);
}

}  // namespace ifx
