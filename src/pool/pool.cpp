// The threaded shell around pool_core: one mutex, one background thread, and all I/O (connect,
// ping, rollback, restore, close) done outside the mutex.
#include "ifx/pool.hpp"

#include <array>
#include <atomic>
#include <mutex>
#include <thread>

#include "api/sync_face.hpp"
#include "pool/pool_core.hpp"
#include "pool/pool_handle_impl.hpp"
#include "pool/pool_report.hpp"
#include "session/connect.hpp"
#include "session/pool_return.hpp"

namespace ifx::detail::pool {

class shell : public std::enable_shared_from_this<shell> {
public:
    shell(connect_params cp, pool_params pp)
        : cp_(std::move(cp)), pp_(std::move(pp)), hosts_(hosts_of(cp_)), core_(pp_, std::random_device{}()) {}
    ~shell() { stop_thread(); }
    shell(const shell&) = delete;
    shell& operator=(const shell&) = delete;

    void start() {
        for (std::size_t i = 0; i < pp_.min_size; ++i) {
            {
                std::lock_guard lock(mutex_);
                core_.begin_connect();
            }
            std::error_code ec;
            diagnostics diag;
            if (!connect_into(ec, diag) && i == 0 && pp_.fail_fast) throw error(ec, diag);
        }
        thread_ = std::thread([this] { run(); });
    }

    pooled_connection acquire(std::chrono::milliseconds timeout, std::error_code& ec, diagnostics& diag,
                              ifx::source_location where) {
        ec.clear();
        const auto start = clock::now();
        const auto deadline = start + timeout;
        for (;;) {
            waiter<connection> w;
            w.deadline = deadline;
            w.where = where;
            std::optional<std::condition_variable> cv;
            acquire_status st;
            {
                std::unique_lock lock(mutex_);
                st = core_.acquire(clock::now(), w);
                if (st == acquire_status::wait) {
                    cv.emplace();
                    w.cv = &*cv;
                    bg_cv_.notify_one();  // demand: the background loop may connect
                    while (!w.done)
                        if (cv->wait_until(lock, deadline) == std::cv_status::timeout) core_.cancel(w);
                }
                if (!w.granted) {
                    if (st == acquire_status::closed) w.ec = errc::pool_closed;
                    fail(w.ec ? w.ec : make_error_code(errc::pool_timeout), st, timeout, ec, diag);
                }
            }
            if (!w.granted) return {};
            if (!prepare(w.granted, w.validate)) continue;  // replaced silently; retried within the deadline
            record_wait(clock::now() - start);
            return pooled_connection(shared_from_this(), w.granted.release());
        }
    }

    void give_back(slot<connection>* raw, return_mode mode) noexcept {
        std::unique_ptr<slot<connection>> s(raw);
        bool shutting_down = false;
        {
            std::lock_guard lock(mutex_);
            shutting_down = core_.closed();
        }
        std::optional<pool_close_reason> why;
        if (mode == return_mode::discard)
            why = pool_close_reason::discarded;
        else if (!shutting_down)  // a closed pool closes it anyway (the server rolls back what is open)
            why = clean(*s);
        return_to_core(std::move(s), why);
    }

