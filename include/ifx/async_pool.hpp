#pragma once
/// @file
/// `ifx::async_pool`: a pool of ifx::async_connection on one Asio executor, with the sizing,
/// release and health rules of ifx::pool (the same decision core), and
/// `ifx::async_pooled_connection`, the RAII handle a borrower holds. See docs/pool.md and
/// docs/async.md.
///
/// Requires standalone Asio, configured as the library was (ifx/detail/asio_config.hpp: the
/// package's CMake targets and ifx.pc define the macros).
#include "ifx/detail/asio_config.hpp"  // first: before any Asio header

#include <asio/any_io_executor.hpp>
#include <asio/async_result.hpp>
#include <asio/cancellation_type.hpp>
#include <asio/compose.hpp>
#include <asio/post.hpp>
#include <asio/steady_timer.hpp>
#include <chrono>
#include <memory>
#include <system_error>
#include <utility>

#include "ifx/async_connection.hpp"
#include "ifx/pool.hpp"
#include "ifx/source_location.hpp"

namespace ifx {

namespace detail::pool {
class async_shell;
extern template class pool_handle<async_shell, slot<async_connection>>;  // src/pool/async_pool.cpp
}  // namespace detail::pool

/// A borrowed async connection. Move-only; destroying it (or release()) gives the connection
/// back to the pool, which cleans it asynchronously on the pool's executor (rollback of an open
/// transaction, release of statements still held, settings restore) or closes it when its state
/// is not known to be clean — e.g. when an operation is still in flight or was cancelled (a
/// cancelled operation closes its connection). Use it on the pool's executor.
class async_pooled_connection {
public:
    async_pooled_connection() noexcept = default;
    async_pooled_connection(async_pooled_connection&& other) noexcept;
    async_pooled_connection& operator=(async_pooled_connection&& other) noexcept;
    async_pooled_connection(const async_pooled_connection&) = delete;
    async_pooled_connection& operator=(const async_pooled_connection&) = delete;
    ~async_pooled_connection();

    /// The connection. Precondition: valid().
    async_connection* operator->() const noexcept;
    async_connection& operator*() const noexcept;
    bool valid() const noexcept { return handle_.slot() != nullptr; }
    explicit operator bool() const noexcept { return valid(); }

    /// Gives the connection back now (as the destructor would). No-op on an empty handle.
    void release() noexcept;
    /// Closes the connection instead of returning it. No-op on an empty handle.
    void discard() noexcept;

    /// Implementation detail (used by the library).
    async_pooled_connection(std::shared_ptr<detail::pool::async_shell> pool, void* slot) noexcept
        : handle_(std::move(pool), static_cast<detail::pool::slot<async_connection>*>(slot)) {}

private:
    detail::pool::pool_handle<detail::pool::async_shell, detail::pool::slot<async_connection>> handle_;
};

namespace detail::pool {
struct async_request;

// The non-template engine (src/pool/async_pool.cpp).
std::shared_ptr<async_request> async_acquire_begin(const std::shared_ptr<async_shell>& shell,
                                                   std::chrono::milliseconds timeout,
                                                   const ifx::source_location& where);
/// Advances a request after a wake-up; true once it has finished (then take its result).
bool async_acquire_poll(async_shell& shell, async_request& r, bool cancelled);
asio::steady_timer& async_acquire_timer(async_request& r);
async_pooled_connection async_acquire_take(const std::shared_ptr<async_shell>& shell, async_request& r,
                                           std::error_code& ec, diagnostics* diag);

/// The composed operation behind async_pool::async_acquire: the request is queued in the pool's
/// core; the operation sleeps on the request's timer, which a grant cancels and whose expiry is
/// the acquire deadline. Terminal cancellation arrives through the timer wait's slot.
struct async_acquire_op {
    std::shared_ptr<async_shell> shell;
    std::chrono::milliseconds timeout;
    ifx::source_location where;
    diagnostics* diag;
    std::shared_ptr<async_request> request;
    asio::any_io_executor ex;

    template <class Self>
    void operator()(Self& self, std::error_code = {}) {
        if (!request) {
            // All pool work runs on the pool's executor; never complete inside the initiation.
            request = async_acquire_begin(shell, timeout, where);
            return asio::post(ex, std::move(self));
        }
        const bool cancelled = self.get_cancellation_state().cancelled() != asio::cancellation_type::none;
        if (!async_acquire_poll(*shell, *request, cancelled))
            return async_acquire_timer(*request).async_wait(std::move(self));
        std::error_code ec;
        auto c = async_acquire_take(shell, *request, ec, diag);
        self.complete(ec, std::move(c));
    }
};

/// A one-shot event an operation sleeps on: fire() records the outcome and wakes it.
struct async_signal {
    explicit async_signal(const asio::any_io_executor& ex) : timer(ex) {
        timer.expires_at(asio::steady_timer::time_point::max());
    }
    void fire(std::error_code e) {
        done = true;
        ec = e;
        timer.cancel();
    }
    asio::steady_timer timer;
    bool done = false;
    std::error_code ec;
};

std::shared_ptr<async_signal> async_close_begin(const std::shared_ptr<async_shell>& shell,
                                                std::chrono::milliseconds timeout);

/// The composed operation behind async_pool::async_close.
struct async_close_op {
    std::shared_ptr<async_shell> shell;
    std::chrono::milliseconds timeout;
    std::shared_ptr<async_signal> signal;
    asio::any_io_executor ex;

