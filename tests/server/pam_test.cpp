// The PAM listener mode (§7.15, LOGIN-040..045): feature 44 in the SQ_PROTOCOLS reply, then the
// challenge/response conversation the vectors show, byte for byte.
#include "sqli_client.hpp"

#include "wire/features.hpp"

namespace ifxlite_test {
namespace {

class pam_test : public session_test {
protected:
    void SetUp() override {
        config_.pam = true;
        config_.pam_info = "info";  // LOGIN-041's TEXT_INFO text
        config_.password = "secret";
        session_test::SetUp();
        // The login packet's password ("in4mix") is not what PAM checks.
        const auto accept = send(login_packet());
        ASSERT_GE(accept.size(), 6u);
        ASSERT_EQ(accept[2], 2) << "login rejected";
        const auto proto = send(vec("login.txt", "LOGIN-010"));
        ASSERT_GE(proto.size(), 4u);
        const std::span<const std::uint8_t> mask(proto.data() + 4, proto.size() - 4);
        EXPECT_TRUE(ifx::wire::has_feature(mask, ifx::wire::feature::pam));
    }
    static bytes slice(const bytes& b, std::size_t from, std::size_t to) {
        return bytes(b.begin() + static_cast<std::ptrdiff_t>(from),
                     b.begin() + static_cast<std::ptrdiff_t>(to));
    }
};

TEST_F(pam_test, conversation_matches_the_vectors_and_then_the_session_works) {
    const bytes server = vec("login.txt", "LOGIN-041");  // info challenge, password challenge, accept
    ASSERT_EQ(server.size(), 34u);
    EXPECT_EQ(send(vec("login.txt", "LOGIN-040")), slice(server, 0, 30));
    EXPECT_EQ(send(vec("login.txt", "LOGIN-042")), slice(server, 30, 34));
    EXPECT_FALSE(s_->closing());
    ASSERT_EQ(send(cat({vec("login.txt", "LOGIN-020"), {0x00, 0x0c}})), (bytes{0x00, 0x0c}));
    ASSERT_FALSE(databases_->create("testdb", ifx::lite::log_mode::logged).has_value());
    EXPECT_EQ(tags_of(one_group(send(dbopen("testdb")), widths_)), tags({tag::done, tag::cost, tag::eot}));
}

TEST_F(pam_test, wrong_answer_ends_with_sq_exit) {
    send(vec("login.txt", "LOGIN-040"));
    EXPECT_EQ(send(vec("login.txt", "LOGIN-043")), vec("login.txt", "LOGIN-045"));  // '1234' is wrong
    EXPECT_FALSE(s_->closing());
    send({0x00, 0x38, 0x00, 0x0c});  // the client's SQ_EXIT SQ_EOT
    EXPECT_TRUE(s_->closing());
}

TEST_F(pam_test, skipping_the_conversation_closes_the_connection) {
    EXPECT_TRUE(send(cat({vec("login.txt", "LOGIN-020"), {0x00, 0x0c}})).empty());
    EXPECT_TRUE(s_->closing());
}

TEST_F(pam_test, client_without_feature_44_is_refused) {
    config_.pam = true;
    session_test::SetUp();
    ASSERT_EQ(send(login_packet())[2], 2);
    bytes offer = vec("login.txt", "LOGIN-010");
    offer[4 + 5] = static_cast<std::uint8_t>(offer[4 + 5] & ~0x08);  // feature 44 off
    send(offer);
    EXPECT_TRUE(s_->closing());
}

}  // namespace
}  // namespace ifxlite_test
