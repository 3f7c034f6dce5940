// The capture file format (docs/captures.md): what it reads, what it refuses, and that writing and
// reading again gives the same capture.
#include <gtest/gtest.h>

#include "capture.hpp"

namespace ifx::cap {
namespace {

const char* const sample = R"(# a comment
ifxcap 1
recorded 2026-12-08T10:11:12Z
listen 127.0.0.1:9090
server db1:9088
secrets masked
values kept
client ifxsql --continue-on-error
note IDS 15.0.1.0 on Linux
mask SQ_COST -- optimizer estimates
mask #3 SQ_TUPLE.value[2] -- CURRENT
script every_type.sql
| SELECT 1;
|
|   indented
session 1 2026-12-08T10:11:12.000001Z 127.0.0.1:40000
c2s 1 0.000000 group 4 # SQ_ID ...
  00 04 00 07
s2c 1 0.001500 group 2
  00 0c
end 1 0.002000 client closed
session 2 2026-12-08T10:11:13.000000Z -
c2s 2 1.000000 raw 3
  01 02
  03
)";

TEST(capture_format, reads_every_part) {
    const capture c = parse_capture(sample);
    EXPECT_EQ(c.recorded, "2026-12-08T10:11:12Z");
    EXPECT_EQ(c.server, "db1:9088");
    EXPECT_EQ(c.client, "ifxsql --continue-on-error");
    ASSERT_EQ(c.notes.size(), 1u);
    ASSERT_EQ(c.masks.size(), 2u);
    EXPECT_EQ(c.masks[0].pattern, "SQ_COST");
    EXPECT_FALSE(c.masks[0].record);
    EXPECT_EQ(c.masks[0].reason, "optimizer estimates");
    EXPECT_EQ(c.masks[1].record, 3u);
    EXPECT_EQ(c.masks[1].pattern, "SQ_TUPLE.value[2]");
    EXPECT_EQ(c.script_name, "every_type.sql");
    EXPECT_EQ(c.script, "SELECT 1;\n\n  indented\n");
    ASSERT_EQ(c.sessions.size(), 2u);
    EXPECT_EQ(c.sessions[0].peer, "127.0.0.1:40000");
    EXPECT_EQ(c.sessions[0].ended_us, 2000);
    EXPECT_EQ(c.sessions[0].end_reason, "client closed");
    EXPECT_TRUE(c.sessions[1].peer.empty());
    EXPECT_FALSE(c.sessions[1].ended_us);
    ASSERT_EQ(c.records.size(), 3u);
    EXPECT_EQ(c.records[0].bytes, (std::vector<std::uint8_t>{0, 4, 0, 7}));
    EXPECT_EQ(c.records[0].note, "SQ_ID ...");
    EXPECT_EQ(c.records[1].time_us, 1500);
    EXPECT_EQ(c.records[1].dir, direction::s2c);
    EXPECT_EQ(c.records[2].kind, record_kind::raw);
    EXPECT_EQ(c.records[2].bytes, (std::vector<std::uint8_t>{1, 2, 3}));
}

TEST(capture_format, writing_and_reading_again_gives_the_same_capture) {
    const capture c = parse_capture(sample);
    const std::string text = format_capture(c);
    const capture again = parse_capture(text);
    EXPECT_EQ(format_capture(again), text);
    ASSERT_EQ(again.records.size(), c.records.size());
    for (std::size_t i = 0; i < c.records.size(); ++i) EXPECT_EQ(again.records[i].bytes, c.records[i].bytes);
    EXPECT_EQ(again.script, c.script);
    EXPECT_EQ(again.masks[1].record, 3u);
}

TEST(capture_format, long_records_are_cut_into_lines_of_32_bytes) {
    record r;
    r.session = 1;
    r.bytes.assign(70, 0xab);
    const std::string text = format_record(r);
    EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 4);  // the record line and 32 + 32 + 6
}

// Each broken variant fails with its line number.
TEST(capture_format, refuses_what_it_does_not_understand_with_the_line) {
    struct bad {
        const char* text;
        std::size_t line;
    };
    const bad cases[] = {
        {"", 0},
        {"ifxcap 2\n", 1},
        {"hello\n", 1},
        {"ifxcap 1\nfoo bar\n", 2},
        {"ifxcap 1\nvalues maybe\n", 2},
        {"ifxcap 1\nc2s 1 0.000000 group 2\n  00 0c\n", 2},                  // no session yet
        {"ifxcap 1\nsession 1 t p\nc2s 1 0.000000 group 2\n  00\n", 4},      // a byte short
        {"ifxcap 1\nsession 1 t p\nc2s 1 0.000000 group 1\n  00 0c\n", 4},   // a byte too many
        {"ifxcap 1\nsession 1 t p\nc2s 1 0.0 group 2\n  00 0c\n", 3},        // time without 6 decimals
        {"ifxcap 1\nsession 1 t p\nc2s 1 0.000000 packet 2\n  00 0c\n", 3},  // unknown kind
        {"ifxcap 1\nsession 1 t p\nc2s 1 0.000000 group 2\n  zz 0c\n", 4},   // not hex
        {"ifxcap 1\n  00 0c\n", 2},                                          // hex outside a record
        {"ifxcap 1\nsession 1 t p\nsession 1 t p\n", 3},                     // a session twice
        {"ifxcap 1\nsession 1 t p\nend 1 0.000001\nc2s 1 0.000002 group 2\n  00 0c\n", 4},  // after its end
        {"ifxcap 1\nmask #0 SQ_COST\n", 2},
        {"ifxcap 1\nmask\n", 2},
        {"ifxcap 1\n| stray\n", 2},
        {"ifxcap 1\nsession 1 t p\nnote late\n", 3},
    };
    for (const auto& b : cases) {
        try {
            (void)parse_capture(b.text);
            ADD_FAILURE() << "accepted: " << b.text;
        } catch (const capture_error& e) {
            EXPECT_EQ(e.line(), b.line) << b.text << " -> " << e.what();
        }
    }
}

}  // namespace
}  // namespace ifx::cap
