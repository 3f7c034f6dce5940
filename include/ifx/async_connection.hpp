#pragma once
/// @file
/// `ifx::async_connection`: one session with an Informix server driven by standalone Asio. It
/// runs the same sans-I/O protocol state machines as ifx::connection, on the caller's executor,
/// without threads of its own. Every operation accepts any Asio completion token; the documented
/// path is C++20 coroutines (`asio::use_awaitable`, `asio::experimental::as_tuple`). See
/// docs/async.md.
///
/// Requires standalone Asio, configured as the library was (ifx/detail/asio_config.hpp: the
/// package's CMake targets and ifx.pc define the macros).
#include "ifx/detail/asio_config.hpp"  // first: before any Asio header

#include <array>
#include <asio/any_io_executor.hpp>
#include <asio/associated_executor.hpp>
#include <asio/async_result.hpp>
#include <asio/compose.hpp>
#include <asio/io_context.hpp>
#include <asio/post.hpp>
#include <asio/steady_timer.hpp>
#include <asio/system_executor.hpp>
#include <chrono>
#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "ifx/column.hpp"
#include "ifx/connect_params.hpp"
#include "ifx/connection.hpp"
#include "ifx/error.hpp"
#include "ifx/param.hpp"
#include "ifx/result.hpp"

namespace ifx {

class async_connection;

namespace detail {

class async_session;
struct async_prepared;
struct async_connection_access;
struct async_cursor_state;

/// One asynchronous operation (implementation detail). advance() is called when the operation
/// starts and after every I/O event; it returns true once the operation is finished.
class async_task {
public:
    virtual ~async_task() = default;
    virtual bool advance(async_session& s, std::error_code& ec, diagnostics& diag) = 0;
};
template <class T>
class async_task_of : public async_task {
public:
    T value{};
};
template <>
class async_task_of<void> : public async_task {};

// The non-template engine (src/async/async_connection.cpp).
std::error_code async_begin(async_session* s, async_task& t);
bool async_step(async_session& s, std::error_code& ec);
std::error_code async_abort(async_session& s);
asio::steady_timer& async_wakeup(async_session& s);
void async_take_diagnostics(async_session& s, diagnostics* out);

/// The composed operation behind every public async_ call: starts the task (failing fast with
/// operation_in_progress when another runs), then sleeps on the session's wake-up timer, which
/// I/O completions cancel and whose expiry is the operation's deadline. Terminal cancellation
/// arrives through the timer wait's cancellation slot.
template <class T>
struct async_run_op {
    async_run_op(std::shared_ptr<async_session> session, std::unique_ptr<async_task_of<T>> t, diagnostics* d)
        : s(std::move(session)), task(std::move(t)), diag(d) {}
    std::shared_ptr<async_session> s;
    std::unique_ptr<async_task_of<T>> task;
    diagnostics* diag;
    enum class state { starting, running, failing } st = state::starting;
    std::error_code failure;

    template <class Self>
    void operator()(Self& self, std::error_code = {}) {
        if (st == state::starting) {
            failure = async_begin(s.get(), *task);
            st = failure ? state::failing : state::running;
            if (failure && diag) {
                diag->clear();
                diag->client_message = failure == errc::operation_in_progress
                                           ? "another operation is in progress on this connection"
                                           : "the connection is not open";
            }
            // The first step runs from the executor: never complete inside the initiating function.
            auto ex = asio::get_associated_executor(self);
            asio::post(ex, std::move(self));
            return;
        }
        if (st == state::failing) return finish(self, failure);
        std::error_code ec;
        if (self.get_cancellation_state().cancelled() != asio::cancellation_type::none)
            return complete(self, async_abort(*s));
        if (async_step(*s, ec)) return complete(self, ec);
        async_wakeup(*s).async_wait(std::move(self));
    }

    template <class Self>
    void complete(Self& self, std::error_code ec) {
        async_take_diagnostics(*s, diag);
        finish(self, ec);
    }

