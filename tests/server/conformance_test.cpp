// Conformance of ifxlite's replies with the graded A/B layouts of PROTOCOL.md: every exchange is
// driven with the client bytes of the golden vectors (or built with the test's own writer) and the
// reply is compared with the vector's layout, constants and message order. Vectors are loaded,
// never retyped.
#include "sqli_client.hpp"

#include <algorithm>
#include <cstring>

namespace ifxlite_test {
namespace {

bytes slice(const bytes& b, std::size_t from, std::size_t to) {
    return bytes(b.begin() + static_cast<std::ptrdiff_t>(from), b.begin() + static_cast<std::ptrdiff_t>(to));
}

const bytes eot_bytes{0x00, 0x0c};
const bytes id7{0x00, 0x04, 0x00, 0x07};

// The JDBC 15 offer (LOGIN-010) with feature 70 cleared: f54, f62, f63, f69 only.
bytes offer_without_f70() {
    bytes offer = vec("login.txt", "LOGIN-010");
    offer[4 + 8] = static_cast<std::uint8_t>(offer[4 + 8] & ~0x02);
    return offer;
}

/// Every field of one f63 SQ_DESCRIBE column (§8.1).
struct full_column {
    std::int32_t field_index = 0, start = 0;
    std::int16_t type = 0;
    std::int32_t xid = 0;
    std::string owner, type_name;
    std::int16_t reference = 0, alignment = 0;
    std::int32_t source = 0, encoded_length = 0;
    std::string name;
};
struct full_describe {
    std::int16_t stmt_type = 0, stmt_id = 0;
    std::int32_t estimated = 0, tuple_size = 0;
    std::vector<full_column> columns;
    std::size_t size = 0;  ///< bytes the message took, tag included
};

/// Decodes an f63+f69 SQ_DESCRIBE message (tag included) field by field.
full_describe parse_describe_f63(std::span<const std::uint8_t> in) {
    ifx::wire::reader r(in);
    full_describe d;
    EXPECT_EQ(r.i16(), 8);
    d.stmt_type = r.i16();
    d.stmt_id = r.i16();
    d.estimated = r.i32();
    d.tuple_size = r.i32();
    const auto n = r.length16(0x7fff);
    const auto names = r.length32(1 << 20);
    for (std::size_t i = 0; i < n && r.ok(); ++i) {
        full_column c;
        c.field_index = r.i32();
        c.start = r.i32();
        c.type = r.i16();
        c.xid = r.i32();
        c.owner = r.sqli_char(255);
        c.type_name = r.sqli_char(255);
        c.reference = r.i16();
        c.alignment = r.i16();
        c.source = r.i32();
        c.encoded_length = r.i32();
        d.columns.push_back(c);
    }
    const auto table = r.bytes(names);
    r.pad(names);
    EXPECT_TRUE(r.ok());
    for (auto& c : d.columns)
        if (static_cast<std::size_t>(c.field_index) < table.size())
            c.name = std::string(reinterpret_cast<const char*>(table.data()) + c.field_index);
    d.size = r.position();
    return d;
}

class conformance_test : public session_test {
protected:
    /// Prepares throw-away statements until the next PREPARE gets id 7 (the vectors' id).
    void occupy_ids_below_7() {
        for (int i = 0; i < 7; ++i) {
            const auto g = one_group(send(request()
                                              .prepare("SELECT tabid FROM systables")
                                              .t(tag::ndescribe)
                                              .t(tag::wantdone)
                                              .done()),
                                     widths_);
            ASSERT_FALSE(g.empty());
            ASSERT_EQ(g.front().stmt_id, i);
        }
    }
    std::int16_t prepare_id(std::string_view sql) {
        const auto g =
            one_group(send(request().prepare(sql).t(tag::ndescribe).t(tag::wantdone).done()), widths_);
        EXPECT_FALSE(g.empty());
        EXPECT_EQ(g.front().tag, static_cast<std::int16_t>(tag::describe));
        return g.empty() ? -1 : g.front().stmt_id;
    }
};

// ---------------------------------------------------------------------------------------------
// Login and negotiation (§3.3, §4.3, §5.2, §5.3)

TEST_F(conformance_test, login_reply_matches_live_prefix_with_12_byte_product) {
    const auto reply = send(login_packet());
    // LOGIN-002 (DISPUTED: 13-byte product) corrected to the 12 bytes every live decoder reads.
    bytes live = vec("login.txt", "LOGIN-002");
    const std::size_t product = 24;  // after SL header (6), 100, 101, i32 61, ASCSTR "IEEEI" (8), 108
    ASSERT_EQ(live[product], 's');
    ASSERT_EQ(live[product + 12], 0x00);  // the spurious 13th byte
    live.erase(live.begin() + static_cast<std::ptrdiff_t>(product + 12));
    // SL type, protocol, flags, markers, protocol id, float format, 108, product: byte for byte.
    EXPECT_EQ(slice(reply, 2, product + 12), slice(live, 2, product + 12));
    // The banner: ASCSTR (u16 length counting the NUL) with the live text as prefix.
    const std::size_t banner = product + 12;
    const std::size_t len = static_cast<std::size_t>(reply[banner] << 8 | reply[banner + 1]);
    ASSERT_GE(reply.size(), banner + 2 + len);
    EXPECT_EQ(reply[banner + 2 + len - 1], 0x00);
    const bytes live_text = slice(live, banner + 2, live.size());
    const bytes ours = slice(reply, banner + 2, banner + 2 + len - 1);
    ASSERT_GE(ours.size(), 36u);
    EXPECT_EQ(slice(ours, 0, 36), slice(live_text, 0, 36));  // "IBM Informix Dynamic Server Version "
    EXPECT_EQ(ours[36], '1');
    EXPECT_EQ(ours[37], '5');
    // The total length field is the packet length (§3.1).
    EXPECT_EQ(static_cast<std::size_t>(reply[0] << 8 | reply[1]), reply.size());
}

struct protocols_case {
    const char* offer;
    ifx::lite::profile profile;
    bytes expected_mask;
};

TEST_F(conformance_test, protocols_reply_is_offer_and_implemented) {
    const protocols_case cases[] = {
        // JDBC 15: bytes 0–4 copied; 5 → 0; 6 → f54; 7 → f62|f63; 8 → f69|f70.
        {"LOGIN-010", ifx::lite::profile::modern, {0xff, 0xfc, 0x7f, 0xfc, 0x3c, 0x00, 0x02, 0x03, 0x06}},
        {"LOGIN-011", ifx::lite::profile::modern, {0xff, 0xfc, 0x7f, 0xfc, 0x3c, 0x00, 0x02}},
        {"LOGIN-010", ifx::lite::profile::legacy, {0xff, 0xfc, 0x7f, 0xfc, 0x3c, 0x00, 0x02}},
        {"LOGIN-011", ifx::lite::profile::legacy, {0xff, 0xfc, 0x7f, 0xfc, 0x3c, 0x00, 0x02}},
    };
    for (const auto& c : cases) {
        config_.features = c.profile;
        SetUp();
        ASSERT_EQ(send(login_packet())[2], 2);
        bytes expected;
        ifx::wire::writer w(expected);
        w.put(tag::protocols);
        w.i16(static_cast<std::int16_t>(c.expected_mask.size()));
        w.bytes(c.expected_mask);
        w.pad(c.expected_mask.size());
        w.put(tag::eot);
        EXPECT_EQ(send(vec("login.txt", c.offer)), expected) << c.offer;
    }
}

TEST_F(conformance_test, info_reply_is_bare_eot) {
    connect("");
    // A second SQ_INFO is answered the same way: MSG-003.
    EXPECT_EQ(send(cat({vec("login.txt", "LOGIN-020"), eot_bytes})), vec("messages.txt", "MSG-003"));
}

TEST_F(conformance_test, dbopen_reply_with_f70_is_msg036_layout) {
    connect("");
    ASSERT_FALSE(databases_->create("test", ifx::lite::log_mode::unlogged).has_value());
    const auto reply = send(cat({vec("login.txt", "LOGIN-030"), eot_bytes}));
    const auto done = vec("messages.txt", "MSG-036");  // DONE (22-byte body) + EOT
    ASSERT_EQ(reply.size(), done.size() - 2 + 10 + 2);
    bytes expected = slice(done, 0, done.size() - 2);
    expected[3] = 0x14;  // warnings: Informix server, 0x10, unlogged (§5.3)
    EXPECT_EQ(slice(reply, 0, expected.size()), expected);
    EXPECT_EQ(slice(reply, expected.size(), expected.size() + 10), vec("messages.txt", "MSG-034"));
    EXPECT_EQ(slice(reply, reply.size() - 2, reply.size()), eot_bytes);
}

TEST_F(conformance_test, dbopen_reply_without_f70_is_msg033_layout) {
    config_.features = ifx::lite::profile::legacy;
    SetUp();
    widths_ = {.long_sql = false, .ext_describe = false, .large_tuple = false, .long_rowid = false};
    connect("", ifx::lite::log_mode::logged, vec("login.txt", "LOGIN-011"));
    ASSERT_FALSE(databases_->create("test", ifx::lite::log_mode::logged).has_value());
    const auto reply = send(cat({vec("login.txt", "LOGIN-030"), eot_bytes}));
    bytes expected = vec("messages.txt", "MSG-033");
    expected[3] = 0x15;  // logged | Informix | 0x10 (MSG-064)
    expected = cat({expected, vec("messages.txt", "MSG-034"), eot_bytes});
    EXPECT_EQ(reply, expected);
}

TEST_F(conformance_test, dbopen_logged_and_ansi_warnings) {
    const std::pair<ifx::lite::log_mode, std::uint8_t> cases[] = {{ifx::lite::log_mode::unlogged, 0x14},
                                                                  {ifx::lite::log_mode::logged, 0x15},
                                                                  {ifx::lite::log_mode::ansi, 0x17}};
    for (const auto& [mode, warnings] : cases) {
        SetUp();
        connect("");
        ASSERT_FALSE(databases_->create("test", mode).has_value());
        const auto reply = send(cat({vec("login.txt", "LOGIN-030"), eot_bytes}));
        ASSERT_GE(reply.size(), 4u);
        EXPECT_EQ(reply[0], 0x00);
        EXPECT_EQ(reply[1], 0x0f);
        EXPECT_EQ(reply[2], 0x00);
        EXPECT_EQ(reply[3], warnings);
    }
}

TEST_F(conformance_test, premature_dbopen_is_759) {
    ASSERT_EQ(send(login_packet())[2], 2);
    const auto g = one_group(send(cat({vec("login.txt", "LOGIN-030"), eot_bytes})), reply_widths{false});
    EXPECT_EQ(expect_error(g).sqlcode, -759);
}

// ---------------------------------------------------------------------------------------------
// PREPARE / COMMAND (§7.2, §7.3; MSG-004..007, MSG-031..034)

TEST_F(conformance_test, prepare_group_from_msg005_and_msg004) {
    connect();
    ASSERT_EQ(tags_of(command("CREATE TABLE t (a INTEGER, b VARCHAR(50))")).front(),
              static_cast<std::int16_t>(tag::describe));
    std::string sql = "select a, b from t where a > 0";
    sql.resize(38, ' ');
    const auto head = vec("messages.txt", "MSG-005");  // i32 length 38
    const auto trailer = vec("messages.txt", "MSG-004");
    const auto request_bytes = cat({head, bytes(sql.begin(), sql.end()), trailer});
    ASSERT_EQ(request_bytes.size(), 52u);  // the size seen live
    const auto g = one_group(send(request_bytes), widths_);
    EXPECT_EQ(tags_of(g), tags({tag::describe, tag::done, tag::cost, tag::eot}));
    EXPECT_EQ(g[0].stmt_type, 2);
    ASSERT_EQ(g[0].columns.size(), 2u);
}

TEST_F(conformance_test, prepare_reply_is_msg032_byte_for_byte) {
    // MSG-032 is the f63+f69 reply without f70.
    widths_.long_rowid = false;
    connect("testdb", ifx::lite::log_mode::logged, offer_without_f70());
    command("CREATE TABLE t (a INTEGER, b VARCHAR(50))");
    const auto reply =
        send(request().prepare("select a, b from t").t(tag::ndescribe).t(tag::wantdone).done());
    EXPECT_EQ(reply, vec("messages.txt", "MSG-032"));
}

TEST_F(conformance_test, describe_fields_follow_msg031) {
    connect();
    command("CREATE TABLE t (a INTEGER, b VARCHAR(50), c CLOB)");
    const auto reply =
        send(request().prepare("select a, b, c from t").t(tag::ndescribe).t(tag::wantdone).done());
    const auto ours = parse_describe_f63(reply);
    const auto golden = parse_describe_f63(vec("messages.txt", "MSG-031"));
    ASSERT_EQ(golden.size, vec("messages.txt", "MSG-031").size());  // the vector parses completely
    EXPECT_EQ(ours.stmt_type, golden.stmt_type);
    EXPECT_EQ(ours.stmt_id, golden.stmt_id);
    EXPECT_EQ(ours.estimated, golden.estimated);
    ASSERT_EQ(ours.columns.size(), golden.columns.size());
    for (std::size_t i = 0; i < ours.columns.size(); ++i) {
        const auto& o = ours.columns[i];
        const auto& g = golden.columns[i];
        SCOPED_TRACE("column " + g.name);
        EXPECT_EQ(o.name, g.name);
        EXPECT_EQ(o.field_index, g.field_index);
        EXPECT_EQ(o.type, g.type);
        EXPECT_EQ(o.xid, g.xid);
        EXPECT_EQ(o.type_name, g.type_name);
        EXPECT_EQ(o.reference, g.reference);
        EXPECT_EQ(o.alignment, g.alignment);
        EXPECT_EQ(o.source, g.source);
        EXPECT_EQ(o.encoded_length, g.encoded_length);
        // The vector is GBase-flavoured: owner 'gbasedbt' where IDS says 'informix' (§9.3).
        EXPECT_EQ(o.owner, g.owner.empty() ? "" : "informix");
    }
    // Start positions are cumulative fixed widths: a at 0, b at 4 (the golden's c start 56 assumes
    // a 52-byte VARCHAR(50) slot; ifxlite uses n + 1 as MSG-032 does).
    EXPECT_EQ(ours.columns[0].start, 0);
    EXPECT_EQ(ours.columns[1].start, 4);
    EXPECT_EQ(ours.columns[2].start, 4 + 51);
}

TEST_F(conformance_test, legacy_describe_is_nmap_layout) {
    // Without f63/f69 (§8.1, [NM] against IDS 11.50): a 14-byte header (i16 tuple size, i16 name
    // table), then per column 6 bytes, the i16 type and a 20-byte tail ending in the encoded length.
    config_.features = ifx::lite::profile::legacy;
    SetUp();
    widths_ = {.long_sql = false, .ext_describe = false, .large_tuple = false, .long_rowid = false};
    connect("testdb", ifx::lite::log_mode::logged, vec("login.txt", "LOGIN-011"));
    command("CREATE TABLE t (a INTEGER, b VARCHAR(50))");
    const auto reply =
        send(request(false, false).prepare("select a, b from t").t(tag::ndescribe).t(tag::wantdone).done());
    ifx::wire::reader r(reply);
    EXPECT_EQ(r.i16(), 8);
    EXPECT_EQ(r.i16(), 2);   // SELECT
    EXPECT_EQ(r.i16(), 0);   // id
    EXPECT_EQ(r.i32(), 0);   // estimated rows
    EXPECT_EQ(r.i16(), 55);  // i16 tuple size
    EXPECT_EQ(r.i16(), 2);   // columns
    EXPECT_EQ(r.i16(), 4);   // i16 name table "a\0b\0"
    const std::int16_t types[] = {2, 13};
    const std::int32_t lengths[] = {4, 50};
    for (int i = 0; i < 2; ++i) {
        r.skip(6);
        EXPECT_EQ(r.i16(), types[i]);
        r.skip(16);
        EXPECT_EQ(r.i32(), lengths[i]);
    }
    const auto names = r.bytes(4);
    EXPECT_EQ(std::string(names.begin(), names.end()), std::string("a\0b\0", 4));
    // Then DONE with 4-byte fields (MSG-033) + COST (MSG-034) + EOT.
    EXPECT_EQ(bytes(reply.begin() + static_cast<std::ptrdiff_t>(r.position()), reply.end()),
              cat({vec("messages.txt", "MSG-033"), vec("messages.txt", "MSG-034"), eot_bytes}));
}

TEST_F(conformance_test, prepare_of_msg006_with_database_prefix) {
    connect("stores_demo");
    command("CREATE TABLE tab (a INTEGER)");
    const auto g =
        one_group(send(cat({vec("messages.txt", "MSG-006"), vec("messages.txt", "MSG-004")})), widths_);
    ASSERT_EQ(tags_of(g), tags({tag::describe, tag::done, tag::cost, tag::eot}));
    EXPECT_EQ(g[0].stmt_type, 2);
    ASSERT_EQ(g[0].columns.size(), 1u);
    EXPECT_EQ(g[0].columns[0].name, "a");
}

TEST_F(conformance_test, command_of_msg007) {
    connect();
    command("CREATE TABLE x (a INTEGER, b CHAR(10))");
    const bytes trailer{0x00, 0x16, 0x00, 0x07, 0x00, 0x0b, 0x00, 0x0c};
    const auto g = one_group(send(cat({vec("messages.txt", "MSG-007"), trailer})), widths_);
    ASSERT_EQ(tags_of(g), tags({tag::describe, tag::done, tag::cost, tag::eot}));
    EXPECT_EQ(g[0].stmt_type, 6);
    EXPECT_TRUE(g[0].columns.empty());
    EXPECT_EQ(g[1].rows, 1);
    const auto rs = query("select b from x where a = 22");
    ASSERT_EQ(rs.rows.size(), 1u);
    EXPECT_EQ(text_value(rs.rows[0], 0), "sweet");
}

TEST_F(conformance_test, done_and_cost_bytes_after_execute) {
    // Without f70 the DONE of an UPDATE is MSG-033's 14-byte body with rows filled in.
    widths_.long_rowid = false;
    connect("testdb", ifx::lite::log_mode::unlogged, offer_without_f70());
    command("CREATE TABLE t (a INTEGER)");
    const std::int16_t id = prepare_id("update t set a = 1");
    const auto reply = send(request().id(id).t(tag::execute).done());
    EXPECT_EQ(reply, cat({vec("messages.txt", "MSG-033"), vec("messages.txt", "MSG-034"), eot_bytes}));
}

// ---------------------------------------------------------------------------------------------
// Cursor groups (§7.6; MSG-008..016)

TEST_F(conformance_test, fixed_row_cursor_groups_msg015_010_011_012) {
    connect();
    command("CREATE TABLE t (a INTEGER, c CHAR(3))");
    command("INSERT INTO t VALUES (42, 'abc')");
    command("INSERT INTO t VALUES (43, 'de')");
    occupy_ids_below_7();
    ASSERT_EQ(prepare_id("select a, c from t order by a"), 7);
    // One 42-byte group: CURNAME, OPEN and the first NFETCH 4096.
    const auto open_fetch = vec("messages.txt", "MSG-015");
    ASSERT_EQ(open_fetch.size(), 42u);
    const auto tail = vec("messages.txt", "MSG-014");
    ASSERT_TRUE(
        std::equal(tail.begin(), tail.end(), open_fetch.end() - static_cast<std::ptrdiff_t>(tail.size())));
    const auto g = one_group(send(open_fetch), widths_);
    ASSERT_EQ(tags_of(g), tags({tag::tuple, tag::tuple, tag::done, tag::cost, tag::eot}));
    EXPECT_EQ(g[0].payload, (bytes{0x00, 0x00, 0x00, 0x2a, 'a', 'b', 'c'}));
    EXPECT_EQ(g[1].payload, (bytes{0x00, 0x00, 0x00, 0x2b, 'd', 'e', ' '}));
    EXPECT_EQ(g[2].rows, 2);
    // A fetch after the end: DONE(rows 0) + COST, never a bare EOT.
    const auto again = send(vec("messages.txt", "MSG-010"));
    bytes expected = vec("messages.txt", "MSG-036");
    expected.resize(expected.size() - 2);
    EXPECT_EQ(again, cat({expected, vec("messages.txt", "MSG-034"), eot_bytes}));
    EXPECT_EQ(send(vec("messages.txt", "MSG-011")), vec("messages.txt", "MSG-003"));
    EXPECT_EQ(send(vec("messages.txt", "MSG-012")), vec("messages.txt", "MSG-003"));
    // Statement 7 is gone.
    EXPECT_EQ(expect_error(one_group(send(vec("messages.txt", "MSG-010")), widths_)).sqlcode, -258);
}

TEST_F(conformance_test, jdbc_cursor_name_msg008_and_nfetch_msg009) {
    connect();
    command("CREATE TABLE t (a INTEGER)");
    command("INSERT INTO t VALUES (1)");
    occupy_ids_below_7();
    ASSERT_EQ(prepare_id("select a from t"), 7);
    const auto g =
        one_group(send(cat({id7, vec("messages.txt", "MSG-008"), vec("messages.txt", "MSG-014")})), widths_);
    EXPECT_EQ(tags_of(g), tags({tag::tuple, tag::done, tag::cost, tag::eot}));
    EXPECT_EQ(send(vec("messages.txt", "MSG-011")), eot_bytes);
    // Reopen and fetch with the bare NFETCH message of MSG-009.
    EXPECT_EQ(send(cat({id7, bytes{0x00, 0x06}, eot_bytes})), eot_bytes);
    const auto f = one_group(send(cat({id7, vec("messages.txt", "MSG-009"), eot_bytes})), widths_);
    EXPECT_EQ(tags_of(f), tags({tag::tuple, tag::done, tag::cost, tag::eot}));
}

TEST_F(conformance_test, variable_row_two_group_form_with_ret_type_msg013) {
    connect();
    command("CREATE TABLE v (b VARCHAR(20))");
    command("INSERT INTO v VALUES ('abc')");
    occupy_ids_below_7();
    ASSERT_EQ(prepare_id("select b from v"), 7);
    // OPEN alone is answered by a bare EOT, then the RET_TYPE + NFETCH group.
    EXPECT_EQ(send(cat({id7, vec("messages.txt", "MSG-008"), bytes{0x00, 0x06}, eot_bytes})), eot_bytes);
    const auto g = one_group(send(vec("messages.txt", "MSG-013")), widths_);
    ASSERT_EQ(tags_of(g), tags({tag::tuple, tag::done, tag::cost, tag::eot}));
    EXPECT_EQ(g[0].payload, (bytes{0x03, 'a', 'b', 'c'}));
    // The raw tuple carries the pad after the odd payload (§8.2).
    send(vec("messages.txt", "MSG-011"));
    send(cat({id7, bytes{0x00, 0x06}, eot_bytes}));
    const auto raw = send(vec("messages.txt", "MSG-013"));
    EXPECT_EQ(slice(raw, 0, 13),
              (bytes{0x00, 0x0e, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x03, 'a', 'b', 'c', 0x00}));
}

TEST_F(conformance_test, ret_type_msg016_is_accepted) {
    connect();
    command("CREATE TABLE v (b VARCHAR(128))");
    command("INSERT INTO v VALUES ('x')");
    const std::int16_t id = prepare_id("select b from v");
    send(request().id(id).curname("c1").t(tag::open).done());
    const auto g = one_group(
        send(cat({request().id(id).raw(), vec("messages.txt", "MSG-016"), request().nfetch(4096).done()})),
        widths_);
    EXPECT_EQ(tags_of(g), tags({tag::tuple, tag::done, tag::cost, tag::eot}));
}

TEST_F(conformance_test, tuple_with_pad_is_msg030) {
    connect();
    command("CREATE TABLE t (a SMALLINT, b LVARCHAR)");
    command("INSERT INTO t VALUES (11, 'sweethui')");
    const std::int16_t id = prepare_id("select a, b from t");
    send(request().id(id).curname("c1").t(tag::open).done());
    const auto reply = send(request().id(id).nfetch(4096).done());
    const auto tuple = vec("messages.txt", "MSG-030");
    ASSERT_GE(reply.size(), tuple.size());
    EXPECT_EQ(slice(reply, 0, tuple.size()), tuple);
}

// ---------------------------------------------------------------------------------------------
// Binds (§7.5; MSG-018, MSG-019)

TEST_F(conformance_test, binds_msg018_and_msg019) {
    connect();
    command("CREATE TABLE t (a INTEGER, b VARCHAR(20))");
    const std::int16_t ins_a = prepare_id("insert into t (a) values (?)");
    const auto done_reply = send(
        cat({request().id(ins_a).raw(), vec("messages.txt", "MSG-018"), request().t(tag::execute).done()}));
    const auto g = one_group(done_reply, widths_);
    ASSERT_EQ(tags_of(g), tags({tag::done, tag::cost, tag::eot}));
    EXPECT_EQ(g[0].rows, 1);
    const std::int16_t ins_b = prepare_id("insert into t (b) values (?)");
    EXPECT_EQ(tags_of(one_group(send(cat({request().id(ins_b).raw(), vec("messages.txt", "MSG-019"),
                                          request().t(tag::execute).done()})),
                                widths_)),
              tags({tag::done, tag::cost, tag::eot}));
    const auto rs = query("select a, b from t order by a");
    ASSERT_EQ(rs.rows.size(), 2u);
    // NULL INTEGER then 'zhangsan1'; 11 then NULL VARCHAR (§9.1, §9.9).
    EXPECT_EQ(rs.rows[0], (bytes{0x80, 0x00, 0x00, 0x00, 0x09, 'z', 'h', 'a', 'n', 'g', 's', 'a', 'n', '1'}));
    EXPECT_EQ(rs.rows[1], (bytes{0x00, 0x00, 0x00, 0x0b, 0x01, 0x00}));
}

// ---------------------------------------------------------------------------------------------
// Transactions, exit, database list (MSG-037, MSG-050..063)

TEST_F(conformance_test, commit_and_rollback_msg050_msg051) {
    connect();
    bytes done22 = vec("messages.txt", "MSG-036");
    done22.resize(done22.size() - 2);
    const bytes ok = cat({done22, vec("messages.txt", "MSG-034"), eot_bytes});
    EXPECT_EQ(send(bytes{0x00, 0x23, 0x00, 0x0c}), ok);
    EXPECT_EQ(send(vec("messages.txt", "MSG-050")), ok);
    EXPECT_EQ(send(bytes{0x00, 0x23, 0x00, 0x0c}), ok);
    EXPECT_EQ(send(vec("messages.txt", "MSG-051")), ok);
    // Outside a transaction: -255 (standard SQ_ERR layout, f62 offset).
    EXPECT_EQ(expect_error(one_group(send(vec("messages.txt", "MSG-050")), widths_)).sqlcode, -255);
    EXPECT_EQ(expect_error(one_group(send(vec("messages.txt", "MSG-051")), widths_)).sqlcode, -255);
}

TEST_F(conformance_test, xactstat_is_msg037) {
    config_.xactstat = true;
    SetUp();
    connect();
    const auto reply = send(bytes{0x00, 0x23, 0x00, 0x0c});
    const auto x = vec("messages.txt", "MSG-037");
    ASSERT_GE(reply.size(), x.size());
    EXPECT_EQ(slice(reply, 0, x.size()), x);
    EXPECT_EQ(tags_of(one_group(reply, widths_)), tags({tag::xactstat, tag::done, tag::cost, tag::eot}));
    // The SQL form reports the same event first.
    command("ROLLBACK WORK");
    const auto sql =
        send(request().command("BEGIN WORK").t(tag::ndescribe).t(tag::execute).t(tag::release).done());
    const auto g = one_group(sql, widths_);
    ASSERT_EQ(tags_of(g), tags({tag::describe, tag::xactstat, tag::done, tag::cost, tag::eot}));
    EXPECT_EQ(g[0].stmt_type, 34);
}

TEST_F(conformance_test, exit_msg060_and_msg061) {
    for (const char* id : {"MSG-060", "MSG-061"}) {
        SetUp();
        connect();
        EXPECT_EQ(send(vec("messages.txt", id)), (bytes{0x00, 0x38})) << id;
        EXPECT_TRUE(s_->closing()) << id;
    }
}

TEST_F(conformance_test, dblist_msg062) {
    connect();
    ASSERT_FALSE(databases_->create("other", ifx::lite::log_mode::unlogged).has_value());
    const auto reply = send(vec("messages.txt", "MSG-062"));
    bytes expected;
    ifx::wire::writer w(expected);
    w.put(tag::dblist);
    auto names = databases_->list();
    for (const auto& n : names) w.sqli_char(n);
    w.i16(0);
    w.put(tag::eot);
    EXPECT_EQ(reply, expected);
    EXPECT_NE(std::find(names.begin(), names.end(), "other"), names.end());
    EXPECT_NE(std::find(names.begin(), names.end(), "testdb"), names.end());
}

// ---------------------------------------------------------------------------------------------
// SQ_ERR (§8.5; ERR-001, ERR-002)

TEST_F(conformance_test, error_layout_with_f62_is_err001) {
    connect();
    const auto reply = send(request().command("drop table x").t(tag::ndescribe).t(tag::execute).done());
    const auto golden = vec("errors.txt", "ERR-001");
    ASSERT_EQ(reply.size(), golden.size() + 2);
    // tag, -206, -111, i32 offset, CHAR 'x' + pad: the vector up to the offset value, then 'x'.
    EXPECT_EQ(slice(reply, 0, 6), slice(golden, 0, 6));
    EXPECT_EQ(slice(reply, 10, golden.size()), slice(golden, 10, golden.size()));
    const auto g = one_group(reply, widths_);
    EXPECT_EQ(expect_error(g).offset, 12);  // 'x' is the 12th byte, as in ERR-001
    EXPECT_EQ(slice(reply, golden.size(), reply.size()), eot_bytes);
}

TEST_F(conformance_test, error_layout_without_f62_is_err002_shape) {
    config_.features = ifx::lite::profile::legacy;
    SetUp();
    widths_ = {.long_sql = false, .ext_describe = false, .large_tuple = false, .long_rowid = false};
    connect("testdb", ifx::lite::log_mode::logged, vec("login.txt", "LOGIN-011"));
    const auto reply = send(request(false, false)
                                .command("drop table abcdefghijklmnop")
                                .t(tag::ndescribe)
                                .t(tag::execute)
                                .done());
    const auto golden = vec("errors.txt", "ERR-002");
    // tag, sqlcode, isam, i16 offset, CHAR of 16 bytes (even, no pad), then EOT: same length.
    ASSERT_EQ(reply.size(), golden.size() + 2);
    EXPECT_EQ(slice(reply, 0, 2), slice(golden, 0, 2));
    EXPECT_EQ(slice(reply, 8, 10), slice(golden, 8, 10));  // CHAR length 16
    EXPECT_EQ(std::string(reply.begin() + 10, reply.begin() + 26), "abcdefghijklmnop");
    const auto g = one_group(reply, widths_);
    const auto e = expect_error(g);
    EXPECT_EQ(e.sqlcode, -206);
    EXPECT_EQ(e.isam, -111);
    EXPECT_EQ(e.offset, 12);
}

TEST_F(conformance_test, insertdone_layout_with_f54) {
    connect();
    command("CREATE TABLE s (id SERIAL8, v INTEGER)");
    const auto g = command("INSERT INTO s (v) VALUES (1)");
    ASSERT_EQ(tags_of(g), tags({tag::describe, tag::insertdone, tag::done, tag::cost, tag::eot}));
    // 10-byte INT8 SERIAL8 (sign 1, low 1, high 0) then the i64 BIGSERIAL (§8.6).
    EXPECT_EQ(g[1].payload, (bytes{0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
}

}  // namespace
}  // namespace ifxlite_test
