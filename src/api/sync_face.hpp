#pragma once
// The sync face's plumbing: every public call of ifx::connection and the objects it makes takes
// the session's lock and runs one session operation (src/session) to completion on it.
#include <memory>
#include <mutex>
#include <string_view>
#include <type_traits>

#include "ifx/connection.hpp"
#include "session/core.hpp"

namespace ifx::detail {

/// Takes s's lock; errc::not_connected without a session.
bool locked(session_core* s, std::unique_lock<std::mutex>& lock, std::error_code& ec, diagnostics& diag);

/// Runs op on s under its lock and returns its value.
template <class T>
T sync_call(session_core* s, session_op_of<T>& op, std::error_code& ec, diagnostics& diag) {
    std::unique_lock<std::mutex> lock;
    if (!locked(s, lock, ec, diag)) {
        if constexpr (std::is_void_v<T>)
            return;
        else
            return T{};
    }
    ec = s->run(op, diag);
    if constexpr (!std::is_void_v<T>) return std::move(op.value);
}

/// Connects s (under its lock): the session_core::run of a connect_op.
std::error_code connect_session(session_core& s, const connect_params& p, diagnostics& diag);

/// value, or the error ec and diag describe thrown. ec and diag are references: they are read
/// here, after the call producing `value` has set them (argument evaluation order is unspecified,
/// so a copy could be taken before).
template <class T>
T throw_on_error(const std::error_code& ec, const diagnostics& diag, T value) {
    throw_if(ec, diag);
    return value;
}

/// What ifx::pool needs beyond the public API: a connection made of a session the pool connected
/// itself (so that close() can abort the connect), and the session behind a connection.
struct connection_access {
    static connection adopt(std::shared_ptr<session_core> s) noexcept {
        connection c;
        c.session_ = std::move(s);
        return c;
    }
    static session_core* of(const connection& c) noexcept { return c.session_.get(); }
};

}  // namespace ifx::detail