    template <class Self>
    void finish(Self& self, std::error_code ec) {
        if constexpr (std::is_void_v<T>) {
            self.complete(ec);
        } else {
            T value = std::move(task->value);
            self.complete(ec, std::move(value));
        }
    }
};

/// A range of tuple-like rows, for async_execute_many.
template <class Rows>
concept tuple_rows = requires(const Rows& r) {
    std::begin(r);
    std::tuple_size<std::remove_cvref_t<decltype(*std::begin(r))>>::value;
};

/// Rows of tuples laid out back to back as params, and the row width.
template <class Rows>
std::pair<std::vector<param>, std::size_t> flatten_rows(const Rows& rows) {
    using row_type = std::remove_cvref_t<decltype(*std::begin(rows))>;
    std::vector<param> flat;
    for (const auto& row : rows) std::apply([&](const auto&... v) { (flat.emplace_back(v), ...); }, row);
    return {std::move(flat), std::tuple_size_v<row_type>};
}

template <class T>
struct async_signature_of {
    using type = void(std::error_code, T);
};
template <>
struct async_signature_of<void> {
    using type = void(std::error_code);
};
template <class T>
using async_signature = typename async_signature_of<T>::type;

template <class T, class Token>
auto async_run(const asio::any_io_executor& ex, std::shared_ptr<async_session> s,
               std::unique_ptr<async_task_of<T>> task, diagnostics* diag, Token&& token) {
    // A default-constructed cursor or statement has no executor; its calls fail on the system one.
    asio::any_io_executor io = ex ? ex : asio::any_io_executor(asio::system_executor());
    return asio::async_compose<Token, async_signature<T>>(
        async_run_op<T>(std::move(s), std::move(task), diag), token, io);
}

}  // namespace detail

/// Parameters for the async_ calls that take a span of ifx::param: make_params(1, "x", 2.5).
/// Text parameters are views: the strings must outlive the operation.
template <class... Args>
std::array<param, sizeof...(Args)> make_params(const Args&... args) {
    return {param(args)...};
}

/// A statement prepared by async_connection::async_prepare. Move-only. Valid only with the
/// connection that prepared it. Destroying it without async_close schedules the server-side
/// release for the connection's next operation (no I/O happens in a destructor).
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
        return detail::async_run<void>(ex_, session(), close_task(), nullptr, std::forward<Token>(token));
    }

private:
    friend class async_connection;
    friend struct detail::async_prepared;
    std::shared_ptr<detail::async_session> session() const;
    std::unique_ptr<detail::async_task_of<void>> close_task();
    asio::any_io_executor ex_;
    std::shared_ptr<detail::async_prepared> p_;

public:
    /// Implementation detail (used by the library).
    async_statement(asio::any_io_executor ex, std::shared_ptr<detail::async_prepared> p) noexcept;
    const std::shared_ptr<detail::async_prepared>& impl() const noexcept { return p_; }
};

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
        return detail::async_run<rows_view>(ex_, session(), fetch_task(), nullptr,
                                            std::forward<Token>(token));
    }
    template <class Token>
    auto async_fetch(diagnostics& diag, Token&& token) {
        return detail::async_run<rows_view>(ex_, session(), fetch_task(), &diag, std::forward<Token>(token));
    }
    /// Closes the server cursor (and releases its statement). Signature void(std::error_code).
    template <class Token>
    auto async_close(Token&& token) {
        return detail::async_run<void>(ex_, session(), close_task(), nullptr, std::forward<Token>(token));
    }

    /// Implementation detail (used by the library).
    async_cursor(asio::any_io_executor ex, std::shared_ptr<detail::async_cursor_state> st) noexcept;

private:
    std::shared_ptr<detail::async_session> session() const;
    std::unique_ptr<detail::async_task_of<rows_view>> fetch_task();
    std::unique_ptr<detail::async_task_of<void>> close_task();
    asio::any_io_executor ex_;
    std::shared_ptr<detail::async_cursor_state> st_;
};

/// A session with the server driven asynchronously on an Asio executor.
///
/// Completion signatures are `void(std::error_code, T)` (or `void(std::error_code)`); every call
/// has an overload taking `diagnostics&` (before the token) that receives the failure's details.
///
/// **One operation at a time.** An operation started while another is in flight on the same
/// connection (including its statements and cursors) completes with errc::operation_in_progress
/// and does not disturb the running one.
///
/// **Cancellation and deadlines.** Each operation has a deadline: connect_params::read_timeout
/// (connect_timeout for async_connect), changeable with set_operation_timeout. Terminal
/// cancellation through the completion handler's cancellation slot (asio::bind_cancellation_slot,
/// awaitable operators, co_spawn) is supported. SQLI has no interrupt message, so a cancelled or
/// timed-out operation closes the connection: it completes with asio::error::operation_aborted
/// (errc::timeout for the deadline) and is_open() becomes false. An operation that completed is
/// never affected; a connection is never left open in an unknown state.
///
/// **Threads.** Not thread-safe: use it from one thread, or from one strand (give the connection
/// a strand executor when the io_context runs on several threads). Handlers run on the
/// completion token's associated executor.
///
/// **Lifetimes.** SQL text is copied. Parameter values are copied, but text parameters are views:
/// the strings must stay valid until the operation completes. The connection may be destroyed
/// with an operation in flight: the socket is closed and the operation completes with an error.
class async_connection {
public:
    using executor_type = asio::any_io_executor;

