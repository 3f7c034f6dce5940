#pragma once
/// @file
/// How to reach and log in to a server: `ifx::connect_params`, filled with designated
/// initializers or parsed from an `informix://` URL.
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "ifx/error.hpp"

namespace ifx {

/// Transport security. The TLS handshake happens right after the TCP connect, before the login
/// packet (Informix's onsocssl listeners); TLS 1.2 or later.
enum class tls_mode {
    disable,      ///< plain TCP (only when asked for explicitly)
    insecure,     ///< TLS without any certificate verification: an explicit opt-out
    verify_ca,    ///< TLS; the certificate must chain to a trusted CA
    verify_full,  ///< TLS; trusted chain and the host name must match the certificate (default)
};

/// A host and port to connect to.
struct host_port {
    std::string host;
    std::uint16_t port = 9088;
};

/// Connection parameters. Every field has a URL option of the same name (see parse_url).
/// Empty server, client_locale and db_locale are taken from the environment variables
/// INFORMIXSERVER, CLIENT_LOCALE (default en_US.utf8) and DB_LOCALE.
struct connect_params {
    std::string host = "127.0.0.1";
    std::uint16_t port = 9088;
    /// Tried in order after host:port when it cannot be reached or refuses the login; if all
    /// fail, the error lists each one's reason.
    std::vector<host_port> failover_hosts;
    std::string server;    ///< INFORMIXSERVER: the server's DBSERVERNAME or alias (required)
    std::string database;  ///< database to open after login; empty = none
    std::string user;
    std::string password;
    tls_mode tls = tls_mode::verify_full;
    std::string tls_ca_file;      ///< PEM file of trusted CAs; with tls_ca_dir empty: the system store
    std::string tls_ca_dir;       ///< OpenSSL hashed directory of trusted CAs
    std::string tls_server_name;  ///< name to verify (and send as SNI) instead of host
    /// CLIENT_LOCALE sent at login. Default (empty, and no CLIENT_LOCALE in the environment)
    /// en_US.utf8. std::string values in the API are always UTF-8; the server converts nothing, so
    /// the client converts them to and from the database's code set (see session_info::locale),
    /// and text that code set cannot hold is an error, never a silent '?'.
    std::string client_locale;
    /// DB_LOCALE sent at login; empty = not sent. The client assumes its code set (else
    /// CLIENT_LOCALE's) until the database is open; when it was not sent, or the server says the
    /// database's locale differs, the client reads the real one (one more round trip) and uses it.
    std::string db_locale;
    /// Extra environment variables sent in the login packet (name, value), e.g. {"DBDATE","Y4MD-"}.
    std::vector<std::pair<std::string, std::string>> environment;
    std::chrono::milliseconds connect_timeout{10'000};  ///< TCP connect + login + database open
    std::chrono::milliseconds read_timeout{30'000};     ///< each later request/reply exchange; 0 = none
    std::uint32_t fetch_buffer_size = 32767;  ///< NFETCH tuple buffer in bytes (rows per round trip)
    /// Answers the server's PAM prompts (listeners configured for PAM): called with the message
    /// style (1 secret prompt, 2 visible prompt, 3 error, 4 information) and the server's text;
    /// returns the answer, or nullopt to give up. Empty = PAM logins fail with not_supported.
    std::function<std::optional<std::string>(int style, std::string_view prompt)> pam_handler;
    /// Protocol trace: called with one line per message (both directions, names decoded, bytes in
    /// hex, the password masked). Attach its output to bug reports. Empty = no trace.
    std::function<void(std::string_view line)> trace;
    /// Path of a file to append the protocol trace to ("" = none); URL option trace_file.
    std::string trace_file;
    /// Statements kept prepared per connection for execute/query with SQL text (LRU); 0 disables.
    std::size_t statement_cache_size = 32;
};

/// Parses `informix://user:password@host:port[,host2:port2…]/database?server=NAME&option=value…`.
/// Options: server, tls (disable | insecure | verify-ca | verify-full), tls_ca_file, tls_ca_dir,
/// tls_server_name, client_locale, db_locale, connect_timeout and
/// read_timeout (milliseconds), fetch_buffer_size, statement_cache_size, trace_file, and
/// env.NAME=VALUE for extra environment.
/// User, password and values are percent-decoded. Unknown options are an error.
connect_params parse_url(std::string_view url);
connect_params parse_url(std::string_view url, std::error_code& ec, diagnostics& diag);

}  // namespace ifx
