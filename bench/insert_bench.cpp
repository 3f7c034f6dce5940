// Loading rows three ways against one server: a prepared INSERT executed per row (one round trip
// each), execute_many (pipelined batches) and ifx::inserter (put per row, pipelined flushes); then
// a 100,000-row INSERT … SELECT into a table with a SERIAL column beside the same insert into one
// without (the server's serial counters; issue 19 wants at most twice the time).
// Not a test: it prints measurements, asserts nothing.
//
//   ifx_bench_insert URL [rows] [runs]     (URL of a logged database; table bench_ins is recreated)
//
// Output: one line per measurement, "name value unit" (medians of the runs), then the ratios.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "ifx/ifx.hpp"

namespace {

double cpu_seconds() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

struct sample {
    double rows_per_s = 0, cpu_ns_per_row = 0;
};

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

using row = std::tuple<int, std::string, ifx::decimal>;

// Runs load() inside a transaction on a fresh table and checks every row arrived.
sample measure(ifx::connection& conn, const std::vector<row>& rows, const std::function<void()>& load) {
    conn.execute("DROP TABLE IF EXISTS bench_ins");
    conn.execute("CREATE TABLE bench_ins (id INTEGER, name VARCHAR(40), amount DECIMAL(16,2))");
    const double cpu0 = cpu_seconds();
    const auto t0 = std::chrono::steady_clock::now();
    conn.begin();
    load();
    conn.commit();
    const std::chrono::duration<double> wall = std::chrono::steady_clock::now() - t0;
    const double cpu = cpu_seconds() - cpu0;
    const auto loaded = conn.query_value<long long>("SELECT COUNT(*) FROM bench_ins");
    if (loaded != static_cast<long long>(rows.size()))
        std::fprintf(stderr, "warning: %lld rows loaded\n", loaded);
    const double n = static_cast<double>(rows.size());
    return {n / wall.count(), cpu * 1e9 / n};
}

}  // namespace

int main(int argc, char** argv) try {
    if (argc < 2) {
        std::fprintf(stderr, "usage: ifx_bench_insert URL [rows] [runs]\n");
        return 2;
    }
    const int count = argc > 2 ? std::stoi(argv[2]) : 20'000;
    const int runs = argc > 3 ? std::stoi(argv[3]) : 3;
    ifx::connection conn = ifx::connect(argv[1]);
    std::vector<row> rows;
    rows.reserve(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i)
        rows.emplace_back(
            i, "customer name " + std::to_string(i),
            ifx::decimal::parse(std::to_string(i % 100000) + "." + std::to_string(10 + i % 90)));

    const char* insert = "INSERT INTO bench_ins VALUES (?, ?, ?)";
    struct way {
        const char* name;
        std::function<void()> load;
    };
    std::vector<way> ways;
    ways.push_back({"per_row_execute", [&] {
                        ifx::statement st = conn.prepare(insert);
                        for (const auto& [id, name, amount] : rows) conn.execute(st, id, name, amount);
                    }});
    ways.push_back({"execute_many_1000", [&] {
                        ifx::statement st = conn.prepare(insert);
                        conn.execute_many(st, rows, 1000);
                    }});
    ways.push_back({"inserter_1000", [&] {
                        ifx::inserter ins(conn, insert, {.flush_rows = 1000});
                        for (const auto& [id, name, amount] : rows) ins.put(id, name, amount);
                        ins.finish();
                    }});
    std::vector<std::vector<double>> rate(ways.size()), cpu(ways.size());
    for (int r = 0; r < runs; ++r)
        for (std::size_t w = 0; w < ways.size(); ++w) {
            const sample s = measure(conn, rows, ways[w].load);
            rate[w].push_back(s.rows_per_s);
            cpu[w].push_back(s.cpu_ns_per_row);
        }
    conn.execute("DROP TABLE bench_ins");

    // INSERT … SELECT of 100,000 rows, with and without a SERIAL column to fill.
    conn.execute("DROP TABLE IF EXISTS bench_src");
    conn.execute("CREATE TABLE bench_src (v INTEGER, name VARCHAR(40))");
    conn.execute(
        "INSERT INTO bench_src WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < "
        "100000) "
        "SELECT x, 'customer name ' || x FROM n");
    std::vector<double> plain_s, serial_s;
    for (int r = 0; r < runs; ++r) {
        for (const char* kind : {"INTEGER", "SERIAL"}) {
            conn.execute("DROP TABLE IF EXISTS bench_ser");
            conn.execute(std::string("CREATE TABLE bench_ser (id ") + kind +
                         ", v INTEGER, name VARCHAR(40))");
            const auto t0 = std::chrono::steady_clock::now();
            conn.execute("INSERT INTO bench_ser SELECT 0, v, name FROM bench_src");
            const std::chrono::duration<double> wall = std::chrono::steady_clock::now() - t0;
            (std::string_view(kind) == "SERIAL" ? serial_s : plain_s).push_back(wall.count());
        }
    }
    conn.execute("DROP TABLE bench_ser");
    conn.execute("DROP TABLE bench_src");
    std::printf("insert_select_100000_plain_s %.3f s\n", median(plain_s));
    std::printf("insert_select_100000_serial_s %.3f s\n", median(serial_s));
    std::printf("ratio insert_select serial/plain %.2f\n", median(serial_s) / median(plain_s));

    for (std::size_t w = 0; w < ways.size(); ++w) {
        std::printf("insert_%s_rows_per_s %.0f rows/s\n", ways[w].name, median(rate[w]));
        std::printf("insert_%s_client_cpu_ns_per_row %.0f ns\n", ways[w].name, median(cpu[w]));
    }
    const double per_row = median(rate[0]), many = median(rate[1]), ins = median(rate[2]);
    std::printf("ratio execute_many/per_row %.2f\n", many / per_row);
    std::printf("ratio inserter/per_row %.2f\n", ins / per_row);
    std::printf("ratio inserter/execute_many %.2f\n", ins / many);
    return 0;
} catch (const ifx::error& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
}