    explicit async_connection(executor_type ex);
    explicit async_connection(asio::io_context& ctx) : async_connection(executor_type(ctx.get_executor())) {}
    async_connection(async_connection&&) noexcept;
    async_connection& operator=(async_connection&&) noexcept;
    /// Closes the socket without SQ_EXIT (no I/O in destructors); prefer async_close.
    ~async_connection();

    executor_type get_executor() const noexcept { return ex_; }

    /// Resolves, connects (trying params.failover_hosts in order), performs TLS as params.tls says,
    /// logs in and opens params.database. Closes any previous session first.
    template <class Token>
    auto async_connect(const connect_params& params, Token&& token) {
        return run<void>(connect_task(params), nullptr, std::forward<Token>(token));
    }
    template <class Token>
    auto async_connect(const connect_params& params, diagnostics& diag, Token&& token) {
        return run<void>(connect_task(params), &diag, std::forward<Token>(token));
    }

    /// A statement that returns no rows. Without parameters: one immediate command; with
    /// parameters: prepared (or from the statement cache) and executed. Completes with exec_result.
    template <class Token>
    auto async_execute(std::string_view sql, Token&& token) {
        return run<exec_result>(execute_task(sql, {}), nullptr, std::forward<Token>(token));
    }
    template <class Token>
    auto async_execute(std::string_view sql, std::span<const param> params, Token&& token) {
        return run<exec_result>(execute_task(sql, params), nullptr, std::forward<Token>(token));
    }
    template <class Token>
    auto async_execute(std::string_view sql, std::span<const param> params, diagnostics& diag,
                       Token&& token) {
        return run<exec_result>(execute_task(sql, params), &diag, std::forward<Token>(token));
    }
    template <class Token>
    auto async_execute(const async_statement& stmt, std::span<const param> params, Token&& token) {
        return run<exec_result>(execute_task(stmt, params), nullptr, std::forward<Token>(token));
    }
    template <class Token>
    auto async_execute(const async_statement& stmt, std::span<const param> params, diagnostics& diag,
                       Token&& token) {
        return run<exec_result>(execute_task(stmt, params), &diag, std::forward<Token>(token));
    }

    /// Any statement, its whole result read into memory (prepare or cache → open → fetch every
    /// batch → close, one pipelined state machine). Completes with ifx::result.
    template <class Token>
    auto async_query(std::string_view sql, Token&& token) {
        return run<result>(query_task(sql, {}), nullptr, std::forward<Token>(token));
    }
    template <class Token>
    auto async_query(std::string_view sql, std::span<const param> params, Token&& token) {
        return run<result>(query_task(sql, params), nullptr, std::forward<Token>(token));
    }
    template <class Token>
    auto async_query(std::string_view sql, std::span<const param> params, diagnostics& diag, Token&& token) {
        return run<result>(query_task(sql, params), &diag, std::forward<Token>(token));
    }
    template <class Token>
    auto async_query(const async_statement& stmt, std::span<const param> params, Token&& token) {
        return run<result>(query_task(stmt, params), nullptr, std::forward<Token>(token));
    }
    template <class Token>
    auto async_query(const async_statement& stmt, std::span<const param> params, diagnostics& diag,
                     Token&& token) {
        return run<result>(query_task(stmt, params), &diag, std::forward<Token>(token));
    }

    /// Prepares a statement. Completes with async_statement.
    template <class Token>
    auto async_prepare(std::string_view sql, Token&& token) {
        return run<async_statement>(prepare_task(sql), nullptr, std::forward<Token>(token));
    }
    template <class Token>
    auto async_prepare(std::string_view sql, diagnostics& diag, Token&& token) {
        return run<async_statement>(prepare_task(sql), &diag, std::forward<Token>(token));
    }

    /// Opens a streaming cursor; the open fetches the first batch in the same round trip.
    /// Completes with async_cursor.
    template <class Token>
    auto async_open_cursor(std::string_view sql, std::span<const param> params, Token&& token) {
        return run<async_cursor>(cursor_task(sql, params), nullptr, std::forward<Token>(token));
    }
    template <class Token>
    auto async_open_cursor(std::string_view sql, std::span<const param> params, diagnostics& diag,
                           Token&& token) {
        return run<async_cursor>(cursor_task(sql, params), &diag, std::forward<Token>(token));
    }
    template <class Token>
    auto async_open_cursor(const async_statement& stmt, std::span<const param> params, Token&& token) {
        return run<async_cursor>(cursor_task(stmt, params), nullptr, std::forward<Token>(token));
    }

