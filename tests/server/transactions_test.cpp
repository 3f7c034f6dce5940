// Sessions and transactions: visibility between sessions, lock conflicts under SET LOCK MODE,
// SQ_XACTSTAT, scroll cursors (§7.10) and WITH HOLD cursors.
#include "sqli_client.hpp"

#include <chrono>

namespace ifxlite_test {
namespace {

class transactions_test : public session_test {
protected:
    void SetUp() override {
        config_.lock_wait_ms = 200;
        session_test::SetUp();
        connect();
        ASSERT_EQ(command("CREATE TABLE t (a INTEGER, b VARCHAR(20))").back().tag,
                  static_cast<std::int16_t>(tag::eot));
    }
    std::int32_t count_on(ifx::lite::session& s) {
        const auto p = one_group(s.on_bytes(
            request().prepare("SELECT COUNT(*) FROM t").t(tag::ndescribe).t(tag::wantdone).done()));
        const auto id = p[0].stmt_id;
        const auto g =
            one_group(s.on_bytes(request().id(id).curname("cc").t(tag::open).id(id).nfetch(4096).done()));
        s.on_bytes(request().id(id).t(tag::close).id(id).t(tag::release).done());
        // COUNT(*) is DECIMAL(15,0): 276 = c2 02 4c; here small counts only (0..99 → one digit pair).
        if (g.empty() || g[0].tag != static_cast<std::int16_t>(tag::tuple)) return -1;
        const auto& p0 = g[0].payload;
        if (p0[0] == 0x80) return 0;
        return p0[1];
    }
};

TEST_F(transactions_test, uncommitted_writes_are_invisible_to_other_sessions) {
    auto other = second_session();
    // A reader that does not wait for row locks (IDS's COMMITTED READ LAST COMMITTED).
    ASSERT_EQ(command_on(*other, "SET ISOLATION TO COMMITTED READ LAST COMMITTED").back().tag,
              static_cast<std::int16_t>(tag::eot));
    command("BEGIN WORK");
    command("INSERT INTO t VALUES (1, 'x')");
    EXPECT_EQ(count_on(*s_), 1);
    EXPECT_EQ(count_on(*other), 0) << "dirty read";
    command("COMMIT WORK");
    EXPECT_EQ(count_on(*other), 1);
    command("BEGIN WORK");
    command("DELETE FROM t");
    command("ROLLBACK WORK");
    EXPECT_EQ(count_on(*other), 1);
}

TEST_F(transactions_test, lock_conflict_follows_set_lock_mode) {
    auto other = second_session();
    command("BEGIN WORK");
    command("INSERT INTO t VALUES (1, 'x')");
    const auto nowait = command_on(*other, "SET LOCK MODE TO NOT WAIT");
    ASSERT_EQ(nowait.back().tag, static_cast<std::int16_t>(tag::eot));
    auto start = std::chrono::steady_clock::now();
    auto e = expect_error(command_on(*other, "INSERT INTO t VALUES (2, 'y')"));
    EXPECT_EQ(e.sqlcode, -271);
    EXPECT_EQ(e.isam, -107);
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(150));
    command_on(*other, "SET LOCK MODE TO WAIT 1");
    start = std::chrono::steady_clock::now();
    e = expect_error(command_on(*other, "UPDATE t SET b = 'z'"));
    EXPECT_EQ(e.sqlcode, -244);
    EXPECT_EQ(e.isam, -154);
    EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(900));
    command("COMMIT WORK");
    EXPECT_EQ(command_on(*other, "UPDATE t SET b = 'z'")[1].rows, 1);
}

TEST_F(transactions_test, default_lock_mode_is_not_wait) {
    config_.lock_wait_ms = ifx::lite::session_config{}.lock_wait_ms;
    EXPECT_EQ(config_.lock_wait_ms, 0);  // IDS's default: NOT WAIT
    session_test::SetUp();
    connect();
    command("CREATE TABLE t (a INTEGER, b VARCHAR(20))");
    command("INSERT INTO t VALUES (1, 'x')");
    auto other = second_session();
    command("BEGIN WORK");
    command("UPDATE t SET b = 'y'");
    auto e = expect_error(command_on(*other, "DELETE FROM t WHERE a = 1"));
    EXPECT_EQ(e.sqlcode, -244);
    EXPECT_EQ(e.isam, -107);
    e = expect_error(command_on(*other, "INSERT INTO t VALUES (2, 'z')"));
    EXPECT_EQ(e.sqlcode, -271);
    EXPECT_EQ(e.isam, -107);
    command("ROLLBACK WORK");
    EXPECT_EQ(command_on(*other, "DELETE FROM t WHERE a = 1")[1].rows, 1);
}

