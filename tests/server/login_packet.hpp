#pragma once
// A JDBC-15-shaped SQLI connection request (PROTOCOL.md §3.2), built with the wire primitives only
// (no client code): the server tests and the ifxlite session fuzz target log in with it.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "wire/session_layer.hpp"
#include "wire/writer.hpp"

namespace ifxlite_test {

using bytes = std::vector<std::uint8_t>;

struct login_params {
    std::string server = "ifxlite";
    std::string user = "informix";
    std::string password = "in4mix";
    std::string database;
    bool process_block = true;
    bool misc_block = true;
    bool misc_first = false;
    std::int32_t cap1 = 0x13c;
    /// Sent after DBPATH and CLIENT_LOCALE (e.g. DB_LOCALE).
    std::vector<std::pair<std::string, std::string>> environment;
};

template <class F>
login_params with(F change) {
    login_params p;
    change(p);
    return p;
}

/// A JDBC-15-shaped CONREQ (§3.2) with a 12-byte product field.
inline bytes login_packet(const login_params& p = {}) {
    bytes out;
    ifx::wire::begin_sl_packet(out, ifx::wire::sl::conreq, 0);
    ifx::wire::writer w(out);
    w.i16(100);
    w.i16(101);
    w.i32(61);
    w.ascstr("IEEEM");
    w.i16(108);
    w.fixed(12, "sqlexec");
    w.ascstr("9.280");
    w.ascstr("RDS#R000000");
    w.ascstr("sqli");
    w.i32(p.cap1);
    w.i32(0);
    w.i32(0);
    w.i16(1);
    w.ascstr(p.user);
    w.ascstr(p.password);
    w.fixed(8, "ol");
    w.i32(61);
    w.fixed(8, "tlitcp");
    w.i32(1);
    w.i16(104);
    w.i16(11);
    w.i32(3);
    w.ascstr(p.server);
    if (p.database.empty())
        w.i16(0);
    else
        w.ascstr(p.database);
    for (int i = 0; i < 4; ++i) w.i16(0);
    w.i16(106);
    w.i16(static_cast<std::int16_t>(2 + p.environment.size()));
    w.ascstr("DBPATH");
    w.ascstr(".");
    w.ascstr("CLIENT_LOCALE");
    w.ascstr("en_US.utf8");
    for (const auto& [name, value] : p.environment) {
        w.ascstr(name);
        w.ascstr(value);
    }
    const auto misc = [&] {
        const std::string text = "Thread[id:1, name:main]";
        w.i16(116);
        w.i16(static_cast<std::int16_t>(10 + text.size() + 1));
        w.i32(0);
        w.i32(0);
        w.i16(static_cast<std::int16_t>(text.size() + 1));
        w.bytes(text);
        w.u8(0);
    };
    if (p.misc_block && p.misc_first) misc();
    if (p.process_block) {
        w.i16(107);
        w.i32(0);
        w.i32(4242);
        w.i32(7);
        w.ascstr("testhost");
        w.i16(0);
        w.ascstr("/tmp");
    }
    if (p.misc_block && !p.misc_first) misc();
    w.i16(127);
    ifx::wire::finish_sl_packet(out);
    return out;
}

}  // namespace ifxlite_test
