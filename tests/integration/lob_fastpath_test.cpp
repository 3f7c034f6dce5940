// Smart LOBs through the fast path against ifxlite: creating BLOB/CLOB objects, binding their
// locators into INSERT, size/seek/tell, release, and a long connection that keeps fetching and
// creating LOBs without the server running out of memory.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstddef>
#include <random>
#include <string>
#include <vector>

#include "server_fixture.hpp"

namespace {

using ifx::test::server_fixture;
using bytes = std::vector<std::byte>;

bytes random_bytes(std::size_t n, unsigned seed) {
    std::mt19937 gen(seed);
    bytes out(n);
    for (auto& b : out) b = static_cast<std::byte>(gen() & 0xff);
    return out;
}

class lob_fastpath_test : public ::testing::Test {
protected:
    void SetUp() override {
        if (server_fixture::instance().real_server())
            GTEST_SKIP() << "smart LOBs need an sbspace on a real server";
        conn_.connect(server_fixture::instance().params());
        t_ = "fplob_" + std::to_string(::getpid());
        conn_.execute("CREATE TABLE " + t_ + " (k INTEGER, c CLOB, b BLOB)");
    }
    void TearDown() override {
        if (!t_.empty() && conn_.is_open()) conn_.execute("DROP TABLE " + t_);
    }
    ifx::lob_locator fetch(std::string_view column, int k) {
        return conn_.query_value<ifx::lob_locator>("SELECT " + std::string(column) + " FROM " + t_ +
                                                   " WHERE k = " + std::to_string(k));
    }
    ifx::connection conn_;
    std::string t_;
};

TEST_F(lob_fastpath_test, created_blob_is_inserted_by_locator_and_read_back_with_seek) {
    const bytes data = random_bytes(100'003, 1);
    ifx::smart_lob w = ifx::smart_lob::create(conn_, ifx::lob_locator::kind::blob);
    ASSERT_TRUE(w.is_open());
    w.write(data);
    EXPECT_EQ(w.tell(), static_cast<std::int64_t>(data.size()));
    EXPECT_EQ(w.size(), static_cast<std::int64_t>(data.size()));
    // Read back through the writable descriptor after seeking to the start.
    EXPECT_EQ(w.seek(0), 0);
    bytes head(10);
    EXPECT_EQ(w.read(head), head.size());
    EXPECT_TRUE(std::equal(head.begin(), head.end(), data.begin()));
    const ifx::lob_locator loc = w.locator();
    w.close();
    conn_.execute("INSERT INTO " + t_ + " (k, b) VALUES (1, ?)", loc);

    ifx::smart_lob r(conn_, fetch("b", 1));
    EXPECT_EQ(r.size(), static_cast<std::int64_t>(data.size()));
    EXPECT_EQ(r.tell(), 0);  // size() leaves the position alone
    EXPECT_EQ(r.seek(5000), 5000);
    bytes part(100);
    ASSERT_EQ(r.read(part), part.size());
    EXPECT_TRUE(std::equal(part.begin(), part.end(), data.begin() + 5000));
    EXPECT_EQ(r.tell(), 5100);
    EXPECT_EQ(r.seek(-10, ifx::lob_whence::end), static_cast<std::int64_t>(data.size()) - 10);
    EXPECT_EQ(r.seek(3, ifx::lob_whence::current), static_cast<std::int64_t>(data.size()) - 7);
    bytes tail(100);
    ASSERT_EQ(r.read(tail), 7u);
    EXPECT_TRUE(std::equal(tail.begin(), tail.begin() + 7, data.end() - 7));

    // A position before the start is the server's error; the descriptor and connection survive.
    std::error_code ec;
    ifx::diagnostics diag;
    EXPECT_EQ(r.seek(-1, ifx::lob_whence::set, ec, diag), -1);
    EXPECT_EQ(ec, ifx::make_server_error(-9810));
    EXPECT_EQ(r.tell(), static_cast<std::int64_t>(data.size()));
    r.close();
    EXPECT_EQ(ifx::read_lob(conn_, fetch("b", 1)), data);
}

TEST_F(lob_fastpath_test, created_clob_holds_text_and_create_lob_builds_values) {
    const std::string text = "Grüße, café, naïve and more text";  // itest is en_US.819: Latin-1 text
    ifx::smart_lob w = ifx::smart_lob::create(conn_, ifx::lob_locator::kind::clob);
    EXPECT_EQ(w.kind(), ifx::lob_locator::kind::clob);
    EXPECT_EQ(w.locator().type, ifx::lob_locator::kind::clob);
    w.write_text(text);
    w.close();
    conn_.execute("INSERT INTO " + t_ + " (k, c) VALUES (2, ?)", w.locator());
    EXPECT_EQ(ifx::read_lob_text(conn_, fetch("c", 2)), text);

    const bytes data = random_bytes(70'000, 2);
    const ifx::lob_locator loc = ifx::create_lob(conn_, ifx::lob_locator::kind::blob, data);
    conn_.execute("UPDATE " + t_ + " SET b = ? WHERE k = 2", loc);
    ifx::release_lob(conn_, loc);
    EXPECT_EQ(ifx::read_lob(conn_, fetch("b", 2)), data);  // the row holds it, not the locator
    // A released locator is gone for the session.
    try {
        ifx::smart_lob gone(conn_, loc);
        FAIL() << "a released locator opened";
    } catch (const ifx::error& e) {
        EXPECT_EQ(e.code(), ifx::make_server_error(-9810));
    }
    conn_.ping();
}

TEST_F(lob_fastpath_test, long_connection_keeps_fetching_and_creating_lobs) {
    // 8 MiB stored once; fetched 48 times (384 MiB, past ifxlite's 256 MiB per-session cap if
    // each fetch held its own copy) and each time sized and sampled.
    const bytes big = random_bytes(8 * 1024 * 1024, 3);
    conn_.execute("INSERT INTO " + t_ + " (k, b) VALUES (3, ?)",
                  ifx::create_lob(conn_, ifx::lob_locator::kind::blob, big));
    for (int i = 0; i < 48; ++i) {
        ifx::smart_lob r(conn_, fetch("b", 3));
        ASSERT_EQ(r.size(), static_cast<std::int64_t>(big.size())) << "fetch " << i;
        const std::int64_t at =
            (static_cast<std::int64_t>(i) * 170'003) % static_cast<std::int64_t>(big.size() - 16);
        ASSERT_EQ(r.seek(at), at);
        bytes sample(16);
        ASSERT_EQ(r.read(sample), sample.size());
        ASSERT_TRUE(std::equal(sample.begin(), sample.end(), big.begin() + at)) << "fetch " << i;
    }
    // 65 new 4 MiB objects, each released (every 13th stored first): with the 8 MiB copy above,
    // past the cap unless released objects are freed.
    bytes chunk = random_bytes(4 * 1024 * 1024, 4);
    for (int i = 0; i < 65; ++i) {
        chunk[0] = static_cast<std::byte>(i);
        const ifx::lob_locator loc = ifx::create_lob(conn_, ifx::lob_locator::kind::blob, chunk);
        if (i % 13 == 12) conn_.execute("UPDATE " + t_ + " SET b = ? WHERE k = 3", loc);
        ifx::release_lob(conn_, loc);
    }
    chunk[0] = static_cast<std::byte>(64);
    EXPECT_EQ(ifx::read_lob(conn_, fetch("b", 3)), chunk);
}

}  // namespace
