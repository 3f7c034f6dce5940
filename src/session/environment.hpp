#pragma once
// What a connect takes from outside the protocol layer, gathered once here for both faces: the
// environment variables that complete the connect parameters, who is logging in (process, thread,
// host, working directory), the trace sinks, and the TLS settings.
#include <optional>

#include "ifx/connect_params.hpp"
#include "ifx/error.hpp"
#include "net/transport.hpp"
#include "proto/session_open.hpp"
#include "proto/trace.hpp"

namespace ifx::detail {

/// Fills what the caller left empty from INFORMIXSERVER, CLIENT_LOCALE (default en_US.utf8) and
/// DB_LOCALE.
connect_params with_environment(connect_params p);

/// This process, thread, host and working directory, as the login packet reports them.
proto::client_identity this_client();

/// The protocol trace p asks for (connect_params::trace, trace_file), stamped with the system
/// clock; nullopt when none. errc::invalid_argument when the trace file cannot be opened.
std::error_code make_tracer(const connect_params& p, std::optional<proto::tracer>& out, diagnostics& diag);

/// The transport's TLS settings for p.tls (nullopt: plain TCP).
std::optional<net::tls_options> tls_options_of(const connect_params& p);

}  // namespace ifx::detail
