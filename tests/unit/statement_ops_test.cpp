// The fetch end-of-data rule and the pipelined deferred frees, without sockets, against
// hand-built server replies.
#include <gtest/gtest.h>

#include "proto/ops.hpp"
#include "proto/requests.hpp"
#include "proto/statement_ops.hpp"
#include "support/bytes.hpp"

namespace {

using ifx::test::be16;
using ifx::test::be32;
using ifx::test::bytes;
using ifx::test::cat;

const bytes eot = {0x00, 0x0c};
// SQ_DONE without feature 70: warnings, rows, rowid, serial.
bytes done(std::uint32_t rows) {
    return cat({{0x00, 0x0f, 0x00, 0x00}, be32(rows), be32(0), be32(0)});
}
bytes err(int sqlcode) {
    return cat({{0x00, 0x0d}, be16(sqlcode), be16(0), be16(0), be16(0)});  // i16 offset, empty CHAR
}
// One INTEGER row.
bytes tuple(std::uint32_t value) {
    return cat({{0x00, 0x0e, 0x00, 0x00}, be32(4), be32(value)});
}

// Runs op over a whole reply given at once: what it wrote first, and its outcome.
struct run_result {
    bytes first_write;
    bool done = false;
    std::error_code ec;
    std::size_t consumed = 0;
};
run_result run(ifx::proto::operation& op, const bytes& reply) {
    run_result r;
    ifx::diagnostics diag;
    std::size_t n = 0;
    r.done = op.advance({}, n, r.first_write, r.ec, diag) == ifx::proto::step::done;
    if (r.done) return r;
    bytes more;
    r.done = op.advance(reply, r.consumed, more, r.ec, diag) == ifx::proto::step::done;
    return r;
}

struct fetch_case {
    const char* name;
    std::int64_t fetched_before;
    bytes reply;
    bool exhausted;
};

TEST(fetch_end, done_after_the_last_tuple_counting_every_row_ends_the_cursor) {
    ifx::column_info integer;
    integer.type = ifx::type_code::integer;
    integer.type_word = 2;
    integer.encoded_length = 4;
    const std::vector<ifx::column_info> columns = {integer};
    const fetch_case cases[] = {
        {"last batch, DONE counts it", 0, cat({tuple(1), tuple(2), done(2), eot}), true},
        {"later last batch, DONE counts all", 3, cat({tuple(4), tuple(5), done(5), eot}), true},
        {"DONE counting something else", 3, cat({tuple(4), tuple(5), done(2), eot}), false},
        {"DONE before the tuples", 0, cat({done(2), tuple(1), tuple(2), eot}), false},
        {"tuples only", 0, cat({tuple(1), tuple(2), eot}), false},
        {"DONE rows 0", 2, cat({done(0), eot}), true},
        {"no tuple", 2, cat({eot}), true},
        {"SQ_ERR 100", 2, cat({err(100), eot}), true},
    };
    for (const auto& c : cases) {
        ifx::proto::session_state s;
        ifx::proto::row_batch batch;
        ifx::proto::fetch_target target{.columns = columns, .batch = batch, .fetched = c.fetched_before};
        ifx::proto::fetch_rows_op op(s, 3, 4096, target);
        const auto r = run(op, c.reply);
        ASSERT_TRUE(r.done) << c.name;
        ASSERT_FALSE(r.ec) << c.name;
        EXPECT_EQ(r.consumed, c.reply.size()) << c.name;
        EXPECT_EQ(target.exhausted, c.exhausted) << c.name;
        EXPECT_EQ(target.fetched, c.fetched_before + static_cast<std::int64_t>(batch.rows)) << c.name;
    }
}

TEST(free_all, the_frees_and_the_next_request_go_in_one_write) {
    ifx::proto::session_state s;
    bytes expected;
    ifx::proto::encode_close(1, expected);
    ifx::proto::encode_release(1, expected);
    ifx::proto::encode_release(2, expected);
    ifx::proto::encode_close(5, expected);  // the next request
    ifx::proto::free_op next(s, {.id = 5, .close = true});
    const std::vector<ifx::proto::free_request> frees = {{.id = 1, .close = true, .release = true},
                                                         {.id = 2, .release = true}};
    ifx::proto::free_all_op op(s, {}, frees, &next);
    // A refused free is ignored; the next request's error is the outcome.
    const bytes replies = cat({eot, err(-258), eot, eot, err(-400), eot});
    ifx::diagnostics diag;
    bytes out;
    std::size_t n = 0;
    std::error_code ec;
    ASSERT_EQ(op.advance({}, n, out, ec, diag), ifx::proto::step::need_more);
    EXPECT_EQ(out, expected);
    // The replies arrive a byte at a time.
    bytes input;
    std::size_t offset = 0;
    bool finished = false;
    for (const std::uint8_t b : replies) {
        input.push_back(b);
        bytes more;
        finished = op.advance(std::span(input).subspan(offset), n, more, ec, diag) == ifx::proto::step::done;
        offset += n;
        EXPECT_TRUE(more.empty());
        if (finished) break;
    }
    ASSERT_TRUE(finished);
    EXPECT_EQ(offset, replies.size());
    EXPECT_EQ(ec, ifx::make_server_error(-400));
    EXPECT_EQ(diag.sqlcode, -400) << "the next request's diagnostics, not the free's";
    EXPECT_FALSE(s.broken);
}

TEST(free_all, without_a_next_request_it_succeeds_whatever_the_server_says) {
    ifx::proto::session_state s;
    const std::vector<ifx::proto::free_request> frees = {{.id = 1, .close = true},
                                                         {.id = 2, .release = true}};
    ifx::proto::free_all_op op(s, {}, frees, nullptr);
    const bytes replies = cat({err(-400), eot, eot});
    const auto r = run(op, replies);
    ASSERT_TRUE(r.done);
    EXPECT_FALSE(r.ec);
    EXPECT_EQ(r.consumed, replies.size());
}

TEST(free_all, a_malformed_reply_to_a_free_breaks_the_connection) {
    ifx::proto::session_state s;
    ifx::proto::free_op next(s, {.id = 5, .close = true});
    const std::vector<ifx::proto::free_request> frees = {{.id = 1, .close = true}};
    ifx::proto::free_all_op op(s, {}, frees, &next);
    const auto r = run(op, bytes{0x7f, 0x7f, 0x00, 0x0c});
    ASSERT_TRUE(r.done);
    EXPECT_EQ(r.ec, ifx::errc::protocol_violation);
    EXPECT_TRUE(s.broken);
}

TEST(free_all, frees_sent_earlier_are_not_written_again_and_their_replies_come_first) {
    // A pooled connection's return writes the finished query's CLOSE without waiting; the
    // borrower's first request reads that reply before its own.
    ifx::proto::session_state s;
    bytes expected;
    ifx::proto::encode_release(2, expected);  // the free not yet sent
    ifx::proto::encode_close(5, expected);    // the next request
    ifx::proto::free_op next(s, {.id = 5, .close = true});
    const std::vector<ifx::proto::free_request> sent = {{.id = 1, .close = true}};
    const std::vector<ifx::proto::free_request> unsent = {{.id = 2, .release = true}};
    ifx::proto::free_all_op op(s, sent, unsent, &next);
    const bytes replies = cat({eot, eot, err(-400), eot});  // CLOSE 1, RELEASE 2, the next request
    const auto r = run(op, replies);
    EXPECT_EQ(r.first_write, expected) << "the CLOSE of statement 1 went out before";
    ASSERT_TRUE(r.done);
    EXPECT_EQ(r.consumed, replies.size());
    EXPECT_EQ(r.ec, ifx::make_server_error(-400)) << "the outcome is the next request's";
}

}  // namespace
