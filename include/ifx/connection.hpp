#pragma once
/// @file
/// `ifx::connection`: one session with an Informix server, with synchronous calls.
#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <tuple>
#include <type_traits>
#include <vector>

#include "ifx/codeset.hpp"
#include "ifx/connect_params.hpp"
#include "ifx/cursor.hpp"
#include "ifx/detail/typed.hpp"
#include "ifx/error.hpp"
#include "ifx/param.hpp"
#include "ifx/result.hpp"
#include "ifx/statement.hpp"

namespace ifx {

namespace detail {
class session_core;
struct connection_access;
}  // namespace detail

/// Arguments that bind as statement parameters; excludes the error outputs of the non-throwing
/// forms, so `execute(sql, params, ec, diag)` never resolves to the variadic template.
template <class... Args>
concept parameters = (!std::is_same_v<std::remove_cvref_t<Args>, std::error_code> && ...) &&
                     (!std::is_same_v<std::remove_cvref_t<Args>, diagnostics> && ...);

/// Information the server gave at login and database open.
struct session_info {
    std::string server_version;  ///< the server's banner, e.g. "IBM Informix Dynamic Server Version 15.0…"
    std::string database;        ///< the open database, "" if none
    bool logged = false;         ///< the database has transaction logging
    bool ansi = false;           ///< the database is ANSI-compliant (always in a transaction)
    /// The open database's locale, e.g. "en_US.819": the DB_LOCALE sent when the server accepted
    /// it, else read from the database (systables ' GL_CTYPE'); "" when no database is open.
    std::string locale;
    /// Code set of character data on the wire: the database's once one is open (text is
    /// converted to and from it at the API boundary).
    codeset text_codeset = codeset::utf8;
};

/// What execute_many did. Each row is its own statement execution: outside a transaction every
/// successful row is committed on its own (and failed rows are not), so wrap the call in a
/// transaction for all-or-nothing. Rows are sent in pipelined batches; after a batch with a
/// failure no further batch is sent, so rows_sent tells which rows the server saw at all.
struct batch_result {
    std::size_t rows_sent = 0;             ///< rows whose execution was requested
    std::size_t rows_succeeded = 0;        ///< of those, the rows that executed without error
    std::int64_t affected_rows = 0;        ///< sum of the rows affected by each execution
    std::vector<std::size_t> failed_rows;  ///< indices of the rows that failed (ascending)
    std::size_t round_trips = 0;           ///< pipelined batches sent (one round trip each)
};

/// Session settings a borrower can change with SET statements (tracked from the statement types
/// the server reports: 46 SET LOCK MODE, 48 SET ISOLATION, 110 SET ENVIRONMENT).
enum class session_setting : unsigned { isolation = 1, lock_mode = 2, environment = 4 };

/// A session with the server. Move-only; the destructor disconnects (SQ_EXIT) politely.
///
/// Thread safety: calls from several threads are serialised (one request and its whole reply
/// never interleave with another's), but a connection is meant to be used by one thread at a time;
/// share connections through ifx::pool.
///
/// Every fallible call has a throwing form and a form taking (std::error_code&, diagnostics&).
///
/// Autocommit convention: Informix itself decides. In a logged (non-ANSI) database every statement
/// outside BEGIN WORK commits on its own; begin() (or ifx::transaction) opens a transaction. In an
/// ANSI database a transaction is always open and only commit()/rollback() end it. In an unlogged
/// database there are no transactions (begin() fails with -256). ifx never sends hidden BEGINs.
class connection {
public:
    /// A connection that is not connected.
    connection() noexcept;
    /// Connects, logs in and opens params.database. Throws ifx::error.
    explicit connection(const connect_params& params);
    /// Moves the session; the source is left not connected.
    connection(connection&&) noexcept;
    connection& operator=(connection&&) noexcept;
    /// Disconnects politely if connected; never throws.
    ~connection();

    /// Connects (closing any previous session first).
    void connect(const connect_params& params);
    void connect(const connect_params& params, std::error_code& ec, diagnostics& diag);

