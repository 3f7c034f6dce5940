#pragma once
// The pool's decisions, without I/O, threads or clocks: which connection a borrower gets, who
// waits, when to connect, validate, ping, expire or close. The threaded shell (pool.cpp) calls it
// under its lock with the current time and performs the resulting I/O outside the lock; the unit
// tests drive it with a fake clock and fake connections.
#include <algorithm>
#include <array>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <limits>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "ifx/connection.hpp"
#include "ifx/log.hpp"
#include "ifx/pool.hpp"
#include "ifx/source_location.hpp"

namespace ifx::detail::pool {

using clock = std::chrono::steady_clock;
using time_point = clock::time_point;
using duration = clock::duration;

enum class slot_state { idle, borrowed, checking };

/// One pooled connection and what the pool knows about it.
template <class Conn>
struct slot {
    Conn conn;
    std::uint64_t id = 0;
    std::size_t host = 0;   // index in [host, failover_hosts…]
    std::size_t index = 0;  // position in core::live_
    slot_state state = slot_state::idle;
    time_point created{};
    time_point expires = time_point::max();
    time_point returned{};  // last time it went idle (idle_timeout)
    time_point checked{};   // last time it was known alive (validation, keepalive)
    time_point borrowed_at{};
    ifx::source_location where{};
    bool leak_warned = false;
    bool aborted = false;       // close(deadline) aborted it while borrowed
    bool owes_replies = false;  // its return wrote frees whose replies it has not read yet
    // Returned with frees (CLOSE/RELEASE) not yet written: the next borrower's first request
    // carries them, or the background loop writes them once idle for cursor_close_delay.
    bool owes_frees = false;
};

/// A caller blocked in acquire(). Lives on that caller's stack; the core only links it.
template <class Conn>
struct waiter {
    time_point deadline{};
    ifx::source_location where{};
    std::unique_ptr<slot<Conn>> granted;
    std::error_code ec;  // why it finished without a grant
    bool done = false;
    bool validate = false;                  // the grant must be pinged before use
    std::condition_variable* cv = nullptr;  // the sync shell: notified when done
    // The async shell: called when done (granted, closed, timed out by a hand-off); it must only
    // schedule work, never re-enter the core.
    void (*notify)(void*) = nullptr;
    void* notify_arg = nullptr;
    void wake() const {
        if (cv) cv->notify_one();
        if (notify) notify(notify_arg);
    }
};

template <class Conn>
struct closing {
    std::unique_ptr<slot<Conn>> s;
    pool_close_reason reason;
};

enum class acquire_status { granted, wait, closed, too_many_waiters };
enum class work_kind { none, connect, keepalive, write_frees };

template <class Conn>
struct work {
    work_kind kind = work_kind::none;
    std::unique_ptr<slot<Conn>> s;  // keepalive: the connection to ping; write_frees: whose frees
};

/// What a returned connection says about itself.
struct conn_state {
    bool open = false;
    bool in_transaction = false;
    int open_cursors = 0;
    unsigned changed_settings = 0;
    std::size_t open_statements = 0;  // statements the borrower still holds
    bool busy = false;                // an (async) operation is still in flight
    std::size_t pending_frees = 0;    // queued CLOSE/RELEASEs (finished queries, dropped statements)
};

/// What release must do with it, in order: discard, or free the borrower's statements, roll
/// back, restore, write the queued frees (cursor_close_delay 0, or with that other I/O), then hand
/// back.
struct release_plan {
    std::optional<pool_close_reason> discard;
    bool close_statements = false;
    bool rollback = false;
    unsigned restore = 0;      // session_setting bits to restore
    bool write_frees = false;  // the queued frees are written now (else left to the next request)

