// The asynchronous shell around pool_core: everything runs on the pool's executor (one thread or
// strand), so there is no lock and no thread. Connects, pings, cleaning and closes are async
// operations whose completions feed the core; pump() does the core's housekeeping.
#include "ifx/async_pool.hpp"

#include <string>
#include <vector>

#include "async/async_session.hpp"
#include "pool/pool_core.hpp"
#include "pool/pool_handle_impl.hpp"
#include "pool/pool_report.hpp"
#include "session/pool_return.hpp"

namespace ifx::detail::pool {

using async_slot = slot<async_connection>;

/// One async_acquire in progress. The core links its waiter; the destructor unlinks it, so an
/// operation destroyed without completing (its io_context stopped) leaves nothing dangling and
/// gives back any connection it was being handed.
struct async_request : std::enable_shared_from_this<async_request> {
    async_request(std::shared_ptr<async_shell> s, const asio::any_io_executor& ex)
        : shell(std::move(s)), timer(ex) {}
    ~async_request();
    async_request(const async_request&) = delete;
    async_request& operator=(const async_request&) = delete;

    void wake() { timer.cancel(); }

    std::shared_ptr<async_shell> shell;
    asio::steady_timer timer;
    waiter<async_connection> w;
    std::chrono::milliseconds timeout{0};
    time_point start{};
    std::unique_ptr<async_slot> slot;  // granted: being validated, or ready
    bool validating = false;
    bool finished = false;  // ready (slot) or failed (ec)
    bool abandoned = false;
    std::error_code ec;
    acquire_status status = acquire_status::wait;
    diagnostics ping_diag;
};

class async_shell : public std::enable_shared_from_this<async_shell> {
public:
    async_shell(asio::any_io_executor ex, connect_params cp, pool_params pp)
        : ex_(std::move(ex)),
          cp_(std::move(cp)),
          pp_(std::move(pp)),
          hosts_(hosts_of(cp_)),
          core_(pp_, std::random_device{}()),
          housekeeping_(ex_),
          close_deadline_(ex_) {}

    const asio::any_io_executor& executor() const noexcept { return ex_; }

    void start() {
        for (std::size_t i = 0; i < pp_.min_size; ++i) {
            core_.begin_connect();
            start_connect();
        }
        pump();
    }

    // ---- acquire ----------------------------------------------------------------------------------

    void submit(async_request& r) {
        r.w.done = false;
        r.w.granted.reset();
        r.w.ec.clear();
        r.status = core_.acquire(clock::now(), r.w);
        switch (r.status) {
            case acquire_status::granted:
                return on_grant(r);
            case acquire_status::wait:
                r.timer.expires_at(r.w.deadline);
                return pump();  // demand: the core may want a connect
            case acquire_status::closed:
                r.ec = errc::pool_closed;
                r.finished = true;
                return;
            case acquire_status::too_many_waiters:
                r.ec = errc::pool_timeout;
                r.finished = true;
                return;
        }
    }

    bool poll(async_request& r, bool cancelled) {
        if (r.finished) return true;
        if (cancelled) {
            abandon(r);
            r.ec = asio::error::operation_aborted;
            r.finished = true;
            return true;
        }
        if (r.validating) {
            r.timer.expires_at(asio::steady_timer::time_point::max());
            return false;
        }
        if (r.w.done) {
            if (r.w.granted) {
                on_grant(r);
                if (r.finished) return true;
                // Validating (its completion wakes the request), or queued again for a replacement.
                r.timer.expires_at(r.validating ? asio::steady_timer::time_point::max() : r.w.deadline);
                return false;
            }
            r.ec = r.w.ec ? r.w.ec : make_error_code(errc::pool_timeout);
            r.finished = true;
            return true;
        }
        if (clock::now() >= r.w.deadline) {
            core_.cancel(r.w);
            r.ec = r.w.ec;
            r.finished = true;
            return true;
        }
        r.timer.expires_at(r.w.deadline);
        return false;
    }

    async_pooled_connection take(async_request& r, std::error_code& ec, diagnostics* diag) {
        if (!r.ec && r.slot) {
            ec.clear();
            record_wait(clock::now() - r.start);
            return async_pooled_connection(shared_from_this(), r.slot.release());
        }
        ec = r.ec ? r.ec : make_error_code(errc::pool_timeout);
        if (diag) {
            diag->clear();
            if (ec == asio::error::operation_aborted)
                diag->client_message = "the acquire was cancelled";
            else
                describe_acquire_failure(ec, r.status, pp_, r.timeout, last_connect_, *diag);
        }
        return {};
    }

