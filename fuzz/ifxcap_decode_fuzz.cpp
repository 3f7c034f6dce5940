// ifxcap's decode of arbitrary input, two ways (the first byte chooses):
//  * odd: the rest is a capture file, parsed, decoded, rendered as text and JSON, and checked;
//  * even: the rest is a session's traffic, chunk by chunk (a chunk byte: bit 7 the direction,
//    bits 0-6 the length), cut into records by the recorder's cutter (framing, masking of secrets,
//    redaction of values when bit 1 of the first byte is set), after a valid login when bit 2 is
//    set (bits 3-5 pick the negotiated widths). The records are then rendered, written and parsed
//    back.
// Whatever the bytes: no crash, no hang, every decoded message within its record, and a capture
// that reads back as it was written. Bits 6 and 7 of the first byte choose one more consumer of
// the decoded capture (0x40 text, 0xc0 JSON, 0x80 the secret check and the replay facts), so that
// an execution decodes it at most three times.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "capture.hpp"
#include "conformance.hpp"
#include "cutter.hpp"
#include "proto/login.hpp"
#include "redact.hpp"
#include "render.hpp"

namespace {

using namespace ifx::cap;

void check_bounds(const capture& c) {
    const auto decoded = decode_capture(c);
    for (std::size_t i = 0; i < decoded.size(); ++i)
        for (const auto& m : decoded[i].messages)
            if (m.offset + m.length > c.records[i].bytes.size()) __builtin_trap();
}

void consume(const capture& c, std::uint8_t flags) {
    check_bounds(c);
    if (flags & 0x40) {
        if (flags & 0x80)
            (void)render_json(c, {true});
        else
            (void)render_text(c, {true});
    } else if (flags & 0x80) {
        (void)check_capture(c);
        if (!c.sessions.empty()) (void)setup_for(c, c.sessions.front().id);
    }
}

void from_text(std::uint8_t flags, std::string_view text) {
    try {
        consume(parse_capture(text), flags);
    } catch (const capture_error&) {
    }
}

std::vector<std::uint8_t> login_prefix() {
    ifx::proto::login_request req;
    req.user = "u";
    req.password = "secret";
    req.server = "s";
    std::vector<std::uint8_t> out;
    ifx::proto::encode_login(req, out);
    return out;
}

void from_traffic(std::uint8_t flags, std::span<const std::uint8_t> in) {
    record_cutter cutter(1, flags & 2);
    capture c;
    c.sessions.push_back({1, "-", "", {}, {}});
    auto take = [&](std::vector<record> rs) {
        for (auto& r : rs) c.records.push_back(std::move(r));
    };
    std::int64_t t = 0;
    if (flags & 4) {
        take(cutter.received(direction::c2s, login_prefix(), ++t));
        static constexpr std::uint8_t accept[] = {
            0x00, 0x53, 0x02, 0x3c, 0x00, 0x00, 0x00, 0x64, 0x00, 0x65, 0x00, 0x00, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x6c, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x03, 0x33, 0x31, 0x36, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
            0x01, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x7f};  // LOGIN-050
        take(cutter.received(direction::s2c, accept, ++t));
        std::vector<std::uint8_t> offer;
        ifx::proto::encode_protocols_offer(offer);
        take(cutter.received(direction::c2s, offer, ++t));
        const std::uint8_t byte7 = (flags & 8 ? 0x02 : 0) | (flags & 16 ? 0x01 : 0);  // f62, f63
        const std::uint8_t byte8 = (flags & 32 ? 0x06 : 0);                           // f69, f70
        const std::uint8_t reply[] = {0x00, 0x7e, 0x00, 0x09,  0xff,  0xfc, 0x7f, 0xfc,
                                      0x3c, 0x08, 0x02, byte7, byte8, 0x00, 0x00, 0x0c};
        take(cutter.received(direction::s2c, reply, ++t));
    }
    while (!in.empty()) {
        const std::uint8_t head = in[0];
        const std::size_t n = std::min<std::size_t>(head & 0x7f, in.size() - 1);
        take(cutter.received(head & 0x80 ? direction::s2c : direction::c2s, in.subspan(1, n), ++t));
        in = in.subspan(1 + n);
    }
    take(cutter.finish(++t));
    consume(c, flags);
    const capture again = parse_capture(format_capture(c));
    if (again.records.size() != c.records.size()) __builtin_trap();
    for (std::size_t i = 0; i < c.records.size(); ++i)
        if (again.records[i].bytes != c.records[i].bytes) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    const std::span<const std::uint8_t> rest(data + 1, size - 1);
    if (data[0] & 1)
        from_text(data[0], std::string_view(reinterpret_cast<const char*>(rest.data()), rest.size()));
    else
        from_traffic(data[0], rest);
    return 0;
}
