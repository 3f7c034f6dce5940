// The login state machine driven by scripted server bytes (no sockets): what it writes at each
// step, and how it ends.
#include <gtest/gtest.h>

#include "proto/ops.hpp"
#include "support/transcript.hpp"
#include "support/vectors.hpp"
#include "wire/hex.hpp"

namespace {

using ifx::test::transcript;
using ifx::test::vector_by_id;
using bytes = std::vector<std::uint8_t>;

bytes with_eot(bytes b) {
    b.insert(b.end(), {0x00, 0x0c});
    return b;
}

bytes pam_protocols_reply() {
    // The JDBC 15 offer echoed: byte 5 = 0x8c has feature 44 (0x08) set.
    return vector_by_id("login.txt", "LOGIN-010").bytes;
}

TEST(login_flow, plain_login_reaches_sq_info) {
    ifx::proto::session_state s;
    ifx::proto::login_request req;
    req.user = "u";
    req.server = "srv";
    ifx::proto::login_op op(s, req);
    transcript t(op);
    EXPECT_FALSE(t.step({}).empty());  // the login packet
    bytes protocols = {0x00, 0x7e, 0x00, 0x09, 0xff, 0xfc, 0x7f, 0xfc,
                       0x3c, 0x00, 0x02, 0x07, 0x06, 0x00, 0x00, 0x0c};
    EXPECT_EQ(t.step(vector_by_id("login.txt", "LOGIN-051").bytes),
              vector_by_id("login.txt", "LOGIN-010").bytes);
    EXPECT_EQ(t.step(protocols), with_eot(vector_by_id("login.txt", "LOGIN-020").bytes));
    EXPECT_FALSE(t.done);
    EXPECT_TRUE(s.features.long_sql && s.features.bigint && s.features.large_tuple && s.features.long_rowid);
    EXPECT_FALSE(s.features.pam);
    EXPECT_TRUE(t.step({0x00, 0x0c}).empty());
    EXPECT_TRUE(t.done);
    EXPECT_FALSE(t.ec);
}

TEST(login_flow, pam_conversation_answers_prompts_and_skips_information) {
    ifx::proto::session_state s;
    ifx::proto::login_request req;
    std::vector<std::pair<int, std::string>> prompts;
    req.pam = [&](int style, std::string_view prompt) -> std::optional<std::string> {
        prompts.emplace_back(style, prompt);
        return std::string("secret");
    };
    ifx::proto::login_op op(s, req);
    transcript t(op);
    t.step({});
    t.step(vector_by_id("login.txt", "LOGIN-051").bytes);
    EXPECT_EQ(t.step(pam_protocols_reply()), vector_by_id("login.txt", "LOGIN-040").bytes);  // SQ_ACK
    const bytes& group = vector_by_id("login.txt", "LOGIN-041").bytes;
    const bytes challenges(group.begin(), group.end() - 4), accept(group.end() - 4, group.end());
    EXPECT_EQ(t.step(challenges), vector_by_id("login.txt", "LOGIN-042").bytes);  // SQ_RESPONSE 'secret'
    ASSERT_EQ(prompts.size(), 2u);
    EXPECT_EQ(prompts[0], (std::pair<int, std::string>{4, "info"}));
    EXPECT_EQ(prompts[1], (std::pair<int, std::string>{1, "Password:"}));
    EXPECT_EQ(t.step(accept), with_eot(vector_by_id("login.txt", "LOGIN-020").bytes));
    t.step({0x00, 0x0c});
    EXPECT_TRUE(t.done);
    EXPECT_FALSE(t.ec);
}

TEST(login_flow, pam_rejection_and_missing_handler_fail_the_login) {
    {
        ifx::proto::session_state s;
        ifx::proto::login_request req;
        req.pam = [](int, std::string_view) -> std::optional<std::string> { return "wrong"; };
        ifx::proto::login_op op(s, req);
        transcript t(op);
        t.step({});
        t.step(vector_by_id("login.txt", "LOGIN-051").bytes);
        t.step(pam_protocols_reply());
        EXPECT_EQ(t.step(vector_by_id("login.txt", "LOGIN-045").bytes), (bytes{0x00, 0x38, 0x00, 0x0c}));
        EXPECT_TRUE(t.done);
        EXPECT_EQ(t.ec, ifx::errc::login_rejected);
        EXPECT_TRUE(s.broken);
    }
    ifx::proto::session_state s;
    ifx::proto::login_request req;  // no handler
    ifx::proto::login_op op(s, req);
    transcript t(op);
    t.step({});
    t.step(vector_by_id("login.txt", "LOGIN-051").bytes);
    t.step(pam_protocols_reply());
    EXPECT_TRUE(t.done);
    EXPECT_EQ(t.ec, ifx::errc::not_supported);
}

TEST(login_flow, a_login_reply_split_at_every_byte_gives_the_same_result) {
    const bytes& reply = vector_by_id("login.txt", "LOGIN-051").bytes;
    for (std::size_t cut = 0; cut <= reply.size(); ++cut) {
        ifx::proto::session_state s;
        ifx::proto::login_request req;
        ifx::proto::login_op op(s, req);
        transcript t(op);
        t.step({});
        const bytes first(reply.begin(), reply.begin() + static_cast<std::ptrdiff_t>(cut));
        const bytes rest(reply.begin() + static_cast<std::ptrdiff_t>(cut), reply.end());
        const auto a = t.step(first);
        const auto b = t.step(rest);
        EXPECT_EQ(a.empty() ? b : a, vector_by_id("login.txt", "LOGIN-010").bytes) << cut;
        EXPECT_FALSE(t.ec);
    }
}

TEST(login_flow, rejection_carries_the_service_error) {
    // SL type 3 with service error -952 and one message, built from LOGIN-051's shape.
    bytes reply = vector_by_id("login.txt", "LOGIN-051").bytes;
    reply[2] = 0x03;
    const std::size_t block = reply.size() - 2 - 25 - 2 - 12;  // the 102 block before the metadata
    ASSERT_EQ(reply[block + 1], 0x66);
    reply[block + 2 + 6] = 0xfc;
    reply[block + 2 + 7] = 0x48;  // -952
    ifx::proto::session_state s;
    ifx::proto::login_request req;
    ifx::proto::login_op op(s, req);
    transcript t(op);
    t.step({});
    t.step(reply);
    EXPECT_TRUE(t.done);
    EXPECT_EQ(t.ec, ifx::errc::login_rejected);
    EXPECT_EQ(t.diag.sqlcode, -952);
}

}  // namespace
