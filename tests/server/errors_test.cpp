// SQLCODEs for SQL failures and protocol-state errors (PROTOCOL.md §5.1, §8.5, §10).
#include "sqli_client.hpp"

namespace ifxlite_test {
namespace {

class errors_test : public session_test {};

TEST_F(errors_test, syntax_error_is_201_with_offset_and_empty_message) {
    connect();
    const auto e = expect_error(command("SELEC 1 FROM nowhere"));
    EXPECT_EQ(e.sqlcode, -201);
    EXPECT_EQ(e.isam, 0);
    EXPECT_EQ(e.offset, 1);
    EXPECT_EQ(e.text, "");
}

TEST_F(errors_test, unknown_table_is_206_isam_111) {
    connect();
    const auto group = one_group(
        send(request().prepare("SELECT * FROM no_such_table").t(tag::ndescribe).t(tag::wantdone).done()));
    const auto e = expect_error(group);
    EXPECT_EQ(e.sqlcode, -206);
    EXPECT_EQ(e.isam, -111);
    EXPECT_EQ(e.text, "no_such_table");
}

TEST_F(errors_test, unknown_column_is_217) {
    connect();
    command("CREATE TABLE t (a INTEGER)");
    const auto e = expect_error(command("SELECT nosuch FROM t"));
    EXPECT_EQ(e.sqlcode, -217);
    EXPECT_EQ(e.text, "nosuch");
}

TEST_F(errors_test, table_exists_is_310) {
    connect();
    command("CREATE TABLE t (a INTEGER)");
    const auto e = expect_error(command("CREATE TABLE t (a INTEGER)"));
    EXPECT_EQ(e.sqlcode, -310);
    EXPECT_EQ(e.text, "t");
}

TEST_F(errors_test, integrity_errors) {
    connect();
    command("CREATE TABLE t (a INTEGER PRIMARY KEY, b VARCHAR(10) NOT NULL)");
    EXPECT_EQ(expect_error(command("INSERT INTO t VALUES (1)")).sqlcode, -236);
    EXPECT_EQ(expect_error(command("INSERT INTO t VALUES (1, NULL)")).sqlcode, -391);
    command("INSERT INTO t VALUES (1, 'x')");
    const auto dup = expect_error(command("INSERT INTO t VALUES (1, 'y')"));
    EXPECT_EQ(dup.sqlcode, -268);
    EXPECT_EQ(dup.isam, -100);
    // IDS: -268 for a UNIQUE / PRIMARY KEY constraint, -239 for a CREATE UNIQUE INDEX index,
    // whatever the database's logging; ISAM -100 for both.
    command("CREATE DATABASE plain");
    command("CREATE TABLE u (a INTEGER UNIQUE, b INTEGER, c INTEGER, d INTEGER)");
    command("CREATE UNIQUE INDEX ub ON u (b)");
    command("CREATE UNIQUE INDEX ucd ON u (c, d)");
    command("INSERT INTO u VALUES (1, 1, 1, 1)");
    const struct {
        const char* sql;
        std::int16_t code;
    } cases[] = {{"INSERT INTO u VALUES (1, 2, 2, 2)", -268},
                 {"INSERT INTO u VALUES (2, 1, 2, 2)", -239},
                 {"INSERT INTO u VALUES (2, 2, 1, 1)", -239}};
    for (const auto& c : cases) {
        const auto dup2 = expect_error(command(c.sql));
        EXPECT_EQ(dup2.sqlcode, c.code) << c.sql;
        EXPECT_EQ(dup2.isam, -100) << c.sql;
    }
    command("CREATE TABLE k (a INTEGER, PRIMARY KEY (a))");
    command("INSERT INTO k VALUES (1)");
    EXPECT_EQ(expect_error(command("INSERT INTO k VALUES (1)")).sqlcode, -268);
}

TEST_F(errors_test, statement_without_database_is_349) {
    connect("");
    EXPECT_EQ(expect_error(command("SELECT 1")).sqlcode, -349);
    EXPECT_EQ(expect_error(one_group(send(request().t(tag::begin).done()))).sqlcode, -349);
}

TEST_F(errors_test, dbopen_before_protocols_is_759) {
    send(login_packet());
    EXPECT_EQ(
        expect_error(one_group(send(dbopen("sysmaster")), reply_widths{false, false, false, false, false}))
            .sqlcode,
        -759);
    send(vec("login.txt", "LOGIN-010"));
    EXPECT_EQ(expect_error(one_group(send(dbopen("sysmaster")))).sqlcode, -759) << "SQ_INFO is still missing";
    send(info_group());
    EXPECT_EQ(tags_of(one_group(send(dbopen("sysmaster")))), tags({tag::done, tag::cost, tag::eot}));
}

TEST_F(errors_test, database_in_login_packet_makes_dbopen_759) {
    send(login_packet(with([](login_params& lp) { lp.database = "sysmaster"; })));
    send(vec("login.txt", "LOGIN-010"));
    send(info_group());
    EXPECT_EQ(expect_error(one_group(send(dbopen("sysmaster")))).sqlcode, -759);
}

TEST_F(errors_test, missing_database_is_329) {
    connect("");
    const auto e = expect_error(one_group(send(dbopen("nowhere"))));
    EXPECT_EQ(e.sqlcode, -329);
    EXPECT_EQ(e.isam, -111);
    EXPECT_EQ(expect_error(command("DATABASE nowhere")).sqlcode, -329);
}

TEST_F(errors_test, dbopen_warnings_follow_logging_mode) {
    connect("");
    using ifx::lite::log_mode;
    for (const auto& [name, mode, warnings] :
         {std::tuple{"plain", log_mode::unlogged, 0x14}, std::tuple{"logged", log_mode::logged, 0x15},
          std::tuple{"ansi", log_mode::ansi, 0x17}}) {
        ASSERT_FALSE(databases_->create(name, mode).has_value());
        const auto g = one_group(send(dbopen(name)));
        ASSERT_EQ(tags_of(g), tags({tag::done, tag::cost, tag::eot}));
        EXPECT_EQ(g[0].warnings, warnings) << name;
    }
}

TEST_F(errors_test, database_statements) {
    connect("");
    const auto created = command("CREATE DATABASE shop WITH LOG MODE ANSI");
    ASSERT_EQ(tags_of(created), tags({tag::describe, tag::done, tag::cost, tag::eot}));
    EXPECT_EQ(created[0].stmt_type, 12);
    EXPECT_EQ(created[1].warnings, 0x17);
    command("CREATE TABLE t (a INTEGER)");
    // ANSI databases are always in a transaction: CLOSE DATABASE needs a COMMIT first.
    EXPECT_EQ(expect_error(command("CLOSE DATABASE")).sqlcode, -377);
    command("COMMIT WORK");
    EXPECT_EQ(command("CLOSE DATABASE")[0].stmt_type, 31);
    EXPECT_EQ(expect_error(command("SELECT * FROM t")).sqlcode, -349);
    const auto opened = command("DATABASE shop");
    EXPECT_EQ(opened[0].stmt_type, 1);
    EXPECT_EQ(opened[1].warnings, 0x17);
    EXPECT_EQ(expect_error(command("DROP DATABASE shop")).sqlcode, -425);
    command("CREATE DATABASE other WITH BUFFERED LOG");
    EXPECT_EQ(command("DROP DATABASE shop")[0].stmt_type, 13);
    EXPECT_EQ(expect_error(command("DATABASE shop")).sqlcode, -329);
    EXPECT_EQ(expect_error(command("CREATE DATABASE other")).sqlcode, -330);
    EXPECT_EQ(expect_error(command("CREATE DATABASE x WITH NONSENSE")).sqlcode, -201);
    const auto list = one_group(send(request().t(tag::dblist).done()));
    ASSERT_EQ(tags_of(list), tags({tag::dblist, tag::eot}));
    EXPECT_EQ(list[0].text, "other,sysmaster,");
}

TEST_F(errors_test, statement_ids_released_by_database_switch) {
    connect();
    command("CREATE TABLE t (a INTEGER)");
    const auto id =
        one_group(send(request().prepare("SELECT a FROM t").t(tag::ndescribe).t(tag::wantdone).done()))[0]
            .stmt_id;
    command("DATABASE sysmaster");
    EXPECT_EQ(expect_error(one_group(send(request().id(id).t(tag::release).done()))).sqlcode, -258);
}

}  // namespace
}  // namespace ifxlite_test
