#pragma once
/// @file
/// `ifx::async_connection`: one session with an Informix server driven by standalone Asio. It is
/// the async face of the same session core as ifx::connection — the same operations, statement
/// cache, failover and protocol state machines, sending the same bytes — run on the caller's
/// executor, without threads of its own. Every operation accepts any Asio completion token; the
/// documented path is C++20 coroutines (`asio::use_awaitable`, `asio::experimental::as_tuple`).
/// See docs/async.md.
///
/// Requires standalone Asio, configured as the library was (ifx/detail/asio_config.hpp: the
/// package's CMake targets and ifx.pc define the macros).
#include "ifx/detail/asio_config.hpp"  // first: before any Asio header

#include <array>
#include <asio/io_context.hpp>
#include <chrono>
#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "ifx/async_cursor.hpp"
#include "ifx/async_statement.hpp"
#include "ifx/connect_params.hpp"
#include "ifx/connection.hpp"
#include "ifx/cursor.hpp"
#include "ifx/detail/async_run.hpp"
#include "ifx/detail/typed.hpp"
#include "ifx/error.hpp"
#include "ifx/param.hpp"
#include "ifx/result.hpp"

namespace ifx {

class async_connection;

namespace detail {

struct async_connection_access;

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

/// query<T...>: the rows of the result as tuples.
template <class... T>
struct as_tuples {
    std::vector<std::tuple<T...>> operator()(result r, std::error_code& ec, diagnostics& diag) const {
        return to_tuples<T...>(r, ec, diag);
    }
};

/// query_value<T>: the single value of the result.
template <class T>
struct as_single {
    std::string sql;
    T operator()(result r, std::error_code& ec, diagnostics& diag) const {
        return single_value<T>(r, sql, ec, diag);
    }
};

/// The handle the async face gives for what a session operation made.
struct as_async_cursor {
    asio::any_io_executor ex;
    template <class State>
    async_cursor operator()(State st, std::error_code&, diagnostics&) const {
        return async_cursor(ex, std::move(st));
    }
};
struct as_async_scroll_cursor {
    asio::any_io_executor ex;
    template <class State>
    async_scroll_cursor operator()(State st, std::error_code&, diagnostics&) const {
        return async_scroll_cursor(ex, std::move(st));
    }
};
struct as_async_statement {
    asio::any_io_executor ex;
    template <class Prepared>
    async_statement operator()(Prepared p, std::error_code&, diagnostics&) const {
        return async_statement(ex, std::move(p));
    }
};

}  // namespace detail

/// Parameters for the async_ calls that take a span of ifx::param: make_params(1, "x", 2.5).
/// Text parameters are views: the strings must outlive the operation.
template <class... Args>
std::array<param, sizeof...(Args)> make_params(const Args&... args) {
    return {param(args)...};
}

/// A session with the server driven asynchronously on an Asio executor.
///
/// Completion signatures are `void(std::error_code, T)` (or `void(std::error_code)`); every call
/// has an overload taking `diagnostics&` (before the token) that receives the failure's details.
/// Each operation behaves, fails and puts on the wire exactly what the ifx::connection call of
/// the same name does (one session core runs both).
///
/// **One operation at a time.** An operation started while another is in flight on the same
/// connection (including its statements and cursors) completes with errc::operation_in_progress
/// and does not disturb the running one.
///
/// **Cancellation and deadlines.** Each exchange with the server has a deadline:
/// connect_params::read_timeout (connect_timeout per host for async_connect), changeable with
/// set_operation_timeout. Terminal cancellation through the completion handler's cancellation
/// slot (asio::bind_cancellation_slot, awaitable operators, co_spawn) is supported. SQLI has no
/// interrupt message, so a cancelled or timed-out operation closes the connection: it completes
/// with asio::error::operation_aborted (errc::timeout for the deadline) and is_open() becomes
/// false. An operation that completed is never affected; a connection is never left open in an
/// unknown state.
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
        return run<void>(connect_op(params), nullptr, std::forward<Token>(token));
    }
    template <class Token>
    auto async_connect(const connect_params& params, diagnostics& diag, Token&& token) {
        return run<void>(connect_op(params), &diag, std::forward<Token>(token));
    }

    /// A statement that returns no rows. Without parameters: one immediate command; with
    /// parameters: prepared (or from the statement cache) and executed. Completes with exec_result.
    template <class Token>
    auto async_execute(std::string_view sql, Token&& token) {
        return run<exec_result>(execute_op(sql, {}), nullptr, std::forward<Token>(token));
    }
    template <class Token>
    auto async_execute(std::string_view sql, std::span<const param> params, Token&& token) {
        return run<exec_result>(execute_op(sql, params), nullptr, std::forward<Token>(token));
    }
    template <class Token>
    auto async_execute(std::string_view sql, std::span<const param> params, diagnostics& diag,
                       Token&& token) {
        return run<exec_result>(execute_op(sql, params), &diag, std::forward<Token>(token));
    }
    template <class Token>
    auto async_execute(const async_statement& stmt, std::span<const param> params, Token&& token) {
        return run<exec_result>(execute_op(stmt, params), nullptr, std::forward<Token>(token));
    }
    template <class Token>
    auto async_execute(const async_statement& stmt, std::span<const param> params, diagnostics& diag,
                       Token&& token) {
        return run<exec_result>(execute_op(stmt, params), &diag, std::forward<Token>(token));
    }

    /// Any statement, its whole result read into memory (prepare or cache → open → fetch every
    /// batch → close, one pipelined state machine). Completes with ifx::result, or with
    /// async_query<T...> with std::vector<std::tuple<T...>> (as connection::query<T...>: a value
    /// that does not convert fails the operation).
    template <class... T, class Token>
    auto async_query(std::string_view sql, Token&& token) {
        return typed_query<T...>(query_op(sql, {}), nullptr, std::forward<Token>(token));
    }
    template <class... T, class Token>
    auto async_query(std::string_view sql, std::span<const param> params, Token&& token) {
        return typed_query<T...>(query_op(sql, params), nullptr, std::forward<Token>(token));
    }
    template <class... T, class Token>
    auto async_query(std::string_view sql, std::span<const param> params, diagnostics& diag, Token&& token) {
        return typed_query<T...>(query_op(sql, params), &diag, std::forward<Token>(token));
    }
    template <class... T, class Token>
    auto async_query(const async_statement& stmt, std::span<const param> params, Token&& token) {
        return typed_query<T...>(query_op(stmt, params), nullptr, std::forward<Token>(token));
    }
    template <class... T, class Token>
    auto async_query(const async_statement& stmt, std::span<const param> params, diagnostics& diag,
                     Token&& token) {
        return typed_query<T...>(query_op(stmt, params), &diag, std::forward<Token>(token));
    }

    /// The single value of a one-row, one-column query, as connection::query_value<T>
    /// (errc::type_mismatch for a result of another shape). Completes with T.
    template <class T, class Token>
    auto async_query_value(std::string_view sql, Token&& token) {
        return single_query<T>(sql, {}, nullptr, std::forward<Token>(token));
    }
    template <class T, class Token>
    auto async_query_value(std::string_view sql, std::span<const param> params, Token&& token) {
        return single_query<T>(sql, params, nullptr, std::forward<Token>(token));
    }
    template <class T, class Token>
    auto async_query_value(std::string_view sql, std::span<const param> params, diagnostics& diag,
                           Token&& token) {
        return single_query<T>(sql, params, &diag, std::forward<Token>(token));
    }

    /// Prepares a statement. Completes with async_statement.
    template <class Token>
    auto async_prepare(std::string_view sql, Token&& token) {
        return run<async_statement>(prepare_op(sql), nullptr, std::forward<Token>(token),
                                    detail::as_async_statement{ex_});
    }
    template <class Token>
    auto async_prepare(std::string_view sql, diagnostics& diag, Token&& token) {
        return run<async_statement>(prepare_op(sql), &diag, std::forward<Token>(token),
                                    detail::as_async_statement{ex_});
    }

    /// Opens a streaming cursor; the open fetches the first batch in the same round trip (with
    /// options: WITH HOLD). Completes with async_cursor.
    template <class Token>
    auto async_open_cursor(std::string_view sql, std::span<const param> params, Token&& token) {
        return run<async_cursor>(cursor_op({}, sql, params), nullptr, std::forward<Token>(token),
                                 detail::as_async_cursor{ex_});
    }
    template <class Token>
    auto async_open_cursor(std::string_view sql, std::span<const param> params, diagnostics& diag,
                           Token&& token) {
        return run<async_cursor>(cursor_op({}, sql, params), &diag, std::forward<Token>(token),
                                 detail::as_async_cursor{ex_});
    }
    template <class Token>
    auto async_open_cursor(const cursor_options& options, std::string_view sql, std::span<const param> params,
                           Token&& token) {
        return run<async_cursor>(cursor_op(options, sql, params), nullptr, std::forward<Token>(token),
                                 detail::as_async_cursor{ex_});
    }
    template <class Token>
    auto async_open_cursor(const cursor_options& options, std::string_view sql, std::span<const param> params,
                           diagnostics& diag, Token&& token) {
        return run<async_cursor>(cursor_op(options, sql, params), &diag, std::forward<Token>(token),
                                 detail::as_async_cursor{ex_});
    }
    template <class Token>
    auto async_open_cursor(const async_statement& stmt, std::span<const param> params, Token&& token) {
        return run<async_cursor>(cursor_op(stmt, params), nullptr, std::forward<Token>(token),
                                 detail::as_async_cursor{ex_});
    }
    template <class Token>
    auto async_open_cursor(const async_statement& stmt, std::span<const param> params, diagnostics& diag,
                           Token&& token) {
        return run<async_cursor>(cursor_op(stmt, params), &diag, std::forward<Token>(token),
                                 detail::as_async_cursor{ex_});
    }

    /// Opens a scroll cursor (first/last/prior/absolute/relative), as
    /// connection::open_scroll_cursor. Completes with async_scroll_cursor.
    template <class Token>
    auto async_open_scroll_cursor(const cursor_options& options, std::string_view sql,
                                  std::span<const param> params, Token&& token) {
        return run<async_scroll_cursor>(scroll_cursor_op(options, sql, params), nullptr,
                                        std::forward<Token>(token), detail::as_async_scroll_cursor{ex_});
    }
    template <class Token>
    auto async_open_scroll_cursor(const cursor_options& options, std::string_view sql,
                                  std::span<const param> params, diagnostics& diag, Token&& token) {
        return run<async_scroll_cursor>(scroll_cursor_op(options, sql, params), &diag,
                                        std::forward<Token>(token), detail::as_async_scroll_cursor{ex_});
    }

    /// Executes stmt once per row, pipelined in batches of batch_rows (see ifx::batch_result).
    /// `params` holds the rows back to back, `width` values each. Completes with batch_result; a
    /// failed row completes with its error and diagnostics::batch_row.
    template <class Token>
    auto async_execute_many(const async_statement& stmt, std::span<const param> params, std::size_t width,
                            std::size_t batch_rows, Token&& token) {
        return run<batch_result>(batch_op(stmt, params, width, batch_rows), nullptr,
                                 std::forward<Token>(token));
    }
    template <class Token>
    auto async_execute_many(const async_statement& stmt, std::span<const param> params, std::size_t width,
                            std::size_t batch_rows, diagnostics& diag, Token&& token) {
        return run<batch_result>(batch_op(stmt, params, width, batch_rows), &diag,
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
        return run<batch_result>(batch_op(stmt, flat, width, batch_rows), &diag, std::forward<Token>(token));
    }
    template <class Rows, class Token>
    requires detail::tuple_rows<Rows>
    auto async_execute_many(const async_statement& stmt, const Rows& rows, std::size_t batch_rows,
                            Token&& token) {
        auto [flat, width] = detail::flatten_rows(rows);
        return run<batch_result>(batch_op(stmt, flat, width, batch_rows), nullptr,
                                 std::forward<Token>(token));
    }
    template <class Rows, class Token>
    requires detail::tuple_rows<Rows>
    auto async_execute_many(const async_statement& stmt, const Rows& rows, Token&& token) {
        return async_execute_many(stmt, rows, std::size_t{4096}, std::forward<Token>(token));
    }

    /// SAVEPOINT name / ROLLBACK TO SAVEPOINT name / RELEASE SAVEPOINT name (inside a
    /// transaction), as connection::savepoint and friends. `name` must be an SQL identifier
    /// (errc::invalid_argument otherwise; nothing is sent). Signature void(std::error_code).
    template <class Token>
    auto async_savepoint(std::string_view name, Token&& token) {
        return run<void>(savepoint_op(savepoint_step::set, name), nullptr, std::forward<Token>(token));
    }
    template <class Token>
    auto async_rollback_to_savepoint(std::string_view name, Token&& token) {
        return run<void>(savepoint_op(savepoint_step::rollback_to, name), nullptr,
                         std::forward<Token>(token));
    }
    template <class Token>
    auto async_release_savepoint(std::string_view name, Token&& token) {
        return run<void>(savepoint_op(savepoint_step::release, name), nullptr, std::forward<Token>(token));
    }
    template <class Token>
    auto async_savepoint(std::string_view name, diagnostics& diag, Token&& token) {
        return run<void>(savepoint_op(savepoint_step::set, name), &diag, std::forward<Token>(token));
    }
    template <class Token>
    auto async_rollback_to_savepoint(std::string_view name, diagnostics& diag, Token&& token) {
        return run<void>(savepoint_op(savepoint_step::rollback_to, name), &diag, std::forward<Token>(token));
    }
    template <class Token>
    auto async_release_savepoint(std::string_view name, diagnostics& diag, Token&& token) {
        return run<void>(savepoint_op(savepoint_step::release, name), &diag, std::forward<Token>(token));
    }

    /// Releases on the server every statement made by async_prepare that is still open, and sends
    /// the releases queued by destroyed statements and cursors; the async_statement objects become
    /// invalid (later use fails with errc::cursor_closed). Signature void(std::error_code).
    template <class Token>
    auto async_close_statements(Token&& token) {
        return run<void>(close_statements_op(), nullptr, std::forward<Token>(token));
    }
    template <class Token>
    auto async_close_statements(diagnostics& diag, Token&& token) {
        return run<void>(close_statements_op(), &diag, std::forward<Token>(token));
    }

    /// BEGIN WORK / COMMIT WORK / ROLLBACK WORK (the same conventions as ifx::connection).
    template <class Token>
    auto async_begin(Token&& token) {
        return run<void>(transaction_op(transaction_step::begin), nullptr, std::forward<Token>(token));
    }
    template <class Token>
    auto async_commit(Token&& token) {
        return run<void>(transaction_op(transaction_step::commit), nullptr, std::forward<Token>(token));
    }
    template <class Token>
    auto async_rollback(Token&& token) {
        return run<void>(transaction_op(transaction_step::rollback), nullptr, std::forward<Token>(token));
    }
    template <class Token>
    auto async_begin(diagnostics& diag, Token&& token) {
        return run<void>(transaction_op(transaction_step::begin), &diag, std::forward<Token>(token));
    }
    template <class Token>
    auto async_commit(diagnostics& diag, Token&& token) {
        return run<void>(transaction_op(transaction_step::commit), &diag, std::forward<Token>(token));
    }
    template <class Token>
    auto async_rollback(diagnostics& diag, Token&& token) {
        return run<void>(transaction_op(transaction_step::rollback), &diag, std::forward<Token>(token));
    }

    /// A fast-path routine call, as connection::fast_path_call (the same bytes). `args` are views
    /// that must outlive the operation. Signature void(std::error_code, ifx::result).
    template <class Token>
    auto async_fast_path_call(std::string_view signature, std::span<const param> args, Token&& token) {
        return run<result>(fast_path_op(signature, args), nullptr, std::forward<Token>(token));
    }
    template <class Token>
    auto async_fast_path_call(std::string_view signature, std::span<const param> args, diagnostics& diag,
                              Token&& token) {
        return run<result>(fast_path_op(signature, args), &diag, std::forward<Token>(token));
    }

    /// A cheap round trip proving the session works, as connection::ping. Signature
    /// void(std::error_code).
    template <class Token>
    auto async_ping(Token&& token) {
        return run<void>(ping_op(), nullptr, std::forward<Token>(token));
    }
    template <class Token>
    auto async_ping(diagnostics& diag, Token&& token) {
        return run<void>(ping_op(), &diag, std::forward<Token>(token));
    }

    /// Ends the session politely (SQ_EXIT, at most 2 s) and closes the socket. Never fails on a
    /// broken connection (it just closes). Signature void(std::error_code).
    template <class Token>
    auto async_close(Token&& token) {
        return run<void>(close_op(), nullptr, std::forward<Token>(token));
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
    /// Deadline of each later exchange (0 = none); defaults to connect_params::read_timeout.
    void set_operation_timeout(std::chrono::milliseconds timeout) noexcept;

private:
    friend struct detail::async_connection_access;  // the async pool runs its returns and checks
    enum class transaction_step { begin, commit, rollback };
    enum class savepoint_step { set, rollback_to, release };

    template <class Out, class T, class Token, class Finish = detail::same_value>
    auto run(std::unique_ptr<detail::session_op_of<T>> op, diagnostics* diag, Token&& token,
             Finish finish = {}) {
        return detail::async_run<T, Out, Finish>(ex_, s_, std::move(op), diag, std::forward<Token>(token),
                                                 std::move(finish));
    }
    template <class... T, class Token>
    auto typed_query(std::unique_ptr<detail::session_op_of<result>> op, diagnostics* diag, Token&& token) {
        if constexpr (sizeof...(T) == 0)
            return run<result>(std::move(op), diag, std::forward<Token>(token));
        else
            return run<std::vector<std::tuple<T...>>>(std::move(op), diag, std::forward<Token>(token),
                                                      detail::as_tuples<T...>{});
    }
    template <class T, class Token>
    auto single_query(std::string_view sql, std::span<const param> params, diagnostics* diag, Token&& token) {
        return run<T>(query_op(sql, params), diag, std::forward<Token>(token),
                      detail::as_single<T>{std::string(sql)});
    }

    std::unique_ptr<detail::session_op_of<void>> connect_op(const connect_params& params);
    std::unique_ptr<detail::session_op_of<exec_result>> execute_op(std::string_view sql,
                                                                   std::span<const param> params);
    std::unique_ptr<detail::session_op_of<exec_result>> execute_op(const async_statement& stmt,
                                                                   std::span<const param> params);
    std::unique_ptr<detail::session_op_of<result>> query_op(std::string_view sql,
                                                            std::span<const param> params);
    std::unique_ptr<detail::session_op_of<result>> query_op(const async_statement& stmt,
                                                            std::span<const param> params);
    std::unique_ptr<detail::session_op_of<std::shared_ptr<detail::prepared>>> prepare_op(
        std::string_view sql);
    std::unique_ptr<detail::session_op_of<std::shared_ptr<detail::cursor_state>>> cursor_op(
        const cursor_options& options, std::string_view sql, std::span<const param> params);
    std::unique_ptr<detail::session_op_of<std::shared_ptr<detail::cursor_state>>> cursor_op(
        const async_statement& stmt, std::span<const param> params);
    std::unique_ptr<detail::session_op_of<std::shared_ptr<detail::cursor_state>>> scroll_cursor_op(
        const cursor_options& options, std::string_view sql, std::span<const param> params);
    std::unique_ptr<detail::session_op_of<batch_result>> batch_op(const async_statement& stmt,
                                                                  std::span<const param> params,
                                                                  std::size_t width, std::size_t batch_rows);
    std::unique_ptr<detail::session_op_of<void>> transaction_op(transaction_step step);
    std::unique_ptr<detail::session_op_of<void>> savepoint_op(savepoint_step step, std::string_view name);
    std::unique_ptr<detail::session_op_of<void>> close_statements_op();
    std::unique_ptr<detail::session_op_of<void>> ping_op();
    std::unique_ptr<detail::session_op_of<result>> fast_path_op(std::string_view signature,
                                                                std::span<const param> args);
    std::unique_ptr<detail::session_op_of<void>> close_op();

    executor_type ex_;
    std::shared_ptr<detail::session_core> s_;
};

}  // namespace ifx
