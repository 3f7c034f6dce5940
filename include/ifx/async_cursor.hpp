#pragma once
/// @file
/// `ifx::async_cursor` and `ifx::async_scroll_cursor`: cursors opened by ifx::async_connection.
#include "ifx/detail/asio_config.hpp"  // first: before any Asio header

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "ifx/column.hpp"
#include "ifx/detail/async_run.hpp"
#include "ifx/detail/scroll.hpp"
#include "ifx/result.hpp"

namespace ifx {

namespace detail {
struct cursor_state;
}

/// A streaming server-side cursor opened by async_connection::async_open_cursor. Move-only.
/// Destroying it without async_close schedules the close for the connection's next operation.
class async_cursor {
public:
    async_cursor() noexcept;
    async_cursor(async_cursor&&) noexcept;
    async_cursor& operator=(async_cursor&&) noexcept;
    ~async_cursor();

    const std::vector<column_info>& columns() const noexcept;
    /// True once the server reported the end of the result and every batch was returned.
    bool exhausted() const noexcept;

    /// The next batch of rows; an empty batch once the result is exhausted. The rows stay valid
    /// until the next async_fetch or async_close. Signature void(std::error_code, rows_view).
    template <class Token>
    auto async_fetch(Token&& token) {
        return detail::async_run<rows_view>(ex_, session(), next_batch_op(), nullptr,
                                            std::forward<Token>(token));
    }
    template <class Token>
    auto async_fetch(diagnostics& diag, Token&& token) {
        return detail::async_run<rows_view>(ex_, session(), next_batch_op(), &diag,
                                            std::forward<Token>(token));
    }
    /// Closes the server cursor (and releases its statement). Signature void(std::error_code).
    template <class Token>
    auto async_close(Token&& token) {
        return detail::async_run<void>(ex_, session(), close_op(), nullptr, std::forward<Token>(token));
    }
    template <class Token>
    auto async_close(diagnostics& diag, Token&& token) {
        return detail::async_run<void>(ex_, session(), close_op(), &diag, std::forward<Token>(token));
    }

    /// Implementation detail (used by the library).
    async_cursor(asio::any_io_executor ex, std::shared_ptr<detail::cursor_state> st) noexcept;

private:
    std::shared_ptr<detail::session_core> session() const;
    std::unique_ptr<detail::session_op_of<rows_view>> next_batch_op() const;
    std::unique_ptr<detail::session_op_of<void>> close_op() const;
    asio::any_io_executor ex_;
    std::shared_ptr<detail::cursor_state> st_;
};

/// A scroll cursor opened by async_connection::async_open_scroll_cursor: rows can be read in any
/// order (as ifx::scroll_cursor). Each move completes with the row it lands on, or nullopt when
/// that position is outside the result (the cursor then sits before the first or after the last
/// row); the row stays valid until the next move or async_close. Positions are 1-based.
/// Move-only; destroying it without async_close schedules the close for the next operation.
class async_scroll_cursor {
public:
    async_scroll_cursor() noexcept;
    async_scroll_cursor(async_scroll_cursor&&) noexcept;
    async_scroll_cursor& operator=(async_scroll_cursor&&) noexcept;
    ~async_scroll_cursor();

    const std::vector<column_info>& columns() const noexcept;
    /// The 1-based position of the current row, 0 when there is none.
    std::int32_t position() const noexcept;

    /// Signature void(std::error_code, std::optional<row_view>) for each move.
    template <class Token>
    auto async_first(Token&& token) {
        return move(direction::first, 0, nullptr, std::forward<Token>(token));
    }
    template <class Token>
    auto async_last(Token&& token) {
        return move(direction::last, 0, nullptr, std::forward<Token>(token));
    }
    template <class Token>
    auto async_next(Token&& token) {
        return move(direction::next, 0, nullptr, std::forward<Token>(token));
    }
    template <class Token>
    auto async_prior(Token&& token) {
        return move(direction::prior, 0, nullptr, std::forward<Token>(token));
    }
    template <class Token>
    auto async_absolute(std::int32_t position, Token&& token) {
        return move(direction::absolute, position, nullptr, std::forward<Token>(token));
    }
    template <class Token>
    auto async_relative(std::int32_t offset, Token&& token) {
        return move(direction::relative, offset, nullptr, std::forward<Token>(token));
    }
    /// The same with the failure's diagnostics.
    template <class Token>
    auto async_first(diagnostics& diag, Token&& token) {
        return move(direction::first, 0, &diag, std::forward<Token>(token));
    }
    template <class Token>
    auto async_last(diagnostics& diag, Token&& token) {
        return move(direction::last, 0, &diag, std::forward<Token>(token));
    }
    template <class Token>
    auto async_next(diagnostics& diag, Token&& token) {
        return move(direction::next, 0, &diag, std::forward<Token>(token));
    }
    template <class Token>
    auto async_prior(diagnostics& diag, Token&& token) {
        return move(direction::prior, 0, &diag, std::forward<Token>(token));
    }
    template <class Token>
    auto async_absolute(std::int32_t position, diagnostics& diag, Token&& token) {
        return move(direction::absolute, position, &diag, std::forward<Token>(token));
    }
    template <class Token>
    auto async_relative(std::int32_t offset, diagnostics& diag, Token&& token) {
        return move(direction::relative, offset, &diag, std::forward<Token>(token));
    }
    /// Closes the server cursor (and releases its statement). Signature void(std::error_code).
    template <class Token>
    auto async_close(Token&& token) {
        return detail::async_run<void>(ex_, session(), close_op(), nullptr, std::forward<Token>(token));
    }
    template <class Token>
    auto async_close(diagnostics& diag, Token&& token) {
        return detail::async_run<void>(ex_, session(), close_op(), &diag, std::forward<Token>(token));
    }

    /// Implementation detail (used by the library).
    async_scroll_cursor(asio::any_io_executor ex, std::shared_ptr<detail::cursor_state> st) noexcept;

private:
    using direction = detail::scroll_direction;
    template <class Token>
    auto move(direction where, std::int32_t target, diagnostics* diag, Token&& token) {
        return detail::async_run<std::optional<row_view>>(ex_, session(), move_op(where, target), diag,
                                                          std::forward<Token>(token));
    }
    std::shared_ptr<detail::session_core> session() const;
    std::unique_ptr<detail::session_op_of<std::optional<row_view>>> move_op(direction where,
                                                                            std::int32_t target) const;
    std::unique_ptr<detail::session_op_of<void>> close_op() const;
    asio::any_io_executor ex_;
    std::shared_ptr<detail::cursor_state> st_;
};

}  // namespace ifx