    /// Runs a statement that returns no rows (DDL, DML). Without parameters it is sent as one
    /// immediate command; with parameters it is prepared (or taken from the statement cache)
    /// and executed.
    template <class... Args>
    requires parameters<Args...> exec_result execute(std::string_view sql, const Args&... args) {
        const param params[] = {param(args)..., param(null)};
        return execute_params(sql, std::span<const param>(params, sizeof...(Args)));
    }
    exec_result execute_params(std::string_view sql, std::span<const param> params);
    exec_result execute(std::string_view sql, std::span<const param> params, std::error_code& ec,
                        diagnostics& diag);

    /// Runs any statement and reads its whole result into memory.
    /// query<T...>(sql, args...) returns std::vector<std::tuple<T...>>; query(sql, args...) with no
    /// T returns an ifx::result (columns, rows, completion report). For large results use
    /// open_cursor, which streams.
    template <class... T, class... Args>
    requires parameters<Args...>
    auto query(std::string_view sql, const Args&... args) {
        const param params[] = {param(args)..., param(null)};
        return typed<T...>(query_params(sql, std::span<const param>(params, sizeof...(Args))));
    }
    result query_params(std::string_view sql, std::span<const param> params);
    result query(std::string_view sql, std::span<const param> params, std::error_code& ec, diagnostics& diag);

    /// The single value of a one-row, one-column query. Throws if the result is not one row of
    /// one column (errc::type_mismatch), or its value does not convert to T.
    template <class T, class... Args>
    requires parameters<Args...> T query_value(std::string_view sql, const Args&... args) {
        return single<T>(query(sql, args...), sql);
    }

    /// Opens a streaming cursor over a query's result.
    template <class... Args>
    requires parameters<Args...> cursor open_cursor(std::string_view sql, const Args&... args) {
        const param params[] = {param(args)..., param(null)};
        return open_cursor_params(sql, std::span<const param>(params, sizeof...(Args)));
    }
    cursor open_cursor_params(std::string_view sql, std::span<const param> params);
    cursor open_cursor(std::string_view sql, std::span<const param> params, std::error_code& ec,
                       diagnostics& diag);

    /// Opens a forward cursor with options (e.g. WITH HOLD).
    template <class... Args>
    requires parameters<Args...> cursor open_cursor(const cursor_options& options, std::string_view sql,
                                                    const Args&... args) {
        const param params[] = {param(args)..., param(null)};
        return open_cursor_params(options, sql, std::span<const param>(params, sizeof...(Args)));
    }
    cursor open_cursor_params(const cursor_options& options, std::string_view sql,
                              std::span<const param> params);
    cursor open_cursor(const cursor_options& options, std::string_view sql, std::span<const param> params,
                       std::error_code& ec, diagnostics& diag);

    /// Opens a scroll cursor (first/last/prior/absolute/relative) over a query's result.
    template <class... Args>
    requires parameters<Args...> scroll_cursor open_scroll_cursor(std::string_view sql, const Args&... args) {
        const param params[] = {param(args)..., param(null)};
        return open_scroll_cursor_params(cursor_options{}, sql,
                                         std::span<const param>(params, sizeof...(Args)));
    }
    scroll_cursor open_scroll_cursor_params(const cursor_options& options, std::string_view sql,
                                            std::span<const param> params);
    scroll_cursor open_scroll_cursor(const cursor_options& options, std::string_view sql,
                                     std::span<const param> params, std::error_code& ec, diagnostics& diag);

    // ---- prepared statements --------------------------------------------------------------------

    /// Prepares a statement for repeated execution.
    statement prepare(std::string_view sql);
    statement prepare(std::string_view sql, std::error_code& ec, diagnostics& diag);

    template <class... Args>
    requires parameters<Args...> exec_result execute(const statement& stmt, const Args&... args) {
        const param params[] = {param(args)..., param(null)};
        return execute_params(stmt, std::span<const param>(params, sizeof...(Args)));
    }
    exec_result execute_params(const statement& stmt, std::span<const param> params);
    exec_result execute(const statement& stmt, std::span<const param> params, std::error_code& ec,
                        diagnostics& diag);

    template <class... T, class... Args>
    requires parameters<Args...>
    auto query(const statement& stmt, const Args&... args) {
        const param params[] = {param(args)..., param(null)};
        return typed<T...>(query_params(stmt, std::span<const param>(params, sizeof...(Args))));
    }
    result query_params(const statement& stmt, std::span<const param> params);
    result query(const statement& stmt, std::span<const param> params, std::error_code& ec,
                 diagnostics& diag);

