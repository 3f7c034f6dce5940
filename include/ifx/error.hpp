#pragma once
/// @file
/// Errors: std::error_code categories, the diagnostics a failure carries, the exception type and
/// predicates that classify a failure by what the caller can do about it.
#include <cstddef>
#include <string>
#include <string_view>
#include <system_error>

namespace ifx {

/// Failures detected by the client itself (as opposed to SQLCODEs sent by the server).
enum class errc {
    protocol_violation = 1,  ///< the server sent bytes that cannot be valid SQLI; the connection is closed
    connection_closed,       ///< the connection was closed (by the server, the network or a previous error)
    timeout,                 ///< a deadline expired; the connection is closed
    operation_in_progress,   ///< another operation is running on this connection
    unexpected_null,         ///< a NULL was read into a type that cannot hold it (use std::optional)
    type_mismatch,           ///< a value cannot be converted to or from the requested C++ type
    out_of_range,            ///< a value does not fit the requested C++ type or column
    invalid_argument,        ///< bad input from the caller (URL, parameters, options)
    not_connected,           ///< the connection object holds no open session
    network_error,           ///< the socket failed (resolution, connect, read, write)
    login_rejected,          ///< the server refused the login; the server SQLCODE is in the diagnostics
    tls_error,               ///< the TLS handshake or certificate verification failed
    not_supported,           ///< the server or this client does not support the request
    cursor_closed,           ///< the cursor or statement was already closed
    pool_timeout,            ///< no pooled connection became available in time (or too many waiters)
    pool_closed,             ///< the pool was closed: no further connections are handed out
};

/// Category of ifx::errc values ("ifx.client").
const std::error_category& client_category() noexcept;
/// Category whose values are Informix SQLCODEs sent by the server ("ifx.server"), e.g. -206.
const std::error_category& server_category() noexcept;

inline std::error_code make_error_code(errc e) noexcept {
    return {static_cast<int>(e), client_category()};
}
/// An error_code for a server SQLCODE (negative for errors).
inline std::error_code make_server_error(int sqlcode) noexcept {
    return {sqlcode, server_category()};
}

/// Everything known about a failure. Server-provided text is kept apart from the client's own
/// message because it is untrusted input.
struct diagnostics {
    int sqlcode = 0;                ///< Informix SQLCODE (0 when the failure is client-side)
    int isam_code = 0;              ///< ISAM code accompanying the SQLCODE, 0 if none
    std::string sqlstate;           ///< SQLSTATE derived by the client (docs/errors.md): set for server
                                    ///< errors and by ifx::error; else "" (sqlstate_of computes it)
    int offset = 0;                 ///< position in the statement text where the server found the error
    std::string server_message;     ///< the server's message parameter (object name, …), verbatim
    std::string client_message;     ///< the client's explanation
    std::string statement;          ///< the statement text the failure belongs to, if any
    std::ptrdiff_t batch_row = -1;  ///< execute_many: index of the first failed row, else -1

    void clear() { *this = diagnostics{}; }
    /// A readable one-line summary: "SQLCODE -206 (ISAM -111): The specified table (t) is not in the
    /// database."
    std::string to_string() const;
};

/// The exception thrown by the throwing forms of the API.
class error : public std::system_error {
public:
    error(std::error_code ec, diagnostics diag);
    /// The diagnostics in one line (diagnostics::to_string), or the error code's message.
    const char* what() const noexcept override { return what_.c_str(); }
    const diagnostics& diag() const noexcept { return diag_; }
    int sqlcode() const noexcept { return diag_.sqlcode; }
    int isam_code() const noexcept { return diag_.isam_code; }

private:
    diagnostics diag_;
    std::string what_;
};

/// Throws ifx::error when ec is set.
void throw_if(const std::error_code& ec, const diagnostics& diag);

/// The connection cannot be used any more and must be dropped (network, protocol, auth, timeout).
bool is_fatal(const std::error_code& ec) noexcept;
/// The failure may succeed if retried (lock conflicts, deadlock, lock timeout, lost connection).
/// ISAM codes decide for the generic row-operation SQLCODEs, hence the diagnostics.
bool is_retryable(const std::error_code& ec, const diagnostics& diag) noexcept;
/// The current transaction is gone or must be rolled back before anything else can succeed.
bool poisons_transaction(const std::error_code& ec, const diagnostics& diag) noexcept;

/// A coarse classification in the familiar DB-API terms.
enum class error_kind { none, interface, operational, integrity, programming, data, not_supported, internal };
error_kind kind(const std::error_code& ec, const diagnostics& diag) noexcept;

/// The IBM message text for an SQLCODE (or ISAM code when isam is true), "" if unknown.
std::string_view message_text(int code, bool isam = false) noexcept;

/// The SQLSTATE for an SQLCODE and its ISAM code, from the project's table (docs/errors.md):
/// "00000" for 0, "02000" for 100, an X/Open class where one fits (23000 integrity, 42000
/// syntax or access, 22xxx data, 08xxx connection, 40001 deadlock, …), "IX000" (IBM's value for
/// Informix-specific errors) otherwise. The SQLCODE decides; a known ISAM code refines only an
/// IX000 (e.g. -244 with ISAM -143 deadlock → 40001). SQLI does not send SQLSTATEs.
std::string_view sqlstate_for_code(int sqlcode, int isam_code = 0) noexcept;
/// The SQLSTATE of a failure, computed from ec (and diag's SQLCODE and ISAM code): "00000" when
/// ec is clear; for server errors sqlstate_for_code; for client errors by errc (08006 connection lost, 08001
/// TLS, 08003 not connected, 22002 unexpected NULL, 22003 out of range, 07006 type mismatch, 24000 closed
/// cursor, 0A000 not supported, the server's code or 08004 for a rejected login, HY000 for the
/// remaining interface errors).
std::string_view sqlstate_of(const std::error_code& ec, const diagnostics& diag) noexcept;

}  // namespace ifx

template <>
struct std::is_error_code_enum<ifx::errc> : std::true_type {};