    /// Whether the return needs a session operation at all (detail::pool_return_run).
    bool needs_session_op() const noexcept {
        return close_statements || rollback || restore != 0 || write_frees;
    }
};

inline unsigned restorable(const session_restore& r) noexcept {
    unsigned bits = 0;
    if (!r.isolation.empty()) bits |= static_cast<unsigned>(session_setting::isolation);
    if (!r.lock_mode.empty()) bits |= static_cast<unsigned>(session_setting::lock_mode);
    if (!r.environment.empty()) bits |= static_cast<unsigned>(session_setting::environment);
    return bits;
}

/// Unusable, or an operation still in flight (its state unknown) → closed. Cursors still open →
/// closed: the borrower still holds cursor objects that could fetch on the session after it was
/// lent again, so it can never be handed out. A setting changed that no restore statement brings
/// back → closed (unless r.keep_unrestored): the next borrower must not inherit it. Prepared
/// statements the borrower still holds are per-connection objects the return invalidates: released
/// on the server, so none leaks to the next borrower, and unusable afterwards. Their RELEASEs and
/// the CLOSEs finished queries left queued are written when the connection comes back if
/// `cursor_close_delay` is 0 or the return does I/O anyway (statements held, a rollback, a
/// restore); otherwise the next borrower's first request carries them (as on a
/// connection outside the pool) or, once the connection has been idle that long, the background
/// loop writes them (core::next_work: work_kind::write_frees). Either way their replies are read
/// before the connection is lent again (detail::read_owed_replies_run), or with the borrower's own
/// replies: an idle connection keeps no cursor open on the server for longer than about that delay
/// (an open cursor keeps its table open there, which blocks another session's DROP or ALTER), and
/// the return costs no round trip of its own.
inline release_plan plan_release(const conn_state& st, const session_restore& r,
                                 std::chrono::milliseconds cursor_close_delay = {}) noexcept {
    release_plan plan;
    if (!st.open || st.busy) {
        plan.discard = pool_close_reason::broken;
    } else if (st.open_cursors > 0) {
        plan.discard = pool_close_reason::reset_failed;
    } else if ((st.changed_settings & ~restorable(r)) != 0 && !r.keep_unrestored) {
        plan.discard = pool_close_reason::settings_changed;
    } else {
        plan.close_statements = st.open_statements > 0;
        plan.rollback = st.in_transaction;
        plan.restore = st.changed_settings & restorable(r);
        // A return that does I/O anyway (statements still held, rollback, restore) writes the
        // frees too: only a return that owes nothing else is left without a write of its own.
        const bool other_work = plan.close_statements || plan.rollback || plan.restore != 0;
        plan.write_frees = (st.pending_frees > 0 || plan.close_statements) &&
                           (cursor_close_delay.count() <= 0 || other_work);
    }
    return plan;
}

/// The statements that restore the session settings in `bits` (session_setting), in order.
inline std::vector<std::string> restore_statements(const session_restore& r, unsigned bits) {
    const auto has = [&](session_setting b) { return (bits & static_cast<unsigned>(b)) != 0; };
    std::vector<std::string> out;
    if (has(session_setting::isolation)) out.push_back(r.isolation);
    if (has(session_setting::lock_mode)) out.push_back(r.lock_mode);
    if (has(session_setting::environment)) out.insert(out.end(), r.environment.begin(), r.environment.end());
    return out;
}

/// After the clean-up on release: only a connection left open, outside a transaction and without
/// cursors or statements may be lent again.
template <class Conn>
bool left_clean(const Conn& c) {
    return c.is_open() && !c.in_transaction() && c.open_cursors() == 0 && c.open_statements() == 0;
}

/// The hosts a pool connects to, in order of preference: the main one, then the failover hosts.
inline std::vector<host_port> hosts_of(const connect_params& cp) {
    std::vector<host_port> hosts{{cp.host, cp.port}};
    hosts.insert(hosts.end(), cp.failover_hosts.begin(), cp.failover_hosts.end());
    return hosts;
}

/// The pool_stats::acquire_wait bucket of a wait lasting `d`.
inline std::size_t wait_bucket(duration d) noexcept {
    std::size_t i = 0;
    while (i < pool_stats::acquire_wait_bounds.size() && d >= pool_stats::acquire_wait_bounds[i]) ++i;
    return i;
}

/// Throws errc::invalid_argument for options no pool can work with.
inline void check_params(const pool_params& p) {
    diagnostics diag;
    if (p.max_size == 0) diag.client_message = "pool_params: max_size must be at least 1";
    if (p.min_size > p.max_size) diag.client_message = "pool_params: min_size exceeds max_size";
    if (p.reconnect_backoff_min.count() <= 0 || p.reconnect_backoff_max < p.reconnect_backoff_min)
        diag.client_message = "pool_params: need 0 < reconnect_backoff_min <= reconnect_backoff_max";
    if (p.acquire_timeout.count() < 0) diag.client_message = "pool_params: acquire_timeout is negative";
    if (p.cursor_close_delay.count() < 0) diag.client_message = "pool_params: cursor_close_delay is negative";
    if (!diag.client_message.empty()) throw error(errc::invalid_argument, diag);
}

struct core_stats {
    std::size_t idle = 0, in_use = 0, connecting = 0, waiting = 0, live = 0;
    std::uint64_t acquired = 0, created = 0, connect_failures = 0, timeouts = 0, leak_warnings = 0;
    std::array<std::uint64_t, pool_close_reason_count> closed{};
};

/// The pool_stats the core knows (the shells add their own counters: rollbacks, restores,
/// aborted, acquire_wait).
inline pool_stats public_stats(const core_stats& c) {
    pool_stats st;
    st.size = c.live;
    st.idle = c.idle;
    st.in_use = c.in_use;
    st.connecting = c.connecting;
    st.waiting = c.waiting;
    st.acquired = c.acquired;
    st.created = c.created;
    st.connect_failures = c.connect_failures;
    st.timeouts = c.timeouts;
    st.leak_warnings = c.leak_warnings;
    st.closed = c.closed;
    return st;
}

/// The outcome of the last connect attempt: acquire timeouts report its error, and the shells log
/// only its changes (the first failure, the first success after failures).
struct connect_record {
    std::error_code ec;
    diagnostics diag;

