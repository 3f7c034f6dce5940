#include "api/sync_face.hpp"

#include "session/connect.hpp"

namespace ifx::detail {

bool locked(session_core* s, std::unique_lock<std::mutex>& lock, std::error_code& ec, diagnostics& diag) {
    ec.clear();
    if (!s) {
        ec = errc::not_connected;
        diag.client_message = "not connected";
        return false;
    }
    lock = std::unique_lock(s->mutex);
    return true;
}

std::error_code connect_session(session_core& s, const connect_params& p, diagnostics& diag) {
    std::lock_guard lock(s.mutex);
    connect_op op(p);
    return s.run(op, diag);
}

}  // namespace ifx::detail
