// Large-object protocol pieces without sockets: the BYTE/TEXT upload after SQ_BIND, SQ_FETCHBLOB
// inside a fetch, the SQ_LODATA read/write operations and fast-path routine calls, against
// hand-built transcripts.
#include <gtest/gtest.h>

#include <cstring>

#include "ifx/result.hpp"
#include "proto/cursor_ops.hpp"
#include "proto/fastpath.hpp"
#include "proto/lob_ops.hpp"
#include "proto/ops.hpp"
#include "session/fastpath.hpp"
#include "support/bytes.hpp"
#include "support/transcript.hpp"
#include "support/vectors.hpp"
#include "types/bind.hpp"
#include "wire/writer.hpp"

namespace {

using ifx::test::be16;
using ifx::test::be32;
using ifx::test::bytes;
using ifx::test::cat;
using ifx::test::transcript;
using ifx::test::vector_by_id;
namespace tag = ifx::wire;

const bytes eot = {0x00, 0x0c};
// SQ_DONE without feature 70: warnings, rows, rowid, serial.
const bytes done0 = cat({{0x00, 0x0f, 0x00, 0x00}, be32(0), be32(0), be32(0)});
bytes err(int sqlcode) {
    return cat({{0x00, 0x0d}, be16(sqlcode), be16(0), be16(0), be16(0)});  // i16 offset, empty CHAR
}

// ---- BYTE/TEXT binds ----------------------------------------------------------------------------

TEST(lob_bind, byte_value_follows_the_bind_in_blob_chunks) {
    const std::vector<std::byte> value = {std::byte{1}, std::byte{2}, std::byte{3}};
    const ifx::param params[] = {7, value};
    bytes out;
    ASSERT_FALSE(ifx::types::encode_bind(params, ifx::codeset::utf8, out));
    bytes descriptor(56, 0);
    descriptor[19] = 3;                                    // size at offset 16
    const bytes expected = cat({{0x00, 0x05, 0x00, 0x02},  // SQ_BIND, 2 values
                                {0x00, 0x02, 0x00, 0x00, 0x0a, 0x00},
                                be32(7),  // INTEGER 7
                                {0x00, 0x0b, 0x00, 0x00, 0x00, 0x00},
                                descriptor,                                        // BYTE descriptor
                                {0x00, 0x29, 0x00, 0x01},                          // SQ_BBIND 1
                                {0x00, 0x27, 0x00, 0x03, 0x01, 0x02, 0x03, 0x00},  // SQ_BLOB 3 + pad
                                {0x00, 0x27, 0x00, 0x00}});                        // end of value
    EXPECT_EQ(out, expected);
}

TEST(lob_bind, text_is_converted_chunked_and_null_has_no_descriptor) {
    std::string text(1025, 'a');
    text[1024] = '\xc3';  // "é" as the 1024th/1025th UTF-8 bytes → one ISO-8859-1 byte
    text += '\xa9';
    const std::optional<ifx::text> none;
    const ifx::param params[] = {ifx::text{text}, none, std::optional<std::vector<std::byte>>{}};
    bytes out;
    ASSERT_FALSE(ifx::types::encode_bind(params, ifx::codeset::iso_8859_1, out));
    bytes descriptor(56, 0);
    descriptor[18] = 0x04;
    descriptor[19] = 0x01;  // 1025 bytes in Latin-1
    bytes chunk1 = {0x00, 0x27, 0x04, 0x00};
    chunk1.insert(chunk1.end(), 1024, 'a');
    const bytes expected = cat({{0x00, 0x05, 0x00, 0x03},
                                {0x00, 0x0c, 0x00, 0x00, 0x00, 0x00},
                                descriptor,                            // TEXT
                                {0x00, 0x0c, 0xff, 0xff, 0x00, 0x00},  // NULL TEXT
                                {0x00, 0x0b, 0xff, 0xff, 0x00, 0x00},  // NULL BYTE
                                {0x00, 0x29, 0x00, 0x01},              // one value follows
                                chunk1,
                                {0x00, 0x27, 0x00, 0x01, 0xe9, 0x00},
                                {0x00, 0x27, 0x00, 0x00}});
    EXPECT_EQ(out, expected);
    // Text the code set cannot hold fails and leaves the buffer as it was.
    const ifx::param bad[] = {ifx::text{"日本"}};
    bytes untouched = {0x01};
    ifx::types::bind_failure why;
    EXPECT_EQ(ifx::types::encode_bind(bad, ifx::codeset::iso_8859_1, untouched, &why),
              ifx::errc::invalid_argument);
    EXPECT_EQ(untouched, bytes{0x01});
    EXPECT_NE(why.reason.find("TEXT"), std::string::npos);
}

TEST(lob_bind, locator_binds_as_hex_char) {
    ifx::lob_locator loc;
    loc.raw[0] = 0xab;
    loc.raw[71] = 0x01;
    const ifx::param params[] = {loc};
    bytes out;
    ASSERT_FALSE(ifx::types::encode_bind(params, ifx::codeset::utf8, out));
    std::string hex = "ab" + std::string(140, '0') + "01";
    const bytes expected = cat({{0x00, 0x05, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00},
                                be16(144),
                                bytes(hex.begin(), hex.end())});
    EXPECT_EQ(out, expected);
}

// ---- SQ_FETCHBLOB inside a fetch ---------------------------------------------------------------

ifx::column_info blob_column(ifx::type_code t) {
    ifx::column_info c;
    c.type = t;
    c.type_word = static_cast<std::uint16_t>(t);
    c.encoded_length = 56;
    return c;
}

bytes descriptor_with(std::uint8_t marker, bool null) {
    bytes d(56, 0);
    d[40] = marker;
    if (null) d[39] = 0x01;
    return d;
}

bytes tuple(const bytes& payload) {
    return cat({{0x00, 0x0e, 0x00, 0x00}, be32(static_cast<std::uint32_t>(payload.size())), payload});
}

// SQ_NFETCH of cursor 3 (4096-byte buffer) over `columns`, on a fresh session.
struct blob_fetch {
    explicit blob_fetch(std::vector<ifx::column_info> cols) : columns(std::move(cols)) {}
    ifx::proto::session_state s;
    const std::vector<ifx::column_info> columns;
    ifx::proto::row_batch batch;
    ifx::proto::fetch_target target{.columns = columns, .batch = batch};
    ifx::proto::fetch_rows_op op{s, 3, 4096, target};
    transcript t{op};
};

TEST(lob_fetch, content_is_fetched_per_value_before_the_fetch_completes) {
    blob_fetch f({blob_column(ifx::type_code::text), blob_column(ifx::type_code::byte)});
    transcript& t = f.t;
    EXPECT_FALSE(t.step({}).empty());  // SQ_NFETCH
    // Two rows: (TEXT 'A', BYTE NULL) and (TEXT 'B', BYTE 'C'); the last batch.
    const bytes reply = cat({tuple(cat({descriptor_with('A', false), descriptor_with('N', true)})),
                             tuple(cat({descriptor_with('B', false), descriptor_with('C', false)})),
                             done0,
                             {0x00, 0x37},
                             be32(1),
                             be32(1),
                             eot});
    // Three non-NULL values: three pipelined groups, written only once the whole reply is in.
    const bytes requests = t.trickle(reply);
    const auto group = [](std::uint8_t marker) {
        return cat({{0x00, 0x04, 0x00, 0x03, 0x00, 0x26}, descriptor_with(marker, false), eot});
    };
    EXPECT_EQ(requests, cat({group('A'), group('B'), group('C')}));
    EXPECT_FALSE(t.done);
    const auto blob_reply = [&](const std::string& content) {
        bytes out;
        for (std::size_t at = 0; at < content.size(); at += 2) {  // two-byte chunks: odd ones padded
            const std::string part = content.substr(at, 2);
            out = cat(
                {out, {0x00, 0x27}, be16(static_cast<int>(part.size())), bytes(part.begin(), part.end())});
            if (part.size() % 2) out.push_back(0);
        }
        return cat({out, {0x00, 0x27, 0x00, 0x00}, done0, eot});
    };
    EXPECT_TRUE(t.trickle(cat({blob_reply("alpha"), blob_reply(""), blob_reply("xyz")})).empty());
    ASSERT_TRUE(t.done);
    ASSERT_FALSE(t.ec) << t.diag.client_message;
    EXPECT_TRUE(f.target.exhausted);
    const ifx::rows_view rows(f.columns, &f.batch);
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].get<std::string>(0), "alpha");
    EXPECT_FALSE(rows[0].get<std::optional<std::vector<std::byte>>>(1));
    EXPECT_EQ(rows[1].get<std::string>(0), "");
    const auto c = rows[1].get<std::vector<std::byte>>(1);
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(c.data()), c.size()), "xyz");
    EXPECT_EQ(rows[1].get<ifx::blob_descriptor>(1).raw[40], 'C');  // the descriptor is kept
}