    /// Records a connect that ended with `result` (`d`: its diagnostics; `host`: the index in
    /// `hosts` it reached when it succeeded); returns the log record the change deserves, if any.
    std::optional<std::pair<log_level, std::string>> record(std::error_code result, const diagnostics& d,
                                                            const std::vector<host_port>& hosts,
                                                            std::size_t host) {
        const bool was_failing = static_cast<bool>(ec);
        ec = result;
        if (result) {
            diag = d;
            if (!was_failing)
                return std::pair(log_level::warning,
                                 "pool: connect failed, retrying with backoff: " + d.to_string());
        } else if (was_failing) {
            return std::pair(log_level::info, "pool: connected again (host " + hosts[host].host + ":" +
                                                  std::to_string(hosts[host].port) + ")");
        }
        return std::nullopt;
    }
};

template <class Conn>
class core {
public:
    using slot_ptr = std::unique_ptr<slot<Conn>>;

    core(const pool_params& p, std::uint64_t seed) : p_(p), rng_(seed) {}

    // ---- borrowers --------------------------------------------------------------------------------

    /// Grants an idle connection (LIFO: the warmest), or queues w (FIFO) for the next one. The
    /// most recently returned connection goes behind the next idle one while it owes replies: they
    /// are most likely still on their way, and reading them would make the borrower wait for the
    /// server, while the next one's have had a whole borrow's time to arrive.
    acquire_status acquire(time_point now, waiter<Conn>& w) {
        if (closed_) return acquire_status::closed;
        while (!idle_.empty()) {
            if (idle_.size() >= 2 && idle_.back()->owes_replies)
                std::swap(idle_.back(), idle_[idle_.size() - 2]);
            slot_ptr s = std::move(idle_.back());
            idle_.pop_back();
            if (auto why = expiry(*s, now)) {
                retire(std::move(s), *why);
                continue;
            }
            grant(w, std::move(s), now);
            return acquire_status::granted;
        }
        if (waiters_.size() >= p_.max_waiting) {
            ++timeouts_;
            return acquire_status::too_many_waiters;
        }
        waiters_.push_back(&w);
        return acquire_status::wait;
    }

