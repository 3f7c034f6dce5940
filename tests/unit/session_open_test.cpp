// The session-opening sequence (login, DBOPEN, database locale) driven by server bytes captured
// from ifxlite (no sockets): the code set it settles on, and the unsupported-code-set error that
// ifxlite cannot produce (it refuses to create such databases).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "proto/session_open.hpp"
#include "wire/hex.hpp"

namespace {

using bytes = std::vector<std::uint8_t>;

// ifxlite's replies to a UTF-8 client without DB_LOCALE opening the en_US.819 database "bench":
// login reply, SQ_PROTOCOLS, SQ_INFO, DBOPEN (no warning 0x40: ifxlite compares with en_US.819),
// then PREPARE / OPEN+FETCH / CLOSE+RELEASE of the ' GL_CTYPE' query. The SQ_TUPLE
// (VARCHAR "en_US.819") is the line marked below.
const std::vector<std::string> replies = {
    "00 a7 02 3c 10 00 00 64 00 65 00 00 00 3d 00 06 49 45 45 45 49 00 00 6c 73 72 76 69 6e 66 78 00 00 00 "
    "00 00 00 2d 49 42 4d 20 49 6e 66 6f 72 6d 69 78 20 44 79 6e 61 6d 69 63 20 53 65 72 76 65 72 20 56 65 "
    "72 73 69 6f 6e 20 31 35 2e 30 2e 31 2e 30 00 00 0c 41 41 41 23 42 30 30 30 30 30 30 00 00 08 69 66 78 "
    "6c 69 74 65 00 00 00 01 3c 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 "
    "00 00 00 00 00 00 00 00 00 00 00 00 00 00 66 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 7f",
    "00 7e 00 09 ff fc 7f fc 3c 00 02 03 06 00 00 0c",
    "00 0c",
    "00 0f 00 05 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00",
    "00 37 00 00 00 01 00 00 00 01",
    "00 0c",
    "00 08 00 02 00 00 00 00 00 00 00 00 00 81 00 01 00 00 00 05 00 00 00 00 00 00 00 00 00 0d 00 00 00 00 "
    "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 80 73 69 74 65 00 00",
    "00 0f 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00",
    "00 37 00 00 00 01 00 00 00 01",
    "00 0c",
    "00 0e 00 00 00 00 00 0a 09 65 6e 5f 55 53 2e 38 31 39",
    "00 0f 00 00 00 00 00 00 00 00 00 01 00 00 00 00 00 00 00 00 00 00 00 00",
    "00 37 00 00 00 01 00 00 00 01",
    "00 0c",
    "00 0c",
    "00 0c",
};
constexpr std::size_t tuple_line = 10;

bytes server_bytes(const std::string& tuple_hex) {
    bytes out;
    for (std::size_t i = 0; i < replies.size(); ++i) {
        const auto b = ifx::wire::from_hex(i == tuple_line ? tuple_hex : replies[i]);
        EXPECT_TRUE(b.has_value()) << i;
        out.insert(out.end(), b->begin(), b->end());
    }
    return out;
}

struct outcome {
    std::error_code ec;
    ifx::diagnostics diag;
    ifx::session_info info;
    ifx::proto::session_state state;
    bool done = false;
    std::size_t unread = 0;  // server bytes the operation did not consume
};

// Runs the operation over all the server bytes at once (each sub-operation consumes its replies).
outcome open_with(const bytes& server, const ifx::connect_params& p) {
    outcome o;
    ifx::proto::session_open_op op(
        o.state, p,
        ifx::proto::client_identity{.pid = 42, .thread_id = 0, .host_name = "test", .directory = "/"},
        o.info);
    bytes out;
    std::size_t consumed = 0;
    o.done = op.advance({}, consumed, out, o.ec, o.diag) == ifx::proto::step::done;
    std::size_t offset = 0;
    while (!o.done && offset < server.size()) {
        consumed = 0;
        o.done = op.advance(std::span(server).subspan(offset), consumed, out, o.ec, o.diag) ==
                 ifx::proto::step::done;
        if (consumed == 0 && !o.done) break;
        offset += consumed;
    }
    o.unread = server.size() - offset;
    return o;
}

ifx::connect_params default_client() {
    ifx::connect_params p;
    p.server = "ifxlite";
    p.user = "informix";
    p.database = "bench";
    p.client_locale = "en_US.utf8";
    return p;
}

TEST(session_open, reads_the_database_locale_and_switches_the_wire_code_set) {
    const auto o = open_with(server_bytes(replies[tuple_line]), default_client());
    ASSERT_TRUE(o.done);
    EXPECT_FALSE(o.ec) << o.diag.to_string();
    EXPECT_EQ(o.unread, 0u);  // every reply group was read: nothing left in the stream
    EXPECT_EQ(o.info.database, "bench");
    EXPECT_EQ(o.info.locale, "en_US.819");
    EXPECT_EQ(o.info.text_codeset, ifx::codeset::iso_8859_1);
    EXPECT_EQ(o.state.text, ifx::codeset::iso_8859_1);
    EXPECT_FALSE(o.state.in_transaction);
}

TEST(session_open, a_latin1_client_on_a_utf8_database_switches_to_utf8) {
    // The tuple carries "en_US.57372" (VARCHAR, 11 bytes).
    auto p = default_client();
    p.client_locale = "en_US.819";
    const auto o = open_with(server_bytes("00 0e 00 00 00 00 00 0c 0b 65 6e 5f 55 53 2e 35 37 33 37 32"), p);
    ASSERT_TRUE(o.done);
    EXPECT_FALSE(o.ec) << o.diag.to_string();
    EXPECT_EQ(o.info.locale, "en_US.57372");
    EXPECT_EQ(o.info.text_codeset, ifx::codeset::utf8);
    EXPECT_EQ(o.state.text, ifx::codeset::utf8);
}

TEST(session_open, an_unsupported_database_code_set_is_a_clear_error) {
    // The same reply with "ja_JP.932" (Shift-JIS, same length) in place of "en_US.819".
    const auto o =
        open_with(server_bytes("00 0e 00 00 00 00 00 0a 09 6a 61 5f 4a 50 2e 39 33 32"), default_client());
    ASSERT_TRUE(o.done);
    EXPECT_EQ(o.ec, ifx::errc::not_supported);
    EXPECT_NE(o.diag.client_message.find("ja_JP.932"), std::string::npos) << o.diag.client_message;
    EXPECT_EQ(o.state.text, ifx::codeset::utf8);  // nothing was switched
    EXPECT_EQ(o.unread, 0u);                      // the statement was closed and released before failing
}

TEST(session_open, environment_and_parameter_checks) {
    ifx::connect_params p;
    p.client_locale = "en_US.utf8";
    ifx::diagnostics diag;
    EXPECT_EQ(ifx::proto::check_params(p, diag), ifx::errc::invalid_argument);  // no server
    p.server = "s";
    EXPECT_FALSE(ifx::proto::check_params(p, diag));
    p.db_locale = "ja_JP.sjis";
    EXPECT_EQ(ifx::proto::check_params(p, diag), ifx::errc::not_supported);
    EXPECT_NE(diag.client_message.find("ja_JP.sjis"), std::string::npos);
    p.db_locale = "en_US.819";
    EXPECT_EQ(ifx::proto::assumed_codeset(p), ifx::codeset::iso_8859_1);
    p.db_locale.clear();
    EXPECT_EQ(ifx::proto::assumed_codeset(p), ifx::codeset::utf8);
    p.client_locale = "en_US.8859-1";
    EXPECT_EQ(ifx::proto::assumed_codeset(p), ifx::codeset::iso_8859_1);
}

}  // namespace