TEST(lob_fetch, a_server_error_fails_the_fetch_and_keeps_the_stream) {
    blob_fetch f({blob_column(ifx::type_code::byte)});
    transcript& t = f.t;
    (void)t.step({});
    EXPECT_FALSE(t.step(cat({tuple(descriptor_with('A', false)), eot})).empty());
    (void)t.step(cat({err(-602), eot}));
    ASSERT_TRUE(t.done);
    EXPECT_EQ(t.ec, ifx::make_server_error(-602));
    EXPECT_FALSE(f.s.broken);
    EXPECT_EQ(t.offset, t.input.size());
}

TEST(lob_fetch, a_value_without_terminator_is_a_protocol_violation) {
    blob_fetch f({blob_column(ifx::type_code::byte)});
    transcript& t = f.t;
    (void)t.step({});
    (void)t.step(cat({tuple(descriptor_with('A', false)), eot}));
    (void)t.step(cat({{0x00, 0x27, 0x00, 0x01, 'x', 0x00}, done0, eot}));
    ASSERT_TRUE(t.done);
    EXPECT_EQ(t.ec, ifx::errc::protocol_violation);
    EXPECT_TRUE(f.s.broken);
}

// ---- SQ_LODATA ----------------------------------------------------------------------------------

// A read of up to `size` bytes of large object `fd`, on a fresh session; `got` starts at 99 so a
// read must set it.
struct lo_read {
    lo_read(std::int32_t fd, std::size_t size) : buffer(size), op(s, fd, buffer, got) {}
    ifx::proto::session_state s;
    std::vector<std::uint8_t> buffer;
    std::size_t got = 99;
    ifx::proto::lo_read_op op;
    transcript t{op};
};