    bool close(time_point deadline) {
        std::vector<closing<connection>> out;
        {
            std::lock_guard lock(mutex_);
            core_.close();
            out = core_.take_closing();
            stop_ = true;  // the background loop ends after what it is doing
            // A closed pool hands nothing out: the connect in flight is of no use, and waiting for it
            // (up to connect_timeout) would outlast the deadline.
            if (connecting_) connecting_->abort();
        }
        bg_cv_.notify_all();
        close_all(out);
        std::unique_lock lock(mutex_);
        drained_cv_.wait_until(lock, deadline, [&] { return core_.live() == 0; });
        // Past the deadline: abort what is still borrowed. Under the lock, so no slot can be
        // retired and freed meanwhile; abort() only shuts the socket down (no I/O wait). The
        // borrower's call in flight fails with connection_closed, and the handle's return closes it.
        std::vector<std::string> warnings;
        core_.for_each_borrowed([&](slot<connection>& s) {
            if (s.aborted) return;
            s.aborted = true;
            s.conn.abort();
            aborted_.fetch_add(1, std::memory_order_relaxed);
            warnings.push_back(aborted_at_close(s));
        });
        out = core_.take_closing();
        const bool all = core_.live() == 0;
        lock.unlock();
        for (const auto& m : warnings) log(log_level::warning, m);
        close_all(out);
        // Prompt now: its connect was interrupted, and a keepalive ping in flight was aborted above.
        stop_thread();
        lock.lock();
        out = core_.take_closing();  // what the background loop retired before it stopped
        lock.unlock();
        close_all(out);
        return all;
    }

    bool closed() const {
        std::lock_guard lock(mutex_);
        return core_.closed();
    }

    pool_stats stats() const {
        core_stats c;
        {
            std::lock_guard lock(mutex_);
            c = core_.stats();
        }
        pool_stats st = public_stats(c);
        st.rollbacks = rollbacks_.load(std::memory_order_relaxed);
        st.restores = restores_.load(std::memory_order_relaxed);
        st.aborted = aborted_.load(std::memory_order_relaxed);
        for (std::size_t i = 0; i < st.acquire_wait.size(); ++i)
            st.acquire_wait[i] = wait_hist_[i].load(std::memory_order_relaxed);
        return st;
    }

private:
    void fail(std::error_code why, acquire_status st, std::chrono::milliseconds timeout, std::error_code& ec,
              diagnostics& diag) {  // caller holds mutex_
        ec = why;
        describe_acquire_failure(why, st, pp_, timeout, last_connect_, diag);
    }

    // Outside the lock: ping a connection idle too long, run before_acquire. False: it was closed.
    bool prepare(std::unique_ptr<slot<connection>>& owned, bool validate) {
        slot<connection>& s = *owned;
        std::optional<pool_close_reason> why;
        if (validate) {
            std::error_code ec;
            diagnostics diag;
            s.conn.ping(ec, diag);
            if (ec) {
                log(log_level::info, failed_validation(s, diag));
                why = pool_close_reason::validation_failed;
            } else {
                core<connection>::validated(s, clock::now());
            }
        } else if (!idle_intact(s.conn)) {
            log(log_level::info, closed_while_idle(s));
            why = pool_close_reason::validation_failed;
        }
        if (!why && pp_.hooks.before_acquire && !run_hook(pp_.hooks.before_acquire, s, "before_acquire"))
            why = pool_close_reason::hook_failed;
        if (!why) return true;
        return_to_core(std::move(owned), why);
        return false;
    }

    // A connection goes back to the core (kept, or retired with `why`); what the core retires is
    // closed outside the lock, and close() learns when the last one is back.
    // A connection returned owing frees wakes the background loop if it sleeps past their due
    // time (in a tight loop it rarely does: it wakes once per cursor_close_delay at most).
    void return_to_core(std::unique_ptr<slot<connection>> s, std::optional<pool_close_reason> why) {
        std::vector<closing<connection>> out;
        note_owed(*s);
        const bool frees = s->owes_frees && !why;
        {
            std::lock_guard lock(mutex_);
            const auto now = clock::now();
            core_.release(std::move(s), now, why);
            if (frees && now + pp_.cursor_close_delay < bg_sleeps_until_) bg_cv_.notify_one();
            out = core_.take_closing();
            if (core_.closed() && core_.live() == 0) drained_cv_.notify_all();
        }
        close_all(out);
    }

