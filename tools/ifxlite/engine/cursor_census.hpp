#pragma once
// The cursors every session holds open, server-wide: what a DBA reads from IDS with `onstat -g
// sql` or the sysmaster tables, here answered on the control socket (`open-cursors SID`). A
// cursor counts from its OPEN until its CLOSE, the end of its transaction (unless WITH HOLD), its
// statement's RELEASE or the end of the session, whether or not all its rows have been fetched:
// on IDS an exhausted cursor still holds its table open until it is closed.
#include <cstdint>
#include <optional>

namespace ifx::lite {

/// Open cursors of session `session_id` (DBINFO('sessionid')).
std::int64_t open_cursors_of(std::int64_t session_id);

/// statement::open: whether the cursor is open, counted for its session while it is.
class cursor_open_flag {
public:
    cursor_open_flag() = default;
    cursor_open_flag(const cursor_open_flag&) = delete;
    cursor_open_flag& operator=(const cursor_open_flag&) = delete;
    cursor_open_flag(cursor_open_flag&& other) noexcept : session_(other.session_) { other.session_.reset(); }
    cursor_open_flag& operator=(cursor_open_flag&& other) noexcept;
    ~cursor_open_flag() { clear(); }

    /// The cursor opened on session `session_id` (no-op when it is open already).
    void set(std::int64_t session_id);
    /// The cursor closed (no-op when it is not open).
    void clear() noexcept;
    explicit operator bool() const noexcept { return session_.has_value(); }

private:
    std::optional<std::int64_t> session_;
};

}  // namespace ifx::lite
