// The non-template part of the async face's composed operation (ifx/detail/async_run.hpp): it
// steps the session core's operation after every I/O completion.
#include "ifx/detail/async_run.hpp"
#include "session/core.hpp"

namespace ifx::detail {

std::error_code async_begin(session_core* s, session_op& op) {
    if (!s) return errc::not_connected;
    return s->begin(op);
}

bool async_step(session_core& s, std::error_code& ec) {
    if (net::clock::now() >= s.deadline()) s.time_out();
    if (s.step(ec)) return true;
    s.wake_timer().expires_at(s.deadline());
    return false;
}

std::error_code async_abort(session_core& s) {
    return s.cancel();
}

asio::steady_timer& async_wakeup(session_core& s) {
    return s.wake_timer();
}

diagnostics async_take_diagnostics(session_core& s) {
    diagnostics d = std::move(s.diag);
    s.diag.clear();
    return d;
}

}  // namespace ifx::detail