TEST(lodata, read_request_and_reply_match_the_vectors) {
    lo_read r(9, 32000);
    transcript& t = r.t;
    EXPECT_EQ(t.step({}), cat({vector_by_id("messages.txt", "MSG-040").bytes, eot}));
    EXPECT_TRUE(t.trickle(vector_by_id("messages.txt", "MSG-042").bytes).empty());
    ASSERT_TRUE(t.done);
    ASSERT_FALSE(t.ec);
    ASSERT_EQ(r.got, 3u);
    EXPECT_EQ(std::memcmp(r.buffer.data(), "abc", 3), 0);
}

TEST(lodata, end_of_object_and_errors) {
    {
        lo_read r(1, 10);
        transcript& t = r.t;
        (void)t.step({});
        (void)t.trickle({0x00, 0x61, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0c});
        ASSERT_TRUE(t.done);
        EXPECT_FALSE(t.ec);
        EXPECT_EQ(r.got, 0u);
    }
    {  // negative size: an ISAM error, the stream stays aligned
        lo_read r(1, 10);
        transcript& t = r.t;
        (void)t.step({});
        (void)t.step(cat({{0x00, 0x61, 0x00, 0x00}, be32(static_cast<std::uint32_t>(-111)), eot}));
        ASSERT_TRUE(t.done);
        EXPECT_EQ(t.ec, ifx::make_server_error(-9810));
        EXPECT_EQ(t.diag.isam_code, -111);
        EXPECT_FALSE(r.s.broken);
    }
    {  // SQ_ERR (bad descriptor)
        lo_read r(1, 10);
        transcript& t = r.t;
        (void)t.step({});
        (void)t.step(cat({err(-9810), eot}));
        EXPECT_EQ(t.ec, ifx::make_server_error(-9810));
        EXPECT_FALSE(r.s.broken);
    }
    {  // more than was asked for: the server is not speaking this protocol
        lo_read r(1, 2);
        transcript& t = r.t;
        (void)t.step({});
        (void)t.step(vector_by_id("messages.txt", "MSG-042").bytes);
        EXPECT_EQ(t.ec, ifx::errc::protocol_violation);
        EXPECT_TRUE(r.s.broken);
    }
    {  // chunks that do not add up to the announced size
        lo_read r(1, 10);
        transcript& t = r.t;
        (void)t.step({});
        (void)t.step(
            {0x00, 0x61, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x04, 'a', 'b', 'c', 'd', 0x00, 0x0c});
        EXPECT_EQ(t.ec, ifx::errc::protocol_violation);
        EXPECT_TRUE(r.s.broken);
    }
}

