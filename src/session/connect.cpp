#include "session/connect.hpp"

#include "proto/login.hpp"
#include "session/core.hpp"
#include "session/environment.hpp"

namespace ifx::detail {

connect_op::connect_op(const connect_params& p) : params_(with_environment(p)) {}

connect_op::~connect_op() {
    proto::wipe_secret(params_.password);
}

action connect_op::next(session_core& s, std::error_code& ec, diagnostics& diag) {
    switch (stage_) {
        case stage::start:
            return start(s, ec, diag);
        case stage::connecting: {
            if (ec) return host_failed(s, ec, diag);
            s.connected = true;
            open_.emplace(s.state, params_, who_, s.info);
            stage_ = stage::opening;
            action a = s.exchange(&*open_);
            a.deadline = deadline_;  // the login belongs to the host's connect_timeout
            return a;
        }
        case stage::opening:
            open_.reset();
            if (ec) return host_failed(s, ec, diag);
            s.connected_host = host_;
            diag.clear();
            return action::finished();
    }
    return action::finished();
}

action connect_op::start(session_core& s, std::error_code& ec, diagnostics& diag) {
    s.params = params_;
    proto::wipe_secret(s.params.password);  // the session never needs it after the login
    s.op_timeout = params_.read_timeout;
    if ((ec = make_tracer(params_, s.trace, diag))) return action::finished();
    if ((ec = proto::check_params(params_, diag))) return action::finished();
    hosts_ = {{params_.host, params_.port}};
    hosts_.insert(hosts_.end(), params_.failover_hosts.begin(), params_.failover_hosts.end());
    who_ = this_client();
    tls_ = tls_options_of(params_);
    return try_host(s, diag);
}

// A fresh session state for the next host, and the connect of its transport.
action connect_op::try_host(session_core& s, diagnostics& diag) {
    s.state = {};
    s.state.trace = s.trace ? &*s.trace : nullptr;
    s.info = {};
    s.forget_statements();
    s.cache = statement_cache(params_.statement_cache_size);
    s.connected = false;
    diag.clear();
    deadline_ = session_core::deadline_after(params_.connect_timeout);
    stage_ = stage::connecting;
    action a;
    a.what = action::kind::connect;
    a.host = &hosts_[host_].host;
    a.port = hosts_[host_].port;
    a.tls = &tls_;
    a.deadline = deadline_;
    return a;
}

action connect_op::host_failed(session_core& s, std::error_code& ec, diagnostics& diag) {
    s.connected = false;
    s.state.broken = true;
    s.close_transport();
    if (s.aborted.load()) {  // no further step or host
        diag.clear();
        diag.client_message = "the connect was aborted (e.g. its pool was closed)";
        ec = errc::connection_closed;
        return action::finished();
    }
    if (hosts_.size() == 1 || ec == errc::invalid_argument) return action::finished();
    const auto& [host, port] = hosts_[host_];
    reasons_ += (reasons_.empty() ? "" : "; ") + host + ":" + std::to_string(port) + ": " + diag.to_string();
    if (++host_ == hosts_.size()) {
        diag.client_message = "all " + std::to_string(hosts_.size()) + " hosts failed: " + reasons_;
        return action::finished();
    }
    ec.clear();
    return try_host(s, diag);
}

action close_op::next(session_core& s, std::error_code& ec, diagnostics& diag) {
    switch (stage_) {
        case stage::start:
            s.forget_statements();  // SQ_EXIT frees every server statement
            if (s.usable() && s.transport_open()) {
                exit_.emplace(s.state);
                stage_ = stage::exiting;
                action a = s.exchange(&*exit_);
                const auto limit = std::chrono::milliseconds(2000);
                const auto timeout =
                    s.params.read_timeout.count() > 0 ? std::min(s.params.read_timeout, limit) : limit;
                a.deadline = session_core::deadline_after(timeout);
                return a;
            }
            [[fallthrough]];
        case stage::exiting: {
            stage_ = stage::closing;
            action a;
            a.what = action::kind::disconnect;
            return a;
        }
        case stage::closing:
            break;
    }
    ec.clear();
    diag.clear();
    return action::finished();
}

}  // namespace ifx::detail
