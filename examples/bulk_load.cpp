// Bulk load: insert many rows with one prepared statement and execute_many, which pipelines
// them (one round trip per batch), inside one transaction for all-or-nothing.
#include <ifx/ifx.hpp>
#include <ifx/transaction.hpp>

#include <chrono>
#include <cstdint>
#include <iostream>
#include <string>
#include <tuple>
#include <vector>

int main(int argc, char** argv) try {
    if (argc < 2) {
        std::cerr << "usage: bulk_load URL [ROWS]\n";
        return 2;
    }
    const int count = argc > 2 ? std::stoi(argv[2]) : 20000;
    ifx::connection conn = ifx::connect(argv[1]);
    conn.execute(
        "CREATE TABLE ex_reading (sensor INTEGER, seq INTEGER, value DECIMAL(8,3), label VARCHAR(20))");

    std::vector<std::tuple<int, int, ifx::decimal, std::string>> rows;
    rows.reserve(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i)
        rows.emplace_back(i % 16, i, ifx::decimal::parse(std::to_string(i % 1000) + ".125"),
                          "r" + std::to_string(i));

    const auto start = std::chrono::steady_clock::now();
    ifx::statement ins = conn.prepare("INSERT INTO ex_reading VALUES (?, ?, ?, ?)");
    ifx::batch_result br;
    {
        // In a logged database the transaction makes the load atomic (and faster).
        const bool tx_ok = conn.info().logged && !conn.info().ansi;
        if (tx_ok) conn.begin();
        br = conn.execute_many(ins, rows, 1000);
        if (tx_ok) conn.commit();
    }
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    std::cout << br.rows_succeeded << " rows in " << br.round_trips << " round trips, " << took.count()
              << " s\n";

    const auto loaded = conn.query_value<std::int64_t>("SELECT COUNT(*) FROM ex_reading");
    const auto sum = conn.query_value<ifx::decimal>("SELECT SUM(value) FROM ex_reading WHERE sensor = 0");
    std::cout << loaded << " rows loaded; sensor 0 sums to " << sum.to_string() << '\n';

    conn.execute("DROP TABLE ex_reading");
    return loaded == count && br.failed_rows.empty() ? 0 : 1;
} catch (const ifx::error& e) {
    std::cerr << "error: " << e.what() << '\n';
    if (e.diag().batch_row >= 0) std::cerr << "first failed row: " << e.diag().batch_row << '\n';
    return 1;
}
