// SERIAL, SERIAL8 and BIGSERIAL as IDS keeps them (issue 19; the Informix Guide to SQL: Syntax,
// "Inserting Values into Serial Columns" and "Altering the Next Serial Value"): 0 or an omitted
// column draws counter + 1, a larger explicit value moves the counter, values are never reused
// after DELETE (nor after a restart), SERIAL(n) and ALTER TABLE … MODIFY (c SERIAL(n)) set the
// next value (never below the column's maximum), NULL is not a serial value.
#include "sqli_client.hpp"

#include <set>
#include <string>
#include <vector>

namespace ifxlite_test {
namespace {

class serial_test : public session_test {
protected:
    void SetUp() override {
        session_test::SetUp();
        connect();
    }
    std::vector<message> ok(std::string_view sql) {
        auto r = command(sql);
        EXPECT_FALSE(r.empty());
        if (!r.empty()) {
            EXPECT_NE(r.front().tag, static_cast<std::int16_t>(tag::err))
                << sql << " -> " << r.front().sqlcode << " isam " << r.front().isam;
        }
        return r;
    }
    // SQ_DONE's serial field of an INSERT.
    std::int32_t inserted_serial(std::string_view sql) {
        for (const auto& m : ok(sql))
            if (m.tag == static_cast<std::int16_t>(tag::done)) return m.serial;
        return -1;
    }
    std::vector<std::int32_t> ids(std::string_view table) {
        std::vector<std::int32_t> out;
        for (const auto& p : query("SELECT id FROM " + std::string(table) + " ORDER BY id").rows)
            out.push_back(int_value(p));
        return out;
    }
    // Ends the session and the catalog and opens them again on the same data directory: what a
    // server restart leaves (nothing but the files).
    void restart() {
        s_.reset();
        databases_.reset();
        databases_ = std::make_unique<ifx::lite::catalog>(dir_);
        std::string error;
        ASSERT_TRUE(databases_->initialise(error)) << error;
        s_ = std::make_unique<ifx::lite::session>(*databases_, config_);
        connect("");
        ASSERT_EQ(tags_of(one_group(send(dbopen("testdb")), widths_)),
                  tags({tag::done, tag::cost, tag::eot}));
    }
};

TEST_F(serial_test, zero_or_omitted_draws_the_next_value_and_larger_values_move_the_counter) {
    ok("CREATE TABLE s (id SERIAL, v INTEGER)");
    EXPECT_EQ(inserted_serial("INSERT INTO s (v) VALUES (1)"), 1);
    EXPECT_EQ(inserted_serial("INSERT INTO s VALUES (0, 2)"), 2);
    EXPECT_EQ(inserted_serial("INSERT INTO s VALUES (10, 3)"), 10);  // a gap
    EXPECT_EQ(inserted_serial("INSERT INTO s (v) VALUES (4)"), 11);
    EXPECT_EQ(inserted_serial("INSERT INTO s VALUES (5, 5)"), 5);  // smaller: stored, counter unchanged
    EXPECT_EQ(inserted_serial("INSERT INTO s (v, id) VALUES (6, 0)"), 12);
    EXPECT_EQ(ids("s"), (std::vector<std::int32_t>{1, 2, 5, 10, 11, 12}));
    const auto d = query("SELECT DBINFO('sqlca.sqlerrd1') FROM systables WHERE tabid = 1");
    ASSERT_EQ(d.rows.size(), 1u);
    EXPECT_EQ(int_value(d.rows[0]), 12);
    EXPECT_EQ(expect_error(command("INSERT INTO s VALUES (NULL, 7)")).sqlcode, -391);
}

TEST_F(serial_test, values_are_never_reused_after_delete_or_restart) {
    ok("CREATE TABLE s (id SERIAL, v INTEGER)");
    for (int i = 0; i < 5; ++i) ok("INSERT INTO s (v) VALUES (" + std::to_string(i) + ")");
    ok("DELETE FROM s WHERE id >= 4");
    EXPECT_EQ(inserted_serial("INSERT INTO s (v) VALUES (9)"), 6);
    ok("DELETE FROM s");
    EXPECT_EQ(inserted_serial("INSERT INTO s (v) VALUES (9)"), 7);
    ok("DELETE FROM s WHERE id = 7");
    restart();
    EXPECT_EQ(inserted_serial("INSERT INTO s (v) VALUES (9)"), 8) << "the counter is stored, not max(id) + 1";
    EXPECT_EQ(ids("s"), (std::vector<std::int32_t>{8}));
}

TEST_F(serial_test, insert_select_draws_one_value_per_row_in_order) {
    ok("CREATE TABLE src (v INTEGER)");
    ok("INSERT INTO src WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 5000) "
       "SELECT x FROM n");
    ok("CREATE TABLE s (id SERIAL, v INTEGER)");
    EXPECT_EQ(inserted_serial("INSERT INTO s (v) SELECT v FROM src ORDER BY v"), 5000);
    EXPECT_EQ(inserted_serial("INSERT INTO s SELECT 0, v FROM src WHERE v <= 10"), 5010);
    EXPECT_EQ(query("SELECT id FROM s GROUP BY id HAVING COUNT(*) > 1").rows.size(), 0u) << "no value twice";
    EXPECT_EQ(query("SELECT id FROM s WHERE id <> v AND id <= 5000").rows.size(), 0u)
        << "rows are numbered in the order the SELECT delivers them";
    EXPECT_EQ(query("SELECT id FROM s WHERE id > 5000").rows.size(), 10u);
}

TEST_F(serial_test, serial_start_and_alter_table_modify) {
    ok("CREATE TABLE s (id SERIAL(100), v INTEGER)");
    EXPECT_EQ(inserted_serial("INSERT INTO s (v) VALUES (1)"), 100);
    EXPECT_EQ(inserted_serial("INSERT INTO s (v) VALUES (2)"), 101);
    ok("ALTER TABLE s MODIFY (id SERIAL(1000))");
    EXPECT_EQ(inserted_serial("INSERT INTO s (v) VALUES (3)"), 1000);
    // Below the column's current maximum: no error, and the next value does not change.
    ok("ALTER TABLE s MODIFY (id SERIAL(500))");
    EXPECT_EQ(inserted_serial("INSERT INTO s (v) VALUES (4)"), 1001);
    ok("DELETE FROM s WHERE id >= 1000");
    // Above the maximum (101) but below the counter: the documented reset, gaps and all.
    ok("ALTER TABLE s MODIFY (id SERIAL(200))");
    EXPECT_EQ(inserted_serial("INSERT INTO s (v) VALUES (5)"), 200);
    EXPECT_EQ(expect_error(command("ALTER TABLE s MODIFY (v SERIAL(5))")).sqlcode, -999);
}

TEST_F(serial_test, serial8_and_bigserial_report_insertdone) {
    ok("CREATE TABLE b (id BIGSERIAL, v INTEGER)");
    ok("CREATE TABLE e (id SERIAL8(5000000000), v INTEGER)");
    const auto r = ok("INSERT INTO b (v) VALUES (1)");
    EXPECT_EQ(tags_of(r), tags({tag::describe, tag::insertdone, tag::done, tag::cost, tag::eot}));
    const auto e = ok("INSERT INTO e (v) VALUES (1)");
    ASSERT_EQ(tags_of(e), tags({tag::describe, tag::insertdone, tag::done, tag::cost, tag::eot}));
    // SQ_INSERTDONE: the SERIAL8 value as INT8 (i16 sign, u32 low, u32 high), then the BIGSERIAL.
    const auto& p = e[1].payload;
    const std::uint64_t low = static_cast<std::uint64_t>(p[2]) << 24 | p[3] << 16 | p[4] << 8 | p[5];
    const std::uint64_t high = static_cast<std::uint64_t>(p[6]) << 24 | p[7] << 16 | p[8] << 8 | p[9];
    EXPECT_EQ(high << 32 | low, 5000000000u);
    const auto d = query("SELECT DBINFO('serial8'), DBINFO('bigserial') FROM systables WHERE tabid = 1");
    ASSERT_EQ(d.rows.size(), 1u);
}

TEST_F(serial_test, sessions_interleaving_draw_distinct_values) {
    ok("CREATE TABLE s (id SERIAL, v INTEGER)");
    auto other = second_session();
    std::set<std::int32_t> seen;
    for (int i = 0; i < 20; ++i) {
        seen.insert(inserted_serial("INSERT INTO s (v) VALUES (1)"));
        for (const auto& m : command_on(*other, "INSERT INTO s (v) VALUES (2)"))
            if (m.tag == static_cast<std::int16_t>(tag::done)) seen.insert(m.serial);
    }
    EXPECT_EQ(seen.size(), 40u);
    EXPECT_EQ(*seen.rbegin(), 40);
}

TEST_F(serial_test, an_update_to_a_larger_value_moves_the_counter) {
    ok("CREATE TABLE s (id SERIAL, v INTEGER)");
    ok("INSERT INTO s (v) VALUES (1)");
    ok("UPDATE s SET id = 50 WHERE v = 1");
    EXPECT_EQ(inserted_serial("INSERT INTO s (v) VALUES (2)"), 51);
}

TEST_F(serial_test, a_rolled_back_transaction_keeps_the_counter_consistent) {
    ok("CREATE TABLE s (id SERIAL, v INTEGER)");
    ok("INSERT INTO s (v) VALUES (1)");
    ok("BEGIN WORK");
    ok("INSERT INTO s (v) VALUES (2)");
    ok("ROLLBACK WORK");
    const std::int32_t next = inserted_serial("INSERT INTO s (v) VALUES (3)");
    EXPECT_GE(next, 2);
    EXPECT_EQ(ids("s"), (std::vector<std::int32_t>{1, next}));
}

}  // namespace
}  // namespace ifxlite_test
