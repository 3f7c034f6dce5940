#pragma once
// Helpers the protocol operations' sources share (ops.cpp, cursor_ops.cpp, login_op.cpp).
#include <span>
#include <string>
#include <system_error>

#include "ifx/codeset.hpp"
#include "ifx/param.hpp"

namespace ifx::proto {

/// A message the operation does not expect here: errc::protocol_violation.
void unexpected(std::error_code& ec);

/// Why encode_execute/encode_open refused the parameters (which one, and the reason).
std::string bind_failure_message(std::span<const param> params, codeset cs);

}  // namespace ifx::proto
