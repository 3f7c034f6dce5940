#pragma once
/// @file
/// `ifx::cursor`: a streaming, forward-only result. Memory is bounded by the fetch buffer.
#include <memory>
#include <optional>
#include <span>
#include <system_error>
#include <vector>

#include "ifx/column.hpp"
#include "ifx/detail/scroll.hpp"
#include "ifx/error.hpp"
#include "ifx/result.hpp"

namespace ifx {

namespace detail {
struct cursor_state;
}  // namespace detail

/// An open server-side cursor. Move-only. Destroying or closing it frees the server's cursor
/// and statement (errors during that are ignored: a broken connection has nothing to free).
/// A cursor must not be used concurrently with its connection from another thread.
class cursor {
public:
    /// An empty cursor (not open); assign one from connection::open_cursor.
    cursor() noexcept;
    /// Moves the open cursor; the source is left empty.
    cursor(cursor&&) noexcept;
    cursor& operator=(cursor&&) noexcept;
    /// Closes the server cursor if still open (errors ignored).
    ~cursor();

    /// The result columns, known from the moment the cursor is open.
    const std::vector<column_info>& columns() const noexcept;
    /// The next batch of rows (as many as fit in the fetch buffer); empty once the result is
    /// exhausted. The rows stay valid until the next fetch() or close().
    rows_view fetch();
    rows_view fetch(std::error_code& ec, diagnostics& diag);
    /// True once the server reported the end of the result.
    bool exhausted() const noexcept;
    /// Closes and releases the server cursor now. Throws on a server error.
    void close();
    void close(std::error_code& ec, diagnostics& diag);

private:
    friend class connection;
    explicit cursor(std::shared_ptr<detail::cursor_state> state) noexcept;
    std::shared_ptr<detail::cursor_state> state_;
};

}  // namespace ifx

namespace ifx {

/// Options for opening a cursor.
struct cursor_options {
    /// WITH HOLD: the cursor stays open across COMMIT WORK (ROLLBACK still closes it).
    bool with_hold = false;
};

/// A scroll cursor: rows can be read in any order. The server keeps the whole result (ifxlite
/// materialises it at open), so prefer ifx::cursor for large results. Move-only; destroying or
/// closing it frees the server's cursor and statement. Positions are 1-based.
class scroll_cursor {
public:
    scroll_cursor() noexcept;
    scroll_cursor(scroll_cursor&&) noexcept;
    scroll_cursor& operator=(scroll_cursor&&) noexcept;
    ~scroll_cursor();

    const std::vector<column_info>& columns() const noexcept;
    /// Each returns the row it moved to, or nullopt when that position is outside the result
    /// (the cursor then sits before the first or after the last row). The row stays valid until
    /// the next move or close(). Throws ifx::error on failure.
    std::optional<row_view> first();
    std::optional<row_view> last();
    std::optional<row_view> next();
    std::optional<row_view> prior();
    std::optional<row_view> absolute(std::int32_t position);
    std::optional<row_view> relative(std::int32_t offset);
    /// The 1-based position of the current row, 0 when there is none.
    std::int32_t position() const noexcept;
    void close();
    void close(std::error_code& ec, diagnostics& diag);

private:
    friend class connection;
    explicit scroll_cursor(std::shared_ptr<detail::cursor_state> state) noexcept;
    using direction = detail::scroll_direction;
    std::optional<row_view> move(direction where, std::int32_t target);
    std::shared_ptr<detail::cursor_state> state_;
};

}  // namespace ifx
