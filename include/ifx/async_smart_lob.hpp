#pragma once
/// @file
/// `ifx::async_smart_lob`: streaming access to a BLOB or CLOB through an ifx::async_connection,
/// the async face of ifx::smart_lob (the same session operations and bytes on the wire).
#include "ifx/detail/asio_config.hpp"  // first: before any Asio header

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ifx/async_connection.hpp"
#include "ifx/detail/async_run.hpp"
#include "ifx/lob.hpp"
#include "ifx/smart_lob.hpp"

namespace ifx {

class async_smart_lob;

namespace detail {
struct created_lob;
/// The async face's handle for what an open or create made (src/async/async_smart_lob.cpp).
struct as_async_lob {
    asio::any_io_executor ex;
    std::shared_ptr<session_core> owner;
    lob_locator locator;
    async_smart_lob operator()(std::int64_t fd, std::error_code&, diagnostics&) const;
    async_smart_lob operator()(const created_lob& made, std::error_code&, diagnostics&) const;
};
}  // namespace detail

/// An open smart large object (BLOB or CLOB) read and written in pieces with SQ_LODATA, as
/// ifx::smart_lob; every call is one operation on its connection (one at a time, like any other).
/// Opened from a locator read from a row of the same connection, or created empty. Move-only.
/// Destroying it without async_close does no I/O: the server descriptor stays open until the
/// session ends.
class async_smart_lob {
public:
    async_smart_lob() noexcept = default;
    async_smart_lob(async_smart_lob&&) noexcept = default;
    async_smart_lob& operator=(async_smart_lob&&) noexcept = default;

    /// Opens `locator` with ifx_lo_open. Signature void(std::error_code, async_smart_lob).
    template <class Token>
    static auto async_open(async_connection& conn, const lob_locator& locator, lob_mode mode, Token&& token) {
        return open(conn, locator, mode, nullptr, std::forward<Token>(token));
    }
    template <class Token>
    static auto async_open(async_connection& conn, const lob_locator& locator, lob_mode mode,
                           diagnostics& diag, Token&& token) {
        return open(conn, locator, mode, &diag, std::forward<Token>(token));
    }
    /// Creates a new, empty object (ifx_lo_create, the server's default storage) and opens it in
    /// `mode`, as smart_lob::create. Signature void(std::error_code, async_smart_lob).
    template <class Token>
    static auto async_create(async_connection& conn, lob_locator::kind kind, lob_mode mode, Token&& token) {
        return create(conn, kind, mode, nullptr, std::forward<Token>(token));
    }
    template <class Token>
    static auto async_create(async_connection& conn, lob_locator::kind kind, lob_mode mode, diagnostics& diag,
                             Token&& token) {
        return create(conn, kind, mode, &diag, std::forward<Token>(token));
    }
    /// Frees the server's resources for a locator (ifx_lo_release). Signature void(std::error_code).
    template <class Token>
    static auto async_release(async_connection& conn, const lob_locator& locator, Token&& token) {
        return detail::async_run<void>(conn.get_executor(), session_of(conn), release_op(locator), nullptr,
                                       std::forward<Token>(token));
    }

    /// Reads from the current position into buffer (which must outlive the operation): fills it
    /// unless the object ends first. Signature void(std::error_code, std::size_t): the bytes read.
    template <class Token>
    auto async_read(std::span<std::byte> buffer, Token&& token) {
        return run<std::size_t>(read_op(buffer), nullptr, std::forward<Token>(token));
    }
    template <class Token>
    auto async_read(std::span<std::byte> buffer, diagnostics& diag, Token&& token) {
        return run<std::size_t>(read_op(buffer), &diag, std::forward<Token>(token));
    }
    /// Writes data (which must outlive the operation) at the current position. Signature
    /// void(std::error_code, std::size_t): the bytes the server confirmed.
    template <class Token>
    auto async_write(std::span<const std::byte> data, Token&& token) {
        return run<std::size_t>(write_op(data), nullptr, std::forward<Token>(token));
    }
    template <class Token>
    auto async_write(std::span<const std::byte> data, diagnostics& diag, Token&& token) {
        return run<std::size_t>(write_op(data), &diag, std::forward<Token>(token));
    }
    /// Everything from the current position to the end. Signature void(std::error_code,
    /// std::vector<std::byte>).
    template <class Token>
    auto async_read_all(Token&& token) {
        return run<std::vector<std::byte>>(read_all_op(), nullptr, std::forward<Token>(token));
    }
    /// The rest as UTF-8 text (a CLOB converted from the connection's code set, a BLOB verbatim).
    /// Signature void(std::error_code, std::string).
    template <class Token>
    auto async_read_text(Token&& token) {
        return run<std::string>(read_text_op(), nullptr, std::forward<Token>(token));
    }
    template <class Token>
    auto async_read_text(diagnostics& diag, Token&& token) {
        return run<std::string>(read_text_op(), &diag, std::forward<Token>(token));
    }
    /// Writes UTF-8 text (copied): converted to the connection's code set for a CLOB, verbatim for
    /// a BLOB. Signature void(std::error_code, std::size_t).
    template <class Token>
    auto async_write_text(std::string_view text, Token&& token) {
        return run<std::size_t>(write_text_op(text), nullptr, std::forward<Token>(token));
    }
    template <class Token>
    auto async_write_text(std::string_view text, diagnostics& diag, Token&& token) {
        return run<std::size_t>(write_text_op(text), &diag, std::forward<Token>(token));
    }
    /// Moves the position (ifx_lo_seek). Signature void(std::error_code, std::int64_t): the new one.
    template <class Token>
    auto async_seek(std::int64_t offset, lob_whence whence, Token&& token) {
        return run<std::int64_t>(seek_op(offset, whence), nullptr, std::forward<Token>(token));
    }
    /// The current position (ifx_lo_tell). Signature void(std::error_code, std::int64_t).
    template <class Token>
    auto async_tell(Token&& token) {
        return run<std::int64_t>(tell_op(), nullptr, std::forward<Token>(token));
    }
    /// The size in bytes; the position is unchanged. Signature void(std::error_code, std::int64_t).
    template <class Token>
    auto async_size(Token&& token) {
        return run<std::int64_t>(size_op(), nullptr, std::forward<Token>(token));
    }
    /// Closes the descriptor (ifx_lo_close); the object is closed from the call on, whatever the
    /// outcome. Signature void(std::error_code).
    template <class Token>
    auto async_close(Token&& token) {
        auto owner = std::exchange(owner_, nullptr);
        return detail::async_run<void>(ex_, std::move(owner), close_op(std::exchange(fd_, -1)), nullptr,
                                       std::forward<Token>(token));
    }