    /// The caller gave up: leave the queue, or give back what was being handed over.
    void abandon(async_request& r) {
        r.abandoned = true;
        if (!r.w.done) {
            core_.cancel(r.w, make_error_code(asio::error::operation_aborted));
        } else if (r.w.granted) {
            finish(std::move(r.w.granted), std::nullopt);  // never handed out: clean
        }
        if (r.slot && !r.validating) finish(std::move(r.slot), std::nullopt);
        // While validating, the ping's completion gives the connection back.
    }

    // ---- release ----------------------------------------------------------------------------------

    void give_back(async_slot* raw, return_mode mode) noexcept {
        std::unique_ptr<async_slot> s(raw);
        if (mode == return_mode::discard) return finish(std::move(s), pool_close_reason::discarded);
        if (core_.closed()) return finish(std::move(s), std::nullopt);
        async_connection& c = s->conn;
        const std::size_t statements = c.open_statements();
        const auto plan = plan_release({.open = c.is_open(),
                                        .in_transaction = c.in_transaction(),
                                        .open_cursors = c.open_cursors(),
                                        .changed_settings = c.changed_settings(),
                                        .open_statements = statements,
                                        .busy = c.busy(),
                                        .pending_frees = c.pending_frees()},
                                       pp_.restore, pp_.cursor_close_delay);
        if (plan.discard) {
            if (*plan.discard == pool_close_reason::reset_failed)
                log(log_level::warning, returned_with_cursors(*s, c.open_cursors()));
            return finish(std::move(s), plan.discard);
        }
        if (!plan.needs_session_op()) {
            c.clear_changed_settings();
            return finish(std::move(s), std::nullopt);
        }
        if (statements > 0) log(log_level::warning, returned_with_statements(*s, statements));
        if (plan.rollback) {
            ++rollbacks_;
            log(log_level::warning, returned_in_transaction(*s));
        }
        auto job = std::make_shared<cleaning>();
        job->s = std::move(s);
        job->restoring = plan.restore != 0;
        auto op = std::make_unique<detail::pool_return_run>(
            detail::return_plan{.release_statements = plan.close_statements,
                                .rollback = plan.rollback,
                                .restores = restore_statements(pp_.restore, plan.restore),
                                .write_frees = plan.write_frees});
        job->op = op.get();
        auto& conn = job->s->conn;
        detail::async_run<void>(
            conn.get_executor(), detail::async_connection_access::shared(conn), std::move(op), &job->diag,
            [self = shared_from_this(), job](std::error_code ec) { self->cleaned(job, ec); });
    }

    // ---- shutdown ---------------------------------------------------------------------------------

    void close() {
        if (core_.closed()) return;
        core_.close();
        housekeeping_.cancel();
        // A closed pool hands nothing out: connects in flight are aborted (their completion counts
        // them as failed), so that close_and_wait need not wait up to connect_timeout for them.
        for (auto& job : std::exchange(connecting_, {}))
            if (auto j = job.lock()) j->conn.abort();
        auto out = core_.take_closing();
        close_all(out);
        check_drained();
    }

    std::shared_ptr<async_signal> close_and_wait(std::chrono::milliseconds timeout) {
        auto sig = std::make_shared<async_signal>(ex_);
        close();
        if (core_.live() == 0) {
            sig->fire({});
            return sig;
        }
        close_waiters_.push_back(sig);
        close_deadline_.expires_after(timeout);
        close_deadline_.async_wait([weak = weak_from_this()](std::error_code ec) {
            if (auto self = weak.lock(); self && !ec) self->deadline_passed();
        });
        return sig;
    }

    bool closed() const noexcept { return core_.closed(); }

    pool_stats stats() const {
        pool_stats st = public_stats(core_.stats());
        st.rollbacks = rollbacks_;
        st.restores = restores_;
        st.aborted = aborted_;
        st.acquire_wait = wait_hist_;
        return st;
    }

