// Column types end to end: DDL through SQ_COMMAND, values through SQ_BIND, tuples out (§9).
#include "sqli_client.hpp"

#include "types/decimal.hpp"

namespace ifxlite_test {
namespace {

class values_test : public session_test {
protected:
    void SetUp() override {
        session_test::SetUp();
        connect();
    }

    std::vector<message> select_all(std::string_view sql) {
        const auto p = one_group(send(request().prepare(sql).t(tag::ndescribe).t(tag::wantdone).done()));
        EXPECT_FALSE(p.empty());
        const auto id = p.empty() ? std::int16_t{0} : p[0].stmt_id;
        describe_ = p.empty() ? message{} : p[0];
        auto g = one_group(send(request().id(id).curname("c").t(tag::open).id(id).nfetch(32767).done()));
        send(request().id(id).t(tag::release).done());
        return g;
    }

    message describe_;
};

TEST_F(values_test, decimal_stays_exact_and_sorts_numerically) {
    command("CREATE TABLE m (amount DECIMAL(20,4), price MONEY(8))");
    const auto id = one_group(send(
        request().prepare("INSERT INTO m VALUES (?, ?)").t(tag::ndescribe).t(tag::wantdone).done()))[0]
                        .stmt_id;
    for (const auto& [a, p] :
         {std::pair{"1234567890123456.7891", "9.5"}, std::pair{"10", "-12.345"}, std::pair{"-3", "0"}})
        ASSERT_EQ(tags_of(one_group(
                      send(request().id(id).bind(2).bind_string(a).bind_string(p).t(tag::execute).done()))),
                  tags({tag::done, tag::cost, tag::eot}));
    // A packed DECIMAL bind (type 5, i16 length + packed bytes).
    bytes packed;
    ASSERT_EQ(ifx::lite::pack_decimal("-42.125", 10, 3, packed), ifx::lite::decimal_status::ok);
    bytes bind = request().id(id).bind(2).raw();
    ifx::wire::writer w(bind);
    w.i16(5);
    w.i16(0);
    w.u16(0x0a03);
    w.i16(static_cast<std::int16_t>(packed.size()));
    w.bytes(packed);
    w.pad(packed.size());
    w.i16(2);
    w.i16(-1);
    w.i16(0);
    w.put(tag::execute);
    w.put(tag::eot);
    ASSERT_EQ(tags_of(one_group(send(bind))), tags({tag::done, tag::cost, tag::eot}));

    const auto g = select_all("SELECT amount, price FROM m WHERE amount > 5 ORDER BY amount");
    ASSERT_EQ(describe_.columns.size(), 2u);
    EXPECT_EQ(describe_.columns[0].type, 5);
    EXPECT_EQ(describe_.columns[0].encoded_length, 0x1404);
    EXPECT_EQ(describe_.columns[1].type, 8);
    EXPECT_EQ(describe_.columns[1].encoded_length, 0x0802);
    ASSERT_EQ(tags_of(g), tags({tag::tuple, tag::tuple, tag::done, tag::cost, tag::eot}));
    bytes expected;
    ifx::lite::pack_decimal("10", 20, 4, expected);
    ifx::lite::pack_decimal("-12.35", 8, 2, expected);
    EXPECT_EQ(g[0].payload, expected) << "10 sorts before 1.2e15; MONEY rounds to 2 places";
    expected.clear();
    ifx::lite::pack_decimal("1234567890123456.7891", 20, 4, expected);
    ifx::lite::pack_decimal("9.5", 8, 2, expected);
    EXPECT_EQ(g[1].payload, expected) << "no precision lost through double";

    const auto neg = select_all("SELECT amount, price FROM m WHERE amount < -40");
    ASSERT_EQ(tags_of(neg), tags({tag::tuple, tag::done, tag::cost, tag::eot}));
    expected.clear();
    ifx::lite::pack_decimal("-42.125", 20, 4, expected);
    expected.resize(expected.size() + 5, 0);  // NULL MONEY(8,2): all zero
    EXPECT_EQ(neg[0].payload, expected);
}

TEST_F(values_test, fixed_types_round_trip) {
    command(
        "CREATE TABLE v (s SMALLINT, i INTEGER, b BIGINT, f FLOAT, r SMALLFLOAT, d DATE, c CHAR(3), l "
        "LVARCHAR(100))");
    command("INSERT INTO v VALUES (-2, 70000, 1099511627776, 3.5, 0.5, '1970-01-01', 'ab', 'long text')");
    command("INSERT INTO v VALUES (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)");
    const auto g = select_all("SELECT s, i, b, f, r, d, c, l FROM v ORDER BY i DESC");
    ASSERT_EQ(tags_of(g), tags({tag::tuple, tag::tuple, tag::done, tag::cost, tag::eot}));
    EXPECT_EQ(describe_.tuple_size, 2 + 4 + 8 + 8 + 4 + 4 + 3 + 105);
    bytes values;
    ifx::wire::writer w(values);
    w.i16(-2);
    w.i32(70000);
    w.i64(1099511627776);
    w.f64(3.5);
    w.f32(0.5f);
    w.i32(25568);
    w.bytes(std::string_view("ab "));
    w.u8(0);
    w.i32(9);
    w.bytes(std::string_view("long text"));
    EXPECT_EQ(g[0].payload, values);
    const bytes nulls = cat({{0x80, 0},
                             {0x80, 0, 0, 0},
                             {0x80, 0, 0, 0, 0, 0, 0, 0},
                             bytes(8, 0xff),
                             bytes(4, 0xff),
                             {0x80, 0, 0, 0},
                             {0, 0, 0},
                             {1, 0, 0, 0, 0}});
    EXPECT_EQ(g[1].payload, nulls);
}

TEST_F(values_test, bound_date_and_float) {
    command("CREATE TABLE d (x DATE NOT NULL, y FLOAT)");
    bytes b = request().prepare("INSERT INTO d VALUES (?, ?)").t(tag::ndescribe).t(tag::wantdone).done();
    const auto id = one_group(send(b))[0].stmt_id;
    bytes bind = request().id(id).bind(2).raw();
    ifx::wire::writer w(bind);
    w.i16(7);
    w.i16(0);
    w.i16(0);
    w.i32(36525);  // 2000-01-01
    w.i16(3);
    w.i16(0);
    w.i16(0);
    w.f64(-1.25);
    w.put(tag::execute);
    w.put(tag::eot);
    ASSERT_EQ(tags_of(one_group(send(bind))), tags({tag::done, tag::cost, tag::eot}));
    const auto g = select_all("SELECT x, y FROM d");
    ASSERT_EQ(describe_.columns.size(), 2u);
    EXPECT_EQ(describe_.columns[0].type, 7 | 0x100);
    bytes expected;
    ifx::wire::writer e(expected);
    e.i32(36525);
    e.f64(-1.25);
    EXPECT_EQ(g[0].payload, expected);
}

TEST_F(values_test, ansi_database_is_always_in_a_transaction) {
    command("CREATE DATABASE a WITH LOG MODE ANSI");
    command("CREATE TABLE t (x INTEGER)");
    command("COMMIT WORK");
    command("INSERT INTO t VALUES (1)");
    command("ROLLBACK WORK");
    EXPECT_EQ(tags_of(select_all("SELECT x FROM t")), tags({tag::done, tag::cost, tag::eot}));
    // The SELECT started an implicit transaction.
    EXPECT_EQ(expect_error(command("BEGIN WORK")).sqlcode, -535);
    command("COMMIT WORK");
    EXPECT_EQ(command("BEGIN WORK;")[0].stmt_type, 34);
}

}  // namespace
}  // namespace ifxlite_test