    bool is_open() const noexcept { return fd_ >= 0; }
    std::int32_t descriptor() const noexcept { return fd_; }
    lob_locator::kind kind() const noexcept { return kind_; }
    const lob_locator& locator() const noexcept { return locator_; }

    /// Implementation detail (used by the library).
    async_smart_lob(asio::any_io_executor ex, std::shared_ptr<detail::session_core> owner,
                    lob_locator locator, std::int32_t fd) noexcept;

private:
    template <class T, class Token>
    auto run(std::unique_ptr<detail::session_op_of<T>> op, diagnostics* diag, Token&& token) {
        return detail::async_run<T>(ex_, fd_ >= 0 ? owner_ : nullptr, std::move(op), diag,
                                    std::forward<Token>(token));
    }
    template <class Token>
    static auto open(async_connection& conn, const lob_locator& locator, lob_mode mode, diagnostics* diag,
                     Token&& token) {
        return detail::async_run<std::int64_t, async_smart_lob>(
            conn.get_executor(), session_of(conn), open_op(locator, mode), diag, std::forward<Token>(token),
            detail::as_async_lob{conn.get_executor(), session_of(conn), locator});
    }
    template <class Token>
    static auto create(async_connection& conn, lob_locator::kind kind, lob_mode mode, diagnostics* diag,
                       Token&& token) {
        lob_locator shape;
        shape.type = kind;
        return detail::async_run<detail::created_lob, async_smart_lob>(
            conn.get_executor(), session_of(conn), create_op(kind, mode), diag, std::forward<Token>(token),
            detail::as_async_lob{conn.get_executor(), session_of(conn), shape});
    }
    static std::shared_ptr<detail::session_core> session_of(const async_connection& conn);
    static std::unique_ptr<detail::session_op_of<std::int64_t>> open_op(const lob_locator& locator,
                                                                        lob_mode mode);
    static std::unique_ptr<detail::session_op_of<detail::created_lob>> create_op(lob_locator::kind kind,
                                                                                 lob_mode mode);
    static std::unique_ptr<detail::session_op_of<void>> release_op(const lob_locator& locator);
    static std::unique_ptr<detail::session_op_of<void>> close_op(std::int32_t fd);
    std::unique_ptr<detail::session_op_of<std::size_t>> read_op(std::span<std::byte> buffer) const;
    std::unique_ptr<detail::session_op_of<std::size_t>> write_op(std::span<const std::byte> data) const;
    std::unique_ptr<detail::session_op_of<std::vector<std::byte>>> read_all_op() const;
    std::unique_ptr<detail::session_op_of<std::string>> read_text_op() const;
    std::unique_ptr<detail::session_op_of<std::size_t>> write_text_op(std::string_view text) const;
    std::unique_ptr<detail::session_op_of<std::int64_t>> seek_op(std::int64_t offset,
                                                                 lob_whence whence) const;
    std::unique_ptr<detail::session_op_of<std::int64_t>> tell_op() const;
    std::unique_ptr<detail::session_op_of<std::int64_t>> size_op() const;

    asio::any_io_executor ex_;
    std::shared_ptr<detail::session_core> owner_;
    lob_locator locator_;
    std::int32_t fd_ = -1;
    lob_locator::kind kind_ = lob_locator::kind::blob;
};

}  // namespace ifx
