#include "session/pool_return.hpp"

#include "session/core.hpp"

namespace ifx::detail {

action pool_return_run::next(session_core& s, std::error_code& ec, diagnostics&) {
    switch (stage_) {
        case stage::start:
            if (plan_.release_statements) {
                for (const auto& w : s.user_statements) {
                    if (const auto p = w.lock(); p && !p->released) {
                        p->released = true;
                        s.deferred.push_back({.id = p->id, .release = true});
                    }
                }
                s.user_statements.clear();
            }
            if (plan_.rollback) {
                stage_ = stage::rollback;
                rollback_.emplace(s.state, proto::transaction_end::rollback);
                return s.exchange(&*rollback_);
            }
            [[fallthrough]];
        case stage::rollback:
            if (stage_ == stage::rollback) {
                rollback_.reset();
                if (!ec && s.state.in_transaction) ec = errc::invalid_argument;  // still open: unknown state
                if (ec) {
                    failed_step_ = "rollback on release";
                    return action::finished();
                }
            }
            stage_ = stage::restore;
            restore_ = 0;
            break;
        case stage::restore:
            command_.reset();
            if (ec) {
                failed_step_ = "restoring session settings";
                return action::finished();
            }
            ++restore_;
            break;
        case stage::send:
            if (ec) failed_step_ = "releasing statements on return";
            stage_ = stage::done;
            return action::finished();
        case stage::done:
            return action::finished();
    }
    if (restore_ < plan_.restores.size()) {
        summary_ = {};
        command_.emplace(s.state, plan_.restores[restore_], summary_);
        return s.exchange(&*command_);
    }
    stage_ = stage::send;
    if (!plan_.write_frees || s.deferred.empty() || !s.usable()) {
        stage_ = stage::done;
        return action::finished();
    }
    action a;
    a.what = action::kind::send_frees;
    a.deadline = session_core::deadline_after(s.op_timeout);
    return a;
}

proto::operation* read_owed_replies_run::start(session_core& s, std::error_code&, diagnostics&) {
    if (s.unanswered.empty() || !s.usable()) return nullptr;
    none_.emplace(s.state, std::span<const proto::free_request>{}, std::span<const proto::free_request>{},
                  nullptr);
    return &*none_;
}

}  // namespace ifx::detail
