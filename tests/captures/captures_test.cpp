// Every capture of tests/captures as a conformance test (docs/captures.md):
//  * every record reads completely with the decoders: for a capture of any client, the client's
//    own decoders parse every reply;
//  * no password or PAM answer is left in it;
//  * server conformance: each session's client records go to an ifxlite set up as the session
//    needs, and each reply is compared with the recorded one, field by field, bar the capture's
//    masks. The differences must be exactly those NAME.expected lists (ifxlite's known divergences
//    from the recorded server, each with its reason), none without such a file;
//  * client conformance, for captures of ifxsql with an embedded script: ifxsql runs the script
//    again against a replay server that plays the recorded replies, and must send what the
//    capture's ifxsql sent.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "capture_support.hpp"
#include "redact.hpp"
#include "session_decoder.hpp"
#include "support/vectors.hpp"
#include "wire/reader.hpp"

namespace ifx::cap::test {
namespace {

std::string stem(const std::string& path) {
    return std::filesystem::path(path).stem().string();
}

// The lines of NAME.expected (blank lines and '#' comments skipped), sorted.
std::vector<std::string> expected_differences(const std::string& capture_path) {
    std::vector<std::string> out;
    std::ifstream in(std::filesystem::path(capture_path).replace_extension(".expected"));
    for (std::string line; std::getline(in, line);)
        if (!line.empty() && line[0] != '#') out.push_back(line);
    std::sort(out.begin(), out.end());
    return out;
}

std::string joined(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& l : lines) out += "  " + l + "\n";
    return out;
}

class capture_test : public ::testing::TestWithParam<std::string> {
protected:
    capture c = load_capture(GetParam());
};

TEST_P(capture_test, every_record_decodes) {
    const auto bad = undecodable_records(c);
    EXPECT_TRUE(bad.empty()) << joined(bad);
}

TEST_P(capture_test, holds_no_secret) {
    const auto result = check_capture(c);
    EXPECT_TRUE(result.problems.empty()) << joined(result.problems);
}

TEST_P(capture_test, survives_a_format_round_trip) {
    const capture again = parse_capture(format_capture(c));
    ASSERT_EQ(again.records.size(), c.records.size());
    for (std::size_t i = 0; i < c.records.size(); ++i) {
        EXPECT_EQ(again.records[i].bytes, c.records[i].bytes) << "record " << i + 1;
        EXPECT_EQ(again.records[i].dir, c.records[i].dir) << "record " << i + 1;
        EXPECT_EQ(again.records[i].session, c.records[i].session) << "record " << i + 1;
    }
    EXPECT_EQ(again.masks.size(), c.masks.size());
    EXPECT_EQ(again.script, c.script);
}

TEST_P(capture_test, server_conformance) {
    std::vector<std::string> found;
    for (const auto& s : c.sessions) {
        lite_for_session lite(c, s.id);
        const auto r = replay_to_server(c, s.id, lite.endpoint());
        EXPECT_GT(r.replies_compared, 0u) << "session " << s.id;
        found.insert(found.end(), r.differences.begin(), r.differences.end());
    }
    std::sort(found.begin(), found.end());
    const auto expected = expected_differences(GetParam());
    EXPECT_EQ(found, expected) << "ifxlite's differences from the capture:\n"
                               << joined(found) << "expected (" << stem(GetParam()) << ".expected):\n"
                               << joined(expected);
}

TEST_P(capture_test, client_conformance) {
    if (c.client.rfind("ifxsql", 0) != 0 || c.script.empty())
        GTEST_SKIP()
            << "not a capture of ifxsql running a script: its client conformance is every_record_decodes";
    for (const auto& s : c.sessions) {
        replay::server server([&](std::size_t n) { return n == 0 ? client_script(c, s.id) : nullptr; });
        const auto run = rerun_ifxsql(c, s.id, server.port());
        const auto report = server.wait_for(1, std::chrono::seconds(30));
        EXPECT_EQ(report.sessions_completed, 1u) << joined(report.problems) << "ifxsql said:\n" << run.output;
        EXPECT_NE(run.status, 2) << "ifxsql lost the connection or failed to start:\n" << run.output;
    }
}

INSTANTIATE_TEST_SUITE_P(files, capture_test, ::testing::ValuesIn(capture_files()),
                         [](const ::testing::TestParamInfo<std::string>& param) {
                             std::string name = stem(param.param);
                             std::replace(name.begin(), name.end(), '-', '_');
                             return name;
                         });

// Where column `column`'s encoded_length sits in an f63+f69 SQ_DESCRIBE at `at` (§8.1).
std::size_t encoded_length_offset(const std::vector<std::uint8_t>& bytes, std::size_t at,
                                  std::size_t column) {
    wire::reader r(std::span<const std::uint8_t>(bytes).subspan(at));
    r.skip(2 + 2 + 2 + 4 + 4 + 2 + 4);  // tag, type, id, estimate, tuple size, columns, name table
    for (std::size_t i = 0;; ++i) {
        r.skip(4 + 4 + 2 + 4);
        (void)r.sqli_char(255);
        (void)r.sqli_char(255);
        r.skip(2 + 2 + 4);
        if (i == column) return at + r.position();
        r.skip(4);
    }
}

TEST(capture_replay, a_changed_byte_in_a_reply_is_reported_as_the_field_it_changes) {
    capture c = load_capture(captures_dir() + "/lite-every-type.cap");
    // The first DESCRIBE of ifxcap_types: its column 2 is vc VARCHAR(20) (a length that does not
    // change how rows are walked, so exactly one field differs).
    const auto decoded = decode_capture(c);
    std::size_t record = 0, describe_at = 0;
    for (std::size_t i = 0; i < decoded.size() && !record; ++i)
        for (const auto& m : decoded[i].messages)
            if (const field* f = m.find("columns[2].name");
                m.name == "SQ_DESCRIBE" && f && f->value == "vc") {
                record = i;
                describe_at = m.offset;
            }
    ASSERT_NE(record, 0u);
    auto& bytes = c.records[record].bytes;
    const std::size_t at = encoded_length_offset(bytes, describe_at, 2);
    ASSERT_EQ(bytes[at + 3], 20);
    bytes[at + 3] = 21;

    lite_for_session lite(c, 1);
    const auto r = replay_to_server(c, 1, lite.endpoint());
    ASSERT_EQ(r.differences.size(), 1u) << joined(r.differences);
    EXPECT_NE(r.differences[0].find("record " + std::to_string(record + 1) + " "), std::string::npos)
        << r.differences[0];
    EXPECT_NE(r.differences[0].find("SQ_DESCRIBE: columns[2].encoded_length: recorded 21"), std::string::npos)
        << r.differences[0];
    EXPECT_NE(r.differences[0].find("server 20"), std::string::npos) << r.differences[0];
}

// The replay server plays reference.cap to a client that sends the recorded requests byte for
// byte (turn by turn, reading each reply): every session plays to the end, the bare SQ_EXIT of
// session 2 (MSG-060) included.
TEST(capture_reference, plays_to_a_client_that_sends_the_recorded_bytes) {
    const capture c = load_capture(captures_dir() + "/reference.cap");
    for (const auto& s : c.sessions) {
        replay::server server([&](std::size_t n) { return n == 0 ? client_script(c, s.id) : nullptr; });
        const int fd = replay::connect_to({"127.0.0.1", server.port()});
        std::vector<std::uint8_t> buf(64 * 1024);
        std::size_t owed = 0;  // reply bytes the client has yet to read before it speaks again
        for (const record& r : c.records) {
            if (r.session != s.id) continue;
            if (r.dir == direction::s2c) {
                owed += r.bytes.size();
                continue;
            }
            while (owed > 0) {
                const long n =
                    replay::recv_some(fd, buf.data(), std::min(owed, buf.size()), std::chrono::seconds(10));
                ASSERT_GT(n, 0) << "session " << s.id;
                owed -= static_cast<std::size_t>(n);
            }
            ASSERT_TRUE(replay::send_all(fd, r.bytes));
        }
        while (owed > 0) {
            const long n =
                replay::recv_some(fd, buf.data(), std::min(owed, buf.size()), std::chrono::seconds(10));
            ASSERT_GT(n, 0);
            owed -= static_cast<std::size_t>(n);
        }
        replay::close_fd(fd);
        const auto report = server.wait_for(1, std::chrono::seconds(10));
        EXPECT_EQ(report.sessions_completed, 1u) << (report.problems.empty() ? "" : report.problems.front());
    }
}

// reference.cap is assembled from the golden vectors (make-reference.py): every record whose note
// says "vectors: ID, ID (…)" holds each of those vectors' bytes verbatim.
TEST(capture_reference, holds_the_vectors_it_names) {
    const capture c = load_capture(captures_dir() + "/reference.cap");
    std::size_t checked = 0;
    std::vector<std::uint8_t> pam_groups;  // LOGIN-041 is split into its three groups
    for (const record& r : c.records) {
        if (r.note.rfind("LOGIN-041, ", 0) == 0)
            pam_groups.insert(pam_groups.end(), r.bytes.begin(), r.bytes.end());
        if (r.note.rfind("vectors: ", 0) != 0) continue;
        std::string ids = r.note.substr(9, r.note.find(" (") - 9);
        for (std::size_t at = 0; at < ids.size();) {
            const auto comma = ids.find(", ", at);
            const std::string id = ids.substr(at, comma - at);
            at = comma == std::string::npos ? ids.size() : comma + 2;
            const char* file = id.rfind("TYPE-", 0) == 0  ? "types.txt"
                               : id.rfind("MSG-", 0) == 0 ? "messages.txt"
                                                          : "login.txt";
            const auto& v = ifx::test::vector_by_id(file, id);
            EXPECT_NE(std::search(r.bytes.begin(), r.bytes.end(), v.bytes.begin(), v.bytes.end()),
                      r.bytes.end())
                << id << " is not in the record noted '" << r.note << "'";
            ++checked;
        }
    }
    EXPECT_GT(checked, 30u);
    EXPECT_EQ(pam_groups, ifx::test::vector_by_id("login.txt", "LOGIN-041").bytes);
}

}  // namespace
}  // namespace ifx::cap::test
