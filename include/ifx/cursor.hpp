#pragma once
/// @file
/// `ifx::cursor`: a streaming, forward-only result. Memory is bounded by the fetch buffer.
#include <memory>
#include <span>
#include <system_error>
#include <vector>

#include "ifx/column.hpp"
#include "ifx/error.hpp"
#include "ifx/result.hpp"

namespace ifx {

namespace detail {
class session;
struct cursor_state;
}  // namespace detail

/// An open server-side cursor. Move-only. Destroying or closing it frees the server's cursor
/// and statement (errors during that are ignored: a broken connection has nothing to free).
/// A cursor must not be used concurrently with its connection from another thread.
class cursor {
public:
    cursor() noexcept;
    cursor(cursor&&) noexcept;
    cursor& operator=(cursor&&) noexcept;
    ~cursor();

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
    explicit cursor(std::unique_ptr<detail::cursor_state> state) noexcept;
    std::unique_ptr<detail::cursor_state> state_;
};

}  // namespace ifx