    template <class Self>
    void operator()(Self& self, std::error_code = {}) {
        if (!signal) {
            signal = async_close_begin(shell, timeout);
            return asio::post(ex, std::move(self));
        }
        if (signal->done) return self.complete(signal->ec);
        if (self.get_cancellation_state().cancelled() != asio::cancellation_type::none)
            return self.complete(asio::error::operation_aborted);  // the close itself goes on
        signal->timer.async_wait(std::move(self));
    }
};

}  // namespace detail::pool

/// A pool of async connections to one database (with failover hosts, see connect_params).
///
/// **One executor.** The pool, its connections and the handles live on the executor given to
/// the constructor: use them from that io_context's thread, or from one strand (give the pool a
/// strand when the io_context runs on several threads, and run the borrowers on it). Nothing
/// blocks and there is no background thread: connects, pings, rollbacks and closes are
/// asynchronous operations on that executor.
///
/// The rules are ifx::pool's (the same decision core, src/pool/pool_core.hpp): min_size kept
/// open, lazy growth to max_size with one connect at a time and backoff while the server is
/// down, FIFO waiters, validation after validate_after_idle, keepalive, idle_timeout,
/// max_lifetime with jitter, failback, leak warnings, stats. On release: an operation still in
/// flight or a closed connection → closed; open cursors → closed; statements still held →
/// released on the server; open transaction → rolled back; changed settings → restored; queued
/// CLOSE/RELEASEs left for the next borrower's first request, or written by the housekeeping
/// timer once the connection has been idle for cursor_close_delay.
/// pool_params::reset and pool_params::hooks take an ifx::connection and are not used here
/// (setting them is errc::invalid_argument).
class async_pool {
public:
    using executor_type = asio::any_io_executor;

    /// Starts opening params.min_size connections in the background (nothing blocks; fail_fast
    /// does not apply). Throws ifx::error (errc::invalid_argument) for bad options.
    async_pool(executor_type ex, connect_params params, pool_params options = {});
    /// close() if not closed yet. Handles may outlive the pool.
    ~async_pool();
    async_pool(const async_pool&) = delete;
    async_pool& operator=(const async_pool&) = delete;

    executor_type get_executor() const noexcept;

    /// Borrows a connection, waiting up to options.acquire_timeout (or `timeout`). Completion
    /// signature void(std::error_code, async_pooled_connection). Errors: errc::pool_timeout,
    /// errc::pool_closed, asio::error::operation_aborted (cancelled through the handler's
    /// cancellation slot: the connection, if one was being handed over, goes back to the pool).
    template <class Token>
    auto async_acquire(Token&& token, ifx::source_location where = ifx::source_location::current()) {
        return async_acquire(default_timeout_, std::forward<Token>(token), where);
    }
    template <class Token>
    auto async_acquire(std::chrono::milliseconds timeout, Token&& token,
                       ifx::source_location where = ifx::source_location::current()) {
        return start_acquire(timeout, nullptr, std::forward<Token>(token), where);
    }
    template <class Token>
    auto async_acquire(std::chrono::milliseconds timeout, diagnostics& diag, Token&& token,
                       ifx::source_location where = ifx::source_location::current()) {
        return start_acquire(timeout, &diag, std::forward<Token>(token), where);
    }

    /// Stops new acquires (they and current waiters fail with errc::pool_closed), aborts connects
    /// in flight and closes idle connections (SQ_EXIT, asynchronously); borrowed ones are closed
    /// when they come back.
    /// Idempotent.
    void close();
    /// close(), then waits until every connection is closed or `timeout` passes; connections still
    /// borrowed then are aborted (async_connection::abort: the borrower's operation in flight and
    /// any later one fail with errc::connection_closed) and closed when their handle comes back.
    /// Signature void(std::error_code): success when all were closed in time, errc::timeout when
    /// some had to be aborted.
    template <class Token>
    auto async_close(std::chrono::milliseconds timeout, Token&& token) {
        return asio::async_compose<Token, void(std::error_code)>(
            detail::pool::async_close_op{shell_, timeout, nullptr, ex_}, token, ex_);
    }
    bool closed() const noexcept;

    pool_stats stats() const;

private:
    template <class Token>
    auto start_acquire(std::chrono::milliseconds timeout, diagnostics* diag, Token&& token,
                       const ifx::source_location& where) {
        return asio::async_compose<Token, void(std::error_code, async_pooled_connection)>(
            detail::pool::async_acquire_op{shell_, timeout, where, diag, nullptr, ex_}, token, ex_);
    }

    executor_type ex_;
    std::shared_ptr<detail::pool::async_shell> shell_;
    std::chrono::milliseconds default_timeout_;
};

}  // namespace ifx
