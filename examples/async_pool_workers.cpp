// Many coroutines on one thread sharing a few pooled connections: async_acquire with a timeout,
// a transaction per job (a job that fails mid-way is rolled back when its connection goes back), a
// session setting restored on return (pool_params::restore), and a clean shutdown with async_close.
//   async_pool_workers 'informix://user:pass@host:9088/db?server=NAME&tls=disable'
#include <asio/co_spawn.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>
#include <asio/use_awaitable.hpp>
#include <chrono>
#include <cstdio>
#include <exception>
#include <string>

#include "ifx/async_pool.hpp"

namespace {

using namespace std::chrono_literals;
constexpr auto use_tuple = asio::experimental::as_tuple(asio::use_awaitable);

asio::awaitable<void> setup(ifx::async_pool& pool) {
    auto c = co_await pool.async_acquire(asio::use_awaitable);
    auto [ec, r] = co_await c->async_execute("DROP TABLE IF EXISTS ex_pool_jobs", {}, use_tuple);
    (void)ec;
    co_await c->async_execute("CREATE TABLE ex_pool_jobs (job INTEGER NOT NULL, step INTEGER NOT NULL)",
                              asio::use_awaitable);
}

// One job: two inserts in a transaction. Every seventh job "fails" after the first insert and
// returns its connection without committing: the pool rolls that work back.
asio::awaitable<bool> job(ifx::async_pool& pool, int id) {
    ifx::diagnostics diag;
    auto [ec, c] = co_await pool.async_acquire(10s, diag, use_tuple);
    if (ec) {
        std::fprintf(stderr, "job %d: no connection: %s\n", id, diag.to_string().c_str());
        co_return false;
    }
    // Informix fails a conflicting lock at once by default (NOT WAIT); the jobs share a table, so
    // wait for each other instead. The pool runs restore.lock_mode (see main) when the connection
    // goes back, so the next borrower gets NOT WAIT again.
    co_await c->async_execute("SET LOCK MODE TO WAIT 10", asio::use_awaitable);
    co_await c->async_begin(asio::use_awaitable);
    co_await c->async_execute("INSERT INTO ex_pool_jobs VALUES (?, 1)", ifx::make_params(id),
                              asio::use_awaitable);
    if (id % 7 == 0) co_return true;  // abandoned: rolled back on release
    co_await c->async_execute("INSERT INTO ex_pool_jobs VALUES (?, 2)", ifx::make_params(id),
                              asio::use_awaitable);
    co_await c->async_commit(asio::use_awaitable);
    co_return true;
}

asio::awaitable<void> run(ifx::async_pool& pool, int& failures) {
    co_await setup(pool);
    constexpr int jobs = 50;
    int done = 0;
    auto ex = co_await asio::this_coro::executor;
    for (int i = 1; i <= jobs; ++i) {
        asio::co_spawn(ex, job(pool, i), [&](std::exception_ptr e, bool ok) {
            if (e || !ok) ++failures;
            ++done;
        });
    }
    asio::steady_timer tick(ex);
    while (done < jobs) {  // the jobs run concurrently on this thread
        tick.expires_after(5ms);
        co_await tick.async_wait(asio::use_awaitable);
    }
    auto c = co_await pool.async_acquire(asio::use_awaitable);
    auto r = co_await c->async_query("SELECT COUNT(*), COUNT(DISTINCT job) FROM ex_pool_jobs",
                                     asio::use_awaitable);
    const auto rows = r[0].get<long long>(0), committed = r[0].get<long long>(1);
    std::printf("%lld rows from %lld committed jobs (expected %d rows from %d)\n", rows, committed,
                2 * (jobs - jobs / 7), jobs - jobs / 7);
    if (rows != 2 * (jobs - jobs / 7) || committed != jobs - jobs / 7) ++failures;
    co_await c->async_execute("DROP TABLE ex_pool_jobs", asio::use_awaitable);
    c.release();
    const auto st = pool.stats();
    std::printf("pool: %llu acquires, %llu connections opened, %llu rollbacks and %llu restores on release\n",
                static_cast<unsigned long long>(st.acquired), static_cast<unsigned long long>(st.created),
                static_cast<unsigned long long>(st.rollbacks), static_cast<unsigned long long>(st.restores));
    if (st.restores == 0) ++failures;                      // every job changed the lock mode
    auto [ec] = co_await pool.async_close(5s, use_tuple);  // waits for the returns, then closes
    if (ec) ++failures;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s URL\n", argv[0]);
        return 2;
    }
    try {
        asio::io_context io(1);
        ifx::async_pool pool(
            io.get_executor(), ifx::parse_url(argv[1]),
            {.min_size = 1, .max_size = 4, .restore = {.lock_mode = "SET LOCK MODE TO NOT WAIT"}});
        int failures = 0;
        asio::co_spawn(io, run(pool, failures), [&](std::exception_ptr e) {
            if (e) {
                ++failures;
                try {
                    std::rethrow_exception(e);
                } catch (const std::exception& x) {
                    std::fprintf(stderr, "error: %s\n", x.what());
                }
            }
            pool.close();
        });
        io.run();
        return failures == 0 ? 0 : 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    }
}