TEST_F(transactions_test, locking_readers_meet_uncommitted_rows) {
    command("CREATE INDEX t_a ON t (a)");
    command("INSERT INTO t VALUES (1, 'x')");
    command("CREATE TABLE u (a INTEGER)");
    auto other = second_session();
    command("BEGIN WORK");
    command("UPDATE t SET b = 'y' WHERE a = 1");
    command_on(*other, "SET LOCK MODE TO NOT WAIT");
    // The code says how the reader met the locked row: a sequential scan, an index, a rowid.
    auto e = expect_error(command_on(*other, "SELECT b FROM t"));
    EXPECT_EQ(std::make_pair(int{e.sqlcode}, int{e.isam}), std::make_pair(-244, -107));
    e = expect_error(command_on(*other, "SELECT b FROM t WHERE a = 1"));
    EXPECT_EQ(std::make_pair(int{e.sqlcode}, int{e.isam}), std::make_pair(-245, -107));
    e = expect_error(command_on(*other, "SELECT b FROM t WHERE rowid = 1"));
    EXPECT_EQ(std::make_pair(int{e.sqlcode}, int{e.isam}), std::make_pair(-243, -107));
    e = expect_error(command_on(*other, "SELECT COUNT(*) FROM t x WHERE x.b = 'q'"));
    EXPECT_EQ(e.sqlcode, -244);  // the plan names the alias
    command_on(*other, "SET LOCK MODE TO WAIT 1");
    e = expect_error(command_on(*other, "SELECT b FROM t"));
    EXPECT_EQ(std::make_pair(int{e.sqlcode}, int{e.isam}), std::make_pair(-244, -154));
    // Levels that never wait.
    for (const char* level : {"SET ISOLATION TO DIRTY READ", "SET ISOLATION TO COMMITTED READ LAST COMMITTED",
                              "SET TRANSACTION ISOLATION LEVEL READ UNCOMMITTED"}) {
        command_on(*other, level);
        EXPECT_EQ(tags_of(command_on(*other, "SELECT b FROM t")),
                  tags({tag::describe, tag::done, tag::cost, tag::eot}))
            << level;
    }
    // USELASTCOMMITTED covers COMMITTED READ, not CURSOR STABILITY.
    command_on(*other, "SET ISOLATION TO COMMITTED READ");
    command_on(*other, "SET LOCK MODE TO NOT WAIT");
    command_on(*other, "SET ENVIRONMENT USELASTCOMMITTED 'COMMITTED READ'");
    EXPECT_EQ(tags_of(command_on(*other, "SELECT b FROM t")),
              tags({tag::describe, tag::done, tag::cost, tag::eot}));
    command_on(*other, "SET ISOLATION TO CURSOR STABILITY");
    EXPECT_EQ(expect_error(command_on(*other, "SELECT b FROM t")).sqlcode, -244);
    command_on(*other, "SET ISOLATION TO REPEATABLE READ");
    EXPECT_EQ(expect_error(command_on(*other, "SELECT b FROM t")).sqlcode, -244);
    // A table the transaction did not change is free; its own session reads its rows.
    EXPECT_EQ(tags_of(command_on(*other, "SELECT a FROM u")),
              tags({tag::describe, tag::done, tag::cost, tag::eot}));
    EXPECT_EQ(tags_of(command("SELECT b FROM t")), tags({tag::describe, tag::done, tag::cost, tag::eot}));
    command("ROLLBACK WORK");
    EXPECT_EQ(tags_of(command_on(*other, "SELECT b FROM t")),
              tags({tag::describe, tag::done, tag::cost, tag::eot}));
}

TEST_F(transactions_test, rows_written_through_a_procedure_are_locked_too) {
    command("CREATE PROCEDURE add_row(k INTEGER) INSERT INTO t VALUES (k, 'p'); END PROCEDURE");
    command("CREATE PROCEDURE count_rows() RETURNING INTEGER; SELECT COUNT(*) FROM t; END PROCEDURE");
    auto other = second_session();
    command_on(*other, "SET LOCK MODE TO NOT WAIT");
    command("BEGIN WORK");
    command("EXECUTE PROCEDURE count_rows()");  // reads lock nothing
    EXPECT_EQ(tags_of(command_on(*other, "SELECT b FROM t")),
              tags({tag::describe, tag::done, tag::cost, tag::eot}));
    command("EXECUTE PROCEDURE add_row(5)");
    EXPECT_EQ(expect_error(command_on(*other, "SELECT b FROM t")).sqlcode, -244);
    command("COMMIT WORK");
    EXPECT_EQ(tags_of(command_on(*other, "SELECT b FROM t")),
              tags({tag::describe, tag::done, tag::cost, tag::eot}));
}

TEST_F(transactions_test, isolation_statements_are_checked) {
    for (const char* ok : {"SET ISOLATION TO DIRTY READ WITH WARNING", "SET ISOLATION COMMITTED READ",
                           "SET ISOLATION TO CURSOR STABILITY RETAIN UPDATE LOCKS",
                           "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE, READ WRITE",
                           "SET ENVIRONMENT USELASTCOMMITTED 'ALL'", "SET ENVIRONMENT OPTCOMPIND '2'"})
        EXPECT_EQ(command(ok).back().tag, static_cast<std::int16_t>(tag::eot)) << ok;
    for (const char* bad :
         {"SET ISOLATION TO SOMETIMES", "SET ISOLATION TO COMMITTED READ LAST",
          "SET TRANSACTION ISOLATION LEVEL READ SOMETHING", "SET ENVIRONMENT USELASTCOMMITTED 'SOME'"})
        EXPECT_EQ(expect_error(command(bad)).sqlcode, -201) << bad;
}

