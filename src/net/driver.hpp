#pragma once
// The synchronous driver loop: runs one sans-I/O operation over a stream.
#include <system_error>

#include "ifx/error.hpp"
#include "net/byte_buffer.hpp"
#include "net/stream.hpp"
#include "proto/operation.hpp"

namespace ifx::net {

/// Runs op to completion: writes what it produces, reads until it is done. A transport failure
/// (timeout, EOF, socket error) or a protocol violation closes the stream and marks the session
/// broken; server errors leave both usable.
std::error_code run(proto::operation& op, stream& s, byte_buffer& in, proto::session_state& session,
                    clock::time_point deadline, diagnostics& diag);

}  // namespace ifx::net
