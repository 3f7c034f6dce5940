#pragma once
// What the library's async pool needs beyond the async connection's public API: its session.
#include <memory>

#include "ifx/async_connection.hpp"
#include "session/core.hpp"

namespace ifx::detail {

struct async_connection_access {
    static session_core* of(const async_connection& c) noexcept { return c.s_.get(); }
    static const std::shared_ptr<session_core>& shared(const async_connection& c) noexcept { return c.s_; }
};

}  // namespace ifx::detail