    // Outside the lock: bring a returned connection back to a clean state, or say why it must go.
    std::optional<pool_close_reason> clean(slot<connection>& s) {
        connection& c = s.conn;
        const std::size_t statements = c.open_statements();
        const auto plan = plan_release({.open = c.is_open(),
                                        .in_transaction = c.in_transaction(),
                                        .open_cursors = c.open_cursors(),
                                        .changed_settings = c.changed_settings(),
                                        .open_statements = statements,
                                        .pending_frees = c.pending_frees()},
                                       pp_.restore, pp_.cursor_close_delay);
        if (plan.discard) {
            if (*plan.discard == pool_close_reason::reset_failed)
                log(log_level::warning, returned_with_cursors(s, c.open_cursors()));
            return plan.discard;
        }
        if (statements > 0) log(log_level::warning, returned_with_statements(s, statements));
        if (plan.rollback) {
            rollbacks_.fetch_add(1, std::memory_order_relaxed);
            log(log_level::warning, returned_in_transaction(s));
        }
        if (plan.needs_session_op()) {
            detail::pool_return_run op({.release_statements = plan.close_statements,
                                        .rollback = plan.rollback,
                                        .restores = restore_statements(pp_.restore, plan.restore),
                                        .write_frees = plan.write_frees});
            std::error_code ec;
            diagnostics diag;
            detail::sync_call(detail::connection_access::of(c), op, ec, diag);
            if (ec) {
                log(log_level::warning,
                    std::string("pool: ") + op.failed_step() + " failed (" +
                        (diag.client_message.empty() && diag.sqlcode == 0 ? ec.message() : diag.to_string()) +
                        "); closed");
                return is_fatal(ec) || !c.is_open() ? pool_close_reason::broken
                                                    : pool_close_reason::reset_failed;
            }
            if (plan.restore) restores_.fetch_add(1, std::memory_order_relaxed);
        }
        c.clear_changed_settings();
        if (pp_.reset && !run_hook(pp_.reset, s, "reset")) return pool_close_reason::reset_failed;
        if (pp_.hooks.after_release && !run_hook(pp_.hooks.after_release, s, "after_release"))
            return pool_close_reason::hook_failed;
        if (!left_clean(c)) return pool_close_reason::reset_failed;
        return std::nullopt;
    }

    // An idle connection lent without a ping: the server neither closed it nor sent anything
    // unasked, and the replies of the frees its return wrote have been read (waited for, up to
    // the operation deadline, when they had not all arrived).
    static bool idle_intact(connection& c) {
        auto* session = detail::connection_access::of(c);
        if (!session) return false;
        {
            std::lock_guard lock(session->mutex);
            if (!session->idle_check()) return false;
            if (session->unanswered.empty()) return true;
        }
        detail::read_owed_replies_run op;
        std::error_code ec;
        diagnostics diag;
        detail::sync_call(session, op, ec, diag);
        return !ec;
    }

    // What the core must know of a connection going back idle: frees written whose replies are
    // still unread (it lends it last), frees not written yet (it has them written when due).
    static void note_owed(slot<connection>& s) {
        s.owes_replies = s.owes_frees = false;
        auto* session = detail::connection_access::of(s.conn);
        if (!session) return;
        std::lock_guard lock(session->mutex);
        s.owes_replies = !session->unanswered.empty();
        s.owes_frees = !session->deferred.empty();
    }

    // The background loop: a connection idle for cursor_close_delay gets its frees written (not
    // waiting for their replies, which the next acquire reads as it reads a return's).
    void write_frees(std::unique_ptr<slot<connection>> s) {
        detail::pool_return_run op({.restores = {}, .write_frees = true});
        std::error_code ec;
        diagnostics diag;
        detail::sync_call(detail::connection_access::of(s->conn), op, ec, diag);
        if (ec)
            log(log_level::info, "pool: writing an idle connection's queued frees failed (" +
                                     (diag.client_message.empty() ? ec.message() : diag.to_string()) +
                                     "); closed");
        note_owed(*s);
        std::lock_guard relock(mutex_);
        core_.frees_written(std::move(s), clock::now(), !ec);
        if (core_.closed() && core_.live() == 0) drained_cv_.notify_all();
    }