    template <class... Args>
    requires parameters<Args...> cursor open_cursor(const statement& stmt, const Args&... args) {
        const param params[] = {param(args)..., param(null)};
        return open_cursor_params(stmt, std::span<const param>(params, sizeof...(Args)));
    }
    cursor open_cursor_params(const statement& stmt, std::span<const param> params);
    cursor open_cursor(const statement& stmt, std::span<const param> params, std::error_code& ec,
                       diagnostics& diag);

    /// Executes stmt once per row, pipelined: a whole batch of rows is sent before the replies are
    /// read, one round trip per batch of up to `batch_rows` rows. `rows` is a range of tuples (or
    /// of anything std::apply accepts) whose elements convert to ifx::param.
    /// Throws ifx::error for the first failed row (diagnostics::batch_row names it); see
    /// batch_result for what happened to the other rows.
    template <class Rows>
    batch_result execute_many(const statement& stmt, const Rows& rows, std::size_t batch_rows = 4096) {
        using row_type = std::remove_cvref_t<decltype(*std::begin(rows))>;
        std::error_code ec;
        diagnostics diag;
        batch_result r;
        {
            batch_sender sender(*this, stmt, std::tuple_size_v<row_type>, batch_rows, ec, diag);
            for (const auto& row : rows) {
                if (sender.stopped()) {
                    sender.skip();
                    continue;
                }
                std::apply(
                    [&](const auto&... v) {
                        const param values[] = {param(v)..., param(null)};
                        sender.add(std::span<const param>(values, sizeof...(v)));
                    },
                    row);
            }
            r = sender.finish();
        }
        throw_if(ec, diag);
        return r;
    }
    /// `params` holds the rows back to back, `width` values each.
    batch_result execute_many_params(const statement& stmt, std::span<const param> params, std::size_t width,
                                     std::size_t batch_rows = 4096);
    batch_result execute_many(const statement& stmt, std::span<const param> params, std::size_t width,
                              std::size_t batch_rows, std::error_code& ec, diagnostics& diag);

    // ---- transactions ---------------------------------------------------------------------------

    /// BEGIN WORK, COMMIT WORK, ROLLBACK WORK (see the autocommit convention above).
    void begin();
    void commit();
    void rollback();
    void begin(std::error_code& ec, diagnostics& diag);
    void commit(std::error_code& ec, diagnostics& diag);
    void rollback(std::error_code& ec, diagnostics& diag);
    /// SAVEPOINT name / ROLLBACK TO SAVEPOINT name / RELEASE SAVEPOINT name (inside a transaction).
    /// `name` must be an SQL identifier (errc::invalid_argument otherwise; nothing is sent).
    void savepoint(std::string_view name);
    void rollback_to_savepoint(std::string_view name);
    void release_savepoint(std::string_view name);
    void savepoint(std::string_view name, std::error_code& ec, diagnostics& diag);
    void rollback_to_savepoint(std::string_view name, std::error_code& ec, diagnostics& diag);
    void release_savepoint(std::string_view name, std::error_code& ec, diagnostics& diag);
    /// True while a transaction is open, as far as the server's replies tell: after BEGIN WORK,
    /// and in an ANSI database after any statement, until COMMIT or ROLLBACK.
    bool in_transaction() const noexcept;

    // ---- fast-path routine calls ----------------------------------------------------------------

    /// Calls a routine through the fast path (SQ_GETROUTINE/SQ_EXFPROUTINE, no SQL statement and
    /// no cursor), e.g. `fast_path_call("function informix.plus1(integer)", 41)`. The signature is
    /// resolved by the server once per connection and its handle cached (a call that fails drops
    /// it; the next call resolves again). Arguments bind as for execute() (a smart-LOB locator as
    /// the UDT `blob`); BYTE/TEXT content cannot be sent this way (errc::not_supported, nothing
    /// sent). The return values come back as a result of one row, a column per value (an empty
    /// result for a routine that returns nothing); read them with row_view::get as any row's.
    /// An unknown routine or wrong argument types are the server's -674.
    template <class... Args>
    requires parameters<Args...> result fast_path_call(std::string_view signature, const Args&... args) {
        const param params[] = {param(args)..., param(null)};
        return fast_path_call_params(signature, std::span<const param>(params, sizeof...(Args)));
    }
    result fast_path_call_params(std::string_view signature, std::span<const param> args);
    result fast_path_call(std::string_view signature, std::span<const param> args, std::error_code& ec,
                          diagnostics& diag);