    /// Executes stmt once per row, pipelined in batches of batch_rows (see ifx::batch_result).
    /// `params` holds the rows back to back, `width` values each. Completes with batch_result; a
    /// failed row completes with its error and diagnostics::batch_row.
    template <class Token>
    auto async_execute_many(const async_statement& stmt, std::span<const param> params, std::size_t width,
                            std::size_t batch_rows, Token&& token) {
        return run<batch_result>(batch_task(stmt, params, width, batch_rows), nullptr,
                                 std::forward<Token>(token));
    }
    template <class Token>
    auto async_execute_many(const async_statement& stmt, std::span<const param> params, std::size_t width,
                            std::size_t batch_rows, diagnostics& diag, Token&& token) {
        return run<batch_result>(batch_task(stmt, params, width, batch_rows), &diag,
                                 std::forward<Token>(token));
    }

    /// Executes stmt once per row of `rows`, a range of tuples (or of anything std::apply
    /// accepts) whose elements convert to ifx::param, as connection::execute_many. The values are
    /// copied when the call is made, but text values are views: the strings in `rows` must stay
    /// alive until the operation completes. Completes with batch_result.
    template <class Rows, class Token>
    requires detail::tuple_rows<Rows>
    auto async_execute_many(const async_statement& stmt, const Rows& rows, std::size_t batch_rows,
                            diagnostics& diag, Token&& token) {
        auto [flat, width] = detail::flatten_rows(rows);
        return run<batch_result>(batch_task(stmt, flat, width, batch_rows), &diag,
                                 std::forward<Token>(token));
    }
    template <class Rows, class Token>
    requires detail::tuple_rows<Rows>
    auto async_execute_many(const async_statement& stmt, const Rows& rows, std::size_t batch_rows,
                            Token&& token) {
        auto [flat, width] = detail::flatten_rows(rows);
        return run<batch_result>(batch_task(stmt, flat, width, batch_rows), nullptr,
                                 std::forward<Token>(token));
    }
    template <class Rows, class Token>
    requires detail::tuple_rows<Rows>
    auto async_execute_many(const async_statement& stmt, const Rows& rows, Token&& token) {
        return async_execute_many(stmt, rows, std::size_t{4096}, std::forward<Token>(token));
    }

    /// SAVEPOINT name / ROLLBACK TO SAVEPOINT name / RELEASE SAVEPOINT name (inside a
    /// transaction), as connection::savepoint and friends. `name` must be an SQL identifier
    /// (errc::invalid_argument otherwise). Signature void(std::error_code).
    template <class Token>
    auto async_savepoint(std::string_view name, Token&& token) {
        return run<void>(savepoint_task(0, name), nullptr, std::forward<Token>(token));
    }
    template <class Token>
    auto async_rollback_to_savepoint(std::string_view name, Token&& token) {
        return run<void>(savepoint_task(1, name), nullptr, std::forward<Token>(token));
    }
    template <class Token>
    auto async_release_savepoint(std::string_view name, Token&& token) {
        return run<void>(savepoint_task(2, name), nullptr, std::forward<Token>(token));
    }
    template <class Token>
    auto async_savepoint(std::string_view name, diagnostics& diag, Token&& token) {
        return run<void>(savepoint_task(0, name), &diag, std::forward<Token>(token));
    }
    template <class Token>
    auto async_rollback_to_savepoint(std::string_view name, diagnostics& diag, Token&& token) {
        return run<void>(savepoint_task(1, name), &diag, std::forward<Token>(token));
    }
    template <class Token>
    auto async_release_savepoint(std::string_view name, diagnostics& diag, Token&& token) {
        return run<void>(savepoint_task(2, name), &diag, std::forward<Token>(token));
    }

    /// Releases on the server every statement made by async_prepare that is still open, and sends
    /// the releases queued by destroyed statements and cursors; the async_statement objects become
    /// invalid (later use fails with errc::cursor_closed). ifx::async_pool runs it when a borrower
    /// returns a connection still holding statements. Signature void(std::error_code).
    template <class Token>
    auto async_close_statements(Token&& token) {
        return run<void>(close_statements_task(), nullptr, std::forward<Token>(token));
    }

