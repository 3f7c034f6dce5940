// End-to-end SELECT throughput of ifx against ifxlite, with the client's own CPU time per row,
// beside the physical limit: the same number of bytes sent over loopback by a trivial sender and
// read by a reader that does nothing else. Not a test: it prints measurements, asserts nothing.
//
//   ifx_bench_select URL [runs]     (URL of an ifxlite database; the table is created if missing)
//
// Output: one line per measurement, "name value unit", then the median and spread of the runs.
#include <sys/resource.h>

#include <algorithm>
#include <asio/ip/tcp.hpp>
#include <asio/read.hpp>
#include <asio/write.hpp>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "ifx/ifx.hpp"

namespace {

using clock_type = std::chrono::steady_clock;

double cpu_seconds() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

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

// Reads `rows` rows, decoding every value to its C++ type; returns the bytes received.
sample read_rows(ifx::connection& conn, int rows, std::size_t& checksum) {
    const auto cpu0 = cpu_seconds();
    const auto t0 = clock_type::now();
    ifx::cursor cur =
        conn.open_cursor("SELECT FIRST " + std::to_string(rows) + " id, name, amount, ts, d FROM bench5");
    while (auto batch = cur.fetch()) {
        for (ifx::row_view r : batch) {
            checksum += static_cast<std::size_t>(r.get<int>(0));
            checksum += r.get<std::string_view>(1).size();
            checksum += static_cast<std::size_t>(r.get<ifx::decimal>(2).to_double() > 0);
            checksum += static_cast<std::size_t>(r.get<ifx::datetime>(3).qual().word());
            checksum += static_cast<std::size_t>(r.get<ifx::date>(4).day_number());
        }
    }
    sample s;
    s.wall = std::chrono::duration<double>(clock_type::now() - t0).count();
    s.cpu = cpu_seconds() - cpu0;
    return s;
}

// The physical limit: `bytes` sent over loopback by a trivial sender, read by a reader that only
// reads. Returns seconds.
double loopback_seconds(std::size_t bytes) {
    asio::io_context io;
    asio::ip::tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), 0});
    const auto port = acceptor.local_endpoint().port();
    std::thread sender([&] {
        asio::ip::tcp::socket s = acceptor.accept();
        std::vector<std::uint8_t> chunk(32 * 1024, 0x5a);
        for (std::size_t sent = 0; sent < bytes; sent += chunk.size())
            asio::write(s, asio::buffer(chunk.data(), std::min(chunk.size(), bytes - sent)));
    });
    asio::ip::tcp::socket r(io);
    r.connect({asio::ip::make_address("127.0.0.1"), port});
    std::vector<std::uint8_t> buf(64 * 1024);
    const auto t0 = clock_type::now();
    std::size_t got = 0;
    std::error_code ec;
    while (got < bytes && !ec) got += r.read_some(asio::buffer(buf), ec);
    const double s = std::chrono::duration<double>(clock_type::now() - t0).count();
    sender.join();
    return s;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s URL [runs]\n", argv[0]);
        return 2;
    }
    const int runs = argc > 2 ? std::max(1, std::atoi(argv[2])) : 5;
    auto params = ifx::parse_url(argv[1]);
    std::size_t received = 0;
    params.trace = [&](std::string_view line) {
        // Count the bytes of every server message (the trace line says "(N bytes)").
        if (line.find(" S>C ") == std::string_view::npos) return;
        const auto open = line.find('(');
        if (open != std::string_view::npos) received += std::strtoull(line.data() + open + 1, nullptr, 10);
    };
    ifx::connection setup(ifx::parse_url(argv[1]));
    ensure_table(setup, 1'000'000);
    ifx::connection conn(ifx::parse_url(argv[1]));
    ifx::connection traced(params);
    std::size_t checksum = 0;
    for (int rows : {1'000, 100'000, 1'000'000}) {
        std::vector<double> rows_per_s, cpu_ns_per_row;
        for (int i = 0; i < runs; ++i) {
            const auto s = read_rows(conn, rows, checksum);
            rows_per_s.push_back(rows / s.wall);
            cpu_ns_per_row.push_back(s.cpu * 1e9 / rows);
        }
        const auto r = summarise(rows_per_s), c = summarise(cpu_ns_per_row);
        std::printf("select_%d_rows_per_s %.0f (%.0f..%.0f)\n", rows, r.median, r.low, r.high);
        std::printf("select_%d_client_cpu_ns_per_row %.1f (%.1f..%.1f)\n", rows, c.median, c.low, c.high);
        if (rows == 1'000'000) {
            received = 0;
            (void)read_rows(traced, rows, checksum);  // once more, to count the bytes (tracing is not timed)
            const std::size_t bytes = received;
            std::vector<double> limit_bytes_per_s;
            for (int i = 0; i < runs; ++i)
                limit_bytes_per_s.push_back(static_cast<double>(bytes) / loopback_seconds(bytes));
            const auto l = summarise(limit_bytes_per_s);
            const double ifx_bytes_per_s = r.median * static_cast<double>(bytes) / rows;
            std::printf("result_bytes_1m %zu\n", bytes);
            std::printf("physical_limit_bytes_per_s %.0f (%.0f..%.0f)\n", l.median, l.low, l.high);
            std::printf("ifx_fraction_of_physical_limit %.3f\n", ifx_bytes_per_s / l.median);
        }
    }
    std::printf("checksum %zu\n", checksum);
    return 0;
}
