// ifxcap's decoding: client requests (read by the tool) and server replies (read with the client's
// decoders) against the golden vectors, framing into records, and garbage that must never crash.
#include <gtest/gtest.h>

#include <random>
#include <set>

#include "proto/login.hpp"
#include "render.hpp"
#include "request.hpp"
#include "session_decoder.hpp"
#include "support/vectors.hpp"
#include "wire/hex.hpp"

namespace ifx::cap {
namespace {

using bytes = std::vector<std::uint8_t>;

bytes vec(const char* file, const char* id) {
    return ifx::test::vector_by_id(file, id).bytes;
}

bytes cat(std::initializer_list<bytes> parts) {
    bytes out;
    for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
    return out;
}

const bytes eot{0x00, 0x0c};
const bytes modern{0xff, 0xfc, 0x7f, 0xfc, 0x3c, 0x00, 0x02, 0x03, 0x06};    // f54 f62 f63 f69 f70
const bytes no_f70{0xff, 0xfc, 0x7f, 0xfc, 0x3c, 0x00, 0x02, 0x03, 0x04};    // f54 f62 f63 f69
const bytes only_f63{0xff, 0xfc, 0x7f, 0xfc, 0x3c, 0x00, 0x00, 0x01, 0x00};  // i16 widths, f63 describe

bytes login_packet(const std::string& password = "pw") {
    proto::login_request req;
    req.user = "informix";
    req.password = password;
    req.server = "ol_test";
    req.environment = {{"CLIENT_LOCALE", "en_US.utf8"}, {"DBDATE", "Y4MD-"}};
    req.pid = 4242;
    req.host_name = "host";
    req.directory = "/home/u";
    bytes out;
    proto::encode_login(req, out);
    return out;
}

// A decoder past the login, with the server's SQ_PROTOCOLS reply `mask`.
session_decoder logged_in(const bytes& mask) {
    session_decoder d;
    EXPECT_TRUE(d.decode(direction::c2s, login_packet()).complete);
    EXPECT_TRUE(d.decode(direction::s2c, vec("login.txt", "LOGIN-051")).complete);
    EXPECT_TRUE(d.decode(direction::c2s, vec("login.txt", "LOGIN-010")).complete);
    bytes reply = {0x00, 0x7e, 0x00, static_cast<std::uint8_t>(mask.size())};
    reply.insert(reply.end(), mask.begin(), mask.end());
    if (mask.size() % 2) reply.push_back(0);
    reply.insert(reply.end(), eot.begin(), eot.end());
    EXPECT_TRUE(d.decode(direction::s2c, reply).complete);
    return d;
}

std::string names(const decoded_record& r) {
    std::string out;
    for (const auto& m : r.messages) out += (out.empty() ? "" : " ") + m.name;
    return out;
}

std::string value(const decoded_record& r, std::size_t message, const std::string& field_name) {
    if (message >= r.messages.size()) return "<no message " + std::to_string(message) + ">";
    const field* f = r.messages[message].find(field_name);
    return f ? f->value : "<no field " + field_name + ">";
}

TEST(decode_requests, the_login_packet_field_by_field_with_its_password_located) {
    session_decoder d;
    const bytes packet = login_packet("s3cret");
    const auto r = d.decode(direction::c2s, packet);
    ASSERT_TRUE(r.complete) << names(r);
    EXPECT_EQ(names(r), "login-packet");
    EXPECT_EQ(value(r, 0, "user"), "informix");
    EXPECT_EQ(value(r, 0, "password"), "s3cret");
    EXPECT_EQ(value(r, 0, "server"), "ol_test");
    EXPECT_EQ(value(r, 0, "cap1"), "0x0000013c");
    EXPECT_EQ(value(r, 0, "env.DBDATE"), "Y4MD-");
    EXPECT_EQ(value(r, 0, "pid"), "4242");
    EXPECT_EQ(value(r, 0, "directory"), "/home/u");
    ASSERT_EQ(r.secrets.size(), 1u);
    const auto& s = r.secrets[0];
    EXPECT_EQ(std::string(packet.begin() + static_cast<long>(s.offset) + 2,
                          packet.begin() + static_cast<long>(s.offset + s.length) - 1),
              "s3cret");
    EXPECT_EQ(d.facts().user, "informix");
    EXPECT_EQ(d.facts().env("CLIENT_LOCALE"), "en_US.utf8");
}

// nmap's login template (LOGIN-003..006, grade A), completed with a user, a password, the server
// name and an empty environment.
TEST(decode_requests, the_nmap_login_template) {
    bytes body = cat({vec("login.txt", "LOGIN-003"),
                      {0x00, 0x02, 'u', 0x00, 0x00, 0x02, 'p', 0x00},
                      vec("login.txt", "LOGIN-004"),
                      {0x00, 0x03, 'o', 'l', 0x00},
                      vec("login.txt", "LOGIN-005"),
                      {0x00, 0x00},
                      vec("login.txt", "LOGIN-006")});
    const auto size = static_cast<std::uint16_t>(body.size() + 2);
    body.insert(body.begin(), {static_cast<std::uint8_t>(size >> 8), static_cast<std::uint8_t>(size)});
    session_decoder d;
    const auto r = d.decode(direction::c2s, body);
    ASSERT_TRUE(r.complete) << names(r);
    EXPECT_EQ(value(r, 0, "cap1"), "0x00000133");
    EXPECT_EQ(value(r, 0, "user"), "u");
    EXPECT_EQ(value(r, 0, "password"), "p");
    EXPECT_EQ(value(r, 0, "server"), "ol");
    EXPECT_EQ(value(r, 0, "transport"), "tlitcp");
}

TEST(decode_requests, the_session_setup_vectors) {
    auto d = logged_in(modern);
    auto r = d.decode(direction::c2s, cat({vec("login.txt", "LOGIN-020"), eot}));
    ASSERT_TRUE(r.complete);
    EXPECT_EQ(names(r), "SQ_INFO SQ_EOT");
    EXPECT_EQ(value(r, 0, "total"), "38");
    EXPECT_EQ(value(r, 0, "env.DBTEMP"), "/tmp");
    EXPECT_EQ(value(r, 0, "env.SUBQCACHESZ"), "10");
    r = d.decode(direction::c2s, cat({vec("login.txt", "LOGIN-030"), eot}));
    EXPECT_EQ(names(r), "SQ_DBOPEN SQ_EOT");
    EXPECT_EQ(value(r, 0, "database"), "test");
    EXPECT_EQ(d.facts().database, "test");
    r = d.decode(direction::c2s, vec("login.txt", "LOGIN-040"));
    EXPECT_EQ(names(r), "SQ_ACK SQ_EOT");
    r = d.decode(direction::c2s, vec("login.txt", "LOGIN-042"));
    EXPECT_EQ(names(r), "SQ_RESPONSE SQ_EOT");
    EXPECT_EQ(value(r, 0, "answer"), "secret");
    ASSERT_EQ(r.secrets.size(), 1u);
    EXPECT_EQ(r.secrets[0].offset, 2u);
    EXPECT_EQ(r.secrets[0].length, 8u);
}

TEST(decode_requests, statements_cursors_and_transactions) {
    auto d = logged_in(modern);
    const std::string sql = "SELECT a, b FROM t WHERE c > 0 ORDER 1";  // 38 bytes, as MSG-005 says
    ASSERT_EQ(sql.size(), 38u);
    auto r = d.decode(direction::c2s, cat({vec("messages.txt", "MSG-005"), bytes(sql.begin(), sql.end()),
                                           vec("messages.txt", "MSG-004")}));
    ASSERT_TRUE(r.complete) << names(r);
    EXPECT_EQ(names(r), "SQ_PREPARE SQ_NDESCRIBE SQ_WANTDONE SQ_EOT");
    EXPECT_EQ(value(r, 0, "sql"), sql);
    EXPECT_EQ(r.summary(), "SQ_PREPARE '" + sql + "' SQ_NDESCRIBE SQ_WANTDONE SQ_EOT");
    r = d.decode(direction::c2s, vec("messages.txt", "MSG-015"));
    EXPECT_EQ(names(r), "SQ_ID SQ_CURNAME SQ_OPEN SQ_ID SQ_NFETCH SQ_EOT");
    EXPECT_EQ(value(r, 1, "name"), "cursor_name_123456");
    EXPECT_EQ(value(r, 4, "buffer_size"), "4096");
    r = d.decode(direction::c2s, vec("messages.txt", "MSG-013"));
    EXPECT_EQ(names(r), "SQ_ID SQ_RET_TYPE SQ_NFETCH SQ_EOT");
    EXPECT_EQ(value(r, 1, "[0].length"), "20");
    for (const char* id : {"MSG-010", "MSG-011", "MSG-012", "MSG-050", "MSG-051", "MSG-061", "MSG-062"})
        EXPECT_TRUE(d.decode(direction::c2s, vec("messages.txt", id)).complete) << id;
    r = d.decode(direction::c2s, cat({vec("messages.txt", "MSG-040"), eot}));
    EXPECT_EQ(names(r), "SQ_LODATA SQ_EOT");
    EXPECT_EQ(value(r, 0, "fd"), "9");
    EXPECT_EQ(value(r, 0, "size"), "32000");
}

TEST(decode_requests, bind_values_by_type) {
    const proto::session_features f;
    decoded_record r;
    std::size_t n = 0;
    const bytes integer = vec("messages.txt", "MSG-018");
    ASSERT_EQ(decode_request(integer, f, 0, r, n), wire::decode_status::ok);
    EXPECT_EQ(n, integer.size());
    EXPECT_EQ(value(r, 0, "[0].value"), "11");
    EXPECT_EQ(value(r, 0, "[0].prec"), "0x0a00");
    ASSERT_EQ(r.values.size(), 1u);
    EXPECT_EQ(r.values[0].length, 4u);
    const bytes text = vec("messages.txt", "MSG-019");
    ASSERT_EQ(decode_request(text, f, 0, r, n), wire::decode_status::ok);
    EXPECT_EQ(value(r, 1, "[0].value"), "zhangsan1");
    // DECIMAL(12,4) 12345.6789 (TYPE-001) with its i16 length, a NULL INTEGER, a BOOLEAN 't'.
    bytes three = cat({{0x00, 0x05, 0x00, 0x03},
                       {0x00, 0x05, 0x00, 0x00, 0x0c, 0x04, 0x00, 0x07},
                       vec("types.txt", "TYPE-001"),
                       {0x00},
                       {0x00, 0x02, 0xff, 0xff, 0x00, 0x00},
                       {0x00, 0x2d, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 't', 0x00}});
    decoded_record t;
    ASSERT_EQ(decode_request(three, f, 0, t, n), wire::decode_status::ok) << wire::to_hex(three);
    EXPECT_EQ(n, three.size());
    EXPECT_EQ(value(t, 0, "[0].value"), "12345.6789");
    EXPECT_EQ(value(t, 0, "[1].indicator"), "-1");
    EXPECT_EQ(value(t, 0, "[2].value"), "t");
}

TEST(decode_replies, describe_done_cost_without_f70) {
    auto d = logged_in(no_f70);
    const auto r = d.decode(direction::s2c, vec("messages.txt", "MSG-032"));
    ASSERT_TRUE(r.complete) << names(r);
    EXPECT_EQ(names(r), "SQ_DESCRIBE SQ_DONE SQ_COST SQ_EOT");
    EXPECT_EQ(value(r, 0, "statement_type"), "2");
    EXPECT_EQ(value(r, 0, "columns[1].name"), "b");
    EXPECT_EQ(value(r, 0, "columns[1].type"), "0x000d");
    EXPECT_EQ(value(r, 0, "columns[1].encoded_length"), "50");
    EXPECT_EQ(value(r, 0, "columns[1].start"), "4");
    EXPECT_EQ(value(r, 2, "estimated_cost"), "1");
}

TEST(decode_replies, status_messages_errors_lodata_and_pam) {
    auto d = logged_in(no_f70);
    auto r = d.decode(direction::s2c, vec("messages.txt", "MSG-035"));
    EXPECT_EQ(names(r), "SQ_COST SQ_XACTSTAT SQ_DONE SQ_CLOSE SQ_EOT");
    EXPECT_EQ(value(r, 2, "rows"), "3");
    EXPECT_EQ(value(r, 1, "new_level"), "2");
    auto legacy = logged_in(only_f63);
    r = legacy.decode(direction::s2c, cat({vec("errors.txt", "ERR-002"), eot}));  // no f62: i16 offset
    EXPECT_EQ(names(r), "SQ_ERR SQ_EOT");
    EXPECT_EQ(value(r, 0, "sqlcode"), "-23197");
    EXPECT_EQ(value(r, 0, "message"), "TLS login failed");
    r = d.decode(direction::s2c, vec("messages.txt", "MSG-042"));
    EXPECT_EQ(names(r), "SQ_LODATA SQ_EOT");
    EXPECT_EQ(value(r, 0, "chunk[0]"), "61 62 63");
    ASSERT_EQ(r.values.size(), 1u);
    r = d.decode(direction::s2c, vec("login.txt", "LOGIN-041"));
    EXPECT_EQ(names(r), "SQ_CHALLENGE SQ_EOT SQ_CHALLENGE SQ_EOT SQ_ACCEPT SQ_EOT");
    EXPECT_EQ(value(r, 2, "prompt"), "Password:");
    EXPECT_EQ(d.facts().pam_info, "info");

    auto f70 = logged_in(modern);
    r = f70.decode(direction::s2c, vec("messages.txt", "MSG-036"));
    EXPECT_EQ(names(r), "SQ_DONE SQ_EOT");
    r = f70.decode(direction::s2c, cat({vec("errors.txt", "ERR-001"), eot}));  // f62: i32 offset
    EXPECT_EQ(value(r, 0, "offset"), "12");
    EXPECT_EQ(value(r, 0, "isam"), "-111");
}

// MSG-039: the replies to a prepare, an open, a fetch, a close and a release, back to back. The
// fetch reply's tuple is split by the columns of the statement the fetch named.
TEST(decode_replies, a_fetch_reply_is_read_with_the_columns_of_its_statement) {
    auto d = logged_in(only_f63);
    const bytes stream = vec("messages.txt", "MSG-039");
    std::vector<std::string> groups;
    std::size_t at = 0;
    const bytes fetch7 = {0x00, 0x04, 0x00, 0x07, 0x00, 0x09, 0x10, 0x00, 0x00, 0x00, 0x00, 0x0c};
    const std::vector<bytes> requests = {{0x00, 0x02, 0x00, 0x00, 0x00, 0x01, 'x', 0x00, 0x00, 0x0c},
                                         {0x00, 0x04, 0x00, 0x07, 0x00, 0x06, 0x00, 0x0c},
                                         fetch7,
                                         vec("messages.txt", "MSG-011"),
                                         vec("messages.txt", "MSG-012")};
    for (const auto& request : requests) {
        ASSERT_TRUE(d.decode(direction::c2s, request).complete) << wire::to_hex(request);
        std::size_t size = 0;
        ASSERT_EQ(d.frame(direction::s2c, std::span(stream).subspan(at), size), wire::decode_status::ok);
        const auto r = d.decode(direction::s2c, std::span(stream).subspan(at, size));
        EXPECT_TRUE(r.complete);
        groups.push_back(names(r));
        if (groups.size() == 3) {
            EXPECT_EQ(value(r, 0, "value[0]"), "42");
            EXPECT_EQ(value(r, 0, "value[1]"), "abc");
            EXPECT_EQ(value(r, 1, "sqlcode"), "100");
        }
        at += size;
    }
    EXPECT_EQ(at, stream.size());
    EXPECT_EQ(groups, (std::vector<std::string>{"SQ_DESCRIBE SQ_EOT", "SQ_EOT", "SQ_TUPLE SQ_ERR SQ_EOT",
                                                "SQ_EOT", "SQ_EOT"}));
}

TEST(decode_framing, every_prefix_of_a_group_needs_more_and_the_group_frames_alone) {
    auto d = logged_in(modern);
    const bytes group = vec("messages.txt", "MSG-015");
    for (std::size_t n = 0; n < group.size(); ++n) {
        std::size_t size = 0;
        EXPECT_EQ(d.frame(direction::c2s, std::span(group).first(n), size), wire::decode_status::need_more)
            << n;
    }
    const bytes two = cat({group, vec("messages.txt", "MSG-011")});
    std::size_t size = 0;
    ASSERT_EQ(d.frame(direction::c2s, two, size), wire::decode_status::ok);
    EXPECT_EQ(size, group.size());
    // A login packet that is not one (a TLS ClientHello) is refused at once.
    session_decoder fresh;
    const bytes hello = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01};
    EXPECT_EQ(fresh.frame(direction::c2s, hello, size), wire::decode_status::malformed);
}

// The recorder frames what it has after every read: a resumed walk starts at the last whole
// message instead of the group's start.
TEST(decode_framing, a_group_framed_read_by_read_resumes_at_its_last_whole_message) {
    auto d = logged_in(modern);
    const bytes group =
        vec("messages.txt", "MSG-015");  // SQ_ID, SQ_CURNAME, SQ_OPEN, SQ_ID, SQ_NFETCH, SQ_EOT
    const std::set<std::size_t> boundaries = {0, 4, 26, 28, 32, 40};
    std::size_t resume = 0, size = 0, last = 0;
    for (std::size_t n = 1; n < group.size(); ++n) {
        ASSERT_EQ(d.frame(direction::c2s, std::span(group).first(n), size, resume),
                  wire::decode_status::need_more);
        EXPECT_TRUE(boundaries.count(resume)) << n << " → " << resume;
        EXPECT_LE(resume, n);
        EXPECT_GE(resume, last);
        last = resume;
    }
    EXPECT_EQ(last, 40u);
    ASSERT_EQ(d.frame(direction::c2s, group, size, resume), wire::decode_status::ok);
    EXPECT_EQ(size, group.size());
    EXPECT_EQ(resume, 0u);
}

TEST(decode_framing, an_exit_ends_a_group_with_or_without_an_eot) {
    auto d = logged_in(modern);
    std::size_t size = 0;
    EXPECT_EQ(d.frame(direction::c2s, vec("messages.txt", "MSG-060"), size), wire::decode_status::need_more);
    ASSERT_EQ(d.frame(direction::c2s, vec("messages.txt", "MSG-061"), size), wire::decode_status::ok);
    EXPECT_EQ(size, 4u);
    EXPECT_EQ(names(d.decode(direction::c2s, vec("messages.txt", "MSG-060"))), "SQ_EXIT");
}

// Unreadable bytes become an "unknown" message; nothing crashes, whatever the bytes (the fuzz
// target does the same for millions of inputs).
TEST(decode_garbage, unknown_bytes_are_shown_as_such) {
    auto d = logged_in(modern);
    const bytes junk = {0x00, 0x04, 0x00, 0x07, 0x7f, 0x7f, 0x01, 0x02};
    const auto r = d.decode(direction::c2s, junk);
    EXPECT_FALSE(r.complete);
    ASSERT_EQ(names(r), "SQ_ID unknown");
    EXPECT_EQ(r.messages[1].offset, 4u);
    EXPECT_EQ(value(r, 1, "bytes"), "7f 7f 01 02");
    std::mt19937 rng(20);
    for (int i = 0; i < 3000; ++i) {
        bytes b(rng() % 200);
        for (auto& x : b) x = static_cast<std::uint8_t>(rng() % 4 == 0 ? rng() : rng() % 16);
        auto s = logged_in(i % 2 ? modern : only_f63);
        const auto a = s.decode(i % 3 ? direction::s2c : direction::c2s, b);
        std::size_t covered = 0;
        for (const auto& m : a.messages) covered = std::max(covered, m.offset + m.length);
        EXPECT_EQ(covered, b.size());
    }
}

TEST(render, text_and_json_show_fields_and_escape_what_is_not_text) {
    EXPECT_EQ(json_string("a\"b\\c"), "\"a\\\"b\\\\c\"");
    EXPECT_EQ(json_string("\xc3\xa4"), "\"\xc3\xa4\"");        // UTF-8 kept
    EXPECT_EQ(json_string("\xe4\x01"), "\"\\u00e4\\u0001\"");  // not UTF-8: ISO-8859-1 code points
    EXPECT_EQ(escape("it's\x01"), "it\\'s\\x01");
    capture c;
    c.sessions.push_back({1, "t", "", {}, {}});
    c.records.push_back({direction::c2s, 1, 0, record_kind::login, login_packet(), {}});
    const std::string text = render_text(c);
    EXPECT_NE(text.find("user='informix'"), std::string::npos) << text;
    const std::string json = render_json(c);
    EXPECT_NE(json.find("{\"name\": \"pid\", \"value\": 4242}"), std::string::npos) << json;
}

}  // namespace
}  // namespace ifx::cap
