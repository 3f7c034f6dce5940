#include "proto/trace.hpp"

#include <cstdio>

#include "wire/hex.hpp"
#include "wire/reader.hpp"
#include "wire/tags.hpp"

namespace ifx::proto {
namespace {

bool is_login_packet(std::span<const std::uint8_t> b) {
    return b.size() >= 6 && b[2] == wire::sl::conreq && b[3] == wire::sl::protocol_sqli;
}

bool is_login_reply(std::span<const std::uint8_t> b) {
    return b.size() >= 6 && b[3] == wire::sl::protocol_sqli &&
           (b[2] == wire::sl::conacc || b[2] == wire::sl::conrej || b[2] == wire::sl::redirect);
}

// The user name sits at a fixed offset of the login packet (PROTOCOL.md §3.2 item 13); the
// password is the ASCSTR after it. Also used for PAM responses (SQ_RESPONSE i16 len bytes).
void mask_secret(std::string& hex, std::size_t offset, std::size_t length) {
    for (std::size_t i = offset; i < offset + length; ++i) {
        hex[i * 3] = '*';
        hex[i * 3 + 1] = '*';
    }
}

}  // namespace

std::string tracer::redacted_hex(std::span<const std::uint8_t> packet) {
    std::string hex = wire::to_hex(packet);
    constexpr std::size_t user_offset = 79;
    if (packet.size() <= user_offset) return hex;
    wire::reader r(packet.subspan(user_offset));
    r.skip(r.u16());
    const std::size_t password_offset = user_offset + r.position() + 2;
    const std::size_t length = r.u16();
    if (!r.ok() || password_offset + length > packet.size()) {
        mask_secret(hex, user_offset, packet.size() - user_offset);  // cannot tell: mask the rest
        return hex;
    }
    mask_secret(hex, password_offset, length);
    return hex;
}

void tracer::sent(std::span<const std::uint8_t> bytes) const {
    if (is_login_packet(bytes)) return line("C>S", bytes, "login packet", redacted_hex(bytes));
    std::string hex = wire::to_hex(bytes);
    wire::reader r(bytes);
    const std::int16_t tag = r.i16();
    if (tag == static_cast<std::int16_t>(wire::tag::response)) mask_secret(hex, 4, bytes.size() - 4);
    line("C>S", bytes, wire::tag_name(tag), hex);
}

void tracer::received(std::span<const std::uint8_t> bytes) const {
    if (is_login_reply(bytes)) return line("S>C", bytes, "login reply", wire::to_hex(bytes));
    wire::reader r(bytes);
    line("S>C", bytes, wire::tag_name(r.i16()), wire::to_hex(bytes));
}

void tracer::line(const char* direction, std::span<const std::uint8_t> bytes, std::string_view name,
                  const std::string& hex) const {
    const std::int64_t now = now_ ? now_() : 0;
    char head[96];
    std::snprintf(head, sizeof head,
                  "%lld.%06lld %s %.*s (%zu bytes): ", static_cast<long long>(now / 1000000),
                  static_cast<long long>(now % 1000000), direction, static_cast<int>(name.size()),
                  name.data(), bytes.size());
    sink_(std::string(head) + hex);
}

}  // namespace ifx::proto