    /// A request dies: unlink its waiter and give back a connection it was handed but never took.
    void forget(async_request& r) noexcept {
        if (!r.w.done) core_.cancel(r.w, make_error_code(asio::error::operation_aborted));
        if (r.w.granted) finish(std::move(r.w.granted), std::nullopt);
        if (r.slot && !r.validating) finish(std::move(r.slot), std::nullopt);
    }

private:
    struct cleaning {
        std::unique_ptr<async_slot> s;
        const detail::pool_return_run* op = nullptr;  // owned by the operation, alive until it completes
        bool restoring = false;
        diagnostics diag;
    };

    void on_grant(async_request& r) {
        r.slot = std::move(r.w.granted);
        if (!r.w.validate) {
            // Lent without a ping: the server neither closed it nor sent anything unasked, and the
            // replies of the frees its return wrote have been read (waited for when they had not
            // all arrived: a reply that never comes costs this connection, not the borrower).
            auto* session = detail::async_connection_access::of(r.slot->conn);
            if (session && session->idle_check()) {
                if (session->unanswered.empty()) {
                    r.finished = true;
                    return;
                }
                r.validating = true;
                detail::async_run<void>(
                    r.slot->conn.get_executor(), detail::async_connection_access::shared(r.slot->conn),
                    std::make_unique<detail::read_owed_replies_run>(), &r.ping_diag,
                    [self = shared_from_this(), req = r.shared_from_this()](std::error_code ec) {
                        self->validated(*req, ec);
                    });
                return;
            }
            log(log_level::info, closed_while_idle(*r.slot));
            finish(std::move(r.slot), pool_close_reason::validation_failed);
            return requeue(r);
        }
        r.validating = true;
        r.slot->conn.async_ping(r.ping_diag, [self = shared_from_this(), req = r.shared_from_this()](
                                                 std::error_code ec) { self->validated(*req, ec); });
    }

    // The ping of a connection idle too long came back.
    void validated(async_request& r, std::error_code ec) {
        r.validating = false;
        if (r.abandoned)
            return finish(std::move(r.slot),
                          ec ? std::optional(pool_close_reason::validation_failed) : std::nullopt);
        if (!ec) {
            core<async_connection>::validated(*r.slot, clock::now());
            r.finished = true;
            return r.wake();
        }
        log(log_level::info, failed_validation(*r.slot, r.ping_diag));
        finish(std::move(r.slot), pool_close_reason::validation_failed);
        requeue(r);
        r.wake();
    }

    // r's connection was found dead and closed: replaced silently, queued again within its deadline.
    void requeue(async_request& r) {
        if (clock::now() >= r.w.deadline) {
            r.ec = errc::pool_timeout;
            r.finished = true;
        } else {
            submit(r);
        }
    }

    // The return's session operation (detail::pool_return_run) completed.
    void cleaned(const std::shared_ptr<cleaning>& job, std::error_code ec) {
        async_connection& c = job->s->conn;
        if (ec) {
            log(log_level::warning,
                std::string("pool: ") + job->op->failed_step() + " failed (" +
                    (job->diag.client_message.empty() && job->diag.sqlcode == 0 ? ec.message()
                                                                                : job->diag.to_string()) +
                    "); closed");
            return finish(std::move(job->s), is_fatal(ec) || !c.is_open() ? pool_close_reason::broken
                                                                          : pool_close_reason::reset_failed);
        }
        if (job->restoring) ++restores_;
        c.clear_changed_settings();
        std::optional<pool_close_reason> why;
        if (!left_clean(c)) why = pool_close_reason::reset_failed;
        finish(std::move(job->s), why);
    }

    // A connection goes back to the core (kept, or retired with `why`). pump() arms the
    // housekeeping timer for its frees' due time when it owes frees and the timer would sleep past it.
    void finish(std::unique_ptr<async_slot> s, std::optional<pool_close_reason> why) {
        note_owed(*s);
        core_.release(std::move(s), clock::now(), why);
        pump();
    }

    // What the core must know of a connection going back idle: frees written whose replies are
    // still unread (it lends it last), frees not written yet (it has them written when due).
    static void note_owed(async_slot& s) {
        auto* session = detail::async_connection_access::of(s.conn);
        s.owes_replies = session && !session->unanswered.empty();
        s.owes_frees = session && !session->deferred.empty();
    }

    void check_drained() {
        if (!core_.closed() || core_.live() != 0 || close_waiters_.empty()) return;
        close_deadline_.cancel();
        for (auto& w : std::exchange(close_waiters_, {})) w->fire({});
    }

