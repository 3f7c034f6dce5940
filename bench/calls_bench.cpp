// Per-call latency of ifx against ifxlite, with the round trips of each call counted from the
// protocol trace (a round trip = the client sends after it last received; a finished query's
// CLOSE is sent in front of the next request, so it shows in the next call's first write):
//   select1       SELECT 1 FROM systables WHERE tabid = 1 (Informix has no FROM-less SELECT)
//   prepared      a prepared point SELECT (SELECT v FROM bench_kv WHERE k = ?) executed with a bind
//   execute_many  10,000 INSERTs of (INTEGER, VARCHAR(40)) in one transaction (BEGIN, one
//                 execute_many call with batch_rows = 10,000, COMMIT)
// Not a test: it prints "name median (min..max)" lines and asserts nothing.
//
//   ifx_bench_calls URL [runs]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <tuple>
#include <vector>

#include "ifx/ifx.hpp"

namespace {

using clock_type = std::chrono::steady_clock;
constexpr int many_rows = 10'000;

struct summary {
    double median = 0, low = 0, high = 0;
};

void print(const std::string& name, std::vector<double> v, const char* unit_fmt = "%.2f") {
    std::sort(v.begin(), v.end());
    std::printf("%s ", name.c_str());
    std::printf(unit_fmt, v[v.size() / 2]);
    std::printf(" (");
    std::printf(unit_fmt, v.front());
    std::printf("..");
    std::printf(unit_fmt, v.back());
    std::printf(")\n");
}

// Counts round trips in a protocol trace: each run of client messages after server messages.
struct round_trip_counter {
    bool counting = false;
    bool last_was_reply = true;
    int round_trips = 0;
    std::string exchanges;  // "C>S name, …" of the counted calls, one '|' per round trip
    void on_line(std::string_view line) {
        if (!counting) return;
        const auto dir =
            line.find(" C>S ") != std::string_view::npos ? line.find(" C>S ") : line.find(" S>C ");
        if (dir != std::string_view::npos) {
            const auto name_end = line.find(" (", dir + 5);
            const bool client = line.compare(dir, 5, " C>S ") == 0;
            if (client && last_was_reply && !exchanges.empty()) exchanges += " |";
            exchanges += ' ';
            exchanges += client ? "C:" : "S:";
            exchanges += line.substr(dir + 5, name_end - dir - 5);
        }
        if (line.find(" C>S ") != std::string_view::npos) {
            if (last_was_reply) ++round_trips;
            last_was_reply = false;
        } else if (line.find(" S>C ") != std::string_view::npos) {
            last_was_reply = true;
        }
    }
    void start() {
        counting = true;
        last_was_reply = true;
        round_trips = 0;
        exchanges.clear();
    }
};

template <class F>
double micros_per_call(int calls, F&& f) {
    const auto t0 = clock_type::now();
    for (int i = 0; i < calls; ++i) f(i);
    return std::chrono::duration<double, std::micro>(clock_type::now() - t0).count() / calls;
}

void setup(ifx::connection& c) {
    std::error_code ec;
    ifx::diagnostics diag;
    auto n = c.query("SELECT COUNT(*) FROM bench_kv", {}, ec, diag);
    if (ec || n[0].get<long long>(0) != 1000) {
        if (!ec) c.execute("DROP TABLE bench_kv");
        c.execute("CREATE TABLE bench_kv (k INTEGER NOT NULL, v VARCHAR(40), PRIMARY KEY (k))");
        std::vector<std::tuple<int, std::string>> rows;
        for (int i = 0; i < 1000; ++i) rows.emplace_back(i, "value " + std::to_string(i));
        c.begin();
        c.execute_many(c.prepare("INSERT INTO bench_kv VALUES (?, ?)"), rows);
        c.commit();
    }
    (void)c.query("SELECT COUNT(*) FROM bench_many", {}, ec, diag);
    if (ec) c.execute("CREATE TABLE bench_many (k INTEGER, v VARCHAR(40))");
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s URL [runs]\n", argv[0]);
        return 2;
    }
    const int runs = argc > 2 ? std::max(1, std::atoi(argv[2])) : 5;
    try {
        round_trip_counter counter;
        auto traced_params = ifx::parse_url(argv[1]);
        traced_params.trace = [&](std::string_view line) { counter.on_line(line); };
        ifx::connection conn(ifx::parse_url(argv[1]));
        ifx::connection traced(traced_params);
        setup(conn);

        std::vector<std::tuple<int, std::string>> rows;
        for (int i = 0; i < many_rows; ++i) rows.emplace_back(i, "customer name " + std::to_string(i));
        const auto select1 = [](ifx::connection& c) {
            return c.query("SELECT 1 FROM systables WHERE tabid = 1").size();
        };
        ifx::statement point = conn.prepare("SELECT v FROM bench_kv WHERE k = ?");
        ifx::statement insert = conn.prepare("INSERT INTO bench_many VALUES (?, ?)");
        const auto many = [&](ifx::connection& c, const ifx::statement& ins) {
            c.begin();
            const auto r = c.execute_many(ins, rows, many_rows);
            c.commit();
            return r;
        };

        // The round trips of one call of each kind.
        ifx::statement traced_point = traced.prepare("SELECT v FROM bench_kv WHERE k = ?");
        ifx::statement traced_insert = traced.prepare("INSERT INTO bench_many VALUES (?, ?)");
        // First call (the statement cache misses: PREPARE first), then the same call again (as in
        // the timed loop: cached, and carrying the previous call's deferred CLOSE in its write).
        counter.start();
        select1(traced);
        std::printf("select1_round_trips %d\n", counter.round_trips);
        std::printf("# select1 messages:%s\n", counter.exchanges.c_str());
        counter.start();
        select1(traced);
        std::printf("select1_cached_round_trips %d\n", counter.round_trips);
        std::printf("# select1 cached messages:%s\n", counter.exchanges.c_str());
        counter.start();
        (void)traced.query(traced_point, 7);
        std::printf("prepared_round_trips %d\n", counter.round_trips);
        std::printf("# prepared messages:%s\n", counter.exchanges.c_str());
        counter.start();
        (void)traced.query(traced_point, 8);
        std::printf("prepared_repeat_round_trips %d\n", counter.round_trips);
        std::printf("# prepared repeat messages:%s\n", counter.exchanges.c_str());
        traced.execute("DELETE FROM bench_many");
        counter.start();
        traced.begin();
        const int begin_trips = counter.round_trips;
        const auto r = traced.execute_many(traced_insert, rows, many_rows);
        const int many_trips = counter.round_trips - begin_trips;
        traced.commit();
        counter.counting = false;
        std::printf("execute_many_10000_round_trips %d\n", many_trips);
        std::printf("execute_many_10000_round_trips_reported %zu\n", r.round_trips);
        std::printf("execute_many_10000_with_begin_commit_round_trips %d\n", counter.round_trips);

        std::vector<double> s1, prep, batch;
        for (int run = 0; run < runs; ++run) {
            s1.push_back(micros_per_call(2000, [&](int) { select1(conn); }));
            prep.push_back(micros_per_call(2000, [&](int i) { (void)conn.query(point, i % 1000); }));
            conn.execute("DELETE FROM bench_many");
            batch.push_back(micros_per_call(1, [&](int) { many(conn, insert); }));
        }
        print("select1_us", s1);
        print("prepared_select_us", prep);
        print("execute_many_10000_us", batch, "%.0f");
        std::vector<double> per_row;
        for (double b : batch) per_row.push_back(b * 1000 / many_rows);
        print("execute_many_ns_per_row", per_row, "%.0f");
    } catch (const std::exception& e) {
        std::fprintf(stderr, "ifx_bench_calls: %s\n", e.what());
        return 1;
    }
    return 0;
}