    bool run_hook(const std::function<void(connection&)>& hook, slot<connection>& s, const char* name) {
        try {
            hook(s.conn);
            return true;
        } catch (const std::exception& e) {
            log(log_level::warning,
                std::string("pool: ") + name + " hook failed: " + e.what() + "; connection closed");
        } catch (...) {
            log(log_level::warning, std::string("pool: ") + name + " hook failed; connection closed");
        }
        return false;
    }

    // Connects (the hosts in order, the first reachable wins: detail::connect_op) and hands the
    // result to the core. The session connecting is published in connecting_, so that close() can
    // abort it.
    bool connect_into(std::error_code& ec, diagnostics& diag) {
        connection c;
        auto s = std::make_shared<detail::session_core>();
        {
            std::lock_guard lock(mutex_);
            if (core_.closed()) s->abort();  // the connect fails at once
            connecting_ = s;
        }
        diag.clear();
        ec = detail::connect_session(*s, cp_, diag);
        {
            std::lock_guard lock(mutex_);
            connecting_.reset();
        }
        const std::size_t host = s->connected_host;
        if (!ec) c = detail::connection_access::adopt(std::move(s));
        if (!ec && pp_.hooks.after_connect) {
            try {
                pp_.hooks.after_connect(c);
            } catch (const std::exception& e) {
                ec = errc::invalid_argument;
                diag.client_message = std::string("after_connect hook failed: ") + e.what();
            } catch (...) {
                ec = errc::invalid_argument;
                diag.client_message = "after_connect hook failed";
            }
            if (ec) c.close();
        }
        // What after_connect set is this connection's baseline, not a borrower's change.
        if (!ec) c.clear_changed_settings();
        const auto now = clock::now();
        std::optional<std::pair<log_level, std::string>> change;
        {
            std::lock_guard lock(mutex_);
            if (ec)
                core_.connect_failed(now);
            else
                core_.connected(now, std::move(c), host);
            if (!core_.closed())
                change = last_connect_.record(ec, diag, hosts_, host);
            else if (ec)
                change = std::pair(log_level::info, std::string(connect_aborted_at_close));
            if (core_.closed() && core_.live() == 0) drained_cv_.notify_all();
        }
        if (change) log(change->first, change->second);
        return !ec;
    }

    void run() {
        std::unique_lock lock(mutex_);
        while (!stop_) {
            const auto now = clock::now();
            auto w = core_.next_work(now);
            auto out = core_.take_closing();
            auto warnings = core_.take_warnings();
            if (w.kind == work_kind::none && out.empty() && warnings.empty()) {
                bg_sleeps_until_ = core_.next_wakeup(now);
                bg_cv_.wait_until(lock, bg_sleeps_until_);
                bg_sleeps_until_ = time_point::min();  // awake: it looks at everything again
                continue;
            }
            lock.unlock();
            close_all(out);
            for (const auto& m : warnings) log(log_level::warning, m);
            if (w.kind == work_kind::connect) {
                std::error_code ec;
                diagnostics diag;
                (void)connect_into(ec, diag);
            } else if (w.kind == work_kind::keepalive) {
                std::error_code ec;
                diagnostics diag;
                w.s->conn.ping(ec, diag);
                note_owed(*w.s);
                std::lock_guard relock(mutex_);
                core_.keepalive_done(std::move(w.s), clock::now(), !ec);
                if (core_.closed() && core_.live() == 0) drained_cv_.notify_all();
            } else if (w.kind == work_kind::write_frees) {
                write_frees(std::move(w.s));
            }
            lock.lock();
        }
    }

    void stop_thread() {
        std::lock_guard join_lock(join_mutex_);
        {
            std::lock_guard lock(mutex_);
            stop_ = true;
        }
        bg_cv_.notify_all();
        if (thread_.joinable()) thread_.join();
    }

