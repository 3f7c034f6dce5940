#pragma once
// What both pool shells (pool.cpp, async_pool.cpp) tell the user: the log records of releases,
// validation and close, the diagnostics of a failed acquire, and the route to the log handler.
#include <chrono>
#include <cstddef>
#include <string>
#include <system_error>

#include "ifx/error.hpp"
#include "ifx/log.hpp"
#include "ifx/pool.hpp"
#include "pool/pool_core.hpp"

namespace ifx::detail::pool {

/// "file:line (function)" of the acquire that borrowed `s`.
template <class Conn>
std::string where_borrowed(const slot<Conn>& s) {
    return std::string(s.where.file_name()) + ":" + std::to_string(s.where.line()) + " (" +
           s.where.function_name() + ")";
}

template <class Conn>
std::string connection_name(const slot<Conn>& s) {
    return "pool: connection #" + std::to_string(s.id);
}

template <class Conn>
std::string returned_with_cursors(const slot<Conn>& s, int cursors) {
    return connection_name(s) + " returned with " + std::to_string(cursors) + " cursor(s) still open by " +
           where_borrowed(s) + "; closed";
}

template <class Conn>
std::string returned_with_statements(const slot<Conn>& s, std::size_t statements) {
    return connection_name(s) + " returned with " + std::to_string(statements) +
           " prepared statement(s) still held by " + where_borrowed(s) +
           "; released on the server and invalidated";
}

template <class Conn>
std::string returned_in_transaction(const slot<Conn>& s) {
    return connection_name(s) + " returned inside a transaction by " + where_borrowed(s) +
           "; its uncommitted work is rolled back";
}

template <class Conn>
std::string failed_validation(const slot<Conn>& s, const diagnostics& diag) {
    return connection_name(s) + " failed validation and is replaced: " + diag.to_string();
}

/// A connect that ended (aborted, as a rule) after the pool was closed: no retry follows.
inline constexpr const char* connect_aborted_at_close =
    "pool: the connect in flight was aborted: the pool is closed";

template <class Conn>
std::string closed_while_idle(const slot<Conn>& s) {
    return connection_name(s) + " was closed or reset by the server while idle and is replaced";
}

template <class Conn>
std::string aborted_at_close(const slot<Conn>& s) {
    return "pool: close deadline passed; connection #" + std::to_string(s.id) + " borrowed by " +
           where_borrowed(s) + " is aborted";
}

/// Fills `diag` for an acquire failing with `why` (errc::pool_closed or errc::pool_timeout) after
/// the core answered `st`. A timeout says so first and names the last connect error as its cause,
/// in the text only: the diagnostics keep no SQLCODE, so a pool timeout never reads as that
/// connect failure (a login rejection, say).
inline void describe_acquire_failure(std::error_code why, acquire_status st, const pool_params& pp,
                                     std::chrono::milliseconds timeout, const connect_record& last_connect,
                                     diagnostics& diag) {
    if (why == errc::pool_closed) {
        diag.client_message = "the pool is closed";
    } else if (st == acquire_status::too_many_waiters) {
        diag.client_message = "pool exhausted: max_waiting (" + std::to_string(pp.max_waiting) +
                              ") callers already wait for a connection";
    } else {
        diag.client_message =
            "no pooled connection became available within " + std::to_string(timeout.count()) + " ms";
        if (last_connect.ec) diag.client_message += "; last connect error: " + last_connect.diag.to_string();
    }
}

/// Sends a record to the pool's own log handler (pool_params::log), else to ifx::log. Never
/// throws: a logger must not turn a report into a failure.
inline void log_to(const pool_params& pp, log_level level, const std::string& message) noexcept {
    if (!pp.log) return ifx::log(level, message);
    try {
        pp.log(level, message);
    } catch (...) {
    }
}

}  // namespace ifx::detail::pool
