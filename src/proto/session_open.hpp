#pragma once
// Opening a session, shared by the sync and async connections: the login request, and the
// login → DBOPEN → database-locale sequence that settles the code set of character data on the
// wire. What comes from the environment (INFORMIXSERVER and the locales, this process and host) is
// gathered by the session layer (src/session/environment.hpp) and passed in.
#include <memory>
#include <optional>
#include <string>

#include "ifx/connect_params.hpp"
#include "ifx/connection.hpp"
#include "proto/login.hpp"
#include "proto/statement_ops.hpp"

namespace ifx::proto {

/// Who is logging in, as the login packet tells the server (PROTOCOL.md §3.2).
struct client_identity {
    std::int32_t pid = 0;
    std::int32_t thread_id = 0;
    std::string host_name;
    std::string directory;  // the working directory
};

/// Checks (after the environment filled what the caller left empty) that a server is named and that
/// CLIENT_LOCALE and DB_LOCALE name code sets the client converts; sets diag.
std::error_code check_params(const connect_params& p, diagnostics& diag);

/// The code set put on the wire before the database's is known: DB_LOCALE's, else CLIENT_LOCALE's
/// (ESQL/C's rule). Assumes check_params passed.
codeset assumed_codeset(const connect_params& p) noexcept;

/// The login request for p: its credentials and environment, and who is logging in.
login_request make_login_request(const connect_params& p, const client_identity& who);

/// The query that reads the open database's locale (IBM JDBC reads the same systables row).
inline constexpr std::string_view database_locale_query =
    "SELECT site FROM systables WHERE tabname = ' GL_CTYPE'";

/// DBOPEN warning bit: the database's locale differs from the DB_LOCALE sent (SQLWARN7).
inline constexpr std::int16_t locale_mismatch_warning = 0x40;

/// Login, then DBOPEN when p.database is set. When DB_LOCALE was not sent or the DBOPEN reply says
/// it differs from the database's locale, reads the locale from systables (one more round trip)
/// and sets session.text to its code set; an unsupported code set fails with errc::not_supported.
/// In an ANSI database the query's transaction is committed, so the session starts outside one.
/// Fills `info` (server version, database, logging, locale, code set).
class session_open_op final : public composite_op {
public:
    session_open_op(session_state& s, const connect_params& p, const client_identity& who, session_info& info)
        : composite_op(s), params_(p), request_(make_login_request(p, who)), info_(info) {}
    /// The login it starts sends the password: the driver wipes its buffers afterwards.
    bool carries_secret() const noexcept override { return true; }

private:
    enum class stage { start, login, dbopen, locale, close, end_transaction };
    operation* next(std::error_code& ec, diagnostics& diag) override;
    operation* after_dbopen();
    void adopt_locale(std::error_code& ec, diagnostics& diag);

    const connect_params& params_;
    login_request request_;
    session_info& info_;
    stage stage_ = stage::start;
    std::unique_ptr<operation> op_;
    login_op* login_ = nullptr;
    dbopen_op* dbopen_ = nullptr;
    statement_ref query_;
    statement_outcome outcome_;
};

}  // namespace ifx::proto
