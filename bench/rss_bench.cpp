// Peak memory growth of a client process that streams a large result through a cursor, every
// value decoded: the peak resident set (VmHWM) after the stream minus the resident set before it,
// measured in this separate process so nothing else inflates it. The peak is reset first
// (/proc/self/clear_refs "5") where the kernel allows it. Not a test: it prints, asserts nothing.
//
//   ifx_bench_rss URL [rows]      (the bench5 table of ifx_bench_select; default 1,000,000 rows)
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <string>

#include "ifx/ifx.hpp"

namespace {

// A "VmXXX:  1234 kB" field of /proc/self/status, in KiB (-1 if missing).
long status_kib(const std::string& field) {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(field + ":", 0) == 0) return std::stol(line.substr(field.size() + 1));
    return -1;
}

bool reset_peak() {
    std::ofstream out("/proc/self/clear_refs");
    out << "5";
    out.flush();
    return static_cast<bool>(out);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s URL [rows]\n", argv[0]);
        return 2;
    }
    const long rows = argc > 2 ? std::atol(argv[2]) : 1'000'000;
    try {
        ifx::connection conn(ifx::parse_url(argv[1]));
        (void)conn.query("SELECT FIRST 1 id, name, amount, ts, d FROM bench5");  // warm the session
        const bool reset = reset_peak();
        const long before = status_kib("VmRSS");
        const long peak_before = status_kib("VmHWM");
        std::size_t checksum = 0;
        long seen = 0;
        ifx::cursor cur =
            conn.open_cursor("SELECT FIRST " + std::to_string(rows) + " id, name, amount, ts, d FROM bench5");
        while (auto batch = cur.fetch()) {
            for (ifx::row_view r : batch) {
                checksum += static_cast<std::size_t>(r.get<int>(0));
                checksum += r.get<std::string>(1).size();
                checksum += r.get<ifx::decimal>(2).to_string().size();
                checksum += static_cast<std::size_t>(r.get<ifx::datetime>(3).fields().second);
                checksum += static_cast<std::size_t>(r.get<ifx::date>(4).day_number());
                ++seen;
            }
        }
        cur.close();
        const long after = status_kib("VmHWM");
        // Without a reset the earlier peak may hide the growth; report against the larger base.
        const long base = reset ? before : std::max(before, peak_before);
        std::printf("stream_rows %ld\n", seen);
        std::printf("stream_rss_before_kib %ld\n", before);
        std::printf("stream_peak_rss_kib %ld\n", after);
        std::printf("stream_peak_rss_growth_kib %ld\n", after - base);
        std::printf("stream_peak_reset %s\n", reset ? "yes" : "no");
        std::printf("checksum %zu\n", checksum);
        if (seen != rows) {
            std::fprintf(stderr, "ifx_bench_rss: expected %ld rows, got %ld\n", rows, seen);
            return 1;
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "ifx_bench_rss: %s\n", e.what());
        return 1;
    }
    return 0;
}