    /// w's deadline passed: unless it was granted meanwhile, it leaves the queue with pool_timeout
    /// (or, when the caller gave up, with `why` and without counting a timeout).
    void cancel(waiter<Conn>& w, std::error_code why = errc::pool_timeout) {
        if (w.done) return;
        waiters_.erase(std::remove(waiters_.begin(), waiters_.end(), &w), waiters_.end());
        w.done = true;
        w.ec = why;
        if (why == errc::pool_timeout) ++timeouts_;
    }

    /// A borrowed connection comes back, cleaned (discard empty) or to be closed.
    void release(slot_ptr s, time_point now, std::optional<pool_close_reason> discard) {
        if (!discard && closed_) discard = pool_close_reason::pool_closed;
        if (!discard) discard = expiry(*s, now);
        if (discard) return retire(std::move(s), *discard);
        s->returned = now;
        give(std::move(s), now);
    }

    // ---- the background loop ----------------------------------------------------------------------

    /// The next piece of I/O to do, after housekeeping (expired idle connections go to the closing
    /// list, overdue borrowers to the warnings). Frees that have waited cursor_close_delay come
    /// first: writing them does not wait for the server.
    work<Conn> next_work(time_point now) {
        work<Conn> w;
        if (closed_) return w;
        for (auto it = idle_.begin(); it != idle_.end(); ++it) {
            if (!(*it)->owes_frees || now < frees_due(**it)) continue;
            w.kind = work_kind::write_frees;
            w.s = std::move(*it);
            idle_.erase(it);
            w.s->state = slot_state::checking;
            return w;
        }
        if (wants_connect(now)) {
            ++connecting_;
            w.kind = work_kind::connect;
            return w;
        }
        expire_idle(now);
        report_leaks(now);
        if (p_.keepalive_interval.count() > 0) {
            for (auto it = idle_.begin(); it != idle_.end(); ++it) {
                if (now - last_alive(**it) < p_.keepalive_interval) continue;
                w.kind = work_kind::keepalive;
                w.s = std::move(*it);
                idle_.erase(it);
                w.s->state = slot_state::checking;
                return w;
            }
        }
        return w;
    }

    /// When the background loop should look again (it is also woken by new waiters, and by a
    /// release whose frees fall due before this). Only a connect that could start or frees falling
    /// due bring it forward: with waiters and a full pool (or a connect in progress) there is
    /// nothing to do before a release, which wakes it anyway.
    time_point next_wakeup(time_point now) const {
        time_point t = now + period();
        const bool could_connect = connecting_ == 0 && live_.size() < p_.max_size &&
                                   (!waiters_.empty() || live_.size() < p_.min_size);
        if (could_connect) t = std::min(t, std::max(now, next_connect_));
        for (const auto& s : idle_)
            if (s->owes_frees) t = std::min(t, std::max(now, frees_due(*s)));
        return t;
    }

    /// When the frees of a connection returned owing them fall due (the shells wake the
    /// background loop if it would sleep past this).
    time_point frees_due(const slot<Conn>& s) const { return s.returned + p_.cursor_close_delay; }

    /// Marks one connect as started outside next_work (the constructor's min_size connects).
    void begin_connect() { ++connecting_; }

    void connected(time_point now, Conn c, std::size_t host) {
        --connecting_;
        failures_ = 0;
        next_connect_ = now;
        auto s = std::make_unique<slot<Conn>>(slot<Conn>{std::move(c)});
        s->id = ++created_;
        s->host = host;
        s->created = s->returned = s->checked = now;
        if (p_.max_lifetime.count() > 0) s->expires = now + p_.max_lifetime - jitter();
        s->index = live_.size();
        live_.push_back(s.get());
        if (closed_) return retire(std::move(s), pool_close_reason::pool_closed);
        give(std::move(s), now);
    }

