#pragma once
// Opening and ending a session, for both faces and both pools.
#include <optional>
#include <string>
#include <vector>

#include "ifx/connect_params.hpp"
#include "net/transport.hpp"
#include "proto/ops.hpp"
#include "proto/session_open.hpp"
#include "session/session_op.hpp"

namespace ifx::detail {

/// Connects: the environment completes the parameters (session/environment.hpp), then host
/// after host of [host, failover_hosts…], each with its own connect_timeout: resolve, TCP, TLS,
/// login, database open (proto::session_open_op). The first host that accepts wins
/// (session_core::connected_host). A failure of the only host, an invalid argument or an abort
/// ends it at once with that failure; when every host failed, one message names each host's
/// failure. The password lives only in this operation (wiped when it is destroyed).
class connect_op final : public session_op_of<void> {
public:
    explicit connect_op(const connect_params& p);
    ~connect_op() override;
    connect_op(const connect_op&) = delete;
    connect_op& operator=(const connect_op&) = delete;
    action next(session_core& s, std::error_code& ec, diagnostics& diag) override;

private:
    enum class stage { start, connecting, opening };
    action start(session_core& s, std::error_code& ec, diagnostics& diag);
    action try_host(session_core& s, diagnostics& diag);
    action host_failed(session_core& s, std::error_code& ec, diagnostics& diag);

    connect_params params_;
    proto::client_identity who_;
    std::optional<net::tls_options> tls_;
    std::vector<host_port> hosts_;
    std::size_t host_ = 0;
    std::string reasons_;
    net::clock::time_point deadline_;
    stage stage_ = stage::start;
    std::optional<proto::session_open_op> open_;
};

/// Ends the session politely — SQ_EXIT, bounded to 2 s (or read_timeout when shorter) — and
/// closes the transport. Never fails; on a broken session it only closes.
class close_op final : public session_op_of<void> {
public:
    action next(session_core& s, std::error_code& ec, diagnostics& diag) override;

private:
    enum class stage { start, exiting, closing };
    stage stage_ = stage::start;
    std::optional<proto::exit_op> exit_;
};

}  // namespace ifx::detail