TEST(lodata, write_is_chunked_pipelined_and_counts_confirmed_bytes) {
    ifx::proto::session_state s;
    std::vector<std::uint8_t> data(ifx::proto::lodata_max_write + 70'001);
    for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<std::uint8_t>(i * 7);
    std::size_t written = 99;
    ifx::proto::lo_write_op op(s, 5, data, written);
    transcript t(op);
    const bytes sent = t.step({});
    // Each group: header with the transfer buffer, chunks of at most 32000 bytes (odd ones padded).
    const auto group = [&](std::size_t from, std::size_t n) {
        bytes g =
            cat({{0x00, 0x61, 0x00, 0x02, 0x00, 0x05}, be32(static_cast<std::uint32_t>(n)), {0x7d, 0x00}});
        for (std::size_t at = 0; at < n; at += 32000) {
            const std::size_t len = std::min<std::size_t>(32000, n - at);
            g = cat({g, be16(static_cast<int>(len))});
            g.insert(g.end(), data.begin() + static_cast<std::ptrdiff_t>(from + at),
                     data.begin() + static_cast<std::ptrdiff_t>(from + at + len));
            if (len % 2) g.push_back(0);
        }
        return cat({g, eot});
    };
    EXPECT_EQ(sent,
              cat({group(0, ifx::proto::lodata_max_write), group(ifx::proto::lodata_max_write, 70'001)}));
    const auto ack = [](std::uint32_t n) { return cat({{0x00, 0x61, 0x00, 0x02}, be32(n), eot}); };
    (void)t.trickle(cat({ack(ifx::proto::lodata_max_write), ack(70'001)}));
    ASSERT_TRUE(t.done);
    EXPECT_FALSE(t.ec);
    EXPECT_EQ(written, data.size());

    // The second group fails: only the first counts, the error is the server's, the stream is fine.
    ifx::proto::lo_write_op op2(s, 5, data, written);
    transcript t2(op2);
    (void)t2.step({});
    (void)t2.step(cat({ack(ifx::proto::lodata_max_write), err(-9810), eot}));
    ASSERT_TRUE(t2.done);
    EXPECT_EQ(t2.ec, ifx::make_server_error(-9810));
    EXPECT_EQ(written, ifx::proto::lodata_max_write);
    EXPECT_FALSE(s.broken);
}

}  // namespace

// ---- fast-path routine calls (SQ_GETROUTINE / SQ_EXFPROUTINE / SQ_FPROUTINE) ---------------------

namespace {

using ifx::proto::fp_arg;
using ifx::proto::fp_result;

bytes text(std::string_view s) {
    return {s.begin(), s.end()};
}
const std::string_view close_sig = "function informix.ifx_lo_close(integer)";  // 39 bytes
// `SQ_GETROUTINE CHAR "db" i32 handle` SQ_EOT.
bytes routine_reply(std::uint32_t handle) {
    return cat({{0x00, 0x65}, be16(2), text("db"), be32(handle), eot});
}
// `SQ_FPROUTINE i16 1 INTEGER v` SQ_EOT.
bytes integer_reply(std::uint32_t v) {
    return cat({{0x00, 0x67}, be16(1), be16(2), be16(0), be16(0), be32(v), eot});
}
bytes execute_request(std::uint32_t handle, std::uint32_t fd) {
    return cat({{0x00, 0x66},
                be16(2),
                text("db"),
                be32(handle),
                be16(1),
                be16(0),  // db, handle, 1 arg
                {0x00, 0x05},
                be16(1),
                be16(2),
                be16(0),
                be16(0),
                be32(fd),
                eot});
}

TEST(fastpath, getroutine_request_has_the_published_odd_byte) {
    bytes out;
    ifx::proto::encode_getroutine(close_sig, out);
    EXPECT_EQ(out,
              cat({{0x00, 0x65, 0x00}, be32(39), text(close_sig), {0x00}, be16(0), eot}));  // 4 + 39 odd: pad
    out.clear();
    ifx::proto::encode_getroutine("f(x)", out);  // 4 + 4 is even: no pad either
    EXPECT_EQ(out, cat({{0x00, 0x65, 0x00}, be32(4), text("f(x)"), be16(0), eot}));
    out.clear();
    ifx::proto::encode_getroutine("f(xy)", out);  // 4 + 5 is odd: one pad byte
    EXPECT_EQ(out, cat({{0x00, 0x65, 0x00}, be32(5), text("f(xy)"), {0x00}, be16(0), eot}));
}

TEST(fastpath, resolves_once_then_executes_by_cached_handle) {
    ifx::proto::session_state s;
    const fp_arg args[] = {fp_arg::integer(5)};
    std::vector<fp_result> results;
    {
        ifx::proto::fastpath_op op(s, close_sig, args, results);
        transcript t(op);
        bytes expected;
        ifx::proto::encode_getroutine(close_sig, expected);
        EXPECT_EQ(t.step({}), expected);
        EXPECT_EQ(t.trickle(routine_reply(7)), execute_request(7, 5));
        EXPECT_FALSE(t.done);
        t.trickle(integer_reply(0));
        ASSERT_TRUE(t.done);
        EXPECT_FALSE(t.ec) << t.diag.client_message;
    }
    ASSERT_EQ(results.size(), 1u);
    std::int64_t v = -1;
    EXPECT_TRUE(results[0].to_integer(v));
    EXPECT_EQ(v, 0);
    ASSERT_EQ(s.routines.count(std::string(close_sig)), 1u);
    EXPECT_EQ(s.routines.find(close_sig)->second.handle, 7);

    // The second call goes straight to SQ_EXFPROUTINE with the cached handle and database.
    const fp_arg args2[] = {fp_arg::integer(6)};
    ifx::proto::fastpath_op op(s, close_sig, args2, results);
    transcript t(op);
    EXPECT_EQ(t.step({}), execute_request(7, 6));
    t.step(cat({done0, integer_reply(0)}));  // an SQ_DONE before the values is accepted
    EXPECT_TRUE(t.done);
    EXPECT_FALSE(t.ec) << t.diag.client_message;
}

TEST(fastpath, server_error_on_execute_drops_the_cached_handle_and_keeps_the_stream) {
    ifx::proto::session_state s;
    s.routines.emplace(std::string(close_sig), ifx::proto::routine_handle{"db", 7});
    const fp_arg args[] = {fp_arg::integer(99)};
    std::vector<fp_result> results;
    ifx::proto::fastpath_op op(s, close_sig, args, results);
    transcript t(op);
    EXPECT_EQ(t.step({}), execute_request(7, 99));
    t.step(cat({err(-9810), eot}));
    ASSERT_TRUE(t.done);
    EXPECT_EQ(t.ec, ifx::make_server_error(-9810));
    EXPECT_TRUE(s.routines.empty());
    EXPECT_FALSE(s.broken);
    EXPECT_TRUE(results.empty());
}

TEST(fastpath, unresolvable_routine_fails_without_executing) {
    ifx::proto::session_state s;
    std::vector<fp_result> results;
    ifx::proto::fastpath_op op(s, "function informix.nope(integer)", {}, results);
    transcript t(op);
    (void)t.step({});
    EXPECT_TRUE(t.step(cat({err(-674), eot})).empty());
    ASSERT_TRUE(t.done);
    EXPECT_EQ(t.ec, ifx::make_server_error(-674));
    EXPECT_FALSE(s.broken);
    EXPECT_TRUE(s.routines.empty());
}

TEST(fastpath, udt_and_int8_arguments_and_results) {
    ifx::proto::session_state s;
    s.routines.emplace("f", ifx::proto::routine_handle{"", 3});
    const bytes locator(72, 0xab);
    const fp_arg args[] = {fp_arg::udt("blob", locator), fp_arg::int8(-5)};
    std::vector<fp_result> results;
    ifx::proto::fastpath_op op(s, "f", args, results);
    transcript t(op);
    EXPECT_EQ(t.step({}), cat({{0x00, 0x66},
                               be16(0),
                               be32(3),
                               be16(2),
                               be16(0),
                               {0x00, 0x05},
                               be16(2),
                               // type 44, owner "", name "blob", indicator, precision, i32 72, bytes
                               be16(44),
                               be16(0),
                               be16(4),
                               text("blob"),
                               be16(0),
                               be16(0),
                               be32(72),
                               locator,
                               // INT8: sign -1, low word 5, high word 0
                               be16(17),
                               be16(0),
                               be16(0),
                               be16(0xffff),
                               be32(5),
                               be32(0),
                               eot}));
    const bytes reply = cat({{0x00, 0x67},
                             be16(3),
                             // UDT fixed with owner and name, then 72 bytes
                             be16(41),
                             be16(8),
                             text("informix"),
                             be16(4),
                             text("blob"),
                             be16(0),
                             be16(72),
                             be32(72),
                             locator,
                             // INT8 1234, then a NULL INTEGER
                             be16(17),
                             be16(0),
                             be16(0),
                             be16(1),
                             be32(1234),
                             be32(0),
                             be16(2),
                             be16(0xffff),
                             be16(0),
                             eot});
    t.trickle(reply);
    ASSERT_TRUE(t.done);
    EXPECT_FALSE(t.ec) << t.diag.client_message;
    ASSERT_EQ(results.size(), 3u);
    EXPECT_EQ(results[0].type_name, "blob");
    EXPECT_EQ(results[0].data, locator);
    std::int64_t v = 0;
    EXPECT_FALSE(results[0].to_integer(v));
    EXPECT_TRUE(results[1].to_integer(v));
    EXPECT_EQ(v, 1234);
    EXPECT_TRUE(results[2].null);
    EXPECT_FALSE(results[2].to_integer(v));
}

TEST(fastpath, unexpected_reply_breaks_the_session) {
    ifx::proto::session_state s;
    std::vector<fp_result> results;
    ifx::proto::fastpath_op op(s, close_sig, {}, results);
    transcript t(op);
    (void)t.step({});
    t.step(cat({integer_reply(1)}));  // SQ_FPROUTINE where the handle was due
    ASSERT_TRUE(t.done);
    EXPECT_EQ(t.ec, ifx::errc::protocol_violation);
    EXPECT_TRUE(s.broken);
}

TEST(fastpath, unknown_result_type_is_malformed) {
    ifx::proto::session_state s;
    s.routines.emplace("f", ifx::proto::routine_handle{"", 3});
    std::vector<fp_result> results;
    ifx::proto::fastpath_op op(s, "f", {}, results);
    transcript t(op);
    (void)t.step({});
    // TEXT: its content never travels in a fast-path value.
    t.step(cat({{0x00, 0x67}, be16(1), be16(12), be16(0), be16(0), be16(4), {1, 2, 3, 4}, eot}));
    ASSERT_TRUE(t.done);
    EXPECT_TRUE(t.ec);
    EXPECT_TRUE(s.broken);
}

TEST(fastpath, parameters_travel_as_bind_values_and_typed_results_become_a_row) {
    ifx::proto::session_state s;
    s.routines.emplace("g", ifx::proto::routine_handle{"db", 1000});
    const ifx::param p[] = {ifx::param("ab"), ifx::param(ifx::decimal::parse("1.5")), ifx::param(ifx::null)};
    const fp_arg args[] = {fp_arg::of(p[0]), fp_arg::of(p[1]), fp_arg::of(p[2])};
    std::vector<fp_result> results;
    ifx::proto::fastpath_op op(s, "g", args, results);
    transcript t(op);
    // The arguments are exactly the SQ_BIND values a statement execution would send.
    bytes bind;
    ASSERT_FALSE(ifx::types::encode_bind(p, ifx::codeset::utf8, bind));
    EXPECT_EQ(t.step({}), cat({{0x00, 0x66}, be16(2), text("db"), be32(1000), be16(3), be16(0), bind, eot}));
    const bytes reply = cat({{0x00, 0x67},
                             be16(4),
                             // VARCHAR "xyz", DECIMAL(4,2) 12.50 (packed: exponent byte, 2 digit pairs)
                             be16(13),
                             be16(0),
                             be16(0),
                             be16(3),
                             text("xyz"),
                             {0x00},
                             be16(5),
                             be16(0),
                             be16(0x0402),
                             be16(3),
                             {0xc1, 12, 50, 0x00},
                             // FLOAT 2.5, DATE day 1 (1900-01-01)
                             be16(3),
                             be16(0),
                             be16(0),
                             {0x40, 0x04, 0, 0, 0, 0, 0, 0},
                             be16(7),
                             be16(0),
                             be16(0),
                             be32(1),
                             eot});
    t.trickle(reply);
    ASSERT_TRUE(t.done);
    ASSERT_FALSE(t.ec) << t.diag.client_message;
    ASSERT_EQ(results.size(), 4u);
    const ifx::result r = ifx::detail::fast_path_result(results, ifx::codeset::utf8);
    ASSERT_EQ(r.size(), 1u);
    ASSERT_EQ(r.columns().size(), 4u);
    EXPECT_EQ(r[0].get<std::string>(0), "xyz");
    EXPECT_EQ(r[0].get<std::string>(1), "12.50");
    EXPECT_EQ(r[0].get<double>(2), 2.5);
    EXPECT_EQ(r[0].get<ifx::date>(3), ifx::date::from_ymd(1900, 1, 1));
    EXPECT_TRUE(ifx::detail::fast_path_result({}, ifx::codeset::utf8).columns().empty());
}

TEST(fastpath, byte_content_is_refused_before_anything_is_sent) {
    ifx::proto::session_state s;
    s.routines.emplace("g", ifx::proto::routine_handle{"db", 1000});
    const std::vector<std::byte> content(3, std::byte{1});
    const ifx::param p[] = {ifx::param(1), ifx::param(content)};
    const fp_arg args[] = {fp_arg::of(p[0]), fp_arg::of(p[1])};
    std::vector<fp_result> results;
    ifx::proto::fastpath_op op(s, "g", args, results);
    transcript t(op);
    EXPECT_TRUE(t.step({}).empty());
    ASSERT_TRUE(t.done);
    EXPECT_EQ(t.ec, ifx::errc::not_supported);
    EXPECT_NE(t.diag.client_message.find("argument 2"), std::string::npos) << t.diag.client_message;
    EXPECT_FALSE(s.broken);
}

}  // namespace
