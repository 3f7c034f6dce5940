// ifx::pool benchmarks against a private ifxlite: the pool's own overhead (acquire + release, no
// query) and acquire + SELECT 1 + release throughput at 1, 2, 4, 8 and 16 threads; that cycle
// against a bare SELECT 1 at one thread, interleaved; the first two for ifx::async_pool on one
// thread (a coroutine awaiting async_acquire).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/io_context.hpp>
#include <asio/use_awaitable.hpp>
#include <chrono>
#include <memory>
#include <vector>

#include "ifx/async_pool.hpp"
#include "ifx/ifx.hpp"
#include "ifx/pool.hpp"
#include "support/ifxlite_process.hpp"

namespace {

ifx::test::ifxlite_process& server() {
    static ifx::test::ifxlite_process p;
    static const bool created = (p.create_database("bench", "log"), true);
    (void)created;
    return p;
}

ifx::pool& shared_pool() {
    static ifx::pool p(ifx::parse_url(server().url("bench") + "&tls=disable"),
                       {.min_size = 16, .max_size = 16, .validate_after_idle = std::chrono::hours(1)});
    return p;
}

void acquire_release(benchmark::State& state) {
    auto& pool = shared_pool();
    for (auto _ : state) {
        auto c = pool.acquire();
        benchmark::DoNotOptimize(&*c);
    }
}
BENCHMARK(acquire_release)->ThreadRange(1, 16)->UseRealTime();

void acquire_select1_release(benchmark::State& state) {
    auto& pool = shared_pool();
    for (auto _ : state) {
        auto c = pool.acquire();
        benchmark::DoNotOptimize(c->query("SELECT 1 FROM systables WHERE tabid = 1"));
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(acquire_select1_release)->ThreadRange(1, 16)->UseRealTime();

// The pooled cycle against the bare statement, interleaved query by query on one thread (one
// connection of its own beside the pool's, the same ifxlite), so that both see the same machine:
// counters bare_us and pooled_us (the median wall time of one query; medians, because a query
// descheduled on a busy machine costs a hundred times the others) and pooled_per_bare, the
// pooled cycle's throughput as a fraction of the bare statement's (issue 21's target: >= 0.9).
void pooled_vs_bare_select1(benchmark::State& state) {
    constexpr const char* sql = "SELECT 1 FROM systables WHERE tabid = 1";
    auto& pool = shared_pool();
    auto bare = ifx::connect(server().url("bench") + "&tls=disable");
    using wall = std::chrono::steady_clock;
    std::vector<wall::duration> bare_times, pooled_times;
    for (auto _ : state) {
        const auto t0 = wall::now();
        benchmark::DoNotOptimize(bare.query(sql));
        const auto t1 = wall::now();
        {
            auto c = pool.acquire();
            benchmark::DoNotOptimize(c->query(sql));
        }
        bare_times.push_back(t1 - t0);
        pooled_times.push_back(wall::now() - t1);
    }
    const auto median_us = [](std::vector<wall::duration>& v) {
        auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
        std::nth_element(v.begin(), mid, v.end());
        return std::chrono::duration<double, std::micro>(*mid).count();
    };
    if (bare_times.empty()) return;
    const double bare_us = median_us(bare_times), pooled_us = median_us(pooled_times);
    state.counters["bare_us"] = bare_us;
    state.counters["pooled_us"] = pooled_us;
    state.counters["pooled_per_bare"] = bare_us / pooled_us;
}
BENCHMARK(pooled_vs_bare_select1)->UseRealTime();

// Runs the benchmark loop inside a coroutine on one thread, with an async_pool of one connection.
template <class Body>
void with_async_pool(benchmark::State& state, Body body) {
    asio::io_context io(1);
    ifx::async_pool pool(io.get_executor(), ifx::parse_url(server().url("bench") + "&tls=disable"),
                         {.min_size = 1, .max_size = 1, .validate_after_idle = std::chrono::hours(1)});
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
            { auto warm = co_await pool.async_acquire(asio::use_awaitable); }
            for (auto _ : state) co_await body(pool);
            pool.close();
        },
        asio::detached);
    io.run();
}

void async_acquire_release(benchmark::State& state) {
    with_async_pool(state, [](ifx::async_pool& pool) -> asio::awaitable<void> {
        auto c = co_await pool.async_acquire(asio::use_awaitable);
        benchmark::DoNotOptimize(&*c);
    });
}
BENCHMARK(async_acquire_release)->UseRealTime();

void async_acquire_select1_release(benchmark::State& state) {
    with_async_pool(state, [](ifx::async_pool& pool) -> asio::awaitable<void> {
        auto c = co_await pool.async_acquire(asio::use_awaitable);
        benchmark::DoNotOptimize(
            co_await c->async_query("SELECT 1 FROM systables WHERE tabid = 1", asio::use_awaitable));
    });
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(async_acquire_select1_release)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
