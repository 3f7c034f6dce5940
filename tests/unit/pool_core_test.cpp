// The pool's decision logic (src/pool/pool_core.hpp) driven with a fake clock and fake
// connections: no sockets, no threads.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <set>

#include "pool/pool_core.hpp"

namespace {

using namespace std::chrono_literals;
namespace pc = ifx::detail::pool;

struct fake_conn {
    int id = 0;
};

using core_t = pc::core<fake_conn>;
using waiter_t = pc::waiter<fake_conn>;

struct fixture {
    explicit fixture(ifx::pool_params p) : params(std::move(p)), core(params, 42) {}
    ifx::pool_params params;
    core_t core;
    pc::time_point now = pc::time_point{} + 1000s;
    int next_id = 1;

    waiter_t& make_waiter(std::chrono::milliseconds timeout = 1000ms) {
        waiters.push_back(std::make_unique<waiter_t>());
        waiters.back()->deadline = now + timeout;
        return *waiters.back();
    }
    // Runs the background loop's connect, successfully.
    bool connect(std::size_t host = 0) {
        auto w = core.next_work(now);
        if (w.kind != pc::work_kind::connect) return false;
        core.connected(now, fake_conn{next_id++}, host);
        return true;
    }
    // A borrower queues, then the background loop connects and the new connection is granted.
    waiter_t& borrow_new() {
        auto& w = make_waiter();
        core.acquire(now, w);
        connect();
        return w;
    }
    // Two borrowers queue, then the loop opens two connections (on `first_host`, then
    // `second_host`) and grants one to each.
    std::pair<waiter_t&, waiter_t&> borrow_two_new(std::size_t first_host = 0, std::size_t second_host = 0) {
        auto& a = make_waiter();
        auto& b = make_waiter();
        core.acquire(now, a);
        core.acquire(now, b);
        connect(first_host);
        connect(second_host);
        return {a, b};
    }
    std::vector<std::unique_ptr<waiter_t>> waiters;
};

ifx::pool_params basic() {
    ifx::pool_params p;
    p.min_size = 0;
    p.max_size = 2;
    p.idle_timeout = 0ms;
    p.max_lifetime = 0ms;
    p.keepalive_interval = 0ms;
    p.validate_after_idle = 1000ms;
    return p;
}

TEST(pool_core, empty_pool_queues_the_borrower_and_asks_for_one_connect) {
    fixture f(basic());
    auto& w = f.make_waiter();
    EXPECT_EQ(f.core.acquire(f.now, w), pc::acquire_status::wait);
    auto work = f.core.next_work(f.now);
    ASSERT_EQ(work.kind, pc::work_kind::connect);
    EXPECT_EQ(f.core.next_work(f.now).kind, pc::work_kind::none) << "one connect at a time";
    f.core.connected(f.now, fake_conn{7}, 0);
    ASSERT_TRUE(w.done);
    ASSERT_TRUE(w.granted);
    EXPECT_EQ(w.granted->conn.id, 7);
    EXPECT_FALSE(w.validate) << "a fresh connection is not pinged";
}

TEST(pool_core, min_size_connections_are_asked_for_without_demand) {
    auto p = basic();
    p.min_size = 2;
    fixture f(p);
    EXPECT_TRUE(f.connect());
    EXPECT_TRUE(f.connect());
    EXPECT_FALSE(f.connect());
    EXPECT_EQ(f.core.stats().idle, 2u);
}

TEST(pool_core, growth_stops_at_max_size) {
    fixture f(basic());
    auto& a = f.make_waiter();
    auto& b = f.make_waiter();
    auto& c = f.make_waiter();
    f.core.acquire(f.now, a);
    f.core.acquire(f.now, b);
    f.core.acquire(f.now, c);
    EXPECT_TRUE(f.connect());
    EXPECT_TRUE(f.connect());
    EXPECT_FALSE(f.connect()) << "max_size 2";
    EXPECT_TRUE(a.granted && b.granted);
    EXPECT_FALSE(c.done);
    f.core.release(std::move(a.granted), f.now, std::nullopt);
    EXPECT_TRUE(c.granted) << "the returned connection goes to the next waiter";
}

TEST(pool_core, waiters_are_served_first_come_first_served) {
    auto p = basic();
    p.max_size = 1;
    fixture f(p);
    auto& a = f.borrow_new();
    auto& b = f.make_waiter();
    auto& c = f.make_waiter();
    EXPECT_EQ(f.core.acquire(f.now, b), pc::acquire_status::wait);
    EXPECT_EQ(f.core.acquire(f.now, c), pc::acquire_status::wait);
    f.core.release(std::move(a.granted), f.now, std::nullopt);
    EXPECT_TRUE(b.granted);
    EXPECT_FALSE(c.done);
    f.core.release(std::move(b.granted), f.now, std::nullopt);
    EXPECT_TRUE(c.granted);
}

TEST(pool_core, a_waiter_past_its_deadline_is_never_given_a_connection) {
    auto p = basic();
    p.max_size = 1;
    fixture f(p);
    auto& a = f.borrow_new();
    auto& late = f.make_waiter(10ms);
    auto& next = f.make_waiter(5000ms);
    f.core.acquire(f.now, late);
    f.core.acquire(f.now, next);
    f.now += 20ms;  // late's deadline passed, but its thread has not run cancel() yet
    f.core.release(std::move(a.granted), f.now, std::nullopt);
    EXPECT_TRUE(late.done);
    EXPECT_FALSE(late.granted);
    EXPECT_EQ(late.ec, ifx::errc::pool_timeout);
    EXPECT_TRUE(next.granted);
    f.core.cancel(late);  // the late thread wakes: nothing changes
    EXPECT_EQ(f.core.stats().timeouts, 1u);
}

TEST(pool_core, cancel_removes_the_waiter) {
    auto p = basic();
    p.max_size = 1;
    fixture f(p);
    auto& a = f.borrow_new();
    auto& b = f.make_waiter();
    f.core.acquire(f.now, b);
    f.core.cancel(b);
    EXPECT_EQ(b.ec, ifx::errc::pool_timeout);
    EXPECT_EQ(f.core.stats().waiting, 0u);
    f.core.release(std::move(a.granted), f.now, std::nullopt);
    EXPECT_FALSE(b.granted);
    EXPECT_EQ(f.core.stats().idle, 1u);
}

TEST(pool_core, max_waiting_refuses_at_once) {
    auto p = basic();
    p.max_size = 1;
    p.max_waiting = 1;
    fixture f(p);
    auto& a = f.make_waiter();
    auto& b = f.make_waiter();
    EXPECT_EQ(f.core.acquire(f.now, a), pc::acquire_status::wait);
    EXPECT_EQ(f.core.acquire(f.now, b), pc::acquire_status::too_many_waiters);
}

TEST(pool_core, idle_connections_are_handed_out_most_recent_first_and_validated_after_idle) {
    fixture f(basic());
    auto [a, b] = f.borrow_two_new();
    f.core.release(std::move(a.granted), f.now, std::nullopt);
    f.now += 10ms;
    f.core.release(std::move(b.granted), f.now, std::nullopt);
    auto& c = f.make_waiter();
    EXPECT_EQ(f.core.acquire(f.now, c), pc::acquire_status::granted);
    EXPECT_EQ(c.granted->conn.id, 2) << "LIFO";
    EXPECT_FALSE(c.validate);
    f.now += 2000ms;
    auto& d = f.make_waiter();
    EXPECT_EQ(f.core.acquire(f.now, d), pc::acquire_status::granted);
    EXPECT_TRUE(d.validate) << "idle longer than validate_after_idle";
    // The ping failed: the borrower gives it back for closing and tries again.
    f.core.release(std::move(d.granted), f.now, ifx::pool_close_reason::validation_failed);
    auto closing = f.core.take_closing();
    ASSERT_EQ(closing.size(), 1u);
    EXPECT_EQ(closing[0].reason, ifx::pool_close_reason::validation_failed);
    EXPECT_EQ(f.core.stats().live, 1u);
}

TEST(pool_core, a_connection_owing_replies_is_lent_after_the_next_idle_one) {
    fixture f(basic());
    auto [a, b] = f.borrow_two_new();
    f.core.release(std::move(a.granted), f.now, std::nullopt);  // #1, nothing owed
    b.granted->owes_replies = true;                             // its return wrote a CLOSE
    f.core.release(std::move(b.granted), f.now, std::nullopt);
    auto& c = f.make_waiter();
    ASSERT_EQ(f.core.acquire(f.now, c), pc::acquire_status::granted);
    EXPECT_EQ(c.granted->conn.id, 1) << "#2's replies may still be on their way";
    // #1 comes back owing too: #2, returned a whole borrow earlier, is lent next, and so on.
    c.granted->owes_replies = true;
    f.core.release(std::move(c.granted), f.now, std::nullopt);
    auto& d = f.make_waiter();
    ASSERT_EQ(f.core.acquire(f.now, d), pc::acquire_status::granted);
    EXPECT_EQ(d.granted->conn.id, 2);
    // The only idle connection is lent even while it owes replies (the shell waits for them).
    auto& e = f.make_waiter();
    ASSERT_EQ(f.core.acquire(f.now, e), pc::acquire_status::granted);
    EXPECT_EQ(e.granted->conn.id, 1);
}

// pool_params::cursor_close_delay: a connection returned with frees not yet written (the finished
// query's CLOSE) is lent as it is within the delay (the borrower's first request carries them),
// and once idle that long the background loop is woken for it and writes them.
TEST(pool_core, frees_owed_by_a_connection_lent_within_the_delay_are_left_to_the_borrower) {
    auto p = basic();
    p.cursor_close_delay = 5ms;
    fixture f(p);
    auto& a = f.borrow_new();
    a.granted->owes_frees = true;
    f.core.release(std::move(a.granted), f.now, std::nullopt);
    EXPECT_EQ(f.core.next_wakeup(f.now), f.now + 5ms) << "woken when the frees fall due, not polled";
    f.now += 4ms;
    EXPECT_EQ(f.core.next_work(f.now).kind, pc::work_kind::none) << "not due yet";
    auto& b = f.make_waiter();
    ASSERT_EQ(f.core.acquire(f.now, b), pc::acquire_status::granted);
    EXPECT_EQ(b.granted->conn.id, 1);
    EXPECT_TRUE(b.granted->owes_frees) << "lent owing them: the borrower's first request carries them";
    f.now += 10ms;
    EXPECT_EQ(f.core.next_work(f.now).kind, pc::work_kind::none) << "a borrowed connection is the borrower's";
    EXPECT_EQ(f.core.next_wakeup(f.now), f.now + 1000ms) << "nothing owed while idle";
}

TEST(pool_core, frees_owed_by_a_connection_idle_past_the_delay_are_written_by_the_background_loop) {
    auto p = basic();
    p.cursor_close_delay = 5ms;
    fixture f(p);
    auto [a, b] = f.borrow_two_new();
    b.granted->owes_frees = true;
    f.core.release(std::move(b.granted), f.now, std::nullopt);
    f.now += 2ms;
    a.granted->owes_frees = true;
    f.core.release(std::move(a.granted), f.now, std::nullopt);
    EXPECT_EQ(f.core.next_wakeup(f.now), f.now + 3ms) << "the earliest due time";
    f.now += 3ms;
    auto w = f.core.next_work(f.now);
    ASSERT_EQ(w.kind, pc::work_kind::write_frees);
    EXPECT_EQ(w.s->conn.id, 2) << "the one returned first";
    EXPECT_EQ(f.core.stats().idle, 1u) << "out of the idle list while its frees are written";
    EXPECT_EQ(f.core.next_work(f.now).kind, pc::work_kind::none) << "#1 is not due yet";
    EXPECT_EQ(f.core.next_wakeup(f.now), f.now + 2ms);
    w.s->owes_replies = true;  // written, replies unread
    f.core.frees_written(std::move(w.s), f.now, true);
    EXPECT_EQ(f.core.stats().idle, 2u);
    f.now += 2ms;
    auto w2 = f.core.next_work(f.now);
    ASSERT_EQ(w2.kind, pc::work_kind::write_frees);
    EXPECT_EQ(w2.s->conn.id, 1);
    f.core.frees_written(std::move(w2.s), f.now, false);  // the write failed
    auto closing = f.core.take_closing();
    ASSERT_EQ(closing.size(), 1u);
    EXPECT_EQ(closing[0].reason, ifx::pool_close_reason::broken);
    // #2 owes only replies now: lent (the shell reads them first), nothing more to write.
    EXPECT_EQ(f.core.next_work(f.now).kind, pc::work_kind::none);
    auto& c = f.make_waiter();
    ASSERT_EQ(f.core.acquire(f.now, c), pc::acquire_status::granted);
    EXPECT_EQ(c.granted->conn.id, 2);
    EXPECT_FALSE(c.granted->owes_frees);
}

TEST(pool_core, a_pool_closed_while_frees_are_written_closes_the_connection_after) {
    auto p = basic();
    p.cursor_close_delay = 1ms;
    fixture f(p);
    auto& a = f.borrow_new();
    a.granted->owes_frees = true;
    f.core.release(std::move(a.granted), f.now, std::nullopt);
    f.now += 1ms;
    auto w = f.core.next_work(f.now);
    ASSERT_EQ(w.kind, pc::work_kind::write_frees);
    f.core.close();
    EXPECT_EQ(f.core.live(), 1u) << "still being written to";
    f.core.frees_written(std::move(w.s), f.now, true);
    auto closing = f.core.take_closing();
    ASSERT_EQ(closing.size(), 1u);
    EXPECT_EQ(closing[0].reason, ifx::pool_close_reason::pool_closed);
    EXPECT_EQ(f.core.live(), 0u);
}

TEST(pool_core, the_release_plan_writes_the_frees_at_return_only_with_a_zero_delay) {
    const ifx::session_restore r;
    const pc::conn_state finished_query{.open = true, .pending_frees = 1};
    auto plan = pc::plan_release(finished_query, r, 0ms);
    EXPECT_TRUE(plan.write_frees) << "delay 0: written at return, as before the delay existed";
    EXPECT_TRUE(plan.needs_session_op());
    plan = pc::plan_release(finished_query, r, 1ms);
    EXPECT_FALSE(plan.write_frees) << "left to the next borrower or the background loop";
    EXPECT_FALSE(plan.needs_session_op()) << "the return does no I/O at all";
    plan = pc::plan_release({.open = true, .open_statements = 1, .pending_frees = 1}, r, 1ms);
    EXPECT_TRUE(plan.close_statements);
    EXPECT_TRUE(plan.write_frees)
        << "a return with I/O of its own (releasing held statements) writes them all";
    plan = pc::plan_release({.open = true, .in_transaction = true, .pending_frees = 1}, r, 1ms);
    EXPECT_TRUE(plan.write_frees) << "the rollback carries them anyway";
    plan = pc::plan_release({.open = true, .open_statements = 1}, r, 0ms);
    EXPECT_TRUE(plan.write_frees);
    plan = pc::plan_release({.open = true}, r, 0ms);
    EXPECT_FALSE(plan.needs_session_op()) << "nothing owed, nothing to do";
}

TEST(pool_core, a_negative_cursor_close_delay_is_refused) {
    auto p = basic();
    p.cursor_close_delay = -1ms;
    EXPECT_THROW(pc::check_params(p), ifx::error);
    p.cursor_close_delay = 0ms;
    EXPECT_NO_THROW(pc::check_params(p));
}

TEST(pool_core, validate_after_idle_zero_always_validates) {
    auto p = basic();
    p.validate_after_idle = 0ms;
    fixture f(p);
    auto& a = f.borrow_new();
    EXPECT_TRUE(a.validate);
}

TEST(pool_core, idle_timeout_closes_only_above_min_size) {
    auto p = basic();
    p.min_size = 1;
    p.max_size = 3;
    p.idle_timeout = 100ms;
    fixture f(p);
    f.connect();
    auto& a = f.make_waiter();
    auto& b = f.make_waiter();
    f.core.acquire(f.now, a);
    f.core.acquire(f.now, b);
    f.connect();
    ASSERT_TRUE(a.granted && b.granted);
    f.core.release(std::move(a.granted), f.now, std::nullopt);
    f.core.release(std::move(b.granted), f.now, std::nullopt);
    f.now += 150ms;
    (void)f.core.next_work(f.now);
    auto closing = f.core.take_closing();
    ASSERT_EQ(closing.size(), 1u);
    EXPECT_EQ(closing[0].reason, ifx::pool_close_reason::idle_timeout);
    EXPECT_EQ(f.core.stats().live, 1u);
}

TEST(pool_core, max_lifetime_with_jitter_closes_on_release_and_while_idle) {
    auto p = basic();
    p.max_size = 4;
    p.max_lifetime = 10'000ms;
    p.lifetime_jitter = 1'000ms;
    fixture f(p);
    for (int i = 0; i < 4; ++i) f.core.acquire(f.now, f.make_waiter());
    for (int i = 0; i < 4; ++i) f.connect();
    // Every expiry lies in [9 s, 10 s] after creation, and they differ.
    std::set<pc::time_point> expiries;
    for (auto& w : f.waiters) {
        ASSERT_TRUE(w->granted);
        EXPECT_LE(w->granted->expires, f.now + 10'000ms);
        EXPECT_GE(w->granted->expires, f.now + 9'000ms);
        expiries.insert(w->granted->expires);
    }
    EXPECT_GT(expiries.size(), 1u);
    f.now += 10'001ms;
    f.core.release(std::move(f.waiters[0]->granted), f.now, std::nullopt);
    auto closing = f.core.take_closing();
    ASSERT_EQ(closing.size(), 1u);
    EXPECT_EQ(closing[0].reason, ifx::pool_close_reason::max_lifetime);
}

TEST(pool_core, connect_failures_back_off_exponentially_with_a_cap) {
    auto p = basic();
    p.reconnect_backoff_min = 100ms;
    p.reconnect_backoff_max = 400ms;
    fixture f(p);
    f.core.acquire(f.now, f.make_waiter(60'000ms));
    std::vector<pc::duration> waits;
    ASSERT_EQ(f.core.next_work(f.now).kind, pc::work_kind::connect);
    for (int attempt = 0; attempt < 5; ++attempt) {
        f.core.connect_failed(f.now);
        const auto start = f.now;
        while (f.core.next_work(f.now).kind != pc::work_kind::connect) f.now += 1ms;
        waits.push_back(f.now - start);
    }
    EXPECT_GE(waits[0], 50ms);
    EXPECT_LE(waits[0], 101ms);
    EXPECT_GE(waits[2], 200ms);
    for (auto w : waits) EXPECT_LE(w, 401ms);
    EXPECT_GE(f.core.stats().connect_failures, 5u);
}

TEST(pool_core, keepalive_pings_idle_connections_and_drops_dead_ones) {
    auto p = basic();
    p.min_size = 1;
    p.keepalive_interval = 1000ms;
    fixture f(p);
    f.connect();
    f.now += 500ms;
    EXPECT_EQ(f.core.next_work(f.now).kind, pc::work_kind::none);
    f.now += 600ms;
    auto w = f.core.next_work(f.now);
    ASSERT_EQ(w.kind, pc::work_kind::keepalive);
    EXPECT_EQ(f.core.stats().idle, 0u);
    f.core.keepalive_done(std::move(w.s), f.now, false);
    EXPECT_EQ(f.core.take_closing().size(), 1u);
    EXPECT_TRUE(f.connect()) << "min_size is restored";
}

TEST(pool_core, a_connection_held_too_long_is_reported_once_with_its_holder) {
    auto p = basic();
    p.leak_threshold = 1000ms;
    fixture f(p);
    auto& a = f.make_waiter();
    a.where = ifx::source_location::current();
    f.core.acquire(f.now, a);
    f.connect();
    f.now += 1500ms;
    (void)f.core.next_work(f.now);
    auto warnings = f.core.take_warnings();
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_NE(warnings[0].find("pool_core_test.cpp"), std::string::npos) << warnings[0];
    (void)f.core.next_work(f.now + 1000ms);
    EXPECT_TRUE(f.core.take_warnings().empty());
}

TEST(pool_core, close_fails_waiters_closes_idle_and_closes_the_rest_when_returned) {
    auto p = basic();
    p.max_size = 2;
    fixture f(p);
    auto [a, b] = f.borrow_two_new();
    f.core.release(std::move(b.granted), f.now, std::nullopt);
    auto& c = f.make_waiter();
    f.core.acquire(f.now, c);  // granted b's
    auto& d = f.make_waiter();
    EXPECT_EQ(f.core.acquire(f.now, d), pc::acquire_status::wait);
    f.core.close();
    EXPECT_EQ(d.ec, ifx::errc::pool_closed);
    EXPECT_EQ(f.core.acquire(f.now, f.make_waiter()), pc::acquire_status::closed);
    EXPECT_EQ(f.core.live(), 2u);
    f.core.release(std::move(a.granted), f.now, std::nullopt);
    f.core.release(std::move(c.granted), f.now, std::nullopt);
    EXPECT_EQ(f.core.live(), 0u);
    auto closing = f.core.take_closing();
    ASSERT_EQ(closing.size(), 2u);
    EXPECT_EQ(closing[0].reason, ifx::pool_close_reason::pool_closed);
    EXPECT_EQ(f.core.next_work(f.now).kind, pc::work_kind::none);
}

TEST(pool_core, connections_on_a_failover_host_are_recycled_after_failback_after) {
    auto p = basic();
    p.failback_after = 5000ms;
    fixture f(p);
    auto [a, b] = f.borrow_two_new(1, 0);  // the first host was down
    f.now += 6000ms;
    f.core.release(std::move(a.granted), f.now, std::nullopt);
    f.core.release(std::move(b.granted), f.now, std::nullopt);
    auto closing = f.core.take_closing();
    ASSERT_EQ(closing.size(), 1u);
    EXPECT_EQ(closing[0].reason, ifx::pool_close_reason::failback);
    EXPECT_EQ(closing[0].s->host, 1u);
}

TEST(pool_core, release_plan_follows_what_the_connection_knows) {
    ifx::session_restore r;
    r.isolation = "SET ISOLATION TO COMMITTED READ";
    const auto iso = static_cast<unsigned>(ifx::session_setting::isolation);
    const auto lock = static_cast<unsigned>(ifx::session_setting::lock_mode);
    auto plan = pc::plan_release(
        {.open = true, .in_transaction = false, .open_cursors = 0, .changed_settings = 0}, r);
    EXPECT_FALSE(plan.discard);
    EXPECT_FALSE(plan.rollback);
    plan =
        pc::plan_release({.open = true, .in_transaction = true, .open_cursors = 0, .changed_settings = 0}, r);
    EXPECT_FALSE(plan.discard);
    EXPECT_TRUE(plan.rollback);
    plan = pc::plan_release({.open = false, .in_transaction = true, .open_cursors = 0, .changed_settings = 0},
                            r);
    EXPECT_EQ(plan.discard, ifx::pool_close_reason::broken);
    plan = pc::plan_release({.open = true, .in_transaction = false, .open_cursors = 1, .changed_settings = 0},
                            r);
    EXPECT_EQ(plan.discard, ifx::pool_close_reason::reset_failed);
    plan = pc::plan_release(
        {.open = true, .in_transaction = false, .open_cursors = 0, .changed_settings = iso}, r);
    EXPECT_FALSE(plan.discard);
    EXPECT_EQ(plan.restore, iso) << "what changed and has a restore statement";
    EXPECT_FALSE(plan.close_statements);
    plan = pc::plan_release(
        {.open = true, .in_transaction = false, .open_cursors = 0, .changed_settings = iso | lock}, r);
    EXPECT_EQ(plan.discard, ifx::pool_close_reason::settings_changed)
        << "the lock mode has no restore statement: the next borrower must not inherit it";
    r.keep_unrestored = true;  // the opt-out
    plan = pc::plan_release(
        {.open = true, .in_transaction = false, .open_cursors = 0, .changed_settings = iso | lock}, r);
    EXPECT_FALSE(plan.discard);
    EXPECT_EQ(plan.restore, iso) << "only what changed and has a restore statement";
    r.keep_unrestored = false;
    plan = pc::plan_release({.open = true,
                             .in_transaction = true,
                             .open_cursors = 0,
                             .changed_settings = 0,
                             .open_statements = 2,
                             .busy = false},
                            r);
    EXPECT_FALSE(plan.discard) << "statements still held are freed, the connection kept";
    EXPECT_TRUE(plan.close_statements);
    EXPECT_TRUE(plan.rollback);
    plan = pc::plan_release({.open = true,
                             .in_transaction = false,
                             .open_cursors = 1,
                             .changed_settings = 0,
                             .open_statements = 2,
                             .busy = false},
                            r);
    EXPECT_EQ(plan.discard, ifx::pool_close_reason::reset_failed) << "cursors still open win";
    plan = pc::plan_release({.open = true,
                             .in_transaction = false,
                             .open_cursors = 0,
                             .changed_settings = 0,
                             .open_statements = 0,
                             .busy = true},
                            r);
    EXPECT_EQ(plan.discard, ifx::pool_close_reason::broken) << "an operation in flight: state unknown";
}

TEST(pool_core, no_busy_wakeups_while_waiters_wait_on_a_full_pool) {
    auto p = basic();
    p.max_size = 1;
    fixture f(p);
    auto& a = f.make_waiter();
    EXPECT_EQ(f.core.acquire(f.now, a), pc::acquire_status::wait);
    EXPECT_EQ(f.core.next_wakeup(f.now), f.now) << "a connect is due for the waiter";
    ASSERT_TRUE(f.connect());
    auto& b = f.make_waiter();
    EXPECT_EQ(f.core.acquire(f.now, b), pc::acquire_status::wait);
    EXPECT_GT(f.core.next_wakeup(f.now), f.now) << "full pool: nothing to do until a release";
    auto w = f.core.next_work(f.now);
    EXPECT_EQ(w.kind, pc::work_kind::none);
}

TEST(pool_core, stats_count_by_state) {
    auto p = basic();
    p.max_size = 3;
    fixture f(p);
    auto [a, b] = f.borrow_two_new();
    f.core.release(std::move(a.granted), f.now, std::nullopt);
    auto st = f.core.stats();
    EXPECT_EQ(st.live, 2u);
    EXPECT_EQ(st.idle, 1u);
    EXPECT_EQ(st.in_use, 1u);
    EXPECT_EQ(st.created, 2u);
    EXPECT_EQ(st.acquired, 2u);
    f.core.release(std::move(b.granted), f.now, ifx::pool_close_reason::broken);
    EXPECT_EQ(f.core.stats().closed[static_cast<std::size_t>(ifx::pool_close_reason::broken)], 1u);
}

TEST(pool_core, restore_statements_are_those_of_the_changed_settings_in_order) {
    ifx::session_restore r;
    r.isolation = "SET ISOLATION TO COMMITTED READ";
    r.lock_mode = "SET LOCK MODE TO WAIT 5";
    r.environment = {"SET ENVIRONMENT a '1'", "SET ENVIRONMENT b '2'"};
    const auto iso = static_cast<unsigned>(ifx::session_setting::isolation);
    const auto env = static_cast<unsigned>(ifx::session_setting::environment);
    EXPECT_TRUE(pc::restore_statements(r, 0).empty());
    EXPECT_EQ(pc::restore_statements(r, env | iso),
              (std::vector<std::string>{r.isolation, r.environment[0], r.environment[1]}));
}

TEST(pool_core, connect_record_reports_only_the_first_failure_and_the_recovery) {
    pc::connect_record rec;
    const std::vector<ifx::host_port> hosts = {{"a", 1}, {"b", 2}};
    ifx::diagnostics d;
    d.client_message = "refused";
    EXPECT_FALSE(rec.record({}, {}, hosts, 0)) << "a success after a success is not news";
    auto first = rec.record(ifx::errc::timeout, d, hosts, 2);
    ASSERT_TRUE(first);
    EXPECT_EQ(first->first, ifx::log_level::warning);
    EXPECT_NE(first->second.find("refused"), std::string::npos) << first->second;
    EXPECT_FALSE(rec.record(ifx::errc::timeout, d, hosts, 2)) << "still failing";
    EXPECT_EQ(rec.diag.client_message, "refused");
    auto back = rec.record({}, {}, hosts, 1);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->first, ifx::log_level::info);
    EXPECT_NE(back->second.find("b:2"), std::string::npos) << back->second;
    EXPECT_FALSE(rec.ec);
}

}  // namespace
