#pragma once
// What both pools do to a connection given back to them, as one session operation.
#include <optional>
#include <string>
#include <vector>

#include "proto/ops.hpp"
#include "proto/statement_ops.hpp"
#include "session/session_op.hpp"

namespace ifx::detail {

/// What a returned connection needs (the pool's release plan, src/pool/pool_core.hpp).
struct return_plan {
    bool release_statements = false;    ///< statements made by prepare are still held
    bool rollback = false;              ///< a transaction is open
    std::vector<std::string> restores;  ///< statements restoring the settings a borrower changed
    /// Write the frees still queued (pool_params::cursor_close_delay 0, or the background loop
    /// once that delay has passed); otherwise they stay queued for the next request.
    bool write_frees = false;
};

/// Cleans a returned connection: the statements still held are released, an open transaction is
/// rolled back, the changed settings are restored (each exchange carries the frees queued so far
/// in front of it, as every request does); with plan.write_frees the frees still queued (the
/// finished query's CLOSE, the releases) are then written without waiting for their replies, which
/// are read before the connection is lent again (session_core::idle_check(),
/// read_owed_replies_run). Without it they stay queued: the next borrower's first request carries
/// them, or the pool's background loop writes them with this operation once the connection has
/// been idle for cursor_close_delay. So no idle connection keeps a cursor open on the server for
/// longer than that, and a return needs no round trip of its own. On failure, failed_step() says
/// what failed.
class pool_return_run final : public session_op_of<void> {
public:
    explicit pool_return_run(return_plan plan) : plan_(std::move(plan)) {}
    action next(session_core& s, std::error_code& ec, diagnostics& diag) override;
    /// "rollback on release", "restoring session settings", "releasing statements on return".
    const char* failed_step() const noexcept { return failed_step_; }

private:
    enum class stage { start, rollback, restore, send, done };
    return_plan plan_;
    stage stage_ = stage::start;
    std::size_t restore_ = 0;
    const char* failed_step_ = "";
    proto::exec_summary summary_;
    std::optional<proto::end_transaction_op> rollback_;
    std::optional<proto::command_op> command_;
};

/// Reads the replies still owed for frees written earlier (those pool_return_run wrote), waiting
/// for them up to the operation deadline; nothing is sent. The pools run it before lending a
/// connection whose replies had not all arrived at session_core::idle_check(), so that a reply
/// that never comes, or comes malformed, costs that connection (closed, replaced silently) and
/// never the next borrower's first call.
class read_owed_replies_run final : public single_exchange<void> {
private:
    proto::operation* start(session_core& s, std::error_code& ec, diagnostics& diag) override;
    // An empty operation: the driver reads the owed replies in front of it.
    std::optional<proto::free_all_op> none_;
};

}  // namespace ifx::detail
