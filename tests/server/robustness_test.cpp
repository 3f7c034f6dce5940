// Pipelining, segmentation and hostile input (PROTOCOL.md §7.7, §13 items 6, 11, 12).
#include "sqli_client.hpp"

#include <random>

namespace ifxlite_test {
namespace {

class robustness_test : public session_test {
protected:
    bytes script() {
        // A whole session after login: negotiation, open, DDL, DML, a cursor, errors, release.
        return cat(
            {vec("login.txt", "LOGIN-010"), vec("login.txt", "LOGIN-020"), bytes{0x00, 0x0c},
             dbopen("testdb"),
             request()
                 .command("CREATE TABLE t (a INTEGER, b VARCHAR(9))")
                 .t(tag::ndescribe)
                 .t(tag::execute)
                 .t(tag::release)
                 .done(),
             request()
                 .command("INSERT INTO t VALUES (1, 'one'), (2, 'two')")
                 .t(tag::ndescribe)
                 .t(tag::execute)
                 .done(),
             request().command("INSERT INTO nowhere VALUES (1)").t(tag::ndescribe).t(tag::execute).done(),
             request().prepare("SELECT a, b FROM t").t(tag::ndescribe).t(tag::wantdone).done(),
             request().id(0).curname("c").t(tag::open).id(0).nfetch(20).done(),
             request().id(0).nfetch(20).done(), request().id(0).nfetch(20).done(),
             request().id(0).t(tag::close).done(), request().id(0).t(tag::release).done(),
             request().id(0).t(tag::release).done(), bytes{0x00, 0x38, 0x00, 0x0c}});
    }
};

TEST_F(robustness_test, pipelined_groups_each_get_one_reply_even_after_errors) {
    connect();
    command("CREATE TABLE t (a INTEGER PRIMARY KEY)");
    const auto ins = one_group(
        send(request().prepare("INSERT INTO t VALUES (?)").t(tag::ndescribe).t(tag::wantdone).done()));
    const auto id = ins[0].stmt_id;
    bytes pipeline;
    for (int v : {1, 2, 1, 3}) {
        const auto g = request().id(id).bind(1).bind_int(v).t(tag::execute).done();
        pipeline.insert(pipeline.end(), g.begin(), g.end());
    }
    const auto groups = parse_replies(send(pipeline));
    ASSERT_EQ(groups.size(), 4u);
    EXPECT_EQ(tags_of(groups[0]), tags({tag::done, tag::cost, tag::eot}));
    EXPECT_EQ(tags_of(groups[1]), tags({tag::done, tag::cost, tag::eot}));
    EXPECT_EQ(expect_error(groups[2]).sqlcode, -268);
    EXPECT_EQ(tags_of(groups[3]), tags({tag::done, tag::cost, tag::eot}));
}

// What ifx sends after a one-row query: the finished cursor's CLOSE and RELEASE in front of the
// next request, in one write. Each group gets its own reply, in order; the last batch of the
// cursor carries SQ_DONE (rows = every row fetched) after its tuple.
TEST_F(robustness_test, deferred_close_and_release_are_answered_in_front_of_the_next_request) {
    connect();
    command("CREATE TABLE t (a INTEGER)");
    command("INSERT INTO t VALUES (7)");
    const auto id =
        one_group(send(request().prepare("SELECT a FROM t").t(tag::ndescribe).t(tag::wantdone).done()))[0]
            .stmt_id;
    const auto first =
        one_group(send(request().id(id).curname("c1").t(tag::open).id(id).nfetch(4096).done()));
    EXPECT_EQ(tags_of(first), tags({tag::tuple, tag::done, tag::cost, tag::eot}));
    const auto groups = parse_replies(
        send(cat({request().id(id).t(tag::close).done(), request().id(id).t(tag::release).done(),
                  request().prepare("SELECT a FROM t").t(tag::ndescribe).t(tag::wantdone).done()})));
    ASSERT_EQ(groups.size(), 3u);
    EXPECT_EQ(tags_of(groups[0]), tags({tag::eot}));
    EXPECT_EQ(tags_of(groups[1]), tags({tag::eot}));
    EXPECT_EQ(tags_of(groups[2]), tags({tag::describe, tag::done, tag::cost, tag::eot}));
    EXPECT_EQ(groups[2][0].stmt_id, id) << "the released id is free again";
}

TEST_F(robustness_test, error_skips_the_rest_of_its_group_but_not_the_next) {
    connect();
    const auto both = parse_replies(send(
        cat({request().command("SELEC oops").t(tag::ndescribe).t(tag::execute).t(tag::release).done(),
             request().command("CREATE TABLE t (a INTEGER)").t(tag::ndescribe).t(tag::execute).done()})));
    ASSERT_EQ(both.size(), 2u);
    EXPECT_EQ(expect_error(both[0]).sqlcode, -201);
    EXPECT_EQ(tags_of(both[1]), tags({tag::describe, tag::done, tag::cost, tag::eot}));
    // A failing message mid-group: the statement prepared before it is not leaked.
    const auto g = one_group(
        send(request().prepare("SELECT a FROM t").t(tag::ndescribe).id(55).t(tag::wantdone).done()));
    EXPECT_EQ(expect_error(g).sqlcode, -258);
    EXPECT_EQ(
        one_group(send(request().prepare("SELECT a FROM t").t(tag::ndescribe).t(tag::wantdone).done()))[0]
            .stmt_id,
        0);
}

TEST_F(robustness_test, split_at_every_byte_gives_the_same_output) {
    ASSERT_FALSE(databases_->create("testdb", ifx::lite::log_mode::logged).has_value());
    const bytes input = cat({login_packet(), script()});
    const bytes whole = send(input);
    EXPECT_TRUE(s_->closing());
    EXPECT_EQ(whole.size() >= 2 ? bytes(whole.end() - 2, whole.end()) : bytes{}, (bytes{0x00, 0x38}));
    SetUp();
    ASSERT_FALSE(databases_->create("testdb", ifx::lite::log_mode::logged).has_value());
    bytes split;
    for (std::size_t i = 0; i < input.size(); ++i) {
        const auto part = s_->on_bytes(std::span(input).subspan(i, 1));
        split.insert(split.end(), part.begin(), part.end());
    }
    EXPECT_EQ(split, whole);
}

// SQ_ERR -929 ("SQLI Protocol Error. Session terminated."), ISAM 0, offset 0, no text; SQ_EOT.
const bytes protocol_error{0x00, 0x0d, 0xfc, 0x5f, 0x00, 0x00, 0x00,
                           0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0c};

TEST_F(robustness_test, unknown_tag_is_answered_929_and_closes) {
    connect();
    EXPECT_EQ(send(bytes{0x01, 0x2c, 0x00, 0x0c}), protocol_error);
    EXPECT_TRUE(s_->closing());
    EXPECT_FALSE(s_->close_reason().empty());
    EXPECT_TRUE(send(request().t(tag::dblist).done()).empty());
}

TEST_F(robustness_test, malformed_lengths_are_answered_929_and_close) {
    for (const bytes& bad :
         {bytes{0x00, 0x01, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff},              // negative SQL length
          bytes{0x00, 0x7e, 0x7f, 0xff},                                      // oversized SQ_PROTOCOLS
          bytes{0x00, 0x05, 0x00, 0x01, 0x00, 0x28, 0, 0, 0, 0, 0, 0, 0, 0},  // bind type 40
          bytes{0x00, 0x51, 0x00, 0x07, 0x00, 0x00}}) {                       // SQ_INFO subtype 7
        SetUp();
        connect("");
        EXPECT_EQ(send(bad), protocol_error);
        EXPECT_TRUE(s_->closing());
    }
}

TEST_F(robustness_test, random_garbage_never_crashes) {
    std::mt19937 rng(12345);
    ASSERT_FALSE(databases_->create("testdb", ifx::lite::log_mode::logged).has_value());
    for (int round = 0; round < 200; ++round) {
        s_ = std::make_unique<ifx::lite::session>(*databases_, config_);
        connect("");
        if (round % 2) send(dbopen("testdb"));
        bytes junk(static_cast<std::size_t>(rng() % 64));
        for (auto& b : junk) b = static_cast<std::uint8_t>(rng() % 4 == 0 ? 0 : rng());
        send(junk);
        send(bytes{0x00, 0x0c});
    }
    SUCCEED();
}

TEST_F(robustness_test, eof_rolls_back) {
    connect();
    command("CREATE TABLE t (a INTEGER)");
    send(request().t(tag::begin).done());
    command("INSERT INTO t VALUES (1)");
    s_->on_eof();
    EXPECT_TRUE(s_->closing());
    s_ = std::make_unique<ifx::lite::session>(*databases_, config_);
    connect("");
    one_group(send(dbopen("testdb")));
    const auto id =
        one_group(send(request().prepare("SELECT a FROM t").t(tag::ndescribe).t(tag::wantdone).done()))[0]
            .stmt_id;
    const auto g = one_group(send(request().id(id).curname("c").t(tag::open).id(id).nfetch(100).done()));
    EXPECT_EQ(tags_of(g), tags({tag::done, tag::cost, tag::eot}));
}

}  // namespace
}  // namespace ifxlite_test
