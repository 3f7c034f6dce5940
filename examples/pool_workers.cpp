// A pool shared by worker threads: each job borrows a connection, changes its lock mode, runs a
// short transaction and gives it back; the pool restores the lock mode and the isolation level a
// borrower changed (pool_params::restore) before the next one gets the connection. The pool's
// statistics are printed at the end.
// Usage: pool_workers 'informix://user:password@host:port/database?server=NAME'
#include <ifx/ifx.hpp>
#include <ifx/pool.hpp>
#include <ifx/transaction.hpp>

#include <chrono>
#include <cstdint>
#include <iostream>
#include <thread>
#include <vector>

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: pool_workers URL\n";
        return 2;
    }
    using namespace std::chrono_literals;
    try {
        ifx::pool pool(ifx::parse_url(argv[1]), {.min_size = 2,
                                                 .max_size = 4,
                                                 .acquire_timeout = 5s,
                                                 .restore = {.isolation = "SET ISOLATION TO COMMITTED READ",
                                                             .lock_mode = "SET LOCK MODE TO NOT WAIT"}});
        {
            auto conn = pool.acquire();
            std::error_code ec;
            ifx::diagnostics diag;
            conn->execute("DROP TABLE ex_pool_jobs", {}, ec, diag);  // left over from an earlier run?
            conn->execute("CREATE TABLE ex_pool_jobs (worker INTEGER, job INTEGER)");
        }
        std::vector<std::thread> workers;
        for (int w = 0; w < 8; ++w)
            workers.emplace_back([&pool, w] {
                for (int job = 0; job < 25; ++job) {
                    auto conn = pool.acquire();  // returned (and cleaned) at the end of the scope
                    // Informix's default lock mode is NOT WAIT: writers sharing a table wait for
                    // each other's locks instead of failing with -271 / ISAM -107. The pool runs
                    // restore.lock_mode when the connection comes back.
                    conn->execute("SET LOCK MODE TO WAIT 10");
                    ifx::transaction tx{*conn};
                    conn->execute("INSERT INTO ex_pool_jobs VALUES (?, ?)", w, job);
                    tx.commit();
                }
            });
        for (auto& t : workers) t.join();
        std::cout << "rows: "
                  << pool.acquire()->query_value<std::int64_t>("SELECT COUNT(*) FROM ex_pool_jobs") << '\n';
        pool.acquire()->execute("DROP TABLE ex_pool_jobs");
        const auto st = pool.stats();
        std::cout << "connections opened: " << st.created << ", acquires: " << st.acquired
                  << ", timeouts: " << st.timeouts << ", restores: " << st.restores << '\n';
        if (st.restores == 0) return 1;  // every job changed the lock mode
        pool.close(5s);
    } catch (const ifx::error& e) {
        std::cerr << "error: " << e.what() << '\n';
        return 1;
    }
}
