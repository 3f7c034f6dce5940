#pragma once
// The throwing wrappers of the public value types share this helper.
#include <string_view>
#include <system_error>

namespace ifx::types {

/// Throws ifx::error(ec) whose client message is `what` followed by the error's message.
[[noreturn]] void throw_error(std::error_code ec, std::string_view what);

}  // namespace ifx::types
