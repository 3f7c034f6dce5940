#include <gtest/gtest.h>

#include "proto/login.hpp"
#include "proto/trace.hpp"
#include "wire/hex.hpp"

namespace {

TEST(trace, login_packet_password_is_masked) {
    ifx::proto::login_request req;
    req.user = "informix";
    req.password = "s3cret!";
    req.server = "ol";
    std::vector<std::uint8_t> packet;
    ASSERT_TRUE(ifx::proto::encode_login(req, packet));
    const std::string secret_hex =
        ifx::wire::to_hex(std::span(reinterpret_cast<const std::uint8_t*>("s3cret!"), 7));
    ASSERT_NE(ifx::wire::to_hex(packet).find(secret_hex), std::string::npos);

    std::vector<std::string> lines;
    ifx::proto::tracer t([&](std::string_view l) { lines.emplace_back(l); });
    t.sent(packet);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0].find(secret_hex), std::string::npos);
    EXPECT_NE(lines[0].find("login packet"), std::string::npos);
    EXPECT_NE(lines[0].find("00 08 ** ** ** ** ** ** ** ** 6f 6c"), std::string::npos);  // length kept
    // The user name stays readable.
    EXPECT_NE(
        lines[0].find(ifx::wire::to_hex(std::span(reinterpret_cast<const std::uint8_t*>("informix"), 8))),
        std::string::npos);
}

TEST(trace, messages_are_named) {
    std::vector<std::string> lines;
    ifx::proto::tracer t([&](std::string_view l) { lines.emplace_back(l); });
    const std::vector<std::uint8_t> eot = {0x00, 0x0c};
    t.received(eot);
    const std::vector<std::uint8_t> pam = {0x00, 0x82, 0x00, 0x02, 'p', 'w', 0x00, 0x0c};
    t.sent(pam);
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_NE(lines[0].find("S>C SQ_EOT (2 bytes): 00 0c"), std::string::npos) << lines[0];
    EXPECT_NE(lines[1].find("SQ_RESPONSE"), std::string::npos);
    EXPECT_EQ(lines[1].find("70 77"), std::string::npos) << lines[1];  // the PAM answer is masked
}

}  // namespace
