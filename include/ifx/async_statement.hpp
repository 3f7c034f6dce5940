#pragma once
/// @file
/// `ifx::async_statement`: a statement prepared by ifx::async_connection::async_prepare.
#include "ifx/detail/asio_config.hpp"  // first: before any Asio header

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "ifx/column.hpp"
#include "ifx/detail/async_run.hpp"

namespace ifx {

namespace detail {
struct prepared;
}

/// A statement prepared on the server by async_connection::async_prepare. Move-only. Valid only
/// with the connection that prepared it. Destroying it without async_close schedules the
/// server-side release for the connection's next operation (no I/O happens in a destructor).
class async_statement {
public:
    async_statement() noexcept;
    async_statement(async_statement&&) noexcept;
    async_statement& operator=(async_statement&&) noexcept;
    ~async_statement();

    const std::vector<column_info>& columns() const noexcept;
    std::int16_t statement_type() const noexcept;
    bool returns_rows() const noexcept;
    const std::string& sql() const noexcept;
    /// True while the statement is prepared on an open connection.
    bool valid() const noexcept;

    /// Releases the statement on the server now. Signature void(std::error_code).
    template <class Token>
    auto async_close(Token&& token) {
        return detail::async_run<void>(ex_, session(), close_op(), nullptr, std::forward<Token>(token));
    }
    template <class Token>
    auto async_close(diagnostics& diag, Token&& token) {
        return detail::async_run<void>(ex_, session(), close_op(), &diag, std::forward<Token>(token));
    }

    /// Implementation detail (used by the library).
    async_statement(asio::any_io_executor ex, std::shared_ptr<detail::prepared> p) noexcept;
    const std::shared_ptr<detail::prepared>& impl() const noexcept { return p_; }

private:
    std::shared_ptr<detail::session_core> session() const;
    std::unique_ptr<detail::session_op_of<void>> close_op() const;
    asio::any_io_executor ex_;
    std::shared_ptr<detail::prepared> p_;
};

}  // namespace ifx