    /// A cheap round trip proving the session works (SELECT 1 FROM systables WHERE tabid = 1,
    /// kept prepared in the statement cache).
    void ping();
    void ping(std::error_code& ec, diagnostics& diag);
    /// Cursors opened on this connection and not yet closed.
    int open_cursors() const noexcept;
    /// Statements made by prepare() that are still prepared on the server (neither closed nor
    /// destroyed).
    std::size_t open_statements() const noexcept;
    /// Releases every statement made by prepare() that is still open, on the server, and
    /// invalidates the ifx::statement objects: later use fails with errc::cursor_closed and
    /// destroying them does no I/O. ifx::pool calls it when a borrower gives the connection back
    /// while still holding statements, so none leaks to the next borrower. It also sends the
    /// CLOSE/RELEASE requests queued by finished queries (which otherwise go out in front of the
    /// next request), in the same write.
    void close_statements(std::error_code& ec, diagnostics& diag);
    /// CLOSE/RELEASE requests queued by finished queries and evicted cached statements, sent
    /// pipelined with the next request (or by close_statements()).
    std::size_t pending_frees() const noexcept;
    /// Bitwise OR of the session_setting values changed since connect (or the last clear).
    unsigned changed_settings() const noexcept;
    void clear_changed_settings() noexcept;

    /// Disconnects politely (SQ_EXIT); never throws. The connection can be connected again.
    void close() noexcept;
    /// Aborts the session from any thread: shuts the socket down under a call in flight on
    /// another thread, which then fails promptly with errc::connection_closed, as do all later
    /// calls (close() then just releases the socket). The server ends the session and rolls back
    /// its open transaction. Thread-safe against every other member call except the destructor,
    /// moves and connect(). Used by ifx::pool::close(deadline) for connections still borrowed.
    void abort() noexcept;
    /// True when the session is usable (connected, and no fatal error happened).
    bool is_open() const noexcept;
    /// What the server reported at login and database open (valid while connected).
    const session_info& info() const noexcept;

private:
    friend class smart_lob;                   // runs its exchanges on this session
    friend struct detail::connection_access;  // ifx::pool: connects a session it can abort
    template <class... T>
    static auto typed(result r) {
        if constexpr (sizeof...(T) == 0) {
            return r;
        } else {
            std::error_code ec;
            diagnostics diag;
            auto out = detail::to_tuples<T...>(r, ec, diag);
            throw_if(ec, diag);
            return out;
        }
    }
    template <class T>
    static T single(const result& r, std::string_view sql) {
        std::error_code ec;
        diagnostics diag;
        T out = detail::single_value<T>(r, sql, ec, diag);
        throw_if(ec, diag);
        return out;
    }

    /// execute_many's engine: encodes each row straight into the request buffer as it comes and
    /// sends a pipelined batch every batch_rows rows, so rows are never copied into a param vector.
    /// Holds the session lock from construction to finish(). After a failure (ec set) it only
    /// counts the remaining rows.
    class batch_sender {
    public:
        batch_sender(connection& c, const statement& stmt, std::size_t width, std::size_t batch_rows,
                     std::error_code& ec, diagnostics& diag);
        batch_sender(const batch_sender&) = delete;
        batch_sender& operator=(const batch_sender&) = delete;
        ~batch_sender();
        /// Encodes one row of `width` values (sending the batch once it is full).
        void add(std::span<const param> row);
        /// Counts a row not encoded because of an earlier failure.
        void skip() noexcept;
        bool stopped() const noexcept;
        /// Sends what is buffered and reports every row.
        batch_result finish();

    private:
        struct state;
        std::unique_ptr<state> s_;
    };

    std::shared_ptr<detail::session_core> session_;
};

/// Connects with params (or a URL), logs in and opens the database. Throws ifx::error.
connection connect(const connect_params& params);
connection connect(std::string_view url);

}  // namespace ifx
