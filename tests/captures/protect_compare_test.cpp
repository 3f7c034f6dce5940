// What the recorder hides before anything reaches a capture (passwords, PAM answers, values with
// --redact-values, unreadable client bytes before the login ended), the secret check, and the
// comparison of records with masks.
#include <gtest/gtest.h>

#include <algorithm>

#include "compare.hpp"
#include "proto/login.hpp"
#include "redact.hpp"
#include "session_decoder.hpp"
#include "support/vectors.hpp"

namespace ifx::cap {
namespace {

using bytes = std::vector<std::uint8_t>;

bool contains(const bytes& haystack, std::string_view needle) {
    return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end()) != haystack.end();
}

bytes login(const std::string& password) {
    proto::login_request req;
    req.user = "informix";
    req.password = password;
    req.server = "ol";
    bytes out;
    proto::encode_login(req, out);
    return out;
}

TEST(protect, the_login_password_becomes_the_mask_and_the_packet_stays_valid) {
    for (const std::string password : {"Z", "a much longer password than the mask"}) {
        const bytes packet = login(password);
        session_decoder d;
        const auto decoded = d.decode(direction::c2s, packet);
        const bytes out = protect(packet, decoded, false, false, true);
        EXPECT_FALSE(contains(out, password)) << password;
        EXPECT_EQ((std::size_t{out[0]} << 8) | out[1], out.size());  // the SL length follows
        session_decoder again;
        const auto r = again.decode(direction::c2s, out);
        ASSERT_TRUE(r.complete);
        EXPECT_EQ(r.messages[0].find("password")->value, secret_mask);
        EXPECT_EQ(r.messages[0].find("user")->value, "informix");
    }
    // An empty password hides nothing and stays empty.
    const bytes empty = login("");
    session_decoder d;
    EXPECT_EQ(protect(empty, d.decode(direction::c2s, empty), false, false, true), empty);
}

TEST(protect, a_pam_answer_becomes_the_mask) {
    const bytes response = ifx::test::vector_by_id("login.txt", "LOGIN-042").bytes;  // 'secret'
    session_decoder d;
    (void)d.decode(direction::c2s, login("x"));
    const bytes out = protect(response, d.decode(direction::c2s, response), false, false, false);
    EXPECT_FALSE(contains(out, "secret"));
    EXPECT_EQ(out, (bytes{0x00, 0x82, 0x00, 0x08, '*', '*', '*', '*', '*', '*', '*', '*', 0x00, 0x0c}));
}

TEST(protect, redacted_values_are_zeros_of_the_same_length) {
    // MSG-039's statement (INTEGER a, VARCHAR(4) b, described with f63 only) and its fetch reply.
    session_decoder d;
    (void)d.decode(direction::c2s, login("x"));
    (void)d.decode(direction::s2c, ifx::test::vector_by_id("login.txt", "LOGIN-051").bytes);
    (void)d.decode(direction::c2s, ifx::test::vector_by_id("login.txt", "LOGIN-010").bytes);
    (void)d.decode(direction::s2c,
                   bytes{0x00, 0x7e, 0x00, 0x08, 0xff, 0xfc, 0x7f, 0xfc, 0x3c, 0x00, 0x00, 0x01, 0x00, 0x0c});
    const bytes stream = ifx::test::vector_by_id("messages.txt", "MSG-039").bytes;
    (void)d.decode(direction::c2s, bytes{0x00, 0x02, 0x00, 0x00, 0x00, 0x01, 'x', 0x00, 0x00, 0x0c});
    std::size_t size = 0;
    ASSERT_EQ(d.frame(direction::s2c, stream, size), wire::decode_status::ok);
    (void)d.decode(direction::s2c, std::span(stream).first(size));
    (void)d.decode(direction::c2s,
                   bytes{0x00, 0x04, 0x00, 0x07, 0x00, 0x09, 0x10, 0x00, 0x00, 0x00, 0x00, 0x0c});
    const bytes tuple(stream.begin() + static_cast<long>(size) + 2, stream.end() - 4);  // past the OPEN's EOT
    const auto decoded = d.decode(direction::s2c, tuple);
    ASSERT_TRUE(decoded.complete);
    ASSERT_EQ(decoded.messages[0].find("value[1]")->value, "abc");
    const bytes out = protect(tuple, decoded, true, false, false);
    ASSERT_EQ(out.size(), tuple.size());
    EXPECT_FALSE(contains(out, "abc"));
    EXPECT_EQ(out[8 + 4], 3);  // the VARCHAR's length byte is kept, so the row still walks
    EXPECT_TRUE(std::all_of(out.begin() + 8, out.begin() + 12, [](auto b) { return b == 0; }));  // 42 → 0
}

TEST(protect, client_bytes_that_cannot_be_read_before_the_login_are_blanked) {
    bytes junk(120, 'A');
    junk[2] = 0x01;
    junk[3] = 0x3c;  // looks like a connection request but is not one
    session_decoder d;
    const auto decoded = d.decode(direction::c2s, junk);
    ASSERT_FALSE(decoded.complete);
    const bytes out = protect(junk, decoded, false, true, true);
    EXPECT_TRUE(std::equal(out.begin(), out.begin() + login_fixed_part, junk.begin()));
    EXPECT_TRUE(std::all_of(out.begin() + login_fixed_part, out.end(), [](auto b) { return b == 0; }));
}

TEST(check, reports_an_unmasked_password_and_lists_what_the_file_reveals) {
    capture c;
    c.sessions.push_back({1, "t", "", {}, {}});
    c.records.push_back({direction::c2s, 1, 0, record_kind::login, login("hunter2"), {}});
    auto result = check_capture(c);
    ASSERT_EQ(result.problems.size(), 1u);
    EXPECT_NE(result.problems[0].find("password is not masked"), std::string::npos);
    EXPECT_NE(std::find(result.facts.begin(), result.facts.end(), "user names: 'informix'"),
              result.facts.end());
    session_decoder d;
    c.records[0].bytes = protect(c.records[0].bytes, d.decode(c.records[0]), false, false, true);
    result = check_capture(c);
    EXPECT_TRUE(result.problems.empty());
}

TEST(compare, glob_patterns) {
    EXPECT_TRUE(glob_match("SQ_*", "SQ_COST"));
    EXPECT_TRUE(glob_match("columns[?].type", "columns[1].type"));
    EXPECT_TRUE(glob_match("*", ""));
    EXPECT_FALSE(glob_match("SQ_COST", "SQ_COSTS"));
    EXPECT_TRUE(glob_match("a*b*c", "aXXbYYc"));
    EXPECT_FALSE(glob_match("a*b*c", "aXXbYY"));
}

decoded_record record_of(std::initializer_list<message> ms) {
    decoded_record r;
    r.messages = ms;
    return r;
}

message msg(std::string name, std::initializer_list<std::pair<std::string, std::string>> fields) {
    message m;
    m.name = std::move(name);
    for (const auto& [k, v] : fields) m.add_token(k, v);
    return m;
}

TEST(compare, names_the_message_and_field_that_differ_and_honours_masks) {
    const auto recorded = record_of(
        {msg("SQ_DONE", {{"rows", "1"}, {"rowid", "7"}}), msg("SQ_COST", {{"c", "1"}}), msg("SQ_EOT", {})});
    const auto observed = record_of({msg("SQ_DONE", {{"rows", "2"}, {"rowid", "9"}}), msg("SQ_EOT", {})});
    mask_set none;
    auto d = compare_records(recorded, observed, none, 5, "server");
    ASSERT_EQ(d.size(), 3u);
    EXPECT_EQ(d[0], "message 1 SQ_DONE: rows: recorded 1, server 2");
    EXPECT_EQ(d[1], "message 1 SQ_DONE: rowid: recorded 7, server 9");
    EXPECT_EQ(d[2], "message 2 SQ_COST: server sent SQ_EOT instead");
    mask_set masks(default_masks());  // SQ_COST optional, SQ_DONE.rowid ignored
    d = compare_records(recorded, observed, masks, 5, "server");
    ASSERT_EQ(d.size(), 1u);
    EXPECT_EQ(d[0], "message 1 SQ_DONE: rows: recorded 1, server 2");
    masks.add({5, "SQ_DONE.rows", "test"});
    EXPECT_TRUE(compare_records(recorded, observed, masks, 5, "server").empty());
    EXPECT_EQ(compare_records(recorded, observed, masks, 6, "server").size(), 1u);  // another record
}

TEST(compare, missing_and_extra_messages_and_fields) {
    const auto a = record_of({msg("SQ_DONE", {{"rows", "1"}}), msg("SQ_EOT", {})});
    const auto b =
        record_of({msg("SQ_DONE", {{"rows", "1"}, {"extra", "x"}}), msg("SQ_EOT", {}), msg("SQ_EOT", {})});
    const auto d = compare_records(a, b, mask_set(), 1, "server");
    ASSERT_EQ(d.size(), 2u);
    EXPECT_EQ(d[0], "message 1 SQ_DONE: extra: not recorded, server x");
    EXPECT_EQ(d[1], "after message 2: server also sent SQ_EOT");
    const auto e = compare_records(b, a, mask_set(), 1, "server");
    EXPECT_EQ(e.back(), "message 3 SQ_EOT: recorded, server did not send it");
}

}  // namespace
}  // namespace ifx::cap
