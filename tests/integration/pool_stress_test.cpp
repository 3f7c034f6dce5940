// ThreadSanitizer stress (ctest label `tsan`): 16 threads × 250 acquire / query / release cycles
// with random faults (uncommitted transactions, application errors, discards, connections killed
// by the server). Ends with zero leaked connections and zero cross-borrower data.
#include <gtest/gtest.h>

#include <unistd.h>

#include <atomic>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "pool_support.hpp"

namespace {

using namespace std::chrono_literals;

TEST(pool_stress, sixteen_threads_with_random_faults) {
    constexpr int threads = 16;
    constexpr int iterations = 250;
    const std::string t = "stress_" + std::to_string(::getpid());
    {
        ifx::connection setup(ifx::test::pool_lite_params());
        setup.execute("CREATE TABLE " + t + " (owner INTEGER, v INTEGER)");
    }
    ifx::test::log_capture logs;
    ifx::pool_params pp;
    pp.max_size = 6;
    pp.min_size = 2;
    pp.acquire_timeout = 30s;
    pp.validate_after_idle = 5ms;
    pp.log = logs.handler();
    ifx::pool pool(ifx::test::pool_lite_params(), pp);

    std::mutex in_use_mutex;
    std::set<const ifx::connection*> in_use;  // a connection is never lent twice at once
    std::atomic<int> shared_lends{0}, dirty_seen{0}, committed{0}, uncertain{0}, failures{0};
    std::atomic<bool> stop_killer{false};
    std::thread killer([&] {
        while (!stop_killer) {
            std::this_thread::sleep_for(150ms);
            ifx::test::pool_lite().control("kill-all");
        }
    });
    std::vector<std::thread> workers;
    for (int id = 0; id < threads; ++id)
        workers.emplace_back([&, id] {
            std::mt19937 rng(static_cast<unsigned>(id));
            for (int i = 0; i < iterations; ++i) {
                std::error_code ec;
                ifx::diagnostics diag;
                auto c = pool.acquire(ec, diag);
                if (!c) {
                    ++failures;
                    continue;
                }
                {
                    std::lock_guard lock(in_use_mutex);
                    if (!in_use.insert(&*c).second) ++shared_lends;
                }
                try {
                    if (c->in_transaction()) ++dirty_seen;
                    // Uncommitted rows carry v < 0; no borrower may ever see one.
                    if (c->query_value<std::int64_t>("SELECT COUNT(*) FROM " + t + " WHERE v < 0") != 0)
                        ++dirty_seen;
                    switch (rng() % 5) {
                        case 0:  // forgets to commit
                            c->begin();
                            c->execute("INSERT INTO " + t + " VALUES (?, ?)", id, -1);
                            break;
                        case 1:  // commits
                            c->begin();
                            c->execute("INSERT INTO " + t + " VALUES (?, ?)", id, i);
                            try {
                                c->commit();
                                ++committed;
                            } catch (const ifx::error&) {
                                ++uncertain;  // killed mid-commit: the row may or may not be there
                            }
                            break;
                        case 2:  // application error, connection kept
                            (void)c->query("SELEKT broken", {}, ec, diag);
                            break;
                        case 3:
                            c->query<int>("SELECT tabid FROM systables WHERE tabid = 1");
                            break;
                        default: {
                            std::lock_guard lock(in_use_mutex);
                            in_use.erase(&*c);
                        }
                            c.discard();
                            continue;
                    }
                } catch (const ifx::error&) {
                    ++failures;  // the server killed the connection: the pool must discard it
                }
                std::lock_guard lock(in_use_mutex);
                in_use.erase(&*c);
            }
        });
    for (auto& w : workers) w.join();
    stop_killer = true;
    killer.join();
    // The killer's last kill-all may have hit connections just returned: once they have been idle
    // longer than validate_after_idle, the next acquire checks them and replaces the dead ones.
    std::this_thread::sleep_for(pp.validate_after_idle * 4);

    EXPECT_EQ(shared_lends, 0);
    EXPECT_EQ(dirty_seen, 0);
    {
        auto c = pool.acquire();
        EXPECT_EQ(c->query_value<std::int64_t>("SELECT COUNT(*) FROM " + t + " WHERE v < 0"), 0);
        const auto rows = c->query_value<std::int64_t>("SELECT COUNT(*) FROM " + t + " WHERE v >= 0");
        EXPECT_GE(rows, committed.load());
        EXPECT_LE(rows, committed.load() + uncertain.load());
    }
    EXPECT_TRUE(pool.close(10s));
    const auto st = pool.stats();
    EXPECT_EQ(st.size, 0u) << "leaked connections";
    EXPECT_EQ(st.created, st.closed_total());
    EXPECT_EQ(st.in_use, 0u);
}

}  // namespace