TEST_F(transactions_test, xactstat_behind_the_flag) {
    config_.xactstat = true;
    session_test::SetUp();
    connect();
    const auto begin = command("BEGIN WORK");
    ASSERT_EQ(tags_of(begin), tags({tag::describe, tag::xactstat, tag::done, tag::cost, tag::eot}));
    EXPECT_EQ(std::make_tuple(begin[1].cost_rows, begin[1].cost, begin[1].serial), std::make_tuple(1, 2, 1));
    const auto commit = one_group(send({0x00, 0x13, 0x00, 0x0c}));
    EXPECT_EQ(tags_of(commit), tags({tag::xactstat, tag::done, tag::cost, tag::eot}));
    // Without the flag (the default) there is none.
    config_.xactstat = false;
    session_test::SetUp();
    connect();
    EXPECT_EQ(tags_of(command("BEGIN WORK")), tags({tag::describe, tag::done, tag::cost, tag::eot}));
}

TEST_F(transactions_test, scroll_cursor_serves_positions) {
    for (int i = 1; i <= 10; ++i) command("INSERT INTO t VALUES (" + std::to_string(i) + ", 'r')");
    const auto id = one_group(send(
        request().prepare("SELECT a FROM t ORDER BY a").t(tag::ndescribe).t(tag::wantdone).done()))[0]
                        .stmt_id;
    EXPECT_EQ(send(request().id(id).curname("sc").t(tag::scroll).t(tag::open).done()), (bytes{0x00, 0x0c}));
    const auto sfetch = [&](std::int16_t type, std::int32_t target, std::int32_t bufsize = 4096) {
        bytes b = request().id(id).t(tag::sfetch).i16(type).raw();
        ifx::wire::writer w(b);
        w.i32(target);
        w.i32(bufsize);
        w.put(tag::eot);
        return one_group(send(b));
    };
    auto g = sfetch(6, 7);
    ASSERT_EQ(tags_of(g), tags({tag::tupid, tag::tuple, tag::eot}));
    EXPECT_EQ(g[0].rows, 7);
    EXPECT_EQ(int_value(g[1].payload), 7);
    g = sfetch(4, 0);
    EXPECT_EQ(int_value(g[1].payload), 10);
    g = sfetch(2, 0);
    EXPECT_EQ(int_value(g[1].payload), 9);
    g = sfetch(3, 0);
    EXPECT_EQ(g[0].rows, 1);
    g = sfetch(1, 0, 4096);  // NEXT fills the buffer: rows 2..10, then DONE
    EXPECT_EQ(g[0].rows, 2);
    EXPECT_EQ(g[g.size() - 3].tag, static_cast<std::int16_t>(tag::done));
    g = sfetch(6, 11);
    EXPECT_EQ(tags_of(g), tags({tag::done, tag::cost, tag::eot}));
    // SFETCH on a forward cursor is -482.
    const auto fwd =
        one_group(send(request().prepare("SELECT a FROM t").t(tag::ndescribe).t(tag::wantdone).done()))[0]
            .stmt_id;
    send(request().id(fwd).curname("fw").t(tag::open).done());
    bytes b = request().id(fwd).t(tag::sfetch).i16(6).raw();
    ifx::wire::writer w(b);
    w.i32(1);
    w.i32(4096);
    w.put(tag::eot);
    EXPECT_EQ(expect_error(one_group(send(b))).sqlcode, -482);
}

TEST_F(transactions_test, hold_cursor_survives_commit) {
    for (int i = 1; i <= 5; ++i) command("INSERT INTO t VALUES (" + std::to_string(i) + ", 'r')");
    command("BEGIN WORK");
    const auto hold = one_group(send(
        request().prepare("SELECT a FROM t ORDER BY a").t(tag::ndescribe).t(tag::wantdone).done()))[0]
                          .stmt_id;
    const auto plain = one_group(send(
        request().prepare("SELECT a FROM t ORDER BY a").t(tag::ndescribe).t(tag::wantdone).done()))[0]
                           .stmt_id;
    send(request().id(hold).curname("h").t(tag::hold).t(tag::open).done());
    send(request().id(plain).curname("p").t(tag::open).done());
    EXPECT_EQ(one_group(send(request().id(hold).nfetch(20).done()))[0].tag,
              static_cast<std::int16_t>(tag::tuple));
    command("COMMIT WORK");
    const auto g = one_group(send(request().id(hold).nfetch(4096).done()));
    EXPECT_EQ(g[0].tag, static_cast<std::int16_t>(tag::tuple));
    EXPECT_EQ(expect_error(one_group(send(request().id(plain).nfetch(4096).done()))).sqlcode, -400);
}

}  // namespace
}  // namespace ifxlite_test
