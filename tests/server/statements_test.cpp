// Statement flows (PROTOCOL.md §7.2–7.7): COMMAND, PREPARE/DESCRIBE, cursors, fetch batches.
#include "sqli_client.hpp"

#include <cstring>

namespace ifxlite_test {
namespace {

class statements_test : public session_test {
protected:
    void SetUp() override {
        session_test::SetUp();
        connect();
        ASSERT_EQ(tags_of(command("CREATE TABLE t (a INTEGER, b VARCHAR(50))")),
                  tags({tag::describe, tag::done, tag::cost, tag::eot}));
    }

    void insert_rows(int n) {
        const auto r = command("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < " +
                               std::to_string(n) + ") INSERT INTO t SELECT x, 'row' || x FROM c");
        ASSERT_EQ(tags_of(r), tags({tag::describe, tag::done, tag::cost, tag::eot}));
        EXPECT_EQ(r[0].stmt_type, 6);
        EXPECT_EQ(r[1].rows, n);
    }

    std::vector<message> prepare(std::string_view sql) {
        return one_group(send(request().prepare(sql).t(tag::ndescribe).t(tag::wantdone).done()));
    }

    // Decodes an (INTEGER, VARCHAR) tuple payload.
    static std::pair<std::int32_t, std::string> row(const message& m) {
        EXPECT_GE(m.payload.size(), 5u);
        ifx::wire::reader r(m.payload);
        const std::int32_t a = r.i32();
        const std::size_t n = r.u8();
        const auto b = r.bytes(n);
        EXPECT_TRUE(r.at_end());
        return {a, std::string(b.begin(), b.end())};
    }
};

TEST_F(statements_test, command_reply_shape) {
    const auto r = command("INSERT INTO t VALUES (1, 'one')");
    ASSERT_EQ(tags_of(r), tags({tag::describe, tag::done, tag::cost, tag::eot}));
    EXPECT_EQ(r[0].stmt_type, 6);
    EXPECT_TRUE(r[0].columns.empty());
    EXPECT_EQ(r[1].rows, 1);
    const auto u = command("UPDATE t SET b = 'uno'");
    EXPECT_EQ(u[0].stmt_type, 33);
    EXPECT_EQ(u[1].rows, 1);
    EXPECT_EQ(command("DELETE FROM t WHERE a = 1")[0].stmt_type, 5);
    EXPECT_EQ(command("DROP TABLE t")[0].stmt_type, 15);
}

TEST_F(statements_test, command_without_execute_still_runs) {
    EXPECT_EQ(tags_of(one_group(send(request().command("INSERT INTO t VALUES (5, 'x')").done()))),
              tags({tag::describe, tag::done, tag::cost, tag::eot}));
    const auto r = prepare("SELECT COUNT(*) FROM t WHERE a = 5");
    ASSERT_EQ(r[0].columns.size(), 1u);
    EXPECT_EQ(r[0].columns[0].type, 5);
    EXPECT_EQ(r[0].columns[0].encoded_length, 0x0f00);
}

TEST_F(statements_test, prepare_select_matches_msg032) {
    // MSG-032 is the PREPARE reply for (a INT, b VARCHAR(50)) with f63+f69 but without f70.
    auto offer = vec("login.txt", "LOGIN-010");
    offer[12] &= static_cast<std::uint8_t>(~0x02);  // withdraw feature 70
    TearDown();
    session_test::SetUp();
    widths_.long_rowid = false;
    connect("testdb", ifx::lite::log_mode::logged, offer);
    command("CREATE TABLE t (a INTEGER, b VARCHAR(50))");
    const auto reply =
        send(request().prepare("SELECT a, b FROM t").t(tag::ndescribe).t(tag::wantdone).done());
    EXPECT_EQ(reply, vec("messages.txt", "MSG-032"));
}

TEST_F(statements_test, describe_columns) {
    const auto r = prepare("SELECT a, b FROM t");
    ASSERT_EQ(tags_of(r), tags({tag::describe, tag::done, tag::cost, tag::eot}));
    const auto& d = r[0];
    EXPECT_EQ(d.stmt_type, 2);
    EXPECT_EQ(d.stmt_id, 0);
    EXPECT_EQ(d.tuple_size, 4 + 51);
    ASSERT_EQ(d.columns.size(), 2u);
    EXPECT_EQ(d.columns[0].name, "a");
    EXPECT_EQ(d.columns[0].type, 2);
    EXPECT_EQ(d.columns[0].start, 0);
    EXPECT_EQ(d.columns[0].encoded_length, 4);
    EXPECT_EQ(d.columns[1].name, "b");
    EXPECT_EQ(d.columns[1].type, 13);
    EXPECT_EQ(d.columns[1].start, 4);
    EXPECT_EQ(d.columns[1].encoded_length, 50);
    EXPECT_EQ(r[1].rows, 0);
}

TEST_F(statements_test, lowest_free_statement_ids) {
    EXPECT_EQ(prepare("SELECT a FROM t")[0].stmt_id, 0);
    EXPECT_EQ(prepare("SELECT b FROM t")[0].stmt_id, 1);
    EXPECT_EQ(send(request().id(0).t(tag::release).done()), (bytes{0x00, 0x0c}));
    EXPECT_EQ(prepare("SELECT a, b FROM t")[0].stmt_id, 0);
    EXPECT_EQ(prepare("SELECT a, b FROM t")[0].stmt_id, 2);
}

TEST_F(statements_test, cursor_fetch_in_batches) {
    insert_rows(25);
    const auto p = prepare("SELECT a, b FROM t ORDER BY a");
    const std::int16_t id = p[0].stmt_id;
    EXPECT_EQ(send(request().id(id).curname("_ifxc0000000000001").t(tag::open).done()), (bytes{0x00, 0x0c}));
    std::vector<std::pair<std::int32_t, std::string>> rows;
    int fetches = 0;
    bool saw_done = false;
    while (!saw_done && fetches < 100) {
        ++fetches;
        // Each tuple of this table takes 8 + 4 + 1 + 5 or 6 bytes: about 3 per 64-byte buffer.
        const auto g = one_group(send(request().id(id).nfetch(64).done()));
        ASSERT_FALSE(g.empty());
        EXPECT_EQ(g.back().tag, static_cast<std::int16_t>(tag::eot));
        for (const auto& m : g) {
            if (m.tag == static_cast<std::int16_t>(tag::tuple)) rows.push_back(row(m));
            if (m.tag == static_cast<std::int16_t>(tag::done)) {
                saw_done = true;
                EXPECT_EQ(m.rows, 25) << "DONE carries the total fetched";
                EXPECT_EQ(g[g.size() - 2].tag, static_cast<std::int16_t>(tag::cost));
            }
        }
        if (!saw_done) {
            EXPECT_EQ(g[g.size() - 2].tag, static_cast<std::int16_t>(tag::tuple)) << "no DONE before the end";
        }
    }
    EXPECT_GT(fetches, 5);
    ASSERT_EQ(rows.size(), 25u);
    for (int i = 0; i < 25; ++i)
        EXPECT_EQ(rows[static_cast<std::size_t>(i)], std::make_pair(i + 1, "row" + std::to_string(i + 1)));
    // After the end: DONE rows 0 + COST + EOT, never a bare EOT.
    for (int i = 0; i < 2; ++i) {
        const auto g = one_group(send(request().id(id).nfetch(4096).done()));
        ASSERT_EQ(tags_of(g), tags({tag::done, tag::cost, tag::eot}));
        EXPECT_EQ(g[0].rows, 0);
    }
    EXPECT_EQ(send(request().id(id).t(tag::close).done()), (bytes{0x00, 0x0c}));
    EXPECT_EQ(send(request().id(id).t(tag::release).done()), (bytes{0x00, 0x0c}));
    const auto gone = expect_error(one_group(send(request().id(id).nfetch(4096).done())));
    EXPECT_EQ(gone.sqlcode, -258);
}

// Fetch ahead (README): what the server reads ahead between two fetches changes no byte of any
// reply, whatever buffer sizes the client asks for and whatever it sends in between.
class fetch_ahead_test : public statements_test {
protected:
    // The replies to a fixed sequence of requests on one cursor, with or without the server's
    // fetch_ahead after each reply.
    std::vector<bytes> replies(std::string_view sql, bool ahead) {
        const std::int16_t id = prepare(sql)[0].stmt_id;
        std::vector<bytes> out;
        const auto exchange = [&](const bytes& request_bytes) {
            out.push_back(send(request_bytes));
            if (ahead) s_->fetch_ahead();
        };
        exchange(request().id(id).curname("c1").t(tag::open).done());
        // Sizes that change from fetch to fetch, then the rest in large buffers.
        const int sizes[] = {64, 64, 200, 1, 64, 30, 500, 64, 100, 64, 64};
        for (int k = 0; k < 60; ++k) {
            exchange(request().id(id).nfetch(sizes[k % std::size(sizes)]).done());
            if (k % 7 == 4) exchange(request().command("SELECT COUNT(*) FROM t").done());
        }
        for (int k = 0; k < 3; ++k) exchange(request().id(id).nfetch(4096).done());
        exchange(request().id(id).t(tag::close).done());
        exchange(request().id(id).t(tag::release).done());
        return out;
    }