    void deadline_passed() {
        core_.for_each_borrowed([&](async_slot& s) {
            if (s.aborted) return;
            s.aborted = true;
            s.conn.abort();
            ++aborted_;
            log(log_level::warning, aborted_at_close(s));
        });
        for (auto& w : std::exchange(close_waiters_, {})) w->fire(errc::timeout);
    }

    // ---- housekeeping -----------------------------------------------------------------------------

    void pump() {
        const auto now = clock::now();
        for (;;) {
            auto w = core_.next_work(now);
            auto out = core_.take_closing();
            close_all(out);
            for (const auto& m : core_.take_warnings()) log(log_level::warning, m);
            if (w.kind == work_kind::connect) {
                start_connect();
            } else if (w.kind == work_kind::keepalive) {
                start_keepalive(std::move(w.s));
            } else if (w.kind == work_kind::write_frees) {
                start_write_frees(std::move(w.s));
            } else {
                break;
            }
        }
        check_drained();
        if (core_.closed()) return;
        const auto next = core_.next_wakeup(now);
        if (armed_ && housekeeping_.expiry() <= next) return;
        armed_ = true;
        housekeeping_.expires_at(next);
        housekeeping_.async_wait([weak = weak_from_this()](std::error_code ec) {
            if (ec) return;  // re-armed earlier, or closed
            if (auto self = weak.lock()) {
                self->armed_ = false;
                self->pump();
            }
        });
    }

    struct connect_job {
        explicit connect_job(const asio::any_io_executor& ex) : conn(ex) {}
        async_connection conn;
        diagnostics diag;
    };

    // Connects (the hosts in order, the first reachable wins: detail::connect_op), then hands the
    // result to the core.
    void start_connect() {
        auto job = std::make_shared<connect_job>(ex_);
        std::erase_if(connecting_, [](const std::weak_ptr<connect_job>& w) { return w.expired(); });
        connecting_.push_back(job);
        job->conn.async_connect(cp_, job->diag, [self = shared_from_this(), job](std::error_code ec) {
            self->connected(*job, ec);
        });
    }

    void connected(connect_job& job, std::error_code ec) {
        const auto now = clock::now();
        const auto* session = detail::async_connection_access::of(job.conn);
        const std::size_t host = session ? session->connected_host : 0;
        if (core_.closed()) {
            if (ec) log(log_level::info, connect_aborted_at_close);
        } else if (auto change = last_connect_.record(ec, job.diag, hosts_, host)) {
            log(change->first, change->second);
        }
        if (ec)
            core_.connect_failed(now);
        else
            core_.connected(now, std::move(job.conn), host);
        pump();
    }

    void start_keepalive(std::unique_ptr<async_slot> s) {
        auto held = std::make_shared<std::unique_ptr<async_slot>>(std::move(s));
        (*held)->conn.async_ping([self = shared_from_this(), held](std::error_code ec) {
            note_owed(**held);
            self->core_.keepalive_done(std::move(*held), clock::now(), !ec);
            self->pump();
        });
    }

    // A connection idle for cursor_close_delay gets its frees written (not waiting for their
    // replies, which the next acquire reads as it reads a return's).
    void start_write_frees(std::unique_ptr<async_slot> s) {
        auto job = std::make_shared<cleaning>();
        job->s = std::move(s);
        auto op = std::make_unique<detail::pool_return_run>(
            detail::return_plan{.restores = {}, .write_frees = true});
        auto& conn = job->s->conn;
        detail::async_run<void>(
            conn.get_executor(), detail::async_connection_access::shared(conn), std::move(op), &job->diag,
            [self = shared_from_this(), job](std::error_code ec) {
                if (ec)
                    self->log(log_level::info,
                              "pool: writing an idle connection's queued frees failed (" +
                                  (job->diag.client_message.empty() ? ec.message() : job->diag.to_string()) +
                                  "); closed");
                note_owed(*job->s);
                self->core_.frees_written(std::move(job->s), clock::now(), !ec);
                self->pump();
            });
    }

    void close_all(std::vector<closing<async_connection>>& out) {
        for (auto& c : out) {
            if (!c.s->conn.is_open() || c.s->conn.busy()) continue;  // destroyed below: socket closed
            auto held = std::make_shared<std::unique_ptr<async_slot>>(std::move(c.s));
            (*held)->conn.async_close([held](std::error_code) {});  // SQ_EXIT, at most 2 s
        }
        out.clear();
    }

