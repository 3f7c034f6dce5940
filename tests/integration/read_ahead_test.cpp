// The sync cursor requests its next batch as soon as one arrives (read-ahead): the pending reply
// must be read before anything else is sent on the connection, and never lost or misread when the
// cursor is closed or destroyed, the connection closed, or the network fails during it.
#include <gtest/gtest.h>

#include <unistd.h>

#include <chrono>
#include <optional>
#include <string>

#include "faults_table.hpp"
#include "server_fixture.hpp"

namespace {

using ifx::test::server_fixture;
namespace faults = ifx::test::faults;

constexpr int rows = 50;

// A table of `rows` rows and parameters small enough for several fetches.
struct fixture {
    explicit fixture(const std::string& name, std::optional<std::uint16_t> port = {}) {
        p = server_fixture::instance().params();
        p.fetch_buffer_size = 512;
        table = "ra_" + name + "_" + std::to_string(::getpid());
        ifx::connection setup(server_fixture::instance().params());
        setup.execute("CREATE TABLE " + table + " (id INTEGER, name VARCHAR(20))");
        for (int i = 0; i < rows; ++i) setup.execute("INSERT INTO " + table + " VALUES (?, ?)", i, "row");
        if (port) p.port = *port;
    }
    ~fixture() {
        try {
            ifx::connection c(server_fixture::instance().params());
            c.execute("DROP TABLE " + table);
        } catch (...) {
        }
    }
    std::string select() const { return "SELECT id, name FROM " + table + " ORDER BY id"; }
    long long count(ifx::connection& c) const {
        return c.query_value<long long>("SELECT COUNT(*) FROM " + table);
    }
    ifx::connect_params p;
    std::string table;
};

// Reads the rest of a cursor, checking the ids follow `next`; returns the next expected id.
int read_rest(ifx::cursor& cur, int next) {
    while (auto batch = cur.fetch())
        for (ifx::row_view r : batch) {
            EXPECT_EQ(r.get<int>(0), next);
            ++next;
        }
    return next;
}

TEST(read_ahead, close_after_one_batch_then_another_statement) {
    fixture f("close");
    ifx::connection conn(f.p);
    {
        ifx::cursor cur = conn.open_cursor(f.select());
        auto first = cur.fetch();  // sends the second batch's request
        ASSERT_GT(first.size(), 0u);
        ASSERT_LT(first.size(), static_cast<std::size_t>(rows)) << "the test needs several batches";
        cur.close();
    }
    EXPECT_EQ(f.count(conn), rows);
    // The connection is clean: another cursor reads every row.
    ifx::cursor again = conn.open_cursor(f.select());
    EXPECT_EQ(read_rest(again, 0), rows);
}

TEST(read_ahead, cursor_destroyed_with_a_batch_pending) {
    fixture f("destroy");
    ifx::connection conn(f.p);
    for (int i = 0; i < 3; ++i) {
        ifx::cursor cur = conn.open_cursor(f.select());
        (void)cur.fetch();
        (void)cur.fetch();
    }
    EXPECT_EQ(f.count(conn), rows);
}

TEST(read_ahead, other_statements_between_batches_keep_the_rows) {
    fixture f("between");
    ifx::connection conn(f.p);
    ifx::cursor cur = conn.open_cursor(f.select());
    int next = 0;
    auto batch = cur.fetch();
    for (ifx::row_view r : batch) EXPECT_EQ(r.get<int>(0), next++);
    // The pending batch is read before this query is sent; the rows of `batch` stay valid.
    EXPECT_EQ(f.count(conn), rows);
    EXPECT_EQ(batch[0].get<int>(0), 0);
    // A second cursor interleaved with the first: each gets its own rows.
    ifx::cursor other = conn.open_cursor(f.select());
    auto other_first = other.fetch();
    int other_next = 0;
    for (ifx::row_view r : other_first) EXPECT_EQ(r.get<int>(0), other_next++);
    next = read_rest(cur, next);
    EXPECT_EQ(next, rows);
    EXPECT_EQ(read_rest(other, other_next), rows);
    conn.begin();
    conn.commit();
}

TEST(read_ahead, connection_closed_with_a_batch_pending) {
    fixture f("conn_close");
    ifx::connection conn(f.p);
    ifx::cursor cur = conn.open_cursor(f.select());
    (void)cur.fetch();
    conn.close();
    EXPECT_THROW((void)cur.fetch(), ifx::error);
    EXPECT_NO_THROW(cur.close());
}

// Each fault of the proxy, armed before the first fetch() sends the read-ahead: the failure is
// reported by the next call (a fetch, or another statement that reads the pending reply first)
// within the deadline, and a fatal one closes the connection.
class read_ahead_faults : public ::testing::TestWithParam<std::tuple<std::size_t, bool>> {};

TEST_P(read_ahead_faults, fail_cleanly) {
    if (server_fixture::instance().real_server()) GTEST_SKIP() << "needs ifxlite";
    const auto& fc = faults::all[std::get<0>(GetParam())];
    const bool next_is_fetch = std::get<1>(GetParam());
    ifx::test::fault_proxy proxy(server_fixture::instance().lite().port());
    fixture f(std::string("fault_") + fc.name + (next_is_fetch ? "_f" : "_q"), proxy.port());
    f.p.read_timeout = faults::read_timeout;
    ifx::connection conn(f.p);
    ifx::cursor cur = conn.open_cursor(f.select());
    faults::arm(proxy, fc);
    auto first = cur.fetch();  // the first batch came with the OPEN; this sends the next request
    int next = 0;
    for (ifx::row_view r : first) EXPECT_EQ(r.get<int>(0), next++);
    const auto start = std::chrono::steady_clock::now();
    std::error_code ec;
    try {
        if (next_is_fetch)
            next = read_rest(cur, next);
        else
            (void)f.count(conn);
    } catch (const ifx::error& e) {
        ec = e.code();
    }
    EXPECT_LT(std::chrono::steady_clock::now() - start, faults::generous) << "hung";
    if (faults::breaks_exchange(fc.kind)) {
        EXPECT_TRUE(ec) << "a broken exchange reported success";
    }
    if (ec && ifx::is_fatal(ec)) {
        EXPECT_FALSE(conn.is_open());
    }
    if (!ec && next_is_fetch) {
        EXPECT_EQ(next, rows);
    }
    proxy.disarm();
    // Whatever happened, the cursor and connection answer without hanging.
    std::error_code ec2;
    ifx::diagnostics diag;
    (void)cur.fetch(ec2, diag);
    cur.close(ec2, diag);
    (void)conn.query("SELECT COUNT(*) FROM " + f.table, {}, ec2, diag);
    EXPECT_LT(std::chrono::steady_clock::now() - start, 2 * faults::generous);
}

std::string fault_name(const ::testing::TestParamInfo<std::tuple<std::size_t, bool>>& info) {
    return std::string(faults::all[std::get<0>(info.param)].name) +
           (std::get<1>(info.param) ? "_fetch" : "_query");
}

INSTANTIATE_TEST_SUITE_P(all, read_ahead_faults,
                         ::testing::Combine(::testing::Range<std::size_t>(0, faults::count),
                                            ::testing::Bool()),
                         fault_name);

}  // namespace
