// ifx::pool benchmarks against a private ifxlite: the pool's own overhead (acquire + release, no
// query) and acquire + SELECT 1 + release throughput at 1, 2, 4, 8 and 16 threads.
#include <benchmark/benchmark.h>

#include <memory>

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

}  // namespace

BENCHMARK_MAIN();