    void record_wait(duration d) noexcept { ++wait_hist_[wait_bucket(d)]; }

public:
    void log(log_level level, const std::string& message) const noexcept { log_to(pp_, level, message); }

private:
    asio::any_io_executor ex_;
    const connect_params cp_;
    const pool_params pp_;
    std::vector<host_port> hosts_;
    core<async_connection> core_;
    asio::steady_timer housekeeping_;
    bool armed_ = false;
    asio::steady_timer close_deadline_;
    std::vector<std::shared_ptr<async_signal>> close_waiters_;
    connect_record last_connect_;
    std::vector<std::weak_ptr<connect_job>> connecting_;  // connects in flight (close() aborts them)
    std::uint64_t rollbacks_ = 0, restores_ = 0, aborted_ = 0;
    std::array<std::uint64_t, pool_stats::acquire_wait_bounds.size() + 1> wait_hist_{};
};

async_request::~async_request() {
    if (shell) shell->forget(*this);
}

// ---- the engine the header templates call ------------------------------------------------------

std::shared_ptr<async_request> async_acquire_begin(const std::shared_ptr<async_shell>& shell,
                                                   std::chrono::milliseconds timeout,
                                                   const ifx::source_location& where) {
    auto r = std::make_shared<async_request>(shell, shell->executor());
    r->timeout = timeout;
    r->start = clock::now();
    r->w.deadline = r->start + timeout;
    r->w.where = where;
    r->w.notify = [](void* p) { static_cast<async_request*>(p)->wake(); };
    r->w.notify_arg = r.get();
    shell->submit(*r);
    return r;
}

bool async_acquire_poll(async_shell& shell, async_request& r, bool cancelled) {
    return shell.poll(r, cancelled);
}

asio::steady_timer& async_acquire_timer(async_request& r) {
    return r.timer;
}

async_pooled_connection async_acquire_take(const std::shared_ptr<async_shell>& shell, async_request& r,
                                           std::error_code& ec, diagnostics* diag) {
    return shell->take(r, ec, diag);
}

std::shared_ptr<async_signal> async_close_begin(const std::shared_ptr<async_shell>& shell,
                                                std::chrono::milliseconds timeout) {
    return shell->close_and_wait(timeout);
}

}  // namespace ifx::detail::pool

namespace ifx {

using detail::pool::async_shell;
using detail::pool::async_slot;
template class detail::pool::pool_handle<async_shell, async_slot>;

// ---- async_pooled_connection ---------------------------------------------------------------------

async_pooled_connection::async_pooled_connection(async_pooled_connection&& other) noexcept = default;
async_pooled_connection& async_pooled_connection::operator=(async_pooled_connection&& other) noexcept =
    default;
async_pooled_connection::~async_pooled_connection() = default;

async_connection* async_pooled_connection::operator->() const noexcept {
    return &handle_.slot()->conn;
}
async_connection& async_pooled_connection::operator*() const noexcept {
    return handle_.slot()->conn;
}

void async_pooled_connection::release() noexcept {
    handle_.give_back(detail::pool::return_mode::keep);
}

void async_pooled_connection::discard() noexcept {
    handle_.give_back(detail::pool::return_mode::discard);
}

// ---- async_pool ----------------------------------------------------------------------------------

async_pool::async_pool(executor_type ex, connect_params params, pool_params options)
    : ex_(std::move(ex)), default_timeout_(options.acquire_timeout) {
    detail::pool::check_params(options);
    if (options.reset || options.hooks.after_connect || options.hooks.before_acquire ||
        options.hooks.after_release || options.hooks.before_close) {
        diagnostics diag;
        diag.client_message =
            "pool_params: reset and hooks take an ifx::connection; async_pool does not use them";
        throw error(errc::invalid_argument, diag);
    }
    shell_ = std::make_shared<async_shell>(ex_, std::move(params), std::move(options));
    shell_->start();
}

async_pool::~async_pool() {
    if (shell_) shell_->close();
}

async_pool::executor_type async_pool::get_executor() const noexcept {
    return ex_;
}

void async_pool::close() {
    shell_->close();
}

bool async_pool::closed() const noexcept {
    return shell_->closed();
}

pool_stats async_pool::stats() const {
    return shell_->stats();
}

}  // namespace ifx