    void close_all(std::vector<closing<connection>>& out) noexcept {
        for (auto& c : out) {
            if (pp_.hooks.before_close) (void)run_hook(pp_.hooks.before_close, *c.s, "before_close");
            c.s->conn.close();
        }
        out.clear();
    }

    void record_wait(duration d) noexcept {
        wait_hist_[wait_bucket(d)].fetch_add(1, std::memory_order_relaxed);
    }

    void log(log_level level, const std::string& message) const noexcept { log_to(pp_, level, message); }

    const connect_params cp_;
    const pool_params pp_;
    std::vector<host_port> hosts_;
    mutable std::mutex mutex_;
    std::condition_variable bg_cv_;                   // wakes the background loop
    time_point bg_sleeps_until_ = time_point::min();  // under mutex_: its wake-up while it sleeps
    std::condition_variable drained_cv_;              // close(): the last connection came back
    core<connection> core_;
    bool stop_ = false;
    connect_record last_connect_;                       // under mutex_
    std::shared_ptr<detail::session_core> connecting_;  // under mutex_: the connect in flight, if any
    std::mutex join_mutex_;
    std::thread thread_;
    std::atomic<std::uint64_t> rollbacks_{0}, restores_{0}, aborted_{0};
    std::array<std::atomic<std::uint64_t>, pool_stats::acquire_wait_bounds.size() + 1> wait_hist_{};
};

}  // namespace ifx::detail::pool

namespace ifx {

using detail::pool::shell;
template class detail::pool::pool_handle<shell, detail::pool::slot<connection>>;

// ---- pooled_connection ---------------------------------------------------------------------------

pooled_connection::pooled_connection(pooled_connection&& other) noexcept = default;
pooled_connection& pooled_connection::operator=(pooled_connection&& other) noexcept = default;
pooled_connection::~pooled_connection() = default;

connection* pooled_connection::operator->() const noexcept {
    return &handle_.slot()->conn;
}
connection& pooled_connection::operator*() const noexcept {
    return handle_.slot()->conn;
}

void pooled_connection::release() noexcept {
    handle_.give_back(detail::pool::return_mode::keep);
}

void pooled_connection::discard() noexcept {
    handle_.give_back(detail::pool::return_mode::discard);
}

// ---- pool ----------------------------------------------------------------------------------------

pool::pool(connect_params params, pool_params options) : default_timeout_(options.acquire_timeout) {
    detail::pool::check_params(options);
    shell_ = std::make_shared<shell>(std::move(params), std::move(options));
    shell_->start();
}

pool::~pool() {
    if (shell_) (void)close();
}

pooled_connection pool::acquire(ifx::source_location where) {
    std::error_code ec;
    diagnostics diag;
    auto c = acquire(ec, diag, where);
    throw_if(ec, diag);
    return c;
}

pooled_connection pool::acquire(std::chrono::milliseconds timeout, ifx::source_location where) {
    std::error_code ec;
    diagnostics diag;
    auto c = acquire(timeout, ec, diag, where);
    throw_if(ec, diag);
    return c;
}

pooled_connection pool::acquire(std::error_code& ec, diagnostics& diag, ifx::source_location where) {
    return shell_->acquire(default_timeout_, ec, diag, where);
}

pooled_connection pool::acquire(std::chrono::milliseconds timeout, std::error_code& ec, diagnostics& diag,
                                ifx::source_location where) {
    return shell_->acquire(timeout, ec, diag, where);
}

bool pool::close(std::chrono::steady_clock::time_point deadline) {
    return shell_->close(deadline);
}

bool pool::close(std::chrono::milliseconds timeout) {
    return close(std::chrono::steady_clock::now() + timeout);
}

bool pool::closed() const noexcept {
    return shell_->closed();
}

pool_stats pool::stats() const {
    return shell_->stats();
}

}  // namespace ifx
