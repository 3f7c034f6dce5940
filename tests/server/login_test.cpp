// Login accept/reject layouts (PROTOCOL.md §3.2, §3.3) and the post-login negotiation (§4.3, §5).
#include "sqli_client.hpp"

namespace ifxlite_test {
namespace {

struct parsed_login_reply {
    std::uint8_t sl_type = 0;
    std::uint16_t flags = 0;
    std::string product;
    std::string version;
    std::string server_name;
    std::int32_t cap1 = 0, cap2 = 0, cap3 = 0;
    std::int16_t service_error = 0;
    std::vector<std::string> messages;
    bool ends_with_127 = false;
};

// Decodes the reply the way [LG]/[NM] do: fixed skips, then the 102 block at tag+2+6.
parsed_login_reply parse_login_reply(const bytes& b) {
    ifx::wire::sl_header h;
    std::span<const std::uint8_t> packet;
    EXPECT_EQ(ifx::wire::decode_sl_packet(b, h, packet), ifx::wire::decode_status::ok);
    EXPECT_EQ(packet.size(), b.size());
    parsed_login_reply p;
    p.sl_type = h.type;
    p.flags = h.flags;
    ifx::wire::reader r(packet);
    r.skip(6);
    EXPECT_EQ(r.i16(), 100);
    EXPECT_EQ(r.i16(), 101);
    r.i32();
    r.ascstr();
    EXPECT_EQ(r.i16(), 108);
    const auto product = r.bytes(12);
    p.product.assign(product.begin(), product.end());
    p.version = r.ascstr();
    r.ascstr();
    p.server_name = r.ascstr();
    p.cap1 = r.i32();
    p.cap2 = r.i32();
    p.cap3 = r.i32();
    r.skip(2);
    r.ascstr();
    r.ascstr();
    r.skip(24);
    EXPECT_EQ(r.i16(), 102);
    r.skip(6);
    p.service_error = r.i16();
    r.i16();
    r.i16();
    const std::int16_t count = r.i16();
    for (int i = 0; i < count; ++i) {
        r.i16();
        p.messages.emplace_back(r.sqli_char(255));
    }
    p.ends_with_127 = r.i16() == 127 && r.at_end();
    EXPECT_TRUE(r.ok());
    return p;
}

class login_test : public session_test {};

TEST_F(login_test, accept_reply_layout) {
    const auto reply = send(login_packet(with([](login_params& lp) { lp.cap1 = 0x13c; })));
    EXPECT_FALSE(s_->closing());
    const auto p = parse_login_reply(reply);
    EXPECT_EQ(p.sl_type, 2);
    EXPECT_EQ(reply[3], 60);
    EXPECT_EQ(p.flags, 0x1000);
    EXPECT_EQ(p.product, std::string("srvinfx\0\0\0\0\0", 12));
    EXPECT_EQ(p.version, "IBM Informix Dynamic Server Version 15.0.1.0");
    EXPECT_EQ(p.server_name, "ifxlite");
    EXPECT_EQ(p.cap1, 0x13c);
    EXPECT_EQ(p.cap2, 0);
    EXPECT_EQ(p.cap3, 0);
    EXPECT_EQ(p.service_error, 0);
    EXPECT_TRUE(p.messages.empty());
    EXPECT_TRUE(p.ends_with_127);
    // The first bytes mirror the live capture up to the disputed product field (LOGIN-002).
    const auto live = vec("login.txt", "LOGIN-002");
    EXPECT_EQ(bytes(reply.begin() + 2, reply.begin() + 24), bytes(live.begin() + 2, live.begin() + 24));
}

TEST_F(login_test, caps_are_echoed) {
    const auto p = parse_login_reply(send(login_packet(with([](login_params& lp) { lp.cap1 = 0x133; }))));
    EXPECT_EQ(p.cap1, 0x133);
}

TEST_F(login_test, optional_blocks_in_any_order_or_absent) {
    const login_params variants[] = {with([](login_params& lp) { lp.process_block = lp.misc_block = false; }),
                                     with([](login_params& lp) { lp.misc_first = true; }),
                                     with([](login_params& lp) { lp.process_block = false; })};
    for (const login_params& params : variants) {
        SetUp();
        const auto p = parse_login_reply(send(login_packet(params)));
        EXPECT_EQ(p.sl_type, 2);
        EXPECT_EQ(p.service_error, 0);
    }
}

TEST_F(login_test, rejects_wrong_server_name) {
    const auto p =
        parse_login_reply(send(login_packet(with([](login_params& lp) { lp.server = "ol_other"; }))));
    EXPECT_EQ(p.sl_type, 3);
    EXPECT_EQ(p.service_error, -761);
    ASSERT_EQ(p.messages.size(), 1u);
    EXPECT_FALSE(p.messages[0].empty());
    EXPECT_EQ(p.server_name, "ifxlite");  // nmap retries with the name from the reply
    EXPECT_TRUE(s_->closing());
}

TEST_F(login_test, rejects_unknown_user) {
    const auto p = parse_login_reply(send(login_packet(with([](login_params& lp) { lp.user = "mallory"; }))));
    EXPECT_EQ(p.sl_type, 3);
    EXPECT_EQ(p.service_error, -951);
    EXPECT_EQ(p.messages.size(), 1u);
    EXPECT_TRUE(s_->closing());
}

TEST_F(login_test, rejects_wrong_password) {
    const auto p =
        parse_login_reply(send(login_packet(with([](login_params& lp) { lp.password = "wrong"; }))));
    EXPECT_EQ(p.sl_type, 3);
    EXPECT_EQ(p.service_error, -952);
    EXPECT_EQ(p.messages.size(), 1u);
    EXPECT_TRUE(s_->closing());
    EXPECT_TRUE(send(request().t(tag::dblist).done()).empty()) << "nothing after a rejected login";
}

TEST_F(login_test, login_split_at_every_byte) {
    const auto packet = login_packet();
    bytes whole;
    for (std::size_t i = 0; i < packet.size(); ++i) {
        const auto part = s_->on_bytes(std::span(packet).subspan(i, 1));
        whole.insert(whole.end(), part.begin(), part.end());
        if (i + 1 < packet.size()) {
            EXPECT_TRUE(part.empty());
        }
    }
    EXPECT_EQ(parse_login_reply(whole).service_error, 0);
}

TEST_F(login_test, garbage_instead_of_login_closes) {
    EXPECT_TRUE(send(bytes{0x00, 0x02, 0x01, 0x3c, 0, 0}).empty());
    EXPECT_TRUE(s_->closing());
    SetUp();
    // A length-framed packet that is not a CONREQ.
    EXPECT_TRUE(send(bytes{0x00, 0x08, 0x07, 0x3c, 0, 0, 0, 0}).empty());
    EXPECT_TRUE(s_->closing());
}

TEST_F(login_test, protocols_reply_for_jdbc15_offer) {
    send(login_packet());
    const auto reply = send(vec("login.txt", "LOGIN-010"));
    // offer ff fc 7f fc 3c 8c aa 97 06: bytes 0-4 copied, then AND {54, 62, 63, 69, 70}.
    EXPECT_EQ(reply, (bytes{0x00, 0x7e, 0x00, 0x09, 0xff, 0xfc, 0x7f, 0xfc, 0x3c, 0x00, 0x02, 0x03, 0x06,
                            0x00, 0x00, 0x0c}));
    const auto& w = s_->negotiated();
    EXPECT_TRUE(w.bigint && w.long_sql && w.ext_describe && w.large_tuple && w.long_rowid && w.nfetch_i32);
}

TEST_F(login_test, protocols_reply_for_old_jdbc_offer) {
    send(login_packet());
    const auto reply = send(vec("login.txt", "LOGIN-011"));
    EXPECT_EQ(reply,
              (bytes{0x00, 0x7e, 0x00, 0x07, 0xff, 0xfc, 0x7f, 0xfc, 0x3c, 0x00, 0x02, 0x00, 0x00, 0x0c}));
    const auto& w = s_->negotiated();
    EXPECT_TRUE(w.bigint);
    EXPECT_FALSE(w.long_sql || w.ext_describe || w.large_tuple || w.long_rowid || w.nfetch_i32);
}

TEST_F(login_test, legacy_profile_drops_bytes_7_and_8) {
    config_.features = ifx::lite::profile::legacy;
    SetUp();
    send(login_packet());
    const auto reply = send(vec("login.txt", "LOGIN-010"));
    EXPECT_EQ(reply,
              (bytes{0x00, 0x7e, 0x00, 0x07, 0xff, 0xfc, 0x7f, 0xfc, 0x3c, 0x00, 0x02, 0x00, 0x00, 0x0c}));
    EXPECT_FALSE(s_->negotiated().long_sql);
}

TEST_F(login_test, info_is_answered_with_bare_eot) {
    send(login_packet());
    send(vec("login.txt", "LOGIN-010"));
    EXPECT_EQ(send(cat({vec("login.txt", "LOGIN-020"), {0x00, 0x0c}})), (bytes{0x00, 0x0c}));
}

}  // namespace
}  // namespace ifxlite_test
