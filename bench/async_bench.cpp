// Queries per second with N concurrent sessions (N = 1 … 256) against a private ifxlite:
//   async_coroutines  N coroutines, each with its own ifx::async_connection, on ONE thread;
//   sync_threads      N threads, each with its own ifx::connection;
//   sync_pool         N threads sharing an ifx::pool of N connections (acquire, query, release);
//   async_pool        N coroutines on ONE thread sharing an ifx::async_pool of N connections
//                     (async_acquire, query, release).
// Each benchmark iteration runs `queries_per_session` queries in every session. Not a test.
#include <benchmark/benchmark.h>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/io_context.hpp>
#include <asio/use_awaitable.hpp>
#include <barrier>
#include <memory>
#include <thread>
#include <vector>

#include "ifx/async_connection.hpp"
#include "ifx/async_pool.hpp"
#include "ifx/ifx.hpp"
#include "ifx/pool.hpp"
#include "support/ifxlite_process.hpp"

namespace {

constexpr int queries_per_session = 8;
constexpr const char* query = "SELECT 1 FROM systables WHERE tabid = 1";

ifx::test::ifxlite_process& server() {
    static ifx::test::ifxlite_process p;
    static const bool created = (p.create_database("bench", "log"), true);
    (void)created;
    return p;
}

ifx::connect_params params() {
    return ifx::parse_url(server().url("bench") + "&tls=disable");
}

void async_coroutines(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    asio::io_context io(1);
    std::vector<std::unique_ptr<ifx::async_connection>> conns;
    for (std::size_t i = 0; i < n; ++i) {
        conns.push_back(std::make_unique<ifx::async_connection>(io));
        asio::co_spawn(io, conns.back()->async_connect(params(), asio::use_awaitable), asio::detached);
    }
    io.run();
    for (auto _ : state) {
        for (auto& c : conns) {
            asio::co_spawn(
                io,
                [&c]() -> asio::awaitable<void> {
                    for (int q = 0; q < queries_per_session; ++q)
                        benchmark::DoNotOptimize(co_await c->async_query(query, asio::use_awaitable));
                },
                asio::detached);
        }
        io.restart();
        io.run();
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n) * queries_per_session);
    for (auto& c : conns) asio::co_spawn(io, c->async_close(asio::use_awaitable), asio::detached);
    io.restart();
    io.run();
}
BENCHMARK(async_coroutines)->RangeMultiplier(4)->Range(1, 256)->UseRealTime()->Unit(benchmark::kMillisecond);

// Runs body(i) on n persistent threads once per benchmark iteration.
template <class Body>
void on_threads(benchmark::State& state, std::size_t n, Body body) {
    std::barrier start(static_cast<std::ptrdiff_t>(n + 1)), end(static_cast<std::ptrdiff_t>(n + 1));
    bool stop = false;
    std::vector<std::jthread> threads;
    for (std::size_t i = 0; i < n; ++i)
        threads.emplace_back([&, i] {
            for (;;) {
                start.arrive_and_wait();
                if (stop) return;
                body(i);
                end.arrive_and_wait();
            }
        });
    for (auto _ : state) {
        start.arrive_and_wait();
        end.arrive_and_wait();
    }
    stop = true;
    start.arrive_and_wait();
}

void sync_threads(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    std::vector<ifx::connection> conns;
    for (std::size_t i = 0; i < n; ++i) conns.emplace_back(params());
    on_threads(state, n, [&](std::size_t i) {
        for (int q = 0; q < queries_per_session; ++q) benchmark::DoNotOptimize(conns[i].query(query));
    });
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n) * queries_per_session);
}
BENCHMARK(sync_threads)->RangeMultiplier(4)->Range(1, 256)->UseRealTime()->Unit(benchmark::kMillisecond);

void sync_pool(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    ifx::pool_params pp;
    pp.min_size = n;
    pp.max_size = n;
    pp.validate_after_idle = std::chrono::hours(1);
    ifx::pool pool(params(), pp);
    on_threads(state, n, [&](std::size_t) {
        for (int q = 0; q < queries_per_session; ++q) {
            auto c = pool.acquire();
            benchmark::DoNotOptimize(c->query(query));
        }
    });
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n) * queries_per_session);
}
BENCHMARK(sync_pool)->RangeMultiplier(4)->Range(1, 256)->UseRealTime()->Unit(benchmark::kMillisecond);

void async_pool(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    asio::io_context io(1);
    ifx::pool_params pp;
    pp.min_size = n;
    pp.max_size = n;
    pp.validate_after_idle = std::chrono::hours(1);
    ifx::async_pool pool(io.get_executor(), params(), pp);
    // Warm up: every connection opened before timing. The pool's housekeeping timer keeps
    // io.run() from returning, so each phase runs until its coroutines are done.
    std::size_t done = 0;
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
            std::vector<ifx::async_pooled_connection> all;
            for (std::size_t i = 0; i < n; ++i)
                all.push_back(co_await pool.async_acquire(asio::use_awaitable));
            ++done;
        },
        asio::detached);
    while (done < 1) io.run_one();
    for (auto _ : state) {
        done = 0;
        for (std::size_t i = 0; i < n; ++i) {
            asio::co_spawn(
                io,
                [&pool, &done]() -> asio::awaitable<void> {
                    for (int q = 0; q < queries_per_session; ++q) {
                        auto c = co_await pool.async_acquire(asio::use_awaitable);
                        benchmark::DoNotOptimize(co_await c->async_query(query, asio::use_awaitable));
                    }
                    ++done;
                },
                asio::detached);
        }
        while (done < n) io.run_one();
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n) * queries_per_session);
    pool.close();
    io.restart();
    io.run();
}
BENCHMARK(async_pool)->RangeMultiplier(4)->Range(1, 256)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
