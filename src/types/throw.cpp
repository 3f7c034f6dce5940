#include "types/throw.hpp"

#include <string>

#include "ifx/error.hpp"

namespace ifx::types {

void throw_error(std::error_code ec, std::string_view what) {
    diagnostics diag;
    diag.client_message = std::string(what) + ": " + ec.message();
    throw error(ec, std::move(diag));
}

}  // namespace ifx::types