    // Rows in the replies and whether one of them is an error.
    static std::pair<std::size_t, bool> rows_in(const std::vector<bytes>& replies) {
        std::size_t rows = 0;
        bool error = false;
        for (const auto& r : replies) {
            for (const auto& m : one_group(r)) {
                if (m.tag == static_cast<std::int16_t>(tag::tuple)) ++rows;
                if (m.tag == static_cast<std::int16_t>(tag::err)) error = true;
            }
        }
        return {rows, error};
    }
};

TEST_F(fetch_ahead_test, same_replies_as_without) {
    insert_rows(400);
    const auto plain = replies("SELECT a, b FROM t ORDER BY a", false);
    const auto ahead = replies("SELECT a, b FROM t ORDER BY a", true);
    EXPECT_EQ(rows_in(plain), std::make_pair(std::size_t{400}, false));
    EXPECT_EQ(ahead, plain);
}

TEST_F(fetch_ahead_test, an_error_comes_with_the_fetch_that_reaches_its_row) {
    // CAST fails on the first non-numeric b, row 250 (in insertion order: no sort, which would
    // convert every row at OPEN): the fetch that would send row 249 and go on
    // fails, the same with rows read ahead as without.
    insert_rows(400);
    command("UPDATE t SET b = a WHERE a < 250");
    const auto plain = replies("SELECT a, CAST(b AS INTEGER) FROM t", false);
    const auto ahead = replies("SELECT a, CAST(b AS INTEGER) FROM t", true);
    const auto [rows, error] = rows_in(plain);
    EXPECT_GT(rows, 10u);
    EXPECT_LT(rows, 249u);
    EXPECT_TRUE(error);
    EXPECT_EQ(ahead, plain);
}

TEST_F(statements_test, fetch_gives_at_least_one_tuple) {
    insert_rows(3);
    const auto id = prepare("SELECT a, b FROM t")[0].stmt_id;
    send(request().id(id).curname("c1").t(tag::open).done());
    const auto g = one_group(send(request().id(id).nfetch(1).done()));
    EXPECT_EQ(tags_of(g), tags({tag::tuple, tag::eot}));
}

TEST_F(statements_test, empty_result_ends_with_done_zero) {
    const auto id = prepare("SELECT a, b FROM t")[0].stmt_id;
    send(request().id(id).curname("c1").t(tag::open).done());
    const auto g = one_group(send(request().id(id).nfetch(4096).done()));
    ASSERT_EQ(tags_of(g), tags({tag::done, tag::cost, tag::eot}));
    EXPECT_EQ(g[0].rows, 0);
}

TEST_F(statements_test, msg010_to_015_shaped_groups) {
    insert_rows(3);
    // Statement 7 must exist: prepare eight statements, the last one a fixed-width SELECT.
    for (int i = 0; i < 7; ++i) prepare("SELECT b FROM t");
    ASSERT_EQ(prepare("SELECT a FROM t ORDER BY a")[0].stmt_id, 7);
    // MSG-015: CURNAME + OPEN + first NFETCH in one 42-byte group.
    const auto first = one_group(send(vec("messages.txt", "MSG-015")));
    ASSERT_EQ(tags_of(first), tags({tag::tuple, tag::tuple, tag::tuple, tag::done, tag::cost, tag::eot}));
    EXPECT_EQ(first[0].payload, (bytes{0, 0, 0, 1}));
    EXPECT_EQ(first[3].rows, 3);
    // MSG-010: fetch after the end.
    const auto again = one_group(send(vec("messages.txt", "MSG-010")));
    ASSERT_EQ(tags_of(again), tags({tag::done, tag::cost, tag::eot}));
    EXPECT_EQ(again[0].rows, 0);
    // MSG-011 / MSG-012: close and release are answered by a bare EOT.
    EXPECT_EQ(send(vec("messages.txt", "MSG-011")), (bytes{0x00, 0x0c}));
    EXPECT_EQ(send(vec("messages.txt", "MSG-012")), (bytes{0x00, 0x0c}));
    EXPECT_EQ(expect_error(one_group(send(vec("messages.txt", "MSG-012")))).sqlcode, -258);
}

TEST_F(statements_test, variable_row_fetch_with_ret_type) {
    insert_rows(2);
    for (int i = 0; i < 7; ++i) prepare("SELECT a FROM t");
    ASSERT_EQ(prepare("SELECT b FROM t ORDER BY a")[0].stmt_id, 7);
    EXPECT_EQ(send(request().id(7).curname("c7").t(tag::open).done()), (bytes{0x00, 0x0c}));
    const auto g = one_group(send(vec("messages.txt", "MSG-013")));
    ASSERT_EQ(tags_of(g), tags({tag::tuple, tag::tuple, tag::done, tag::cost, tag::eot}));
    EXPECT_EQ(g[0].payload, (bytes{4, 'r', 'o', 'w', '1'}));
}

TEST_F(statements_test, prepared_insert_with_binds) {
    const auto p = prepare("INSERT INTO t VALUES (?, ?)");
    EXPECT_EQ(p[0].stmt_type, 6);
    const auto id = p[0].stmt_id;
    const auto r1 =
        one_group(send(request().id(id).bind(2).bind_int(7).bind_string("seven").t(tag::execute).done()));
    ASSERT_EQ(tags_of(r1), tags({tag::done, tag::cost, tag::eot}));
    EXPECT_EQ(r1[0].rows, 1);
    one_group(send(request().id(id).bind(2).bind_bigint(8).bind_null(13).t(tag::execute).done()));
    one_group(send(request().id(id).bind(2).bind_smallint(9).bind_string("nine").t(tag::execute).done()));
    one_group(send(request().id(id).bind(2).bind_string("10").bind_string("ten").t(tag::execute).done()));
    const auto sel = prepare("SELECT a, b FROM t WHERE a >= ? ORDER BY a");
    const auto sid = sel[0].stmt_id;
    const auto g = one_group(
        send(request().id(sid).curname("c").bind(1).bind_int(8).t(tag::open).id(sid).nfetch(4096).done()));
    ASSERT_EQ(tags_of(g), tags({tag::tuple, tag::tuple, tag::tuple, tag::done, tag::cost, tag::eot}));
    EXPECT_EQ(g[0].payload, (bytes{0, 0, 0, 8, 1, 0}));  // NULL VARCHAR = 01 00
    EXPECT_EQ(row(g[1]), std::make_pair(9, std::string("nine")));
    EXPECT_EQ(row(g[2]), std::make_pair(10, std::string("ten")));
}

TEST_F(statements_test, wrong_bind_count_is_254) {
    const auto id = prepare("INSERT INTO t VALUES (?, ?)")[0].stmt_id;
    EXPECT_EQ(
        expect_error(one_group(send(request().id(id).bind(1).bind_int(1).t(tag::execute).done()))).sqlcode,
        -254);
}

TEST_F(statements_test, large_result_streams) {
    insert_rows(20000);
    const auto id = prepare("SELECT a, b FROM t")[0].stmt_id;
    send(request().id(id).curname("big").t(tag::open).done());
    std::int64_t tuples = 0;
    for (int i = 0; i < 1000; ++i) {
        const auto g = one_group(send(request().id(id).nfetch(32767).done()));
        for (const auto& m : g) tuples += m.tag == static_cast<std::int16_t>(tag::tuple);
        if (g.size() >= 3 && g[g.size() - 3].tag == static_cast<std::int16_t>(tag::done)) {
            EXPECT_EQ(g[g.size() - 3].rows, 20000);
            break;
        }
    }
    EXPECT_EQ(tuples, 20000);
}

TEST_F(statements_test, serial_is_reported_in_done) {
    command("CREATE TABLE s (id SERIAL NOT NULL, name CHAR(4))");
    const auto r1 = command("INSERT INTO s (name) VALUES ('a')");
    EXPECT_EQ(r1[1].serial, 1);
    command("INSERT INTO s VALUES (10, 'b')");
    const auto r3 = command("INSERT INTO s VALUES (0, 'c')");
    EXPECT_EQ(r3[1].serial, 11);
    const auto p = prepare("SELECT id, name FROM s ORDER BY id");
    EXPECT_EQ(p[0].columns[0].type, 6 | 0x100);
    EXPECT_EQ(p[0].columns[1].type, 0);
    const auto id = p[0].stmt_id;
    const auto g = one_group(send(request().id(id).curname("c").t(tag::open).id(id).nfetch(4096).done()));
    ASSERT_GE(g.size(), 3u);
    EXPECT_EQ(g[0].payload, (bytes{0, 0, 0, 1, 'a', ' ', ' ', ' '}));
}

TEST_F(statements_test, transactions) {
    const auto begin = one_group(send(request().t(tag::begin).done()));
    EXPECT_EQ(tags_of(begin), tags({tag::done, tag::cost, tag::eot}));
    EXPECT_EQ(expect_error(one_group(send(request().t(tag::begin).done()))).sqlcode, -535);
    command("INSERT INTO t VALUES (1, 'x')");
    EXPECT_EQ(tags_of(one_group(send(bytes{0x00, 0x14, 0x00, 0x00, 0x00, 0x0c}))),
              tags({tag::done, tag::cost, tag::eot}));
    EXPECT_EQ(expect_error(one_group(send(vec("messages.txt", "MSG-050")))).sqlcode, -255);
    EXPECT_EQ(expect_error(one_group(send(vec("messages.txt", "MSG-051")))).sqlcode, -255);
    const auto count = prepare("SELECT COUNT(*) FROM t");
    const auto g = one_group(send(
        request().id(count[0].stmt_id).curname("c").t(tag::open).id(count[0].stmt_id).nfetch(100).done()));
    ASSERT_EQ(tags_of(g), tags({tag::tuple, tag::done, tag::cost, tag::eot}));
    EXPECT_EQ(g[0].payload, (bytes{0x80, 0, 0, 0, 0, 0, 0, 0, 0})) << "rolled back: COUNT(*) is DECIMAL zero";
    // SQL forms.
    EXPECT_EQ(command("BEGIN WORK")[0].stmt_type, 34);
    command("INSERT INTO t VALUES (2, 'y')");
    EXPECT_EQ(command("COMMIT WORK")[0].stmt_type, 35);
    EXPECT_EQ(expect_error(command("COMMIT WORK")).sqlcode, -255);
    EXPECT_EQ(expect_error(command("ROLLBACK WORK")).sqlcode, -255);
}

TEST_F(statements_test, unlogged_database_has_no_transactions) {
    command("CREATE DATABASE plain");
    EXPECT_EQ(expect_error(one_group(send(request().t(tag::begin).done()))).sqlcode, -256);
    EXPECT_EQ(expect_error(command("BEGIN WORK")).sqlcode, -256);
    EXPECT_EQ(expect_error(one_group(send(vec("messages.txt", "MSG-050")))).sqlcode, -255);
}

TEST_F(statements_test, exit_rolls_back_and_answers_exit) {
    send(request().t(tag::begin).done());
    command("INSERT INTO t VALUES (1, 'x')");
    EXPECT_EQ(send(vec("messages.txt", "MSG-060")), (bytes{0x00, 0x38}));
    EXPECT_TRUE(s_->closing());
    SetUp();
    EXPECT_EQ(send(vec("messages.txt", "MSG-061")), (bytes{0x00, 0x38}));
}

}  // namespace
}  // namespace ifxlite_test
