#include <gtest/gtest.h>

#include "proto/messages.hpp"
#include "proto/requests.hpp"
#include "support/vectors.hpp"
#include "types/layout.hpp"
#include "wire/hex.hpp"
#include "wire/writer.hpp"

namespace {

using ifx::proto::server_message;
using ifx::proto::session_features;
using ifx::test::vector_by_id;
using ifx::wire::decode_status;
using bytes = std::vector<std::uint8_t>;

session_features modern(bool f70 = true) {
    session_features f;
    f.bigint = f.long_sql = f.ext_describe = f.large_tuple = true;
    f.long_rowid = f70;
    return f;
}

// Decodes a whole byte string as consecutive messages; fails the test on anything left over.
std::vector<server_message> decode_all(const bytes& b, const session_features& f) {
    std::vector<server_message> out;
    std::size_t pos = 0;
    while (pos < b.size()) {
        server_message m;
        std::size_t n = 0;
        const auto st = ifx::proto::decode_server_message(std::span(b).subspan(pos), f, m, n);
        EXPECT_EQ(st, decode_status::ok) << "at offset " << pos;
        if (st != decode_status::ok) break;
        pos += n;
        out.push_back(std::move(m));
    }
    return out;
}

// Every strict prefix of a message is "need more", and the message followed by junk decodes to
// exactly its own length (the junk is then an unknown tag: malformed).
void check_transactional(const bytes& msg, const session_features& f) {
    server_message m;
    for (std::size_t n = 0; n < msg.size(); ++n) {
        std::size_t consumed = 99;
        ASSERT_EQ(ifx::proto::decode_server_message(std::span(msg).first(n), f, m, consumed),
                  decode_status::need_more)
            << "prefix " << n;
        ASSERT_EQ(consumed, 99u) << "consumed on need_more";
    }
    bytes junk = msg;
    junk.insert(junk.end(), {0x7a, 0x7a, 0x00});
    std::size_t consumed = 0;
    ASSERT_EQ(ifx::proto::decode_server_message(junk, f, m, consumed), decode_status::ok);
    ASSERT_EQ(consumed, msg.size());
    EXPECT_EQ(ifx::proto::decode_server_message(std::span(junk).subspan(consumed), f, m, consumed),
              decode_status::malformed);
}

TEST(messages, describe_f63_f69_with_builtin_udt) {
    const auto& v = vector_by_id("messages.txt", "MSG-031").bytes;
    const auto msgs = decode_all(v, modern());
    ASSERT_EQ(msgs.size(), 1u);
    const auto& d = std::get<ifx::proto::describe_msg>(msgs[0]);
    EXPECT_EQ(d.statement_type, 2);
    EXPECT_EQ(d.statement_id, 0);
    EXPECT_EQ(d.tuple_size, 56);
    ASSERT_EQ(d.columns.size(), 3u);
    EXPECT_EQ(d.columns[0].name, "a");
    EXPECT_EQ(d.columns[0].type, ifx::type_code::integer);
    EXPECT_EQ(d.columns[1].name, "b");
    EXPECT_EQ(d.columns[1].type, ifx::type_code::varchar);
    EXPECT_EQ(d.columns[1].encoded_length, 50);
    EXPECT_EQ(d.columns[2].name, "c");
    EXPECT_EQ(d.columns[2].type, ifx::type_code::udt_fixed);
    EXPECT_EQ(d.columns[2].extended_id, 11);
    EXPECT_EQ(d.columns[2].extended_name, "clob");
    EXPECT_EQ(d.columns[2].encoded_length, 72);
    EXPECT_EQ(d.columns[2].type_name(), "CLOB");
    // Each column's decode plan is derived once, here, and matches its description.
    for (const auto& c : d.columns) {
        ASSERT_NE(ifx::types::current_plan(c), nullptr) << c.name;
        EXPECT_EQ(ifx::detail::column_plan_access::stored(c).layout, ifx::types::derive_plan(c).layout)
            << c.name;
    }
    EXPECT_EQ(ifx::detail::column_plan_access::stored(d.columns[1]).layout,
              ifx::detail::column_plan::shape::varchar);
    EXPECT_EQ(ifx::detail::column_plan_access::stored(d.columns[2]).layout,
              ifx::detail::column_plan::shape::smart_lob);
    check_transactional(v, modern());
}

// A describe of many columns with the smallest possible descriptors (empty owner and type
// names): the decoder's up-front size check (28 bytes a column, 30 with f63) must accept it, and
// must answer "need more" for a count the bytes cannot hold yet, before allocating for it.
TEST(messages, describe_smallest_descriptors_and_an_impossible_count) {
    for (const bool ext : {true, false}) {
        session_features f = modern();
        f.ext_describe = ext;
        const int ncols = 300;
        bytes msg;
        ifx::wire::writer w(msg);
        w.put(ifx::wire::tag::describe);
        w.i16(2);  // statement type: SELECT
        w.i16(1);  // statement id
        w.i32(0);  // estimated rows
        w.i32(4 * ncols);
        w.i16(ncols);
        if (ext)
            w.i32(2 * ncols);
        else
            w.i16(2 * ncols);
        for (int i = 0; i < ncols; ++i) {
            if (ext)
                w.i32(2 * i);
            else
                w.i16(2 * i);
            w.i32(4 * i);
            w.u16(2);  // INTEGER
            w.i32(0);
            w.sqli_char("");
            w.sqli_char("");
            w.i16(0);
            w.i16(0);
            w.i32(0);
            w.i32(4);
        }
        for (int i = 0; i < ncols; ++i) w.bytes(std::string_view("c\0", 2));
        const auto msgs = decode_all(msg, f);
        ASSERT_EQ(msgs.size(), 1u) << "ext " << ext;
        EXPECT_EQ(std::get<ifx::proto::describe_msg>(msgs[0]).columns.size(), std::size_t(ncols));

        bytes huge(msg.begin(), msg.begin() + 16 + (ext ? 4 : 2));
        huge[14] = 0x7f;  // 32 512 columns announced, none present
        server_message m;
        std::size_t consumed = 0;
        EXPECT_EQ(ifx::proto::decode_server_message(huge, f, m, consumed), decode_status::need_more);
    }
}

TEST(messages, prepare_reply_group_without_f70) {
    const auto& v = vector_by_id("messages.txt", "MSG-032").bytes;
    const auto msgs = decode_all(v, modern(false));
    ASSERT_EQ(msgs.size(), 4u);
    const auto& d = std::get<ifx::proto::describe_msg>(msgs[0]);
    EXPECT_EQ(d.tuple_size, 55);
    ASSERT_EQ(d.columns.size(), 2u);
    EXPECT_EQ(d.columns[1].type_name(), "VARCHAR(50)");
    EXPECT_EQ(std::get<ifx::proto::done_msg>(msgs[1]).rows, 0);
    EXPECT_EQ(std::get<ifx::proto::cost_msg>(msgs[2]).estimated_cost, 1);
    EXPECT_EQ(std::get<ifx::proto::bare_msg>(msgs[3]).tag, ifx::wire::tag::eot);
}

TEST(messages, done_cost_xactstat_close) {
    const auto msgs = decode_all(vector_by_id("messages.txt", "MSG-035").bytes, modern(false));
    ASSERT_EQ(msgs.size(), 5u);
    EXPECT_EQ(std::get<ifx::proto::cost_msg>(msgs[0]).estimated_rows, 10);
    EXPECT_EQ(std::get<ifx::proto::xactstat_msg>(msgs[1]).new_level, 2);
    const auto& done = std::get<ifx::proto::done_msg>(msgs[2]);
    EXPECT_EQ(done.rows, 3);
    EXPECT_EQ(done.rowid, 4);
    EXPECT_EQ(done.serial, 5);
    EXPECT_EQ(std::get<ifx::proto::bare_msg>(msgs[3]).tag, ifx::wire::tag::close);
    for (const char* id : {"MSG-033", "MSG-034", "MSG-037"})
        check_transactional(vector_by_id("messages.txt", id).bytes, modern(false));
}

TEST(messages, done_with_f70_has_8_byte_counts) {
    const auto& v = vector_by_id("messages.txt", "MSG-036").bytes;
    const auto msgs = decode_all(v, modern(true));
    ASSERT_EQ(msgs.size(), 2u);
    EXPECT_TRUE(std::holds_alternative<ifx::proto::done_msg>(msgs[0]));
    // The same bytes read without f70 leave the stream misaligned: the widths must follow features.
    server_message m;
    std::size_t n = 0;
    ASSERT_EQ(ifx::proto::decode_server_message(v, modern(false), m, n), decode_status::ok);
    EXPECT_EQ(n, 16u);
}

TEST(messages, legacy_transcript_decodes_group_by_group) {
    session_features f;  // no f62/f69/f70, but f63 (i32 name table) as the vector states
    f.ext_describe = true;
    const auto msgs = decode_all(vector_by_id("messages.txt", "MSG-039").bytes, f);
    ASSERT_EQ(msgs.size(), 8u);
    const auto& d = std::get<ifx::proto::describe_msg>(msgs[0]);
    EXPECT_EQ(d.statement_id, 7);
    EXPECT_EQ(d.tuple_size, 8);
    ASSERT_EQ(d.columns.size(), 2u);
    const auto& t = std::get<ifx::proto::tuple_msg>(msgs[3]);
    EXPECT_EQ(ifx::wire::to_hex(t.payload), "00 00 00 2a 03 61 62 63");
    EXPECT_EQ(std::get<ifx::proto::err_msg>(msgs[4]).sqlcode, 100);
}

TEST(messages, errors_follow_f62_offset_width) {
    auto e1 = decode_all(vector_by_id("errors.txt", "ERR-001").bytes, modern());
    ASSERT_EQ(e1.size(), 1u);
    const auto& err = std::get<ifx::proto::err_msg>(e1[0]);
    EXPECT_EQ(err.sqlcode, -206);
    EXPECT_EQ(err.isam_code, -111);
    EXPECT_EQ(err.offset, 12);
    EXPECT_EQ(err.message, "x");
    check_transactional(vector_by_id("errors.txt", "ERR-001").bytes, modern());

    auto e2 = decode_all(vector_by_id("errors.txt", "ERR-002").bytes, session_features{});
    ASSERT_EQ(e2.size(), 1u);
    EXPECT_EQ(std::get<ifx::proto::err_msg>(e2[0]).sqlcode, -23197);
    EXPECT_EQ(std::get<ifx::proto::err_msg>(e2[0]).message, "TLS login failed");
    check_transactional(vector_by_id("errors.txt", "ERR-002").bytes, session_features{});
}

TEST(messages, tuple_with_odd_payload_consumes_its_pad) {
    const auto& v = vector_by_id("messages.txt", "MSG-030").bytes;
    const auto msgs = decode_all(v, modern());
    ASSERT_EQ(msgs.size(), 1u);
    EXPECT_EQ(std::get<ifx::proto::tuple_msg>(msgs[0]).payload.size(), 15u);
    check_transactional(v, modern());
}

TEST(messages, insertdone_carries_serial8_and_bigserial_with_f54) {
    const bytes v = {0x00, 0x5e, 0x00, 0x01, 0x00, 0x00, 0x00, 0x07, 0x00, 0x00,
                     0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x09};
    const auto msgs = decode_all(v, modern());
    ASSERT_EQ(msgs.size(), 1u);
    const auto& m = std::get<ifx::proto::insertdone_msg>(msgs[0]);
    EXPECT_EQ(m.serial8, 7);
    EXPECT_EQ(m.bigserial, 9);
    check_transactional(v, modern());
}

TEST(messages, unknown_tags_and_negative_lengths_are_malformed) {
    server_message m;
    std::size_t n = 0;
    const bytes unknown = {0x00, 0x00};
    EXPECT_EQ(ifx::proto::decode_server_message(unknown, modern(), m, n), decode_status::malformed);
    const bytes negative_tuple = {0x00, 0x0e, 0x00, 0x00, 0xff, 0xff, 0xff, 0xf0};
    EXPECT_EQ(ifx::proto::decode_server_message(negative_tuple, modern(), m, n), decode_status::malformed);
    bytes describe = vector_by_id("messages.txt", "MSG-031").bytes;
    describe[describe.size() - 1] = 0x61;  // the last name loses its NUL terminator
    EXPECT_EQ(ifx::proto::decode_server_message(describe, modern(), m, n), decode_status::malformed);
}

// ---- requests ------------------------------------------------------------------------------------

bytes tail(const bytes& b, std::size_t n) {
    return bytes(b.end() - static_cast<std::ptrdiff_t>(n), b.end());
}

TEST(requests, cursor_groups_are_byte_exact) {
    bytes out;
    ifx::proto::encode_fetch(7, 32767, modern(), out);
    EXPECT_EQ(out, vector_by_id("messages.txt", "MSG-010").bytes);
    out.clear();
    ifx::proto::encode_close(7, out);
    EXPECT_EQ(out, vector_by_id("messages.txt", "MSG-011").bytes);
    out.clear();
    ifx::proto::encode_release(7, out);
    EXPECT_EQ(out, vector_by_id("messages.txt", "MSG-012").bytes);
    out.clear();
    ASSERT_TRUE(
        ifx::proto::encode_open(7, "cursor_name_123456", {}, {.fetch_now = true}, 4096, modern(), out));
    EXPECT_EQ(out, vector_by_id("messages.txt", "MSG-015").bytes);
    EXPECT_EQ(tail(out, 16), vector_by_id("messages.txt", "MSG-014").bytes);
}

TEST(requests, statement_groups_are_byte_exact) {
    bytes out;
    const std::string sql(38, 'x');
    ifx::proto::encode_prepare(sql, 0, modern(), out);
    EXPECT_EQ(bytes(out.begin(), out.begin() + 8), vector_by_id("messages.txt", "MSG-005").bytes);
    EXPECT_EQ(out.size(), 52u);
    EXPECT_EQ(tail(out, 6), vector_by_id("messages.txt", "MSG-004").bytes);

    out.clear();
    ifx::proto::encode_prepare("select * from stores_demo:tab", 0, modern(), out);
    const auto& m6 = vector_by_id("messages.txt", "MSG-006").bytes;
    EXPECT_EQ(bytes(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(m6.size())), m6);

    out.clear();
    ifx::proto::encode_command("insert into x values (22, 'sweet');", modern(), out);
    bytes m7 = vector_by_id("messages.txt", "MSG-007").bytes;
    m7.insert(m7.end(), {0x00, 0x16, 0x00, 0x07, 0x00, 0x0b, 0x00, 0x0c});
    EXPECT_EQ(out, m7);
}

TEST(requests, binds_are_byte_exact) {
    bytes out;
    const ifx::param integer[] = {11};
    ASSERT_TRUE(ifx::proto::encode_bind(integer, out));
    EXPECT_EQ(out, vector_by_id("messages.txt", "MSG-018").bytes);
    out.clear();
    const ifx::param text[] = {"zhangsan1"};
    ASSERT_TRUE(ifx::proto::encode_bind(text, out));
    EXPECT_EQ(out, vector_by_id("messages.txt", "MSG-019").bytes);
    out.clear();
    const ifx::param null_and_bigint[] = {ifx::null, std::int64_t{1} << 40};
    ASSERT_TRUE(ifx::proto::encode_bind(null_and_bigint, out));
    EXPECT_EQ(ifx::wire::to_hex(out),
              "00 05 00 02 00 00 ff ff 00 00 00 34 00 00 13 00 00 00 01 00 00 00 00 00");
}

TEST(requests, transaction_and_exit_groups_are_byte_exact) {
    bytes out;
    ifx::proto::encode_commit(out);
    EXPECT_EQ(out, vector_by_id("messages.txt", "MSG-050").bytes);
    out.clear();
    ifx::proto::encode_rollback(out);
    EXPECT_EQ(out, vector_by_id("messages.txt", "MSG-051").bytes);
    out.clear();
    ifx::proto::encode_exit(out);
    EXPECT_EQ(out, vector_by_id("messages.txt", "MSG-061").bytes);
}

}  // namespace
