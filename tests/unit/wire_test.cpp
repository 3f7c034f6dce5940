#include <gtest/gtest.h>

#include "support/vectors.hpp"
#include "wire/hex.hpp"
#include "wire/reader.hpp"
#include "wire/session_layer.hpp"
#include "wire/writer.hpp"

namespace {

using ifx::test::vector_by_id;
using ifx::wire::decode_status;
using bytes = std::vector<std::uint8_t>;

TEST(wire, integers_are_big_endian_both_ways) {
    bytes out;
    ifx::wire::writer w(out);
    w.i16(-206);
    w.i32(0x01020304);
    w.i64(-2);
    w.f64(3.5);
    EXPECT_EQ(ifx::wire::to_hex(out), "ff 32 01 02 03 04 ff ff ff ff ff ff ff fe 40 0c 00 00 00 00 00 00");
    ifx::wire::reader r(out);
    EXPECT_EQ(r.i16(), -206);
    EXPECT_EQ(r.i32(), 0x01020304);
    EXPECT_EQ(r.i64(), -2);
    EXPECT_EQ(r.f64(), 3.5);
    EXPECT_TRUE(r.at_end());
}

TEST(wire, char_strings_match_vectors_with_padding) {
    for (const char* id : {"MSG-001", "MSG-002"}) {
        const auto& v = vector_by_id("messages.txt", id);
        ifx::wire::reader r(v.bytes);
        const auto text = std::string(r.sqli_char(100));
        EXPECT_TRUE(r.at_end()) << id;
        bytes out;
        ifx::wire::writer(out).sqli_char(text);
        EXPECT_EQ(out, v.bytes) << id;
    }
}

TEST(wire, login_strings_match_vectors_without_padding) {
    for (const char* id : {"LOGIN-007", "LOGIN-008"}) {
        const auto& v = vector_by_id("login.txt", id);
        ifx::wire::reader r(v.bytes);
        const auto text = std::string(r.ascstr());
        EXPECT_TRUE(r.at_end()) << id;
        bytes out;
        ifx::wire::writer(out).ascstr(text);
        EXPECT_EQ(out, v.bytes) << id;
    }
}

TEST(wire, short_input_is_need_more_and_sticky) {
    const bytes b = {0x00, 0x05, 'a', 'b'};
    ifx::wire::reader r(b);
    EXPECT_EQ(r.sqli_char(100), "");
    EXPECT_EQ(r.status(), decode_status::need_more);
    EXPECT_EQ(r.i16(), 0);
    EXPECT_EQ(r.status(), decode_status::need_more);
}

TEST(wire, negative_or_oversized_lengths_are_malformed) {
    const bytes negative = {0xff, 0xfe, 'a', 'b'};
    ifx::wire::reader r1(negative);
    (void)r1.sqli_char(100);
    EXPECT_EQ(r1.status(), decode_status::malformed);
    const bytes big = {0x00, 0x10};
    ifx::wire::reader r2(big);
    (void)r2.sqli_char(15);
    EXPECT_EQ(r2.status(), decode_status::malformed);
}

TEST(wire, sl_packet_framing_is_transactional) {
    bytes packet;
    ifx::wire::begin_sl_packet(packet, ifx::wire::sl::conreq, 0);
    ifx::wire::writer(packet).ascstr("abc");
    ASSERT_TRUE(ifx::wire::finish_sl_packet(packet));
    EXPECT_EQ(packet[0], 0);
    EXPECT_EQ(packet[1], packet.size());
    for (std::size_t n = 0; n < packet.size(); ++n) {
        ifx::wire::sl_header h;
        std::span<const std::uint8_t> whole;
        EXPECT_EQ(ifx::wire::decode_sl_packet(std::span(packet).first(n), h, whole), decode_status::need_more)
            << n;
    }
    bytes with_more = packet;
    with_more.push_back(0x7f);
    ifx::wire::sl_header h;
    std::span<const std::uint8_t> whole;
    ASSERT_EQ(ifx::wire::decode_sl_packet(with_more, h, whole), decode_status::ok);
    EXPECT_EQ(whole.size(), packet.size());
    EXPECT_EQ(h.type, ifx::wire::sl::conreq);
    const bytes too_short = {0x00, 0x03, 0x01, 0x3c, 0x00, 0x00};
    EXPECT_EQ(ifx::wire::decode_sl_packet(too_short, h, whole), decode_status::malformed);
}

TEST(wire, hex_round_trip_and_rejects) {
    const auto b = ifx::wire::from_hex("00 0c ff");
    ASSERT_TRUE(b);
    EXPECT_EQ(ifx::wire::to_hex(*b), "00 0c ff");
    EXPECT_FALSE(ifx::wire::from_hex("0 0c"));
    EXPECT_FALSE(ifx::wire::from_hex("zz"));
}

TEST(wire, every_vector_file_loads) {
    for (const char* f : {"login.txt", "messages.txt", "types.txt", "errors.txt"})
        EXPECT_FALSE(ifx::test::load_vectors(f).empty()) << f;
}

}  // namespace