    /// Backoff before the next attempt: doubles from reconnect_backoff_min up to _max, and each
    /// delay is drawn from [backoff/2, backoff] so that pools restarted together spread out.
    void connect_failed(time_point now) {
        --connecting_;
        ++connect_failures_;
        ++failures_;
        duration backoff = p_.reconnect_backoff_min;
        for (unsigned i = 1; i < failures_ && backoff < p_.reconnect_backoff_max; ++i) backoff *= 2;
        backoff = std::min<duration>(backoff, p_.reconnect_backoff_max);
        std::uniform_int_distribution<duration::rep> d(backoff.count() / 2, backoff.count());
        next_connect_ = now + duration(d(rng_));
    }

    /// The background loop wrote the frees of a connection (work_kind::write_frees): it goes back
    /// idle (its replies owed, s->owes_replies), or is closed when the write failed.
    void frees_written(slot_ptr s, time_point now, bool ok) {
        s->owes_frees = false;
        if (!ok) return retire(std::move(s), pool_close_reason::broken);
        if (closed_) return retire(std::move(s), pool_close_reason::pool_closed);
        give(std::move(s), now);
    }

    void keepalive_done(slot_ptr s, time_point now, bool ok) {
        if (!ok) return retire(std::move(s), pool_close_reason::validation_failed);
        s->checked = now;
        if (closed_) return retire(std::move(s), pool_close_reason::pool_closed);
        give(std::move(s), now);
    }

    /// The borrower validated its grant (a successful ping).
    static void validated(slot<Conn>& s, time_point now) { s.checked = now; }

    // ---- shutdown ---------------------------------------------------------------------------------

    /// No more grants: waiters fail with pool_closed, idle connections go to the closing list.
    void close() {
        if (closed_) return;
        closed_ = true;
        for (auto* w : waiters_) finish(*w, errc::pool_closed);
        waiters_.clear();
        while (!idle_.empty()) {
            slot_ptr s = std::move(idle_.back());
            idle_.pop_back();
            retire(std::move(s), pool_close_reason::pool_closed);
        }
    }
    bool closed() const noexcept { return closed_; }
    /// Calls f(slot&) for every connection out of the idle list (borrowed, or being checked).
    template <class F>
    void for_each_borrowed(F&& f) {
        for (auto* s : live_)
            if (s->state != slot_state::idle) f(*s);
    }
    /// Connections alive (idle, borrowed, being checked) plus connects in progress.
    std::size_t live() const noexcept { return live_.size() + connecting_; }

    // ---- outputs ----------------------------------------------------------------------------------

    std::vector<closing<Conn>> take_closing() { return std::exchange(closing_, {}); }
    std::vector<std::string> take_warnings() { return std::exchange(warnings_, {}); }
    bool has_output() const noexcept { return !closing_.empty() || !warnings_.empty(); }

    core_stats stats() const {
        core_stats st;
        st.idle = idle_.size();
        st.live = live_.size();
        st.in_use = live_.size() - idle_.size();
        st.connecting = connecting_;
        st.waiting = waiters_.size();
        st.acquired = acquired_;
        st.created = created_;
        st.connect_failures = connect_failures_;
        st.timeouts = timeouts_;
        st.leak_warnings = leak_warnings_;
        st.closed = closed_counts_;
        return st;
    }

private:
    bool wants_connect(time_point now) const {
        if (connecting_ > 0 || live_.size() >= p_.max_size || now < next_connect_) return false;
        return !waiters_.empty() || live_.size() < p_.min_size;
    }

    // Hands s to the first waiter still within its deadline, else puts it idle. Waiters whose
    // deadline has passed are finished with pool_timeout, never given a connection.
    void give(slot_ptr s, time_point now) {
        while (!waiters_.empty()) {
            waiter<Conn>* w = waiters_.front();
            waiters_.pop_front();
            if (w->deadline <= now) {
                ++timeouts_;
                finish(*w, errc::pool_timeout);
                continue;
            }
            grant(*w, std::move(s), now);
            w->wake();
            return;
        }
        s->state = slot_state::idle;
        idle_.push_back(std::move(s));
    }

