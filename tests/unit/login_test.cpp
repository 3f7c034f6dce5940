#include <gtest/gtest.h>

#include <algorithm>

#include "proto/login.hpp"
#include "support/vectors.hpp"
#include "wire/hex.hpp"
#include "wire/reader.hpp"

namespace {

using ifx::test::vector_by_id;
using ifx::wire::decode_status;
using bytes = std::vector<std::uint8_t>;

ifx::proto::login_request sample_request() {
    ifx::proto::login_request req;
    req.user = "informix";
    req.password = "in4mix";
    req.server = "ol_test";
    req.environment = ifx::proto::default_login_environment("en_US.8859-1", "", {});
    req.pid = 1234;
    req.thread_id = -1;  // must be masked to 31 bits
    req.host_name = "host";
    req.directory = "/tmp";
    return req;
}

bytes encoded(const ifx::proto::login_request& req) {
    bytes out;
    EXPECT_TRUE(ifx::proto::encode_login(req, out));
    return out;
}

bool contains(const bytes& hay, const bytes& needle, std::size_t& at) {
    const auto it = std::search(hay.begin(), hay.end(), needle.begin(), needle.end());
    at = static_cast<std::size_t>(it - hay.begin());
    return it != hay.end();
}

TEST(login, fixed_part_matches_the_real_jdbc_capture_with_a_12_byte_product_field) {
    // LOGIN-001 is JDBC 4.50 -> IDS 15 with one disputed extra NUL in the product field
    // (offsets 24..36); PROTOCOL.md §3.2 says follow 12 bytes. Compare around that byte.
    const auto& capture = vector_by_id("login.txt", "LOGIN-001").bytes;
    bytes expected(capture.begin(), capture.end());
    expected.erase(expected.begin() + 36);  // the spurious 13th product byte
    const bytes ours = encoded(sample_request());
    ASSERT_GE(ours.size(), expected.size());
    EXPECT_EQ(ours[0] << 8 | ours[1], static_cast<int>(ours.size()));
    EXPECT_EQ(ifx::wire::to_hex(std::span(ours).subspan(2, expected.size() - 2)),
              ifx::wire::to_hex(std::span(expected).subspan(2)));
}

TEST(login, fixed_blocks_match_the_nmap_template) {
    const bytes ours = encoded(sample_request());
    // Block 1 differs from the older template only in Cap_1 (0x133 there, 0x13c from JDBC 4.50/15).
    bytes block1 = vector_by_id("login.txt", "LOGIN-003").bytes;
    const std::size_t cap_low = 66;  // low byte of Cap_1: packet offset 68, and LOGIN-003 starts at offset 2
    ASSERT_EQ(block1[cap_low], 0x33);
    block1[cap_low] = 0x3c;
    std::size_t at = 0;
    ASSERT_TRUE(contains(ours, block1, at));
    EXPECT_EQ(at, 2u);
    ASSERT_TRUE(contains(ours, vector_by_id("login.txt", "LOGIN-004").bytes, at));
    ASSERT_TRUE(contains(ours, vector_by_id("login.txt", "LOGIN-005").bytes, at));
    EXPECT_EQ(ours[ours.size() - 2], 0x00);
    EXPECT_EQ(ours[ours.size() - 1], 0x7f);  // LOGIN-006 terminator
}

TEST(login, user_password_and_environment_are_ascstr) {
    const bytes ours = encoded(sample_request());
    std::size_t at = 0;
    const bytes user = {0x00, 0x09, 'i',  'n', 'f', 'o', 'r', 'm', 'i', 'x',
                        0x00, 0x00, 0x07, 'i', 'n', '4', 'm', 'i', 'x', 0x00};
    ASSERT_TRUE(contains(ours, user, at));
    EXPECT_EQ(at, 79u);                               // right after the user-type field
    const bytes env_head = {0x00, 0x6a, 0x00, 0x05};  // 106, five JDBC default entries without DB_LOCALE
    EXPECT_TRUE(contains(ours, env_head, at));
}

TEST(login, empty_password_is_a_zero_length) {
    auto req = sample_request();
    req.password.clear();
    const bytes ours = encoded(req);
    const bytes user_then_empty = {'i', 'n', 'f', 'o', 'r', 'm', 'i', 'x', 0x00, 0x00, 0x00, 'o', 'l'};
    std::size_t at = 0;
    EXPECT_TRUE(contains(ours, user_then_empty, at));
}

TEST(login, thread_id_is_masked_to_31_bits) {
    const bytes ours = encoded(sample_request());
    const bytes pinfo = {0x00, 0x6b, 0, 0, 0, 0, 0x00, 0x00, 0x04, 0xd2, 0x7f, 0xff, 0xff, 0xff};
    std::size_t at = 0;
    EXPECT_TRUE(contains(ours, pinfo, at));
}

TEST(login, post_login_groups_are_byte_exact) {
    bytes out;
    ifx::proto::encode_protocols_offer(out);
    EXPECT_EQ(out, vector_by_id("login.txt", "LOGIN-010").bytes);

    out.clear();
    ifx::proto::encode_info(out);
    bytes info = vector_by_id("login.txt", "LOGIN-020").bytes;
    info.insert(info.end(), {0x00, 0x0c});
    EXPECT_EQ(out, info);
    EXPECT_EQ(out.size(), 48u);

    out.clear();
    ifx::proto::encode_dbopen("test", out);
    bytes dbopen = vector_by_id("login.txt", "LOGIN-030").bytes;
    dbopen.insert(dbopen.end(), {0x00, 0x0c});
    EXPECT_EQ(out, dbopen);
}

TEST(login, synthetic_accepts_decode) {
    for (const char* id : {"LOGIN-050", "LOGIN-051"}) {
        const auto& v = vector_by_id("login.txt", id).bytes;
        ifx::proto::login_reply reply;
        std::size_t consumed = 0;
        ASSERT_EQ(ifx::proto::decode_login_reply(v, reply, consumed), decode_status::ok) << id;
        EXPECT_EQ(consumed, v.size());
        EXPECT_TRUE(reply.accepted()) << id;
        EXPECT_EQ(reply.server_version, "316");
        for (std::size_t n = 0; n < v.size(); ++n) {
            std::size_t c = 0;
            EXPECT_EQ(ifx::proto::decode_login_reply(std::span(v).first(n), reply, c),
                      decode_status::need_more)
                << id << " prefix " << n;
        }
    }
}

TEST(login, reply_with_a_bad_marker_or_truncated_body_is_malformed) {
    bytes v = vector_by_id("login.txt", "LOGIN-050").bytes;
    ifx::proto::login_reply reply;
    std::size_t consumed = 0;
    bytes bad_marker = v;
    bad_marker[7] = 0x63;  // 99 instead of SQ_ASSOC 100
    EXPECT_EQ(ifx::proto::decode_login_reply(bad_marker, reply, consumed), decode_status::malformed);
    bytes cut = v;
    cut.pop_back();
    cut.pop_back();
    cut[1] = static_cast<std::uint8_t>(cut.size());  // consistent SL length, body missing its end
    EXPECT_EQ(ifx::proto::decode_login_reply(cut, reply, consumed), decode_status::malformed);
}

TEST(login, protocols_reply_decodes_and_rejects_garbage) {
    const auto& offer = vector_by_id("login.txt", "LOGIN-010").bytes;  // same layout both ways
    std::vector<std::uint8_t> mask;
    std::size_t consumed = 0;
    ASSERT_EQ(ifx::proto::decode_protocols_reply(offer, mask, consumed), decode_status::ok);
    EXPECT_EQ(mask.size(), 9u);
    EXPECT_EQ(consumed, offer.size());
    for (std::size_t n = 0; n < offer.size(); ++n)
        EXPECT_EQ(ifx::proto::decode_protocols_reply(std::span(offer).first(n), mask, consumed),
                  decode_status::need_more);
    bytes wrong_end = offer;
    wrong_end.back() = 0x0d;
    EXPECT_EQ(ifx::proto::decode_protocols_reply(wrong_end, mask, consumed), decode_status::malformed);
}

}  // namespace