    /// BEGIN WORK / COMMIT WORK / ROLLBACK WORK (the same conventions as ifx::connection).
    template <class Token>
    auto async_begin(Token&& token) {
        return run<void>(transaction_task(0), nullptr, std::forward<Token>(token));
    }
    template <class Token>
    auto async_commit(Token&& token) {
        return run<void>(transaction_task(1), nullptr, std::forward<Token>(token));
    }
    template <class Token>
    auto async_rollback(Token&& token) {
        return run<void>(transaction_task(2), nullptr, std::forward<Token>(token));
    }
    template <class Token>
    auto async_begin(diagnostics& diag, Token&& token) {
        return run<void>(transaction_task(0), &diag, std::forward<Token>(token));
    }
    template <class Token>
    auto async_commit(diagnostics& diag, Token&& token) {
        return run<void>(transaction_task(1), &diag, std::forward<Token>(token));
    }
    template <class Token>
    auto async_rollback(diagnostics& diag, Token&& token) {
        return run<void>(transaction_task(2), &diag, std::forward<Token>(token));
    }

    /// Ends the session politely (SQ_EXIT, at most 2 s) and closes the socket. Never fails on a
    /// broken connection (it just closes). Signature void(std::error_code).
    template <class Token>
    auto async_close(Token&& token) {
        return run<void>(close_task(), nullptr, std::forward<Token>(token));
    }

    /// True when connected and no fatal error, cancellation or timeout happened.
    bool is_open() const noexcept;
    /// True while an operation is in flight.
    bool busy() const noexcept;
    bool in_transaction() const noexcept;
    /// Cursors opened and not yet closed (or destroyed).
    int open_cursors() const noexcept;
    /// Statements made by async_prepare still prepared on the server.
    std::size_t open_statements() const noexcept;
    /// CLOSE/RELEASE requests queued by destroyed statements and cursors and by finished queries
    /// (a query's cursor is closed in front of the next request), sent pipelined with the next
    /// operation.
    std::size_t pending_frees() const noexcept;
    /// Bitwise OR of the session_setting values changed since connect (or the last clear).
    unsigned changed_settings() const noexcept;
    void clear_changed_settings() noexcept;
    /// Closes the socket at once: an operation in flight completes with errc::connection_closed
    /// (its diagnostics say the connection was aborted), as does every later one. No SQ_EXIT; the
    /// server rolls back an open transaction. Call it on the connection's executor.
    void abort() noexcept;
    const session_info& info() const noexcept;
    /// Deadline of each later operation (0 = none); defaults to connect_params::read_timeout.
    void set_operation_timeout(std::chrono::milliseconds timeout) noexcept;

private:
    friend struct detail::async_connection_access;  // the async pool looks at the socket
    template <class T, class Token>
    auto run(std::unique_ptr<detail::async_task_of<T>> task, diagnostics* diag, Token&& token) {
        return detail::async_run<T>(ex_, s_, std::move(task), diag, std::forward<Token>(token));
    }
    std::unique_ptr<detail::async_task_of<void>> connect_task(const connect_params& params);
    std::unique_ptr<detail::async_task_of<exec_result>> execute_task(std::string_view sql,
                                                                     std::span<const param> params);
    std::unique_ptr<detail::async_task_of<exec_result>> execute_task(const async_statement& stmt,
                                                                     std::span<const param> params);
    std::unique_ptr<detail::async_task_of<result>> query_task(std::string_view sql,
                                                              std::span<const param> params);
    std::unique_ptr<detail::async_task_of<result>> query_task(const async_statement& stmt,
                                                              std::span<const param> params);
    std::unique_ptr<detail::async_task_of<async_statement>> prepare_task(std::string_view sql);
    std::unique_ptr<detail::async_task_of<async_cursor>> cursor_task(std::string_view sql,
                                                                     std::span<const param> params);
    std::unique_ptr<detail::async_task_of<async_cursor>> cursor_task(const async_statement& stmt,
                                                                     std::span<const param> params);
    std::unique_ptr<detail::async_task_of<batch_result>> batch_task(const async_statement& stmt,
                                                                    std::span<const param> params,
                                                                    std::size_t width,
                                                                    std::size_t batch_rows);
    std::unique_ptr<detail::async_task_of<void>> transaction_task(int what);
    std::unique_ptr<detail::async_task_of<void>> close_task();
    std::unique_ptr<detail::async_task_of<void>> savepoint_task(int what, std::string_view name);
    std::unique_ptr<detail::async_task_of<void>> close_statements_task();

    executor_type ex_;
    std::shared_ptr<detail::async_session> s_;
};

}  // namespace ifx