    void grant(waiter<Conn>& w, slot_ptr s, time_point now) {
        s->state = slot_state::borrowed;
        s->borrowed_at = now;
        s->where = w.where;
        s->leak_warned = false;
        w.validate = now - last_alive(*s) >= p_.validate_after_idle;
        w.granted = std::move(s);
        w.done = true;
        ++acquired_;
    }

    static void finish(waiter<Conn>& w, errc e) {
        w.done = true;
        w.ec = e;
        w.wake();
    }

    static time_point last_alive(const slot<Conn>& s) { return std::max(s.returned, s.checked); }

    std::optional<pool_close_reason> expiry(const slot<Conn>& s, time_point now) const {
        if (now >= s.expires) return pool_close_reason::max_lifetime;
        if (s.host != 0 && p_.failback_after.count() > 0 && now - s.created >= p_.failback_after)
            return pool_close_reason::failback;
        return std::nullopt;
    }

    void expire_idle(time_point now) {
        for (std::size_t i = 0; i < idle_.size();) {
            auto why = expiry(*idle_[i], now);
            if (!why && p_.idle_timeout.count() > 0 && live_.size() > p_.min_size &&
                now - idle_[i]->returned >= p_.idle_timeout)
                why = pool_close_reason::idle_timeout;
            if (!why) {
                ++i;
                continue;
            }
            slot_ptr s = std::move(idle_[i]);
            idle_.erase(idle_.begin() + static_cast<std::ptrdiff_t>(i));
            retire(std::move(s), *why);
        }
    }

    void report_leaks(time_point now) {
        if (p_.leak_threshold.count() <= 0) return;
        for (auto* s : live_) {
            if (s->state != slot_state::borrowed || s->leak_warned ||
                now - s->borrowed_at < p_.leak_threshold)
                continue;
            s->leak_warned = true;
            ++leak_warnings_;
            const auto ms =
                std::chrono::duration_cast<std::chrono::milliseconds>(now - s->borrowed_at).count();
            warnings_.push_back("pool: connection #" + std::to_string(s->id) + " held for " +
                                std::to_string(ms) + " ms (leak threshold " +
                                std::to_string(p_.leak_threshold.count()) + " ms) by " +
                                s->where.file_name() + ":" + std::to_string(s->where.line()) + " (" +
                                s->where.function_name() + ")");
        }
    }

    void retire(slot_ptr s, pool_close_reason why) {
        live_[s->index] = live_.back();
        live_[s->index]->index = s->index;
        live_.pop_back();
        ++closed_counts_[static_cast<std::size_t>(why)];
        closing_.push_back({std::move(s), why});
    }

    duration jitter() {
        if (p_.lifetime_jitter.count() <= 0) return duration::zero();
        const duration j = std::min<duration>(p_.lifetime_jitter, p_.max_lifetime / 2);
        std::uniform_int_distribution<duration::rep> d(0, j.count());
        return duration(d(rng_));
    }

    // Housekeeping granularity: a quarter of the shortest enabled period, within [5 ms, 1 s].
    duration period() const {
        duration t = std::chrono::seconds(1);
        for (auto d :
             {p_.idle_timeout, p_.keepalive_interval, p_.leak_threshold, p_.max_lifetime, p_.failback_after})
            if (d.count() > 0) t = std::min<duration>(t, d / 4);
        return std::max<duration>(t, std::chrono::milliseconds(5));
    }

    const pool_params& p_;
    std::mt19937_64 rng_;
    bool closed_ = false;
    std::size_t connecting_ = 0;
    unsigned failures_ = 0;
    time_point next_connect_{};
    std::vector<slot<Conn>*> live_;  // every open connection, whoever holds it
    std::vector<slot_ptr> idle_;     // back = most recently returned
    std::deque<waiter<Conn>*> waiters_;
    std::vector<closing<Conn>> closing_;
    std::vector<std::string> warnings_;
    std::uint64_t acquired_ = 0, created_ = 0, connect_failures_ = 0, timeouts_ = 0, leak_warnings_ = 0;
    std::array<std::uint64_t, pool_close_reason_count> closed_counts_{};
};

}  // namespace ifx::detail::pool
