#pragma once
/// @file
/// `ifx::connection`: one session with an Informix server, with synchronous calls.
#include <initializer_list>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <tuple>
#include <vector>

#include "ifx/connect_params.hpp"
#include "ifx/cursor.hpp"
#include "ifx/error.hpp"
#include "ifx/param.hpp"
#include "ifx/result.hpp"

namespace ifx {

/// Information the server gave at login and database open.
struct session_info {
    std::string server_version;  ///< the server's banner, e.g. "IBM Informix Dynamic Server Version 15.0…"
    std::string database;        ///< the open database, "" if none
    bool logged = false;         ///< the database has transaction logging
    bool ansi = false;           ///< the database is ANSI-compliant (always in a transaction)
};

/// A session with the server. Move-only; the destructor disconnects (SQ_EXIT) politely.
///
/// Thread safety: calls from several threads are serialised (one request and its whole reply
/// never interleave with another's), but a connection is meant to be used by one thread at a time;
/// share connections through ifx::pool.
///
/// Every fallible call has a throwing form and a form taking (std::error_code&, diagnostics&).
class connection {
public:
    /// A connection that is not connected.
    connection() noexcept;
    /// Connects, logs in and opens params.database. Throws ifx::error.
    explicit connection(const connect_params& params);
    connection(connection&&) noexcept;
    connection& operator=(connection&&) noexcept;
    ~connection();

    /// Connects (closing any previous session first).
    void connect(const connect_params& params);
    void connect(const connect_params& params, std::error_code& ec, diagnostics& diag);

    /// Runs a statement that returns no rows (DDL, DML). With parameters, the statement is
    /// prepared, executed and released; without, it is sent as one immediate command.
    template <class... Args>
    exec_result execute(std::string_view sql, const Args&... args) {
        const param params[] = {param(args)..., param(null)};
        return execute_params(sql, std::span<const param>(params, sizeof...(Args)));
    }
    exec_result execute_params(std::string_view sql, std::span<const param> params);
    exec_result execute(std::string_view sql, std::span<const param> params, std::error_code& ec, diagnostics& diag);

    /// Runs any statement and reads its whole result into memory.
    /// query<T...>(sql, args...) returns std::vector<std::tuple<T...>>; query(sql, args...) with no
    /// T returns an ifx::result (columns, rows, completion report).
    template <class... T, class... Args>
    auto query(std::string_view sql, const Args&... args) {
        const param params[] = {param(args)..., param(null)};
        result r = query_params(sql, std::span<const param>(params, sizeof...(Args)));
        if constexpr (sizeof...(T) == 0) {
            return r;
        } else {
            std::vector<std::tuple<T...>> out;
            out.reserve(r.size());
            for (row_view row : r.rows()) out.push_back(row.as<T...>());
            return out;
        }
    }
    result query_params(std::string_view sql, std::span<const param> params);
    result query(std::string_view sql, std::span<const param> params, std::error_code& ec, diagnostics& diag);

    /// The single value of a one-row, one-column query. Throws if the result has no row.
    template <class T, class... Args>
    T query_value(std::string_view sql, const Args&... args) {
        result r = query(sql, args...);
        if (r.empty() || r.columns().size() != 1) {
            diagnostics diag;
            diag.client_message = "query_value needs a result of one row and one column";
            diag.statement = sql;
            throw error(make_error_code(errc::type_mismatch), std::move(diag));
        }
        return r[0].template get<T>(0);
    }

    /// Opens a streaming cursor over a query's result.
    template <class... Args>
    cursor open_cursor(std::string_view sql, const Args&... args) {
        const param params[] = {param(args)..., param(null)};
        return open_cursor_params(sql, std::span<const param>(params, sizeof...(Args)));
    }
    cursor open_cursor_params(std::string_view sql, std::span<const param> params);
    cursor open_cursor(std::string_view sql, std::span<const param> params, std::error_code& ec, diagnostics& diag);

    /// Transactions on a logged database: BEGIN WORK, COMMIT WORK, ROLLBACK WORK.
    void begin();
    void commit();
    void rollback();
    void begin(std::error_code& ec, diagnostics& diag);
    void commit(std::error_code& ec, diagnostics& diag);
    void rollback(std::error_code& ec, diagnostics& diag);
    /// True while an explicit transaction is open.
    bool in_transaction() const noexcept;

    /// Disconnects politely (SQ_EXIT); never throws. The connection can be connected again.
    void close() noexcept;
    /// True when the session is usable (connected, and no fatal error happened).
    bool is_open() const noexcept;
    const session_info& info() const noexcept;

private:
    std::shared_ptr<detail::session> session_;
};

/// Connects with params (or a URL), logs in and opens the database. Throws ifx::error.
connection connect(const connect_params& params);
connection connect(std::string_view url);

}  // namespace ifx
