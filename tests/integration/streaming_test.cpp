// The regression that matters most for a pure-socket driver: a large result is read completely,
// in bounded memory. (A well-known driver once truncated results at ~200 rows.)
#include <gtest/gtest.h>

#include <unistd.h>

#include "server_fixture.hpp"

namespace {

TEST(streaming, one_million_rows_arrive_complete_and_in_order) {
    auto p = ifx::test::server_fixture::instance().params();
    p.fetch_buffer_size = 32767;
    ifx::connection conn(p);
    const std::string t = "million_" + std::to_string(::getpid());
    conn.execute("CREATE TABLE " + t + " (id INTEGER, v INTEGER)");
    ifx::statement ins = conn.prepare("INSERT INTO " + t + " VALUES (?, ?)");
    constexpr int n = 1'000'000;
    std::vector<ifx::param> flat;
    flat.reserve(2 * 50'000);
    conn.begin();
    for (int first = 0; first < n; first += 50'000) {
        flat.clear();
        for (int i = first; i < first + 50'000; ++i) {
            flat.emplace_back(i);
            flat.emplace_back(i % 977);
        }
        conn.execute_many_params(ins, flat, 2, 10'000);
    }
    conn.commit();

    ifx::cursor cur = conn.open_cursor("SELECT id, v FROM " + t + " ORDER BY id");
    long long count = 0, checksum = 0, expected = 0;
    std::size_t batches = 0, largest_batch = 0;
    while (auto batch = cur.fetch()) {
        ++batches;
        largest_batch = std::max(largest_batch, batch.size());
        for (ifx::row_view row : batch) {
            const int id = row.get<int>(0);
            ASSERT_EQ(id, count) << "rows out of order or missing";
            checksum += static_cast<long long>(id) * 31 + row.get<int>(1);
            ++count;
        }
    }
    for (long long i = 0; i < n; ++i) expected += i * 31 + i % 977;
    EXPECT_EQ(count, n);
    EXPECT_EQ(checksum, expected);
    EXPECT_GT(batches, 200u);
    // Memory is bounded by the fetch buffer: a batch never holds more rows than fit in it.
    EXPECT_LE(largest_batch, p.fetch_buffer_size / 8);
    conn.execute("DROP TABLE " + t);
}

}  // namespace
