// Stored procedures for simple SPL bodies (statement types 53/54/56) and SQL savepoints
// (statement types 159–161); ifxlite's mappings, see README.
#include "sqli_client.hpp"

namespace ifxlite_test {
namespace {

class routines_test : public session_test {
protected:
    void SetUp() override {
        session_test::SetUp();
        connect();
        command("CREATE TABLE t (a INTEGER, b VARCHAR(20))");
        command("INSERT INTO t VALUES (1, 'one')");
        command("INSERT INTO t VALUES (2, 'two')");
    }
};

TEST_F(routines_test, function_with_return_expression) {
    const auto c = command("CREATE FUNCTION plus1(x INTEGER) RETURNING INTEGER; RETURN x + 1; END FUNCTION;");
    ASSERT_EQ(tags_of(c), tags({tag::describe, tag::done, tag::cost, tag::eot}));
    EXPECT_EQ(c[0].stmt_type, 53);
    const auto rs = query("EXECUTE FUNCTION plus1(41)");
    ASSERT_FALSE(rs.error) << rs.error->sqlcode;
    EXPECT_EQ(rs.describe.stmt_type, 56);
    ASSERT_EQ(rs.describe.columns.size(), 1u);
    EXPECT_EQ(rs.describe.columns[0].type, 2);
    EXPECT_EQ(rs.describe.columns[0].name, "(expression)");
    ASSERT_EQ(rs.rows.size(), 1u);
    EXPECT_EQ(int_value(rs.rows[0]), 42);
    // With a bound argument.
    const auto p = one_group(
        send(request().prepare("EXECUTE FUNCTION plus1(?)", 1).t(tag::ndescribe).t(tag::wantdone).done()),
        widths_);
    ASSERT_FALSE(p.empty());
    const std::int16_t id = p[0].stmt_id;
    send(request().id(id).bind(1).bind_int(9).curname("cf").t(tag::open).done());
    const auto f = one_group(send(request().id(id).nfetch(4096).done()), widths_);
    ASSERT_EQ(tags_of(f), tags({tag::tuple, tag::done, tag::cost, tag::eot}));
    EXPECT_EQ(int_value(f[0].payload), 10);
    // Already exists; dropped; then unknown (-674).
    EXPECT_EQ(
        expect_error(command("CREATE FUNCTION plus1(x INTEGER) RETURNING INTEGER; RETURN x; END FUNCTION"))
            .sqlcode,
        -673);
    EXPECT_EQ(command("DROP FUNCTION plus1")[0].stmt_type, 54);
    const auto gone = query("EXECUTE FUNCTION plus1(1)");
    ASSERT_TRUE(gone.error);
    EXPECT_EQ(gone.error->sqlcode, -674);
}

TEST_F(routines_test, procedures_with_sql_bodies) {
    command("CREATE PROCEDURE add_row(k INTEGER, v VARCHAR(20)) INSERT INTO t VALUES (k, v); END PROCEDURE");
    const auto r = command("EXECUTE PROCEDURE add_row(3, 'three')");
    ASSERT_EQ(tags_of(r), tags({tag::describe, tag::done, tag::cost, tag::eot}));
    EXPECT_EQ(r[0].stmt_type, 56);
    EXPECT_TRUE(r[0].columns.empty());
    command(
        "CREATE PROCEDURE names_above(lim INTEGER) RETURNING VARCHAR(20) AS name; "
        "SELECT b FROM t WHERE a > lim ORDER BY a; END PROCEDURE;");
    const auto rs = query("EXECUTE PROCEDURE names_above(1)");
    ASSERT_FALSE(rs.error);
    EXPECT_EQ(rs.describe.stmt_type, 56);
    ASSERT_EQ(rs.describe.columns.size(), 1u);
    EXPECT_EQ(rs.describe.columns[0].name, "name");
    EXPECT_EQ(rs.describe.columns[0].type, 13);
    ASSERT_EQ(rs.rows.size(), 2u);
    EXPECT_EQ(text_value(rs.rows[1], 13), "three");
    // Wrong argument count: -674; SPL it cannot map: -999 with a reason.
    EXPECT_EQ(expect_error(command("EXECUTE PROCEDURE add_row(1)")).sqlcode, -674);
    const auto spl = expect_error(command("CREATE PROCEDURE p2() DEFINE i INT; LET i = 1; END PROCEDURE"));
    EXPECT_EQ(spl.sqlcode, -999);
    EXPECT_FALSE(spl.text.empty());
    EXPECT_EQ(expect_error(command("EXECUTE PROCEDURE nosuch()")).sqlcode, -674);
}

TEST_F(routines_test, savepoints) {
    // Outside a transaction: -255.
    EXPECT_EQ(expect_error(command("SAVEPOINT s1")).sqlcode, -255);
    command("BEGIN WORK");
    const auto sp = command("SAVEPOINT s1");
    ASSERT_EQ(tags_of(sp), tags({tag::describe, tag::done, tag::cost, tag::eot}));
    EXPECT_EQ(sp[0].stmt_type, 159);
    command("INSERT INTO t VALUES (10, 'ten')");
    command("SAVEPOINT s2 UNIQUE");
    command("INSERT INTO t VALUES (11, 'eleven')");
    EXPECT_EQ(expect_error(command("SAVEPOINT s2")).sqlcode, -999);  // UNIQUE name reused
    const auto back = command("ROLLBACK WORK TO SAVEPOINT s2");
    EXPECT_EQ(back[0].stmt_type, 161);
    EXPECT_EQ(query("SELECT a FROM t WHERE a >= 10").rows.size(), 1u);
    const auto rel = command("RELEASE SAVEPOINT s1");
    EXPECT_EQ(rel[0].stmt_type, 160);
    EXPECT_EQ(expect_error(command("ROLLBACK TO SAVEPOINT s1")).sqlcode, -999);  // released
    command("COMMIT WORK");
    EXPECT_EQ(query("SELECT a FROM t WHERE a >= 10").rows.size(), 1u);
    // Unlogged databases have no transactions: -256.
    command("CREATE DATABASE plain");
    EXPECT_EQ(expect_error(command("SAVEPOINT s1")).sqlcode, -256);
}

}  // namespace
}  // namespace ifxlite_test
