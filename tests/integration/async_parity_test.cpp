// The async connection offers what the sync one does, through the same session core: typed
// queries, query_value, scroll cursors, ping, savepoints (validated the same way), smart-LOB
// streams and error_code forms; and a sync and an async run of the same operations put the same
// bytes on the wire and fail the same way (compared from their protocol traces).
#include <gtest/gtest.h>

#include <unistd.h>

#include <asio/experimental/as_tuple.hpp>
#include <asio/use_awaitable.hpp>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "ifx/async_connection.hpp"
#include "ifx/async_smart_lob.hpp"
#include "ifx/smart_lob.hpp"
#include "server_fixture.hpp"
#include "support/run_coroutine.hpp"

namespace {

using ifx::test::run_coroutine;
using ifx::test::server_fixture;
constexpr auto tuple_awaitable = asio::experimental::as_tuple(asio::use_awaitable);

std::string table_name(const char* base) {
    return std::string(base) + "_" + std::to_string(::getpid());
}

// A table of `n` rows (id 1..n, name "row <id>") made over a sync connection.
void make_table(const std::string& t, int n) {
    ifx::connection c(server_fixture::instance().params());
    c.execute("CREATE TABLE " + t + " (id INTEGER NOT NULL, name VARCHAR(40))");
    auto ins = c.prepare("INSERT INTO " + t + " VALUES (?, ?)");
    std::vector<std::tuple<int, std::string>> rows;
    for (int i = 1; i <= n; ++i) rows.emplace_back(i, "row " + std::to_string(i));
    c.execute_many(ins, rows);
}

void drop_table(const std::string& t) {
    ifx::connection c(server_fixture::instance().params());
    c.execute("DROP TABLE " + t);
}

TEST(async_parity, typed_query_and_query_value_convert_as_the_sync_calls_do) {
    const auto t = table_name("aptyped");
    make_table(t, 5);
    ifx::connection sync(server_fixture::instance().params());
    const auto expected = sync.query<int, std::string>("SELECT id, name FROM " + t + " ORDER BY id");
    ASSERT_EQ(expected.size(), 5u);
    run_coroutine([&](asio::io_context& io) -> asio::awaitable<void> {
        ifx::async_connection c(io);
        co_await c.async_connect(server_fixture::instance().params(), asio::use_awaitable);
        auto rows = co_await c.async_query<int, std::string>("SELECT id, name FROM " + t + " ORDER BY id",
                                                             asio::use_awaitable);
        EXPECT_EQ(rows, expected);
        const auto two = ifx::make_params(2);
        auto one = co_await c.async_query<std::string>("SELECT name FROM " + t + " WHERE id = ?", two,
                                                       asio::use_awaitable);
        EXPECT_EQ(one, (std::vector<std::tuple<std::string>>{{"row 2"}}));
        EXPECT_EQ(
            co_await c.async_query_value<std::int64_t>("SELECT COUNT(*) FROM " + t, asio::use_awaitable), 5);
        auto name = co_await c.async_query_value<std::optional<std::string>>(
            "SELECT name FROM " + t + " WHERE id = ?", two, asio::use_awaitable);
        EXPECT_EQ(name, "row 2");

        // The wrong shape fails as the sync call does: the same code, and the connection stays usable.
        std::error_code sync_ec;
        try {
            (void)sync.query_value<int>("SELECT id FROM " + t);
        } catch (const ifx::error& e) {
            sync_ec = e.code();
        }
        EXPECT_EQ(sync_ec, ifx::errc::type_mismatch);
        ifx::diagnostics diag;
        auto [ec, v] = co_await c.async_query_value<int>("SELECT id FROM " + t, {}, diag, tuple_awaitable);
        EXPECT_EQ(ec, sync_ec);
        EXPECT_EQ(v, 0);
        EXPECT_FALSE(diag.client_message.empty());
        auto [tec, bad] = co_await c.async_query<int>("SELECT name FROM " + t, {}, diag, tuple_awaitable);
        EXPECT_TRUE(tec) << "text that is no number does not convert to int";
        EXPECT_TRUE(bad.empty());
        EXPECT_TRUE(c.is_open());
        co_await c.async_close(asio::use_awaitable);
    });
    drop_table(t);
}

TEST(async_parity, scroll_cursors_move_as_the_sync_ones) {
    const auto t = table_name("apscroll");
    make_table(t, 50);
    const std::string sql = "SELECT id, name FROM " + t + " ORDER BY id";
    ifx::connection sync(server_fixture::instance().params());
    auto sc = sync.open_scroll_cursor(sql);
    std::vector<std::optional<int>> expected;
    std::vector<std::int32_t> expected_positions;
    auto note = [&](std::optional<ifx::row_view> r) {
        expected.push_back(r ? std::optional<int>(r->get<int>(0)) : std::nullopt);
        expected_positions.push_back(sc.position());
    };
    note(sc.last());
    note(sc.first());
    note(sc.next());
    note(sc.absolute(40));
    note(sc.relative(-15));
    note(sc.prior());
    note(sc.absolute(51));
    note(sc.relative(-1));
    sc.close();

    run_coroutine([&](asio::io_context& io) -> asio::awaitable<void> {
        ifx::async_connection c(io);
        co_await c.async_connect(server_fixture::instance().params(), asio::use_awaitable);
        auto cur = co_await c.async_open_scroll_cursor({}, sql, {}, asio::use_awaitable);
        EXPECT_EQ(c.open_cursors(), 1);
        std::vector<std::optional<int>> got;
        std::vector<std::int32_t> positions;
        auto note_async = [&](std::optional<ifx::row_view> r) {
            got.push_back(r ? std::optional<int>(r->get<int>(0)) : std::nullopt);
            positions.push_back(cur.position());
        };
        note_async(co_await cur.async_last(asio::use_awaitable));
        note_async(co_await cur.async_first(asio::use_awaitable));
        note_async(co_await cur.async_next(asio::use_awaitable));
        note_async(co_await cur.async_absolute(40, asio::use_awaitable));
        note_async(co_await cur.async_relative(-15, asio::use_awaitable));
        note_async(co_await cur.async_prior(asio::use_awaitable));
        note_async(co_await cur.async_absolute(51, asio::use_awaitable));
        note_async(co_await cur.async_relative(-1, asio::use_awaitable));
        EXPECT_EQ(got, expected);
        EXPECT_EQ(positions, expected_positions);
        EXPECT_EQ(got[0], 50);
        EXPECT_EQ(got[4], 25);
        EXPECT_EQ(got[6], std::nullopt);
        co_await cur.async_close(asio::use_awaitable);
        EXPECT_EQ(c.open_cursors(), 0);
        // A closed cursor fails cleanly.
        auto [ec, r] = co_await cur.async_first(tuple_awaitable);
        EXPECT_TRUE(ec);
        EXPECT_FALSE(r);
        co_await c.async_ping(asio::use_awaitable);
        co_await c.async_close(asio::use_awaitable);
    });
    drop_table(t);
}

TEST(async_parity, savepoint_names_are_checked_the_same_way_and_nothing_is_sent) {
    std::vector<std::string> sent;
    auto p = server_fixture::instance().params();
    p.trace = [&](std::string_view line) {
        if (line.find(" C>S ") != std::string_view::npos) sent.emplace_back(line);
    };
    ifx::connection sync(p);
    sync.begin();
    std::size_t before = sent.size();
    std::error_code sync_ec;
    ifx::diagnostics sync_diag;
    sync.savepoint("x; DROP TABLE systables", sync_ec, sync_diag);
    EXPECT_EQ(sync_ec, ifx::errc::invalid_argument);
    EXPECT_THROW(sync.rollback_to_savepoint("1abc"), ifx::error);
    EXPECT_THROW(sync.release_savepoint(""), ifx::error);
    EXPECT_EQ(sent.size(), before) << "nothing sent for a name that is no identifier";
    sync.savepoint("sp_1");
    sync.rollback_to_savepoint("sp_1");
    sync.release_savepoint("sp_1");
    sync.rollback();

    run_coroutine([&](asio::io_context& io) -> asio::awaitable<void> {
        ifx::async_connection c(io);
        co_await c.async_connect(p, asio::use_awaitable);
        co_await c.async_begin(asio::use_awaitable);
        before = sent.size();
        ifx::diagnostics diag;
        auto [ec] = co_await c.async_savepoint("x; DROP TABLE systables", diag, tuple_awaitable);
        EXPECT_EQ(ec, sync_ec);
        EXPECT_EQ(diag.client_message, sync_diag.client_message);
        auto [ec2] = co_await c.async_rollback_to_savepoint("1abc", tuple_awaitable);
        EXPECT_EQ(ec2, ifx::errc::invalid_argument);
        auto [ec3] = co_await c.async_release_savepoint("", tuple_awaitable);
        EXPECT_EQ(ec3, ifx::errc::invalid_argument);
        EXPECT_EQ(sent.size(), before) << "nothing sent for a name that is no identifier";
        co_await c.async_savepoint("sp_1", asio::use_awaitable);
        co_await c.async_rollback_to_savepoint("sp_1", asio::use_awaitable);
        co_await c.async_release_savepoint("sp_1", asio::use_awaitable);
        co_await c.async_rollback(asio::use_awaitable);
        EXPECT_TRUE(c.is_open());
        co_await c.async_close(asio::use_awaitable);
    });
}

TEST(async_parity, smart_lob_streams_create_write_seek_and_read) {
    if (server_fixture::instance().real_server())
        GTEST_SKIP() << "smart LOBs need an sbspace on a real server";
    const auto t = table_name("aplob");
    {
        ifx::connection c(server_fixture::instance().params());
        c.execute("CREATE TABLE " + t + " (k INTEGER, c CLOB, b BLOB)");
    }
    std::vector<std::byte> data(70'001);
    for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<std::byte>((i * 7 + 3) & 0xff);
    ifx::lob_locator stored;
    run_coroutine([&](asio::io_context& io) -> asio::awaitable<void> {
        ifx::async_connection c(io);
        co_await c.async_connect(server_fixture::instance().params(), asio::use_awaitable);
        auto w = co_await ifx::async_smart_lob::async_create(c, ifx::lob_locator::kind::blob,
                                                             ifx::lob_mode::read_write, asio::use_awaitable);
        EXPECT_TRUE(w.is_open());
        EXPECT_EQ(w.kind(), ifx::lob_locator::kind::blob);
        EXPECT_EQ(co_await w.async_write(data, asio::use_awaitable), data.size());
        EXPECT_EQ(co_await w.async_tell(asio::use_awaitable), static_cast<std::int64_t>(data.size()));
        EXPECT_EQ(co_await w.async_size(asio::use_awaitable), static_cast<std::int64_t>(data.size()));
        EXPECT_EQ(co_await w.async_seek(5000, ifx::lob_whence::set, asio::use_awaitable), 5000);
        std::vector<std::byte> part(100);
        EXPECT_EQ(co_await w.async_read(part, asio::use_awaitable), part.size());
        EXPECT_TRUE(std::equal(part.begin(), part.end(), data.begin() + 5000));
        stored = w.locator();
        co_await w.async_close(asio::use_awaitable);
        EXPECT_FALSE(w.is_open());
        const auto loc = ifx::make_params(stored);
        co_await c.async_execute("INSERT INTO " + t + " (k, b, c) VALUES (1, ?, 'clob text')", loc,
                                 asio::use_awaitable);

        // Read it back by the locator a query returns, whole and as text.
        auto blob = co_await c.async_query_value<ifx::lob_locator>("SELECT b FROM " + t + " WHERE k = 1",
                                                                   asio::use_awaitable);
        auto r = co_await ifx::async_smart_lob::async_open(c, blob, ifx::lob_mode::read, asio::use_awaitable);
        EXPECT_EQ(co_await r.async_read_all(asio::use_awaitable), data);
        co_await r.async_close(asio::use_awaitable);
        auto clob = co_await c.async_query_value<ifx::lob_locator>("SELECT c FROM " + t + " WHERE k = 1",
                                                                   asio::use_awaitable);
        auto text =
            co_await ifx::async_smart_lob::async_open(c, clob, ifx::lob_mode::read, asio::use_awaitable);
        EXPECT_EQ(co_await text.async_read_text(asio::use_awaitable), "clob text");
        co_await text.async_close(asio::use_awaitable);

        // A closed object fails as smart_lob does (closing it again is no error), a bogus locator
        // is the server's error; the connection stays usable.
        std::vector<std::byte> buf(4);
        auto [cec, n] = co_await text.async_read(buf, tuple_awaitable);
        EXPECT_EQ(cec, ifx::errc::cursor_closed);
        EXPECT_EQ(n, 0u);
        auto [again] = co_await text.async_close(tuple_awaitable);
        EXPECT_FALSE(again);
        ifx::lob_locator bogus = clob;
        bogus.raw[7] ^= 0x40;
        ifx::diagnostics diag;
        auto [bec, none] =
            co_await ifx::async_smart_lob::async_open(c, bogus, ifx::lob_mode::read, diag, tuple_awaitable);
        EXPECT_EQ(bec, ifx::make_server_error(-9810));
        EXPECT_FALSE(none.is_open());
        co_await c.async_ping(asio::use_awaitable);
        co_await c.async_close(asio::use_awaitable);
    });
    ifx::connection c(server_fixture::instance().params());
    EXPECT_EQ(ifx::read_lob(c, c.query_value<ifx::lob_locator>("SELECT b FROM " + t + " WHERE k = 1")), data);
    c.execute("DROP TABLE " + t);
}

// ---- the same bytes ------------------------------------------------------------------------------

// A trace line without its timestamp: "C>S SQ_PREPARE (40 bytes): 00 02 …".
std::string without_time(std::string_view line) {
    const auto at = line.find(' ');
    return std::string(at == std::string_view::npos ? line : line.substr(at + 1));
}

struct outcome {
    std::error_code ec;
    int sqlcode = 0;
    bool operator==(const outcome&) const = default;
};

// What each run records: the messages the client sent and how the failing statements failed.
struct recording {
    std::vector<std::string> sent;
    std::vector<outcome> failures;
};

ifx::connect_params traced(recording& rec) {
    auto p = server_fixture::instance().params();
    p.trace = [&rec](std::string_view line) {
        if (line.find(" C>S ") != std::string_view::npos) rec.sent.push_back(without_time(line));
    };
    return p;
}

TEST(async_parity, a_sync_and_an_async_run_send_the_same_bytes_and_fail_the_same_way) {
    const auto t = table_name("apbytes");
    const std::string create = "CREATE TABLE " + t + " (id INTEGER NOT NULL, name VARCHAR(40))";
    const std::string insert = "INSERT INTO " + t + " VALUES (?, ?)";
    const std::string select = "SELECT id, name FROM " + t + " WHERE id > ? ORDER BY id";
    std::vector<std::tuple<int, std::string>> rows;
    for (int i = 1; i <= 30; ++i) rows.emplace_back(i, "n" + std::to_string(i));

    recording sync_run;
    {
        ifx::connection c(traced(sync_run));
        c.execute(create);
        c.execute(insert, 100, "hundred");
        auto ins = c.prepare(insert);
        c.execute_many(ins, rows, 8);
        (void)c.query<int, std::string>(select, 20);
        (void)c.query_value<std::int64_t>("SELECT COUNT(*) FROM " + t);
        {
            auto cur = c.open_cursor(select, 0);
            while (cur.fetch()) {
            }
            cur.close();  // explicitly: a sync cursor closes in its destructor, an async one queues
        }
        {
            auto sc = c.open_scroll_cursor(select, 0);
            (void)sc.last();
            (void)sc.absolute(3);
            sc.close();
        }
        c.begin();
        c.savepoint("sp");
        c.execute("DELETE FROM " + t);
        c.rollback_to_savepoint("sp");
        c.commit();
        c.ping();
        std::error_code ec;
        ifx::diagnostics diag;
        (void)c.query("SELECT nosuchcolumn FROM " + t, {}, ec, diag);
        sync_run.failures.push_back({ec, diag.sqlcode});
        (void)c.execute(insert, ifx::make_params(ifx::null, "null id"), ec, diag);
        sync_run.failures.push_back({ec, diag.sqlcode});
        c.execute("DROP TABLE " + t);
        c.close();
    }

    recording async_run;
    run_coroutine([&](asio::io_context& io) -> asio::awaitable<void> {
        ifx::async_connection c(io);
        co_await c.async_connect(traced(async_run), asio::use_awaitable);
        co_await c.async_execute(create, asio::use_awaitable);
        co_await c.async_execute(insert, ifx::make_params(100, "hundred"), asio::use_awaitable);
        auto ins = co_await c.async_prepare(insert, asio::use_awaitable);
        co_await c.async_execute_many(ins, rows, 8, asio::use_awaitable);
        (void)co_await c.async_query<int, std::string>(select, ifx::make_params(20), asio::use_awaitable);
        (void)co_await c.async_query_value<std::int64_t>("SELECT COUNT(*) FROM " + t, asio::use_awaitable);
        {
            auto cur = co_await c.async_open_cursor(select, ifx::make_params(0), asio::use_awaitable);
            while (co_await cur.async_fetch(asio::use_awaitable)) {
            }
            co_await cur.async_close(asio::use_awaitable);
        }
        {
            auto sc =
                co_await c.async_open_scroll_cursor({}, select, ifx::make_params(0), asio::use_awaitable);
            (void)co_await sc.async_last(asio::use_awaitable);
            (void)co_await sc.async_absolute(3, asio::use_awaitable);
            co_await sc.async_close(asio::use_awaitable);
        }
        co_await c.async_begin(asio::use_awaitable);
        co_await c.async_savepoint("sp", asio::use_awaitable);
        co_await c.async_execute("DELETE FROM " + t, asio::use_awaitable);
        co_await c.async_rollback_to_savepoint("sp", asio::use_awaitable);
        co_await c.async_commit(asio::use_awaitable);
        co_await c.async_ping(asio::use_awaitable);
        ifx::diagnostics diag;
        auto [qec, r] = co_await c.async_query("SELECT nosuchcolumn FROM " + t, {}, diag, tuple_awaitable);
        async_run.failures.push_back({qec, diag.sqlcode});
        auto [eec, e] =
            co_await c.async_execute(insert, ifx::make_params(ifx::null, "null id"), diag, tuple_awaitable);
        async_run.failures.push_back({eec, diag.sqlcode});
        co_await c.async_execute("DROP TABLE " + t, asio::use_awaitable);
        co_await c.async_close(asio::use_awaitable);
    });

    ASSERT_EQ(sync_run.failures.size(), 2u);
    EXPECT_TRUE(sync_run.failures[0].ec);
    EXPECT_TRUE(sync_run.failures[1].ec);
    EXPECT_EQ(async_run.failures, sync_run.failures);
    EXPECT_GT(sync_run.sent.size(), 20u);
    // Message by message: the first difference names where the faces part.
    const std::size_t common = std::min(async_run.sent.size(), sync_run.sent.size());
    std::size_t same = 0;
    while (same < common && async_run.sent[same] == sync_run.sent[same]) ++same;
    EXPECT_EQ(async_run.sent.size(), sync_run.sent.size());
    if (same < common)
        ADD_FAILURE() << "message " << same << " differs:\n sync:  " << sync_run.sent[same].substr(0, 300)
                      << "\n async: " << async_run.sent[same].substr(0, 300);
}

}  // namespace
