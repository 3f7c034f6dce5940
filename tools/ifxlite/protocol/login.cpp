#include "protocol/login.hpp"

#include "protocol/c_string.hpp"

#include "wire/limits.hpp"
#include "wire/reader.hpp"
#include "wire/session_layer.hpp"
#include "wire/tags.hpp"
#include "wire/writer.hpp"

namespace ifx::lite {
namespace {

namespace asc = wire::asc;

bool expect(wire::reader& r, std::int16_t marker, const char* what, std::string& why) {
    const std::int16_t v = r.i16();
    if (r.ok() && v != marker) {
        why = std::string("login packet: expected ") + what + " marker " + std::to_string(marker) + ", got " +
              std::to_string(v);
        r.fail();
    }
    return r.ok();
}

// Optional blocks after the environment, until the end marker (§3.2 items 26–28).
void parse_blocks(wire::reader& r) {
    while (r.ok()) {
        const std::int16_t block = r.i16();
        if (!r.ok() || block == asc::eot) return;
        if (block == asc::pinfo) {
            r.i32();
            r.i32();  // pid
            r.i32();  // thread id
            r.ascstr();
            r.i16();
            r.ascstr();
        } else if (block == asc::misc) {
            r.skip(r.u16());
        } else {
            return;  // unknown block: the packet is length-framed, so the rest can be ignored
        }
    }
}

}  // namespace

std::optional<login_request> parse_login(std::span<const std::uint8_t> packet, std::string& why) {
    wire::reader r(packet);
    r.u16();
    const std::uint8_t type = r.u8();
    const std::uint8_t protocol = r.u8();
    r.u16();
    if (!r.ok() || type != wire::sl::conreq || protocol != wire::sl::protocol_sqli) {
        why = "login packet: not an SQLI connection request";
        return std::nullopt;
    }
    login_request req;
    if (!expect(r, asc::assoc, "SQ_ASSOC", why) || !expect(r, asc::ascbinary, "SQ_ASCBINARY", why))
        return std::nullopt;
    r.i32();  // protocol id
    req.float_format = c_string(r.ascstr());
    if (!expect(r, asc::product, "product", why)) return std::nullopt;
    r.skip(12);  // product name: 12 bytes (the 13-byte capture is disputed, §3.2)
    req.client_version = c_string(r.ascstr());
    r.ascstr();  // client serial
    req.application = c_string(r.ascstr());
    req.cap1 = r.i32();
    req.cap2 = r.i32();
    req.cap3 = r.i32();
    r.i16();  // user type
    req.user = c_string(r.ascstr());
    req.password = c_string(r.ascstr());
    r.skip(8);  // protocol name "ol"
    r.i32();    // protocol version
    r.skip(8);  // transport
    r.i32();    // network level
    if (!expect(r, asc::options, "statement options", why)) return std::nullopt;
    r.i16();  // options type
    r.i32();  // options
    req.server_name = c_string(r.ascstr());
    req.database = c_string(r.ascstr());
    for (int i = 0; i < 4; ++i) r.i16();
    if (!expect(r, asc::env, "environment", why)) return std::nullopt;
    const std::int16_t count = r.i16();
    if (r.ok() && (count < 0 || static_cast<std::size_t>(count) > wire::limits::max_env_entries)) {
        why = "login packet: bad environment count";
        return std::nullopt;
    }
    for (int i = 0; i < count && r.ok(); ++i) {
        std::string name = c_string(r.ascstr());
        std::string value = c_string(r.ascstr());
        req.environment.emplace_back(std::move(name), std::move(value));
    }
    if (!r.ok()) {
        why = "login packet: truncated";
        return std::nullopt;
    }
    parse_blocks(r);
    return req;
}

std::vector<std::uint8_t> login_reply(const login_request& request, const server_identity& server,
                                      std::int16_t service_error, std::string_view message) {
    std::vector<std::uint8_t> out;
    wire::begin_sl_packet(out, service_error == 0 ? wire::sl::conacc : wire::sl::conrej, 0x1000);
    wire::writer w(out);
    w.i16(asc::assoc);
    w.i16(asc::ascbinary);
    w.i32(61);
    w.ascstr("IEEEI");
    w.i16(asc::product);
    w.fixed(12, "srvinfx");
    w.ascstr(server.version);
    w.ascstr(server.serial);
    w.ascstr(server.server_name.substr(0, 128));
    w.i32(request.cap1);
    w.i32(request.cap2);
    w.i32(request.cap3);
    w.i16(0);
    w.u16(0);  // two empty strings
    w.u16(0);
    w.zeros(24);
    w.i16(asc::initresp);
    w.zeros(6);
    w.i16(service_error);
    w.i16(0);  // OS error
    w.i16(0);  // warnings
    w.i16(message.empty() ? 0 : 1);
    if (!message.empty()) {
        w.i16(0);
        w.sqli_char(message.substr(0, 255));
    }
    w.i16(asc::eot);
    wire::finish_sl_packet(out);
    return out;
}

}  // namespace ifx::lite
