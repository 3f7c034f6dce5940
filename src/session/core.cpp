#include "session/core.hpp"

#include <asio/error.hpp>

#include "proto/login.hpp"

namespace ifx::detail {
namespace {

constexpr const char* aborted_text = "the connection was aborted (e.g. its pool was closed)";
constexpr const char* connect_aborted_text = "the connect was aborted (e.g. its pool was closed)";
constexpr const char* timed_out_text = "timed out waiting for the server; the connection is closed";

}  // namespace

session_core::session_core()
    : io_(std::make_unique<asio::io_context>(1)), ex_(io_->get_executor()), wake_(ex_) {}

session_core::session_core(asio::any_io_executor ex) : ex_(std::move(ex)), wake_(ex_) {}

session_core::~session_core() {
    if (transport_) transport_->close();
}

net::clock::time_point session_core::deadline_after(std::chrono::milliseconds timeout) noexcept {
    if (timeout.count() <= 0) return net::clock::time_point::max();
    return net::clock::now() + timeout;
}

// ---- the sync face's loop ---------------------------------------------------------------------------

std::error_code session_core::run(session_op& op, diagnostics& out) {
    std::error_code ec = begin(op);
    if (ec) {
        out.client_message = "another operation is in progress on this connection";
        return ec;
    }
    while (!step(ec))
        if (!wait(deadline())) time_out();
    out = std::move(diag);
    diag.clear();
    return ec;
}

// Waits for the next completion; false once the deadline has passed. An exchange waiting only
// for its reply on plain TCP reads with direct system calls (transport::receive_until); anything
// else runs the private io_context until its next completion. abort() sets `aborted`, then stops
// the io_context: checked after the restart, the flag cannot be missed (a stop before the restart
// is undone by it, but the flag is then seen).
bool session_core::wait(net::clock::time_point deadline) {
    if (aborted.load()) return true;
    if (in_action_ && action_.what == action::kind::exchange && running_ != nullptr) {
        auto& t = *transport_;
        if (t.failure()) return true;  // a direct write failed: the next step reports it
        if (t.can_receive_directly()) return t.receive_until(deadline);
    }
    io_->restart();
    if (aborted.load()) return true;
    const auto now = net::clock::now();
    const auto until = deadline == net::clock::time_point::max() ? now + std::chrono::hours(24) : deadline;
    if (io_->run_one_until(until) == 0 && net::clock::now() >= deadline) return false;
    // Handlers already complete run too, so both directions progress. Always, even when no
    // operation is outstanding: skipping it then (to save the system call) broke the pooled
    // stall fault cases.
    io_->poll();
    return true;
}

// ---- stepping an operation ----------------------------------------------------------------------

std::error_code session_core::begin(session_op& op) {
    if (op_) return errc::operation_in_progress;
    op_ = &op;
    diag.clear();
    action_ = {};
    in_action_ = false;
    result_.clear();
    return {};
}

bool session_core::step(std::error_code& ec) {
    for (;;) {
        if (in_action_) {
            const bool io = action_.what != action::kind::disconnect;
            if (io && aborted.load()) {
                result_ = make_error_code(errc::connection_closed);
                diag.client_message =
                    action_.what == action::kind::connect ? connect_aborted_text : aborted_text;
                fail(result_, "");
            } else if (!progress_action()) {
                return false;
            }
            in_action_ = false;
        }
        action_ = op_->next(*this, result_, diag);
        if (action_.what == action::kind::done) {
            ec = result_;
            op_ = nullptr;
            action_ = {};
            return true;
        }
        in_action_ = true;
        result_.clear();
        start_action();
    }
}

void session_core::time_out() {
    if (!in_action_) return;
    const std::string what = action_.what == action::kind::connect && transport_
                                 ? transport_->timeout_text()
                                 : std::string(timed_out_text);
    result_ = make_error_code(errc::timeout);
    fail(result_, what);
    in_action_ = false;
}

std::error_code session_core::cancel() {
    op_ = nullptr;
    in_action_ = false;
    action_ = {};
    diag.clear();
    fail(asio::error::operation_aborted, "the operation was cancelled; the connection is closed");
    return asio::error::operation_aborted;
}

// Marks the session broken and closes the transport; `what` describes the failure unless the
// diagnostics already do.
void session_core::fail(std::error_code, const std::string& what) {
    state.broken = true;
    end_exchange();
    if (transport_) transport_->close();
    if (diag.client_message.empty()) diag.client_message = what;
}

// ---- actions ------------------------------------------------------------------------------------------

void session_core::start_action() {
    switch (action_.what) {
        case action::kind::done:
            return;
        case action::kind::disconnect:
            if (transport_) transport_->close();
            state.broken = true;
            connected = false;
            return;
        case action::kind::connect:
            new_transport();
            transport_->start_connect(*action_.host, action_.port, *action_.tls);
            return;
        case action::kind::exchange:
        case action::kind::send_frees:
            break;
    }
    if (!connected) {
        diag.client_message = "not connected";
        result_ = make_error_code(errc::not_connected);
        return;
    }
    if (state.broken || !transport_open()) {
        deferred.clear();  // a dead connection's statements died with it
        unanswered.clear();
        diag.client_message = aborted.load() ? aborted_text : "the connection is closed";
        result_ = make_error_code(errc::connection_closed);
        return;
    }
    if (action_.what == action::kind::send_frees) {
        if (deferred.empty()) return;
        proto::free_all_op frees(state, {}, deferred, nullptr);
        std::size_t n = 0;
        std::error_code ignored;
        diagnostics scratch;
        (void)frees.advance({}, n, pending_, ignored, scratch);  // the requests only
        unanswered.insert(unanswered.end(), deferred.begin(), deferred.end());
        deferred.clear();
        flush_pending(/*now=*/true);  // nothing waits for their replies: no need to wait for the write
        return;
    }
    proto::operation* op = action_.op;
    if (!deferred.empty() || !unanswered.empty()) {
        prelude_ = std::make_unique<proto::free_all_op>(state, unanswered, deferred, op);
        unanswered.clear();
        deferred.clear();
        op = prelude_.get();
    }
    if (action_.receive_into) transport_->input().lend(*action_.receive_into);
    running_ = op;
    op_done_ = false;
    op_error_.clear();
    first_advance_ = true;
}

// True once the current action has finished (result_ its outcome).
bool session_core::progress_action() {
    if (result_) return true;  // failed as it started
    switch (action_.what) {
        case action::kind::done:
        case action::kind::disconnect:
            return true;
        case action::kind::connect: {
            if (transport_->connecting()) return false;
            const auto& outcome = transport_->connect_outcome();
            if (outcome.ec) {
                diag.client_message = outcome.detail;
                diag.sqlcode = outcome.sqlcode;
                result_ = outcome.ec;
            }
            return true;
        }
        case action::kind::send_frees:
            if (const auto f = transport_->failure()) {
                result_ = f;
                fail(f, "cannot write to the server");
                return true;
            }
            flush_pending();
            return !transport_->writing() && pending_.empty();
        case action::kind::exchange:
            if (!pump(*running_, result_)) return false;
            end_exchange();
            return true;
    }
    return true;
}

// Hands what the operation produced to the socket (one write in flight at a time). With `now`,
// what the socket takes at once is written before returning (transport::write_now), so a write
// nothing waits for costs no trip through the executor; the rest is written as usual.
void session_core::flush_pending(bool now) {
    if (pending_.empty() || transport_->writing()) return;
    sending_.swap(pending_);
    pending_.clear();
    if (state.trace) state.trace->sent(sending_);
    const std::size_t written = now ? transport_->write_now(sending_) : 0;
    if (written < sending_.size() && !transport_->failure())
        transport_->start_write(std::span(sending_).subspan(written));
}

void session_core::end_exchange() noexcept {
    if (transport_) transport_->input().give_back();
    prelude_.reset();
    running_ = nullptr;
}

// One step of the exchange in flight, the same for both faces: feeds the operation every new byte,
// keeps one write and one read in flight (full duplex), and is done when the operation is done
// and everything it produced is written.
bool session_core::pump(proto::operation& op, std::error_code& ec) {
    auto& t = *transport_;
    if (const auto f = t.failure()) {
        ec = f;
        fail(f, f == errc::connection_closed ? "the server closed the connection" : "network error");
        return true;
    }
    auto& in = t.input();
    const bool first = std::exchange(first_advance_, false);
    const bool arrived = t.take_fresh_input();
    if (!op_done_ && (first || arrived)) {
        std::size_t consumed = 0;
        std::error_code e;
        op_done_ = op.advance(in.data(), consumed, pending_, e, diag) == proto::step::done;
        in.consume(consumed);
        if (e) {
            if (state.broken) {
                ec = e;
                fail(e, "");
                return true;
            }
            op_error_ = e;  // a server error: finish writing what was produced, then report it
        }
    }
    const bool sync_face = io_ != nullptr;
    flush_pending(/*now=*/sync_face);
    if (op_done_) {
        if (t.writing()) return false;
        if (op.carries_secret()) {  // the login packet (password, PAM answers): no copy outlives it
            proto::wipe_secret(pending_);
            proto::wipe_secret(sending_);
        }
        if (op_error_) {
            ec = op_error_;
            return true;
        }
        // Every reply group has been consumed; bytes beyond it were never asked for.
        if (in.size() != 0) {
            diag.client_message = "unsolicited bytes after the reply";
            ec = make_error_code(errc::protocol_violation);
            fail(ec, "");
        }
        return true;
    }
    // The sync face reads in wait() (transport::receive_until) unless a write is in flight.
    if (!t.reading() && !(sync_face && t.can_receive_directly())) t.start_read();
    return false;
}

// ---- transport, abort, idle check -----------------------------------------------------------------

void session_core::new_transport() {
    if (transport_) transport_->close();
    std::function<void()> wake;
    if (!io_)
        wake = [weak = weak_from_this()] {
            if (auto self = weak.lock()) self->wake_.cancel();
        };
    auto t = std::make_shared<net::transport>(ex_, std::move(wake));
    std::lock_guard lock(transport_mutex_);
    transport_ = std::move(t);
    if (aborted.load()) transport_->interrupt();
}

void session_core::abort() noexcept {
    aborted.store(true);
    if (io_) {  // any thread: only the socket is touched, and the io_context woken
        std::lock_guard lock(transport_mutex_);
        if (transport_) transport_->interrupt();
        io_->stop();
        return;
    }
    state.broken = true;
    if (transport_) transport_->close();
    wake_.cancel();
}

void session_core::close_transport() noexcept {
    end_exchange();
    if (transport_) transport_->close();
    state.broken = true;
}

void session_core::drop() noexcept {
    if (transport_) transport_->close();
    state.broken = true;
    connected = false;
    wake_.cancel();
}

bool session_core::idle_check() {
    if (!usable() || !transport_open() || busy()) return false;
    const auto polled = transport_->read_available();
    if (polled == net::transport::poll_result::closed) {
        fail(errc::connection_closed, "the server closed the connection");
        return false;
    }
    auto& in = transport_->input();
    if (in.size() == 0) return true;
    if (unanswered.empty()) {
        fail(errc::protocol_violation, "unsolicited bytes from the server");
        return false;
    }
    // The replies of the frees sent when the connection was returned: read them now if they are
    // all there (first without tracing, so that a partial read traces nothing twice).
    auto read_replies = [&](bool consume) {
        proto::free_all_op replies(state, unanswered, {}, nullptr);
        std::vector<std::uint8_t> none;
        std::size_t n = 0;
        std::error_code ec;
        diagnostics scratch;
        (void)replies.advance({}, n, none, ec, scratch);
        n = 0;
        const bool done = replies.advance(in.data(), n, none, ec, scratch) == proto::step::done;
        if (ec && state.broken) return false;
        if (done && consume) in.consume(n);
        return done;
    };
    const proto::tracer* tracing = std::exchange(state.trace, nullptr);
    const bool whole = read_replies(false);
    state.trace = tracing;
    if (state.broken) {
        fail(errc::protocol_violation, "a malformed reply from the server");
        return false;
    }
    if (!whole) return true;  // the rest is on its way: the next exchange reads it
    (void)read_replies(true);
    unanswered.clear();
    if (in.size() != 0) {
        fail(errc::protocol_violation, "unsolicited bytes from the server");
        return false;
    }
    return true;
}

// ---- statements -------------------------------------------------------------------------------------

std::shared_ptr<prepared> session_core::cached(std::string_view sql) {
    auto p = cache.find(sql);
    if (p && p->released) {  // its re-prepare failed: prepare it anew
        cache.erase(sql);
        return nullptr;
    }
    return p;
}

void session_core::remember(const std::shared_ptr<prepared>& p) {
    if (p->id < 0 || p->released) return;
    for (auto& evicted : cache.insert(p->sql, p)) {
        if (!evicted->released) deferred.push_back({.id = evicted->id, .release = true});
        evicted->released = true;
    }
}

void session_core::forget_statements() noexcept {
    (void)cache.clear();
    user_statements.clear();
    deferred.clear();
    unanswered.clear();
}

}  // namespace ifx::detail
