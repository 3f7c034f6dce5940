#pragma once
// The shape of every session operation, for both faces: a sans-I/O algorithm above the protocol
// operations that asks its driver for one action at a time — run this protocol exchange, send
// these frees, connect to this host, drop the transport — and is told each action's outcome.
// (Boost.MySQL's sansio algorithms with their next_action; src/session/core.hpp runs them.)
#include <cstdint>
#include <string>
#include <system_error>
#include <vector>

#include "ifx/detail/session_op.hpp"
#include "ifx/error.hpp"
#include "net/transport.hpp"
#include "proto/operation.hpp"

namespace ifx::detail {

class session_core;

/// What a session operation (ifx/detail/session_op.hpp) asks its driver to do next. next() is
/// called first with ec clear, then after each action with its outcome (ec, and diag filled by a
/// failure); it returns the next action, or action::finished() with ec the operation's outcome. It
/// never blocks.
struct action {
    enum class kind {
        done,        ///< the operation is finished; its outcome is the ec next() was left with
        exchange,    ///< run `op` (requests and their replies) until it is done
        send_frees,  ///< write the queued CLOSE/RELEASE requests, leaving their replies unread
        connect,     ///< open a new transport to `host`:`port` (TLS when `tls`)
        disconnect,  ///< close the transport: the session is over
    };
    kind what = kind::done;
    proto::operation* op = nullptr;
    /// exchange: the driver receives the replies into this vector (a cursor's batch, whose rows
    /// stay where they arrive) instead of its own buffer.
    std::vector<std::uint8_t>* receive_into = nullptr;
    const std::string* host = nullptr;
    std::uint16_t port = 0;
    const std::optional<net::tls_options>* tls = nullptr;
    net::clock::time_point deadline = net::clock::time_point::max();

    static action finished() { return {}; }
};

/// A session operation of one protocol exchange (most of them): start() builds the exchange (or
/// fails fast with ec, or returns nullptr when no I/O is needed), finish() reads its outcome.
template <class T>
class single_exchange : public session_op_of<T> {
public:
    action next(session_core& s, std::error_code& ec, diagnostics& diag) final {
        if (!started_) {
            started_ = true;
            proto::operation* op = start(s, ec, diag);
            if (!ec && op) return exchange(s, op);
            if (!ec) finish(s, ec, diag);
            return action::finished();
        }
        finish(s, ec, diag);
        return action::finished();
    }

protected:
    virtual proto::operation* start(session_core& s, std::error_code& ec, diagnostics& diag) = 0;
    virtual void finish(session_core&, std::error_code&, diagnostics&) {}
    /// The exchange action for op (defined in core.hpp: the operation deadline).
    action exchange(session_core& s, proto::operation* op);
    /// start() may set it: the exchange's replies land in this vector (action::receive_into).
    std::vector<std::uint8_t>* receive_into_ = nullptr;

private:
    bool started_ = false;
};

/// A session operation that fails at once, with no I/O (a handle already closed).
template <class T>
class failed_run final : public session_op_of<T> {
public:
    failed_run(errc code, std::string message) : code_(code), message_(std::move(message)) {}
    action next(session_core&, std::error_code& ec, diagnostics& diag) override {
        (void)decided(ec, diag);
        return action::finished();
    }
    bool decided(std::error_code& ec, diagnostics& diag) const override {
        ec = code_;
        diag.client_message = message_;
        return true;
    }

private:
    errc code_;
    std::string message_;
};

/// A session operation with nothing to do (closing what is already closed): succeeds at once.
class nothing_run final : public session_op_of<void> {
public:
    action next(session_core&, std::error_code& ec, diagnostics&) override {
        ec.clear();
        return action::finished();
    }
    bool decided(std::error_code& ec, diagnostics&) const override {
        ec.clear();
        return true;
    }
};

}  // namespace ifx::detail
