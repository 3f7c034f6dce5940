// Large objects against ifxlite: BYTE/TEXT parameters and content (SQ_BBIND/SQ_BLOB upload,
// SQ_FETCHBLOB per row) and BLOB/CLOB streaming through smart_lob (ifx_lo_open + SQ_LODATA).
#include <gtest/gtest.h>

#include <unistd.h>

#include <asio/co_spawn.hpp>
#include <asio/use_awaitable.hpp>

#include <chrono>
#include <cstddef>
#include <optional>
#include <ostream>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "ifx/async_connection.hpp"
#include "server_fixture.hpp"
#include "support/fault_proxy.hpp"
#include "support/time_scale.hpp"

namespace {

using namespace std::chrono_literals;
using ifx::test::server_fixture;
using bytes = std::vector<std::byte>;
using opt_bytes = std::optional<bytes>;
using opt_text = std::optional<std::string>;

bytes random_bytes(std::size_t n, unsigned seed) {
    std::mt19937 gen(seed);
    bytes out(n);
    for (auto& b : out) b = static_cast<std::byte>(gen() & 0xff);
    return out;
}

std::string random_text(std::size_t n, unsigned seed) {
    static const char* const pieces[] = {"abc ", "Grüße ", "日本語 ", "✓ ", "\n", "x"};
    std::mt19937 gen(seed);
    std::string out;
    while (out.size() < n) out += pieces[gen() % 6];
    return out;
}

// The text here goes beyond Latin-1 (multi-byte UTF-8 split across chunks), so these tests use a
// UTF-8 database: itest is en_US.819, where the client (rightly) refuses such text.
ifx::connect_params lob_params() {
    static const std::string database = [] {
        auto p = server_fixture::instance().params();
        p.database.clear();
        p.db_locale = "en_US.utf8";
        ifx::connection c(p);
        const std::string name = "ilob" + std::to_string(::getpid());
        c.execute("CREATE DATABASE " + name + " WITH LOG");
        return name;
    }();
    auto p = server_fixture::instance().params();
    p.database = database;
    return p;
}

std::string table_name(const char* base) {
    return std::string(base) + "_" + std::to_string(::getpid());
}

class lob_test : public ::testing::Test {
protected:
    void SetUp() override {
        if (server_fixture::instance().real_server())
            GTEST_SKIP() << "BYTE/TEXT need a blobspace and smart LOBs an sbspace on a real server";
        conn_.connect(lob_params());
    }
    ifx::connection conn_;
};

TEST_F(lob_test, byte_and_text_round_trip) {
    const std::string t = table_name("lob_bt");
    conn_.execute("CREATE TABLE " + t + " (k INTEGER, b BYTE, x TEXT)");
    struct value {
        opt_bytes b;
        opt_text x;
    };
    const std::vector<value> values = {
        {bytes{}, std::string()},                                                      // empty, not NULL
        {bytes{std::byte{0}, std::byte{0xff}, std::byte{7}}, std::string("a")},        // odd lengths: pads
        {random_bytes(1024, 1), random_text(1024, 1)},                                 // exactly one chunk
        {random_bytes(3 * 1024 * 1024 + 17, 2), random_text(2 * 1024 * 1024 + 3, 2)},  // thousands of chunks
        {std::nullopt, std::nullopt},
        {random_bytes(1025, 3), std::string("Grüße, 日本語 ✓ — ÿ")},
    };
    ifx::statement ins = conn_.prepare("INSERT INTO " + t + " VALUES (?, ?, ?)");
    for (std::size_t i = 0; i < values.size(); ++i) {
        const auto& v = values[i];
        const std::optional<ifx::text> x = v.x ? std::optional(ifx::text{*v.x}) : std::nullopt;
        conn_.execute(ins, static_cast<int>(i), v.b, x);
    }
    const auto rows = conn_.query<int, opt_bytes, opt_text>("SELECT k, b, x FROM " + t + " ORDER BY k");
    ASSERT_EQ(rows.size(), values.size());
    for (std::size_t i = 0; i < values.size(); ++i) {
        const auto& [k, b, x] = rows[i];
        EXPECT_EQ(k, static_cast<int>(i));
        EXPECT_EQ(b, values[i].b) << "row " << i;
        EXPECT_EQ(x, values[i].x) << "row " << i;
    }
    // One value alone, and BYTE read as a std::string (verbatim bytes).
    EXPECT_EQ(conn_.query_value<std::string>("SELECT x FROM " + t + " WHERE k = 5"), *values[5].x);
    const auto raw = conn_.query_value<std::string>("SELECT b FROM " + t + " WHERE k = 1");
    EXPECT_EQ(raw, std::string("\0\xff\x07", 3));
    // NULL into a plain type is an error, the descriptor is still there to inspect.
    EXPECT_THROW((void)conn_.query_value<bytes>("SELECT b FROM " + t + " WHERE k = 4"), ifx::error);
    const auto d = conn_.query_value<ifx::blob_descriptor>("SELECT b FROM " + t + " WHERE k = 3");
    EXPECT_EQ(static_cast<std::size_t>(d.size()), values[3].b->size());
    // UPDATE with a BYTE parameter, and a TEXT bind in a WHERE-less statement with other params.
    conn_.execute("UPDATE " + t + " SET b = ?, x = ? WHERE k = ?", bytes{std::byte{42}}, ifx::text{"new"}, 0);
    EXPECT_EQ(conn_.query_value<bytes>("SELECT b FROM " + t + " WHERE k = 0"), bytes{std::byte{42}});
    EXPECT_EQ(conn_.query_value<std::string>("SELECT x FROM " + t + " WHERE k = 0"), "new");
    conn_.execute("DROP TABLE " + t);
}

TEST_F(lob_test, execute_many_pipelines_byte_and_text_rows) {
    const std::string t = table_name("lob_many");
    conn_.execute("CREATE TABLE " + t + " (k INTEGER, b BYTE, x TEXT)");
    std::vector<bytes> blobs;
    std::vector<std::string> texts;
    for (int i = 0; i < 50; ++i) {
        blobs.push_back(random_bytes(static_cast<std::size_t>(i) * 211, static_cast<unsigned>(i) + 100));
        texts.push_back(random_text(static_cast<std::size_t>(i) * 97, static_cast<unsigned>(i)));
    }
    std::vector<std::tuple<int, bytes, ifx::text>> rows;
    for (int i = 0; i < 50; ++i)
        rows.emplace_back(i, blobs[static_cast<std::size_t>(i)],
                          ifx::text{texts[static_cast<std::size_t>(i)]});
    const auto br = conn_.execute_many(conn_.prepare("INSERT INTO " + t + " VALUES (?, ?, ?)"), rows, 16);
    EXPECT_EQ(br.rows_succeeded, 50u);
    EXPECT_EQ(br.round_trips, 4u);
    const auto back = conn_.query<int, bytes, std::string>("SELECT k, b, x FROM " + t + " ORDER BY k");
    ASSERT_EQ(back.size(), 50u);
    for (const auto& [k, b, x] : back) {
        EXPECT_EQ(b, blobs[static_cast<std::size_t>(k)]);
        EXPECT_EQ(x, texts[static_cast<std::size_t>(k)]);
    }
    conn_.execute("DROP TABLE " + t);
}

// The async connection runs the same fetch operation, so it fetches BYTE/TEXT content too.
TEST_F(lob_test, async_connection_binds_and_reads_byte_and_text) {
    const std::string t = table_name("lob_async");
    const bytes value = random_bytes(70'000, 21);
    const std::string text = random_text(5'000, 21);
    asio::io_context io;
    std::exception_ptr failure;
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
            ifx::async_connection c(io);
            co_await c.async_connect(lob_params(), asio::use_awaitable);
            co_await c.async_execute("CREATE TABLE " + t + " (k INTEGER, b BYTE, x TEXT)",
                                     asio::use_awaitable);
            co_await c.async_execute("INSERT INTO " + t + " VALUES (?, ?, ?)",
                                     ifx::make_params(1, value, ifx::text{text}), asio::use_awaitable);
            auto r = co_await c.async_query("SELECT b, x FROM " + t, asio::use_awaitable);
            EXPECT_EQ(r.size(), 1u);
            if (r.size() == 1) {
                EXPECT_EQ(r[0].get<bytes>(0), value);
                EXPECT_EQ(r[0].get<std::string>(1), text);
            }
            co_await c.async_execute("DROP TABLE " + t, asio::use_awaitable);
        },
        [&](std::exception_ptr e) { failure = e; });
    io.run();
    if (failure) std::rethrow_exception(failure);
}

TEST_F(lob_test, plain_string_into_byte_column_is_refused_and_the_connection_survives) {
    const std::string t = table_name("lob_refuse");
    conn_.execute("CREATE TABLE " + t + " (b BYTE)");
    try {
        conn_.execute("INSERT INTO " + t + " VALUES (?)", "not a BYTE bind");
        FAIL() << "a CHAR bind into a BYTE column succeeded";
    } catch (const ifx::error& e) {
        EXPECT_EQ(e.code(), ifx::make_server_error(-617));
    }
    EXPECT_TRUE(conn_.is_open());
    conn_.ping();
    conn_.execute("DROP TABLE " + t);
}

TEST_F(lob_test, text_in_a_latin1_session_is_converted) {
    auto p = server_fixture::instance().params();
    p.client_locale = "en_US.819";
    ifx::connection conn(p);
    const std::string t = table_name("lob_latin1");
    conn.execute("CREATE TABLE " + t + " (k INTEGER, x TEXT)");
    conn.execute("INSERT INTO " + t + " VALUES (1, ?)", ifx::text{"Grüße ÿ"});
    EXPECT_EQ(conn.query_value<std::string>("SELECT x FROM " + t), "Grüße ÿ");
    // The bytes on the wire are ISO-8859-1: 7 bytes for 7 characters.
    EXPECT_EQ(conn.query_value<bytes>("SELECT x FROM " + t).size(), 7u);
    // Text Latin-1 cannot hold is refused before anything is sent.
    EXPECT_THROW(conn.execute("INSERT INTO " + t + " VALUES (2, ?)", ifx::text{"日本"}), ifx::error);
    EXPECT_EQ(conn.query_value<int>("SELECT COUNT(*) FROM " + t), 1);
    conn.execute("DROP TABLE " + t);
}

TEST_F(lob_test, many_rows_with_lob_columns_stream_through_a_cursor) {
    auto p = lob_params();
    p.fetch_buffer_size = 700;  // a dozen descriptor rows per batch
    ifx::connection conn(p);
    const std::string t = table_name("lob_stream");
    conn.execute("CREATE TABLE " + t + " (k INTEGER, b BYTE, x TEXT)");
    constexpr int n = 400;
    ifx::statement ins = conn.prepare("INSERT INTO " + t + " VALUES (?, ?, ?)");
    conn.begin();
    for (int i = 0; i < n; ++i) {
        const opt_bytes b =
            i % 7 == 3 ? opt_bytes{} : opt_bytes{random_bytes(static_cast<std::size_t>(i * 53), i)};
        conn.execute(ins, i, b, ifx::text{"row " + std::to_string(i)});
    }
    conn.commit();
    ifx::cursor cur = conn.open_cursor("SELECT k, b, x FROM " + t + " ORDER BY k");
    int count = 0;
    std::size_t batches = 0, largest = 0;
    while (auto batch = cur.fetch()) {
        ++batches;
        largest = std::max(largest, batch.size());
        for (ifx::row_view row : batch) {
            const int k = row.get<int>(0);
            ASSERT_EQ(k, count);
            const auto b = row.get<opt_bytes>(1);
            if (k % 7 == 3)
                EXPECT_FALSE(b);
            else
                EXPECT_EQ(b, random_bytes(static_cast<std::size_t>(k * 53), k)) << "row " << k;
            EXPECT_EQ(row.get<std::string>(2), "row " + std::to_string(k));
            ++count;
        }
    }
    EXPECT_EQ(count, n);
    EXPECT_GT(batches, 20u);
    // A batch holds what fits in the fetch buffer (descriptors are 56 bytes); the content of only
    // those rows is held with it.
    EXPECT_LE(largest, p.fetch_buffer_size / 112 + 1);
    cur.close();
    // Scroll cursors deliver the content too.
    ifx::scroll_cursor sc = conn.open_scroll_cursor("SELECT k, x FROM " + t + " ORDER BY k");
    auto last = sc.last();
    ASSERT_TRUE(last);
    EXPECT_EQ(last->get<std::string>(1), "row " + std::to_string(n - 1));
    auto some = sc.absolute(100);
    ASSERT_TRUE(some);
    EXPECT_EQ(some->get<std::string>(1), "row 99");
    sc.close();
    EXPECT_EQ(conn.open_cursors(), 0);
    conn.execute("DROP TABLE " + t);
}

// ---- smart large objects ------------------------------------------------------------------------

class smart_lob_test : public lob_test {
protected:
    void SetUp() override {
        lob_test::SetUp();
        if (IsSkipped()) return;
        t_ = table_name("slob");
        conn_.execute("CREATE TABLE " + t_ + " (k INTEGER, c CLOB, b BLOB)");
    }
    void TearDown() override {
        if (!t_.empty() && conn_.is_open()) conn_.execute("DROP TABLE " + t_);
    }
    ifx::lob_locator locator(std::string_view column, int k) {
        return conn_.query_value<ifx::lob_locator>("SELECT " + std::string(column) + " FROM " + t_ +
                                                   " WHERE k = " + std::to_string(k));
    }
    std::string t_;
};

TEST_F(smart_lob_test, read_in_chunks_of_odd_sizes) {
    const std::string content = random_text(300'000, 9);
    conn_.execute("INSERT INTO " + t_ + " (k, c) VALUES (1, ?)", "seed");
    // Content longer than a CHAR bind: write it through a locator, store it with locopy. (Each
    // SELECT gives ifxlite a new locator: the one written through is the one to store.)
    const ifx::lob_locator seed = locator("c", 1);
    {
        ifx::smart_lob w(conn_, seed, ifx::lob_mode::write);
        w.write_text(content);
    }
    conn_.execute("UPDATE " + t_ + " SET c = locopy(?) WHERE k = 1", seed);

    const ifx::lob_locator loc = locator("c", 1);
    EXPECT_EQ(loc.type, ifx::lob_locator::kind::clob);
    ifx::smart_lob lob(conn_, loc);
    ASSERT_TRUE(lob.is_open());
    std::string got;
    const std::size_t sizes[] = {1, 7, 1000, 33'333, 31'999, 32'001, 1'048'577};
    for (std::size_t i = 0;; ++i) {
        std::vector<std::byte> buf(sizes[i % std::size(sizes)]);
        const std::size_t n = lob.read(buf);
        got.append(reinterpret_cast<const char*>(buf.data()), n);
        if (n < buf.size()) break;
    }
    EXPECT_EQ(got, content);
    std::vector<std::byte> more(10);
    EXPECT_EQ(lob.read(more), 0u);  // at the end
    lob.close();
    EXPECT_FALSE(lob.is_open());
    EXPECT_EQ(ifx::read_lob_text(conn_, loc), content);
}

TEST_F(smart_lob_test, write_in_chunks_of_odd_sizes_then_store) {
    conn_.execute("INSERT INTO " + t_ + " (k, b) VALUES (2, ?)", "seed");
    const bytes data = random_bytes(5 * 1024 * 1024 + 3, 4);
    const ifx::lob_locator loc = locator("b", 2);
    EXPECT_EQ(loc.type, ifx::lob_locator::kind::blob);
    {
        ifx::smart_lob lob(conn_, loc, ifx::lob_mode::write);
        const std::size_t sizes[] = {1, 77'777, 32'000, 3, 1'000'001, 524'289};
        std::size_t at = 0;
        for (std::size_t i = 0; at < data.size(); ++i) {
            const std::size_t n = std::min(sizes[i % std::size(sizes)], data.size() - at);
            lob.write(std::span(data).subspan(at, n));
            at += n;
        }
    }  // closed by the destructor
    conn_.execute("UPDATE " + t_ + " SET b = locopy(?) WHERE k = 2", loc);
    EXPECT_EQ(ifx::read_lob(conn_, locator("b", 2)), data);
    // Whole-value write at the start of another object.
    const bytes small = random_bytes(999, 5);
    conn_.execute("INSERT INTO " + t_ + " (k, b) VALUES (3, ?)", "");
    const ifx::lob_locator loc3 = locator("b", 3);
    ifx::write_lob(conn_, loc3, small);
    EXPECT_EQ(ifx::read_lob(conn_, loc3), small);
    // NULL BLOB reads as an empty optional locator.
    EXPECT_FALSE(conn_.query_value<std::optional<ifx::lob_locator>>("SELECT c FROM " + t_ + " WHERE k = 2"));
}

TEST_F(smart_lob_test, descriptor_is_released_on_destruction) {
    conn_.execute("INSERT INTO " + t_ + " (k, c) VALUES (1, 'abc')");
    std::int32_t fd = -1;
    {
        ifx::smart_lob lob(conn_, locator("c", 1));
        fd = lob.descriptor();
        EXPECT_GE(fd, 0);
        ifx::smart_lob moved = std::move(lob);
        EXPECT_FALSE(lob.is_open());  // NOLINT(bugprone-use-after-move): the moved-from state is specified
        EXPECT_EQ(moved.descriptor(), fd);
    }
    // Closing it again proves the destructor closed it: the server no longer knows it.
    try {
        (void)conn_.query("SELECT ifx_lo_close(?) FROM sysmaster:sysdual", fd);
        FAIL() << "the descriptor was still open";
    } catch (const ifx::error& e) {
        EXPECT_EQ(e.code(), ifx::make_server_error(-9810));
    }
    EXPECT_TRUE(conn_.is_open());
}

TEST_F(smart_lob_test, bad_locator_and_closed_objects_give_clear_errors) {
    conn_.execute("INSERT INTO " + t_ + " (k, c) VALUES (1, 'abc')");
    ifx::lob_locator bogus = locator("c", 1);
    bogus.raw[7] ^= 0x40;  // a handle the server never gave out
    try {
        ifx::smart_lob lob(conn_, bogus);
        FAIL() << "a bogus locator opened";
    } catch (const ifx::error& e) {
        EXPECT_EQ(e.code(), ifx::make_server_error(-9810));
    }
    conn_.ping();  // the connection is still usable

    ifx::smart_lob lob(conn_, locator("c", 1));
    lob.close();
    std::vector<std::byte> buf(4);
    std::error_code ec;
    ifx::diagnostics diag;
    EXPECT_EQ(lob.read(buf, ec, diag), 0u);
    EXPECT_EQ(ec, ifx::errc::cursor_closed);
    EXPECT_THROW(lob.write(buf), ifx::error);
    ifx::smart_lob never_opened;
    EXPECT_THROW((void)never_opened.read_all(), ifx::error);
}

TEST_F(smart_lob_test, lob_on_a_closed_connection) {
    conn_.execute("INSERT INTO " + t_ + " (k, c) VALUES (1, 'abc')");
    const ifx::lob_locator loc = locator("c", 1);
    ifx::smart_lob lob(conn_, loc);
    ifx::connection other(lob_params());
    other.close();
    try {
        ifx::smart_lob l(other, loc);
        FAIL();
    } catch (const ifx::error& e) {
        EXPECT_EQ(e.code(), ifx::errc::not_connected);
    }
    // The open object outlives a close of its connection's handle only as far as errors go.
    const std::string t = t_;
    t_.clear();
    conn_.execute("DROP TABLE " + t);
    conn_.close();
    std::vector<std::byte> buf(3);
    std::error_code ec;
    ifx::diagnostics diag;
    (void)lob.read(buf, ec, diag);
    EXPECT_TRUE(ec);
    lob.close();  // nothing left to close: no throw
}

// ---- failures in the middle of a transfer ------------------------------------------------------

struct transfer_fault {
    const char* name;
    ifx::test::fault kind;
    std::size_t after_bytes;
};

// gtest prints a parameter without a printer byte by byte, padding included (memcheck flags it).
void PrintTo(const transfer_fault& f, std::ostream* os) {
    *os << f.name << " after " << f.after_bytes << " bytes";
}

class lob_fault_test : public ::testing::TestWithParam<transfer_fault> {};

// Each transfer is broken after its first bytes: it fails within the read timeout, the failure is
// fatal, and the connection is closed (never left half-way through a reply).
TEST_P(lob_fault_test, a_broken_transfer_closes_the_connection_within_the_deadline) {
    if (server_fixture::instance().real_server()) GTEST_SKIP() << "needs ifxlite";
    const auto f = GetParam();
    ifx::test::fault_proxy proxy(server_fixture::instance().lite().port());
    auto p = lob_params();
    p.port = proxy.port();
    p.read_timeout = ifx::test::scaled(1500ms);
    const std::string t = table_name("lob_fault") + "_" + f.name;
    const bytes big = random_bytes(400'000, 11);
    {
        ifx::connection setup(lob_params());
        setup.execute("CREATE TABLE " + t + " (b BYTE, c CLOB)");
        setup.execute("INSERT INTO " + t + " VALUES (?, ?)", big, std::string(30'000, 'c'));
    }
    // 0: BYTE content fetched with a row; 1: smart-LOB read; 2: smart-LOB write (its reply is
    // small, so it is broken from its first byte).
    for (int transfer = 0; transfer < 3; ++transfer) {
        ifx::connection conn(p);
        const auto arm = [&] { proxy.arm(f.kind, transfer == 2 ? 0 : f.after_bytes); };
        std::error_code ec;
        const auto start = std::chrono::steady_clock::now();
        try {
            if (transfer == 0) {
                arm();
                (void)conn.query_value<bytes>("SELECT b FROM " + t);
            } else {
                const auto loc = conn.query_value<ifx::lob_locator>("SELECT c FROM " + t);
                ifx::smart_lob lob(conn, loc, transfer == 1 ? ifx::lob_mode::read : ifx::lob_mode::write);
                arm();
                if (transfer == 1)
                    (void)lob.read_all();
                else
                    lob.write(big);
            }
        } catch (const ifx::error& e) {
            ec = e.code();
        }
        EXPECT_LT(std::chrono::steady_clock::now() - start, 20s) << "transfer " << transfer << " hung";
        EXPECT_TRUE(ec) << "transfer " << transfer << " reported success";
        EXPECT_TRUE(ifx::is_fatal(ec)) << "transfer " << transfer << ": " << ec.message();
        EXPECT_FALSE(conn.is_open()) << "transfer " << transfer;
        proxy.disarm();
    }
    ifx::connection cleanup(lob_params());
    cleanup.execute("DROP TABLE " + t);
}

INSTANTIATE_TEST_SUITE_P(faults, lob_fault_test,
                         ::testing::Values(transfer_fault{"drop", ifx::test::fault::drop, 3000},
                                           transfer_fault{"stall", ifx::test::fault::stall, 3000},
                                           transfer_fault{"reset", ifx::test::fault::reset, 3000},
                                           transfer_fault{"truncate", ifx::test::fault::truncate, 3000}),
                         [](const auto& param_info) { return std::string(param_info.param.name); });

}  // namespace
