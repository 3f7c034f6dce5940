// SELECT throughput of ifx, with the client's own CPU time per row:
//  * end to end against ifxlite (1k, 100k, 1M rows);
//  * against the wire alone: a 1M-row session is recorded through a proxy to ifxlite and replayed
//    from memory over loopback (bench/replay.hpp); the physical limit is a client that only moves
//    the same bytes through the same round trips, and ifx is reported as a fraction of it.
// Not a test: it prints measurements, asserts nothing.
//
//   ifx_bench_select URL [runs] [replay [rows]]
//     URL of an ifxlite database (the table is created if missing); "replay" runs only the replay
//     part, over `rows` rows (default 1,000,000), e.g. under a profiler.
//
// Output: one line per measurement, "name median (min..max)" over the runs.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

#include "ifx/ifx.hpp"
#include "replay.hpp"

namespace {

using clock_type = std::chrono::steady_clock;

struct sample {
    double wall = 0, cpu = 0;
};

struct summary {
    double median = 0, low = 0, high = 0;
};

summary summarise(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return {v[v.size() / 2], v.front(), v.back()};
}

void ensure_table(ifx::connection& conn, int rows) {
    std::error_code ec;
    ifx::diagnostics diag;
    auto existing = conn.query("SELECT COUNT(*) FROM bench5", {}, ec, diag);
    if (!ec && existing[0].get<long long>(0) >= rows) return;
    if (!ec) conn.execute("DROP TABLE bench5");
    conn.execute(
        "CREATE TABLE bench5 (id INTEGER, name VARCHAR(40), amount DECIMAL(16,2), "
        "ts DATETIME YEAR TO SECOND, d DATE)");
    ifx::statement ins = conn.prepare("INSERT INTO bench5 VALUES (?, ?, ?, ?, ?)");
    std::vector<ifx::param> flat;
    std::vector<std::string> names;
    std::vector<ifx::decimal> amounts;
    std::vector<std::string> stamps;  // bound as text: ifxlite does not take DATETIME binds yet
    const int chunk = 20'000;
    conn.begin();
    for (int first = 0; first < rows; first += chunk) {
        flat.clear();
        names.clear();
        amounts.clear();
        stamps.clear();
        names.reserve(chunk);
        amounts.reserve(chunk);
        stamps.reserve(chunk);
        for (int i = first; i < first + chunk && i < rows; ++i) {
            names.push_back("customer name " + std::to_string(i));
            amounts.push_back(
                ifx::decimal::parse(std::to_string(i % 100000) + "." + std::to_string(10 + i % 90)));
            stamps.push_back("2026-11-26 12:" + std::to_string(10 + i % 50) + ":" +
                             std::to_string(10 + i % 50));
        }
        for (int i = first, k = 0; i < first + chunk && i < rows; ++i, ++k) {
            flat.emplace_back(i);
            flat.emplace_back(names[static_cast<std::size_t>(k)]);
            flat.emplace_back(amounts[static_cast<std::size_t>(k)]);
            flat.emplace_back(stamps[static_cast<std::size_t>(k)]);
            flat.emplace_back(ifx::date::from_ymd(2026, 1 + static_cast<unsigned>(i % 12),
                                                  1 + static_cast<unsigned>(i % 28)));
        }
        conn.execute_many_params(ins, flat, 5, 10'000);
    }
    conn.commit();
}

double seconds(const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
}

// Client CPU of the calling thread: the sync driver does all its I/O on it, and the replay
// server's threads in this process are not counted.
double thread_cpu_seconds() {
    rusage u{};
    getrusage(RUSAGE_THREAD, &u);
    return seconds(u.ru_utime) + seconds(u.ru_stime);
}

// The calling thread's CPU time in the kernel alone.
double thread_system_seconds() {
    rusage u{};
    getrusage(RUSAGE_THREAD, &u);
    return seconds(u.ru_stime);
}

// Reads `rows` rows, decoding every value to its C++ type.
sample read_rows(ifx::connection& conn, int rows, std::size_t& checksum) {
    const auto cpu0 = thread_cpu_seconds();
    const auto t0 = clock_type::now();
    ifx::cursor cur =
        conn.open_cursor("SELECT FIRST " + std::to_string(rows) + " id, name, amount, ts, d FROM bench5");
    int seen = 0;
    while (auto batch = cur.fetch()) {
        for (ifx::row_view r : batch) {
            checksum += static_cast<std::size_t>(r.get<int>(0));
            checksum += r.get<std::string_view>(1).size();
            checksum += static_cast<std::size_t>(r.get<ifx::decimal>(2).digits());
            checksum += static_cast<std::size_t>(r.get<ifx::datetime>(3).fields().second);
            checksum += static_cast<std::size_t>(r.get<ifx::date>(4).day_number());
            ++seen;
        }
    }
    if (seen != rows)
        throw std::runtime_error("expected " + std::to_string(rows) + " rows, got " + std::to_string(seen));
    sample s;
    s.wall = std::chrono::duration<double>(clock_type::now() - t0).count();
    s.cpu = thread_cpu_seconds() - cpu0;
    return s;
}

void print(const char* name, const std::vector<double>& v, const char* fmt = "%.1f") {
    const auto m = summarise(v);
    std::printf("%s ", name);
    std::printf(fmt, m.median);
    std::printf(" (");
    std::printf(fmt, m.low);
    std::printf("..");
    std::printf(fmt, m.high);
    std::printf(")\n");
}

// One placement's measurements over the runs (bench/replay.hpp, placement).
struct replay_series {
    std::vector<double> limit_bytes, limit_rows, ifx_rows, ifx_cpu, fraction, limit_cpu, cpu_fraction;

    void print_all(const std::string& suffix) const {
        print(("replay_limit_bytes_per_s" + suffix).c_str(), limit_bytes, "%.0f");
        print(("replay_limit_rows_per_s" + suffix).c_str(), limit_rows, "%.0f");
        print(("replay_ifx_rows_per_s" + suffix).c_str(), ifx_rows, "%.0f");
        print(("replay_ifx_client_cpu_ns_per_row" + suffix).c_str(), ifx_cpu);
        print(("ifx_fraction_of_physical_limit" + suffix).c_str(), fraction, "%.3f");
        // The same comparison in client CPU: what the fraction would be with the client alone on a core.
        print(("replay_limit_client_cpu_ns_per_row" + suffix).c_str(), limit_cpu);
        print(("ifx_cpu_fraction_of_physical_limit" + suffix).c_str(), cpu_fraction, "%.3f");
    }
};

// The driver against the wire alone: one 1M-row session recorded through a proxy to ifxlite,
// then replayed from memory. Each run reads the replay with a client that only moves bytes (the
// physical limit) and with ifx (connect, cursor, every value decoded, disconnect), once with the
// sender on the client's CPU and once on the other CPU (placement in bench/replay.hpp). The
// primary figures are the same-CPU ones, where the physical limit is fastest here.
int replay_runs(const ifx::connect_params& base, int rows, int runs, std::size_t& checksum) {
    ifx::bench::recording rec;
    {
        ifx::bench::recording_proxy proxy(base.port);
        ifx::connect_params p = base;
        p.port = proxy.port();
        {
            ifx::connection c(p);
            (void)read_rows(c, rows, checksum);
        }
        rec = proxy.finish();
    }
    using ifx::bench::placement;
    ifx::bench::replay_server server(rec);
    std::printf("replay_turns %zu\n", rec.turns.size());
    std::printf("replay_request_bytes %zu\n", rec.request_bytes());
    std::printf("replay_reply_bytes %zu\n", rec.reply_bytes());
    const bool pinned = ifx::bench::pin_thread(placement::same_cpu, false);
    std::printf("replay_pinned %d\n", pinned ? 1 : 0);
    ifx::connect_params p = base;
    p.port = server.port();
    replay_series series[2];
    for (int i = 0; i < runs; ++i) {
        for (const placement where : {placement::same_cpu, placement::separate_cpus}) {
            if (pinned) {
                server.set_placement(where);
                (void)ifx::bench::pin_thread(where, false);
            }
            replay_series& s = series[where == placement::same_cpu ? 0 : 1];
            const auto raw_cpu0 = thread_cpu_seconds();
            const auto raw_sys0 = thread_system_seconds();
            auto t0 = clock_type::now();
            const std::size_t got = ifx::bench::replay_raw_client(rec, server.port());
            const double raw = std::chrono::duration<double>(clock_type::now() - t0).count();
            const double raw_cpu = thread_cpu_seconds() - raw_cpu0;
            const double raw_sys = thread_system_seconds() - raw_sys0;
            const auto cpu0 = thread_cpu_seconds();
            const auto sys0 = thread_system_seconds();
            t0 = clock_type::now();
            {
                ifx::connection c(p);
                (void)read_rows(c, rows, checksum);
            }
            const double wall = std::chrono::duration<double>(clock_type::now() - t0).count();
            const double ifx_cpu_s = thread_cpu_seconds() - cpu0;
            const double ifx_sys_s = thread_system_seconds() - sys0;
            s.limit_bytes.push_back(static_cast<double>(got) / raw);
            s.limit_rows.push_back(rows / raw);
            s.ifx_rows.push_back(rows / wall);
            s.ifx_cpu.push_back(ifx_cpu_s * 1e9 / rows);
            s.limit_cpu.push_back(raw_cpu * 1e9 / rows);
            s.fraction.push_back(raw / wall);
            s.cpu_fraction.push_back(raw_cpu / ifx_cpu_s);
            std::printf(
                "# replay run %d, %s: limit %.2fM rows/s, %.1f ns CPU/row (%.1f in the kernel); "
                "ifx %.2fM rows/s, %.1f ns CPU/row (%.1f in the kernel)\n",
                i + 1, where == placement::same_cpu ? "same CPU" : "two CPUs", s.limit_rows.back() / 1e6,
                s.limit_cpu.back(), raw_sys * 1e9 / rows, s.ifx_rows.back() / 1e6, s.ifx_cpu.back(),
                ifx_sys_s * 1e9 / rows);
            if (!pinned) break;  // one CPU: one placement
        }
    }
    const std::size_t sessions = (pinned ? 4 : 2) * static_cast<std::size_t>(runs);
    const auto report = server.wait_for(sessions, std::chrono::seconds(15));
    for (const auto& problem : report.problems)
        std::fprintf(stderr, "replay mismatch: %s\n", problem.c_str());
    if (!report.problems.empty()) return 1;
    if (report.sessions_completed != sessions) {
        std::fprintf(stderr, "replay: %zu of %zu sessions played to the end\n", report.sessions_completed,
                     sessions);
        return 1;
    }
    series[0].print_all("");
    if (pinned) series[1].print_all("_two_cpus");
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s URL [runs]\n", argv[0]);
        return 2;
    }
    const int runs = argc > 2 ? std::max(1, std::atoi(argv[2])) : 5;
    try {
        const auto params = ifx::parse_url(argv[1]);
        ifx::connection setup(params);
        ensure_table(setup, 1'000'000);
        std::size_t checksum = 0;
        if (argc > 3 && std::string_view(argv[3]) == "replay") {
            const int rows = argc > 4 ? std::atoi(argv[4]) : 1'000'000;
            return replay_runs(params, rows, runs, checksum);
        }
        ifx::connection conn(params);
        for (int rows : {1'000, 100'000, 1'000'000}) {
            std::vector<double> rows_per_s, cpu_ns_per_row;
            // Small results are read repeatedly within each run (100k rows a run), so the sample
            // is long enough for the CPU clock.
            const int queries = std::max(1, 100'000 / rows);
            for (int i = 0; i < runs; ++i) {
                sample total;
                for (int q = 0; q < queries; ++q) {
                    const auto s = read_rows(conn, rows, checksum);
                    total.wall += s.wall;
                    total.cpu += s.cpu;
                }
                rows_per_s.push_back(static_cast<double>(rows) * queries / total.wall);
                cpu_ns_per_row.push_back(total.cpu * 1e9 / (static_cast<double>(rows) * queries));
            }
            print(("select_" + std::to_string(rows) + "_rows_per_s").c_str(), rows_per_s, "%.0f");
            print(("select_" + std::to_string(rows) + "_client_cpu_ns_per_row").c_str(), cpu_ns_per_row);
        }
        if (int rc = replay_runs(params, 1'000'000, runs, checksum)) return rc;
        std::printf("checksum %zu\n", checksum);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "ifx_bench_select: %s\n", e.what());
        return 1;
    }
    return 0;
}
