#include "proto/login.hpp"

#include <algorithm>

#include "wire/limits.hpp"
#include "wire/reader.hpp"
#include "wire/session_layer.hpp"
#include "wire/tags.hpp"
#include "wire/writer.hpp"

namespace ifx::proto {
namespace {

// Fixed values of the login packet, as JDBC 4.50/15 sends them (PROTOCOL.md §3.2, grade A).
constexpr std::int32_t protocol_id = 61;
constexpr std::string_view float_format = "IEEEM";  // big-endian IEEE
constexpr std::string_view product_name = "sqlexec";
constexpr std::size_t product_width = 12;  // not the disputed 13 of the LOGIN-001 transcription
constexpr std::string_view client_version = "9.280";
constexpr std::string_view client_serial = "RDS#R000000";
constexpr std::string_view application_id = "sqli";
constexpr std::int32_t cap_1 = 0x13c;
constexpr std::int16_t user_type = 1;
constexpr std::string_view protocol_name = "ol";
constexpr std::string_view transport = "tlitcp";
constexpr std::int32_t network_level = 1;
constexpr std::int16_t options_type = 11;
constexpr std::int32_t options = 3;

}  // namespace

std::vector<std::pair<std::string, std::string>> default_login_environment(
    const std::string& client_locale, const std::string& db_locale,
    const std::vector<std::pair<std::string, std::string>>& extra) {
    std::vector<std::pair<std::string, std::string>> env = {
        {"DBPATH", "."}, {"CLIENT_LOCALE", client_locale}, {"CLNT_PAM_CAPABLE", "1"}, {"IFX_UPDDESC", "1"}};
    if (!db_locale.empty()) env.emplace_back("DB_LOCALE", db_locale);
    env.emplace_back("NODEFDAC", "no");
    for (const auto& entry : extra) {
        auto it = std::find_if(env.begin(), env.end(), [&](const auto& e) { return e.first == entry.first; });
        if (it != env.end())
            it->second = entry.second;
        else
            env.push_back(entry);
    }
    return env;
}

namespace {

// Zeroes n bytes through a volatile pointer, then tells the compiler the memory was read: the
// stores cannot be dropped as dead (the buffer is freed or reused right after).
void cleanse(void* p, std::size_t n) noexcept {
    auto* bytes = static_cast<volatile unsigned char*>(p);
    for (std::size_t i = 0; i < n; ++i) bytes[i] = 0;
#if defined(__GNUC__) || defined(__clang__)
    __asm__ __volatile__("" : : "r"(p) : "memory");
#endif
}

}  // namespace

void wipe_secret(std::string& s) noexcept {
    s.resize(s.capacity());  // never reallocates: the whole buffer becomes addressable
    cleanse(s.data(), s.size());
    s.clear();
}

void wipe_secret(std::vector<std::uint8_t>& v) noexcept {
    v.resize(v.capacity());
    cleanse(v.data(), v.size());
    v.clear();
}

bool encode_login(const login_request& req, std::vector<std::uint8_t>& out) {
    // Every field costs at most its length + 3 (length, NUL, pad) + the fixed part below.
    std::size_t size = 512 + req.user.size() + req.password.size() + req.server.size() +
                       req.host_name.size() + req.directory.size();
    for (const auto& [name, value] : req.environment) size += name.size() + value.size() + 8;
    wipe_secret(out);
    out.reserve(size);
    wire::begin_sl_packet(out, wire::sl::conreq, 0);
    wire::writer w(out);
    w.i16(wire::asc::assoc);
    w.i16(wire::asc::ascbinary);
    w.i32(protocol_id);
    w.ascstr(float_format);
    w.i16(wire::asc::product);
    w.fixed(product_width, product_name);
    w.ascstr(client_version);
    w.ascstr(client_serial);
    w.ascstr(application_id);
    w.i32(cap_1);
    w.i32(0);
    w.i32(0);
    w.i16(user_type);
    w.ascstr(req.user);
    if (req.password.empty())
        w.u16(0);  // JDBC sends a zero length, no NUL, for an empty password
    else
        w.ascstr(req.password);
    w.fixed(8, protocol_name);
    w.i32(protocol_id);
    w.fixed(8, transport);
    w.i32(network_level);
    w.i16(wire::asc::options);
    w.i16(options_type);
    w.i32(options);
    w.ascstr(req.server);
    w.i16(0);  // database slot: must stay empty, the database is opened with SQ_DBOPEN
    for (int i = 0; i < 4; ++i) w.i16(0);
    w.i16(wire::asc::env);
    w.i16(static_cast<std::int16_t>(req.environment.size()));
    for (const auto& [name, value] : req.environment) {
        w.ascstr(name);
        w.ascstr(value);
    }
    w.i16(wire::asc::pinfo);
    w.i32(0);
    w.i32(req.pid);
    w.i32(req.thread_id & 0x7fffffff);
    w.ascstr(req.host_name);
    w.i16(0);
    w.ascstr(req.directory);
    w.i16(wire::asc::eot);
    return wire::finish_sl_packet(out);
}

bool login_reply::accepted() const noexcept {
    return sl_type == wire::sl::conacc && service_error == 0;
}

wire::decode_status decode_login_reply(std::span<const std::uint8_t> bytes, login_reply& out,
                                       std::size_t& consumed) {
    wire::sl_header header;
    std::span<const std::uint8_t> packet;
    if (auto st = wire::decode_sl_packet(bytes, header, packet); st != wire::decode_status::ok) return st;
    if (header.protocol != wire::sl::protocol_sqli) return wire::decode_status::malformed;
    if (header.type != wire::sl::conacc && header.type != wire::sl::conrej &&
        header.type != wire::sl::redirect)
        return wire::decode_status::malformed;

    // Steps a–l of PROTOCOL.md §3.3; the body is bounded by the SL length, so running past it is
    // malformed rather than "need more".
    wire::reader r(packet.subspan(wire::sl::header_size));
    login_reply reply;
    reply.sl_type = header.type;
    if (r.i16() != wire::asc::assoc || r.i16() != wire::asc::ascbinary) r.fail();
    (void)r.i32();     // protocol id
    (void)r.ascstr();  // float format
    if (r.i16() != wire::asc::product) r.fail();
    r.skip(product_width);
    reply.server_version = r.ascstr();
    (void)r.ascstr();  // serial
    reply.server_name = r.ascstr();
    r.skip(12);  // Cap words echoed
    r.skip(2);
    (void)r.ascstr();
    (void)r.ascstr();
    r.skip(24);
    const std::int16_t result = r.i16();
    if (r.ok() && result == wire::asc::initresp) {
        r.skip(6);
        reply.service_error = r.i16();
        reply.os_error = r.i16();
        reply.warnings = r.i16();
        // What follows is a message list on rejections, and opaque server metadata on accepts
        // (LOGIN-051); read the messages only for a rejection, and only if they parse.
        if (r.ok() && reply.service_error != 0) {
            wire::reader m = r;
            const std::int16_t count = m.i16();
            std::vector<std::string> messages;
            for (int i = 0; i < count && i < 16 && m.ok(); ++i) {
                (void)m.i16();
                messages.emplace_back(m.sqli_char(wire::limits::max_char));
            }
            if (m.ok()) reply.messages = std::move(messages);
        }
        r.skip(r.remaining());
    } else if (r.ok() && result == wire::asc::dblist) {
        (void)r.i16();
        reply.redirect = r.sqli_char(wire::limits::max_char);
    } else if (r.ok() && result != wire::asc::eot) {
        r.fail();
    }
    // Live servers append metadata blocks before the final 127; the SL length bounds them.
    if (!r.ok()) return wire::decode_status::malformed;
    out = std::move(reply);
    consumed = packet.size();
    return wire::decode_status::ok;
}

void encode_protocols_offer(std::vector<std::uint8_t>& out) {
    static constexpr std::uint8_t offer[] = {0xff, 0xfc, 0x7f, 0xfc, 0x3c, 0x8c, 0xaa, 0x97, 0x06};
    wire::writer w(out);
    w.put(wire::tag::protocols);
    w.i16(sizeof offer);
    w.bytes(offer);
    w.pad(sizeof offer);
    w.put(wire::tag::eot);
}

void encode_info(std::vector<std::uint8_t>& out) {
    static constexpr std::pair<std::string_view, std::string_view> env[] = {{"DBTEMP", "/tmp"},
                                                                            {"SUBQCACHESZ", "10"}};
    auto padded = [](std::string_view s) { return s.size() + s.size() % 2; };
    std::size_t total = 6, max_key = 0, max_value = 0;
    for (const auto& [k, v] : env) {
        total += 4 + padded(k) + padded(v);
        max_key = std::max(max_key, padded(k));
        max_value = std::max(max_value, padded(v));
    }
    wire::writer w(out);
    w.put(wire::tag::info);
    w.i16(6);  // INFO_ENV
    w.i16(static_cast<std::int16_t>(total));
    w.i16(static_cast<std::int16_t>(max_key));
    w.i16(static_cast<std::int16_t>(max_value));
    for (const auto& [k, v] : env) {
        w.sqli_char(k);
        w.sqli_char(v);
    }
    w.i16(0);
    w.i16(0);
    w.put(wire::tag::eot);
}

void encode_dbopen(std::string_view database, std::vector<std::uint8_t>& out) {
    wire::writer w(out);
    w.put(wire::tag::dbopen);
    w.sqli_char(database);
    w.i16(0);
    w.put(wire::tag::eot);
}

wire::decode_status decode_pam_challenge(std::span<const std::uint8_t> bytes, pam_challenge& out,
                                         std::size_t& consumed) {
    wire::reader r(bytes);
    if (r.i16() != static_cast<std::int16_t>(wire::tag::challenge)) r.fail();
    const std::int16_t style = r.i16();
    const std::string_view prompt = r.sqli_char(wire::limits::max_char);
    if (!r.ok()) return r.status();
    out.style = style;
    out.prompt.assign(prompt);
    consumed = r.position();
    return wire::decode_status::ok;
}

wire::decode_status decode_protocols_reply(std::span<const std::uint8_t> bytes,
                                           std::vector<std::uint8_t>& mask, std::size_t& consumed) {
    wire::reader r(bytes);
    if (r.i16() != static_cast<std::int16_t>(wire::tag::protocols)) r.fail();
    const std::size_t n = r.length16(wire::limits::max_protocol_bytes);
    const auto m = r.bytes(n);
    r.pad(n);
    if (r.i16() != static_cast<std::int16_t>(wire::tag::eot)) r.fail();
    if (!r.ok()) return r.status();
    mask.assign(m.begin(), m.end());
    consumed = r.position();
    return wire::decode_status::ok;
}

}  // namespace ifx::proto
