// Issue 17: where independent clients showed that ifxlite did not answer as IDS does. Each fact is
// pinned byte for byte (PROTOCOL.md §3.2, §5.3, §8.1, §9.10; docs/protocol.md "Wire fidelity").
#include "sqli_client.hpp"

#include <random>

#include "socket_client.hpp"
#include "support/ifxlite_process.hpp"

namespace ifxlite_test {
namespace {

bytes be16(int v) {
    return {static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v)};
}
bytes be32(std::int64_t v) {
    return {static_cast<std::uint8_t>(v >> 24), static_cast<std::uint8_t>(v >> 16),
            static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v)};
}
bytes text(std::string_view s) {
    return bytes(s.begin(), s.end());
}
// An SQLI CHAR: i16 length, the bytes, a pad byte when the length is odd.
bytes sqli_char(std::string_view s) {
    bytes out = cat({be16(static_cast<int>(s.size())), text(s)});
    if (s.size() % 2) out.push_back(0);
    return out;
}

// SQ_DONE (f70 widths unless `legacy`) + SQ_COST(1, 1) + SQ_EOT, as ifxlite answers a DBOPEN.
bytes dbopen_reply(std::uint16_t warnings, bool legacy = false) {
    const bytes counts = legacy ? bytes(8, 0) : bytes(16, 0);
    return cat({{0x00, 0x0f}, be16(warnings), counts, be32(0), {0x00, 0x37}, be32(1), be32(1), {0x00, 0x0c}});
}

// SQ_ERR -929 ("SQLI Protocol Error. Session terminated."), ISAM 0, offset 0, no text; SQ_EOT.
bytes protocol_error_reply(bool long_sql = true) {
    return cat(
        {{0x00, 0x0d, 0xfc, 0x5f, 0x00, 0x00}, long_sql ? be32(0) : be16(0), {0x00, 0x00, 0x00, 0x0c}});
}

class wire_fidelity_test : public session_test {};

// --- item 1: LVARCHAR and BOOLEAN are described and sent as the built-in UDTs 40 and 41 ---------

TEST_F(wire_fidelity_test, lvarchar_and_boolean_are_described_as_udts_40_and_41) {
    connect();
    command("CREATE TABLE t (a INTEGER, b BOOLEAN, c LVARCHAR(100))");
    const bytes reply =
        send(request().prepare("SELECT a, b, c FROM t").t(tag::ndescribe).t(tag::wantdone).done());
    // Header: SELECT (2), id 0, 0 estimated rows, tuple size 4 + 6 + 105 (i32, f69), 3 columns,
    // name table of 6 bytes (i32, f63); then per column: name offset, start, type word, xid,
    // owner, name, reference, alignment, source type, encoded length (§8.1).
    const bytes describe = cat({
        {0x00, 0x08, 0x00, 0x02, 0x00, 0x00},
        be32(0),
        be32(115),
        be16(3),
        be32(6),
        be32(0),
        be32(0),
        be16(2),
        be32(0),
        sqli_char(""),
        sqli_char(""),
        be16(0),
        be16(0),
        be32(0),
        be32(4),
        be32(2),
        be32(4),
        be16(41),
        be32(5),
        sqli_char("informix"),
        sqli_char("boolean"),
        be16(0),
        be16(0),
        be32(0),
        be32(1),
        be32(4),
        be32(10),
        be16(40),
        be32(1),
        sqli_char("informix"),
        sqli_char("lvarchar"),
        be16(0),
        be16(0),
        be32(0),
        be32(100),
        text(std::string_view("a\0b\0c\0", 6)),
    });
    ASSERT_GE(reply.size(), describe.size());
    EXPECT_EQ(bytes(reply.begin(), reply.begin() + static_cast<std::ptrdiff_t>(describe.size())), describe);
}

TEST_F(wire_fidelity_test, udt_values_travel_enveloped_and_make_the_row_variable) {
    connect();
    command("CREATE TABLE t (k INTEGER, b BOOLEAN, c LVARCHAR(100))");
    command("INSERT INTO t VALUES (1, 't', 'hello')");
    command("INSERT INTO t VALUES (2, 'f', '')");
    command("INSERT INTO t VALUES (3, NULL, NULL)");
    const auto result = query("SELECT k, b, c FROM t ORDER BY k");
    ASSERT_FALSE(result.error.has_value());
    ASSERT_EQ(result.rows.size(), 3u);
    // BOOLEAN: u8 NULL flag, i32 length 1, 01 (true) / 00 (false); NULL = 01 00000000 (§9.10).
    // LVARCHAR: u8 NULL flag, i32 length, bytes; NULL likewise (§9.9).
    EXPECT_EQ(result.rows[0], cat({be32(1), vec("types.txt", "TYPE-085"), vec("types.txt", "TYPE-073")}));
    EXPECT_EQ(result.rows[1], cat({be32(2), vec("types.txt", "TYPE-087"), {0x00}, be32(0)}));
    EXPECT_EQ(result.rows[2], cat({be32(3), vec("types.txt", "TYPE-086"), vec("types.txt", "TYPE-074")}));
}

TEST_F(wire_fidelity_test, syscolumns_records_the_described_codes_and_extended_ids) {
    connect();
    command("CREATE TABLE t (a INTEGER NOT NULL, b BOOLEAN, c LVARCHAR(300))");
    const auto result = query(
        "SELECT coltype, extended_id FROM syscolumns WHERE tabid = "
        "(SELECT tabid FROM systables WHERE tabname = 't') ORDER BY colno");
    ASSERT_FALSE(result.error.has_value());
    ASSERT_EQ(result.rows.size(), 3u);
    EXPECT_EQ(result.rows[0], cat({be16(2 | 0x100), be32(0)}));
    EXPECT_EQ(result.rows[1], cat({be16(41), be32(5)}));
    EXPECT_EQ(result.rows[2], cat({be16(40), be32(1)}));
}

// --- item 2: strings are C strings to the server --------------------------------------------

TEST_F(wire_fidelity_test, server_and_user_names_end_at_their_first_nul) {
    // nmap retries a -761 with the name it read from the reply, NUL included, and appends its own:
    // "ifxlite\0\0", length 9.
    const auto& retry = vec("login.txt", "LOGIN-013");  // "ol_x" + two NULs
    ASSERT_EQ(std::string(retry.begin() + 2, retry.end()), std::string("ol_x\0\0", 6));
    const auto accept = send(login_packet(with([](login_params& p) {
        p.server = std::string("ifxlite\0", 8);
        p.user = std::string("informix\0", 9);
        p.password = std::string("in4mix\0", 7);
    })));
    ASSERT_GE(accept.size(), 6u);
    EXPECT_EQ(accept[2], 2) << "CONACC";
}

TEST_F(wire_fidelity_test, empty_server_name_is_accepted) {
    // An ASCSTR holding only its NUL (00 01 00), grade C.
    const auto accept = send(login_packet(with([](login_params& p) { p.server = ""; })));
    ASSERT_GE(accept.size(), 6u);
    EXPECT_EQ(accept[2], 2);
    SetUp();
    const auto reject = send(login_packet(with([](login_params& p) { p.server = "ol_other"; })));
    ASSERT_GE(reject.size(), 6u);
    EXPECT_EQ(reject[2], 3) << "a wrong name is still -761";
}

TEST_F(wire_fidelity_test, sql_text_whose_length_counts_a_trailing_nul_parses) {
    connect();
    // SQ_COMMAND as nmap sends it: the text with ";" and a counted NUL (odd length 27 + pad).
    EXPECT_EQ(tags_of(command(std::string_view("CREATE TABLE t (a INTEGER);\0", 28))),
              tags({tag::describe, tag::done, tag::cost, tag::eot}));
    command("INSERT INTO t VALUES (7)");
    const auto prepared = one_group(send(request()
                                             .prepare(std::string_view("SELECT a FROM t\0", 16))
                                             .t(tag::ndescribe)
                                             .t(tag::wantdone)
                                             .done()));
    EXPECT_EQ(tags_of(prepared), tags({tag::describe, tag::done, tag::cost, tag::eot}));
    ASSERT_FALSE(prepared.empty());
    ASSERT_EQ(prepared[0].columns.size(), 1u);
    EXPECT_EQ(prepared[0].columns[0].name, "a");
}

TEST_F(wire_fidelity_test, database_names_and_environment_values_end_at_their_first_nul) {
    connect("");
    ASSERT_FALSE(databases_->create("testdb", ifx::lite::log_mode::logged).has_value());
    EXPECT_EQ(send(dbopen(std::string_view("testdb\0", 7))), dbopen_reply(0x15));
}

TEST_F(wire_fidelity_test, environment_names_and_values_end_at_their_first_nul) {
    // DB_LOCALE given in SQ_INFO with counted NULs; CREATE DATABASE takes the session's DB_LOCALE,
    // so the database's locale shows what the server read (§5.2).
    const auto accept = send(login_packet());
    ASSERT_GE(accept.size(), 6u);
    ASSERT_EQ(accept[2], 2);
    ASSERT_FALSE(send(vec("login.txt", "LOGIN-010")).empty());
    const std::string_view name("DB_LOCALE\0", 10), value("en_US.utf8\0", 11);
    const bytes info = cat({{0x00, 0x51, 0x00, 0x06},
                            be16(6 + 4 + 10 + 12),
                            be16(10),
                            be16(12),
                            sqli_char(name),
                            sqli_char(value),
                            {0x00, 0x00, 0x00, 0x00, 0x00, 0x0c}});
    ASSERT_EQ(send(info), (bytes{0x00, 0x0c}));
    EXPECT_EQ(tags_of(command("CREATE DATABASE wide WITH LOG")),
              tags({tag::describe, tag::done, tag::cost, tag::eot}));
    const auto r = query("SELECT site FROM systables WHERE tabname = ' GL_CTYPE'");
    ASSERT_FALSE(r.error.has_value());
    ASSERT_EQ(r.rows.size(), 1u);
    EXPECT_EQ(text_value(r.rows[0], 13), "en_US.57372") << "DB_LOCALE read up to its NUL";
}

// nmap's informix-tables query, as the script sends it: an owner in double quotes, CAST AS CHAR,
// and `table`, `column`, `rows` as select-list aliases (SQLite reserves the first).
TEST_F(wire_fidelity_test, nmap_informix_tables_query_runs) {
    connect();
    command("CREATE TABLE parts (id INTEGER, code CHAR(6))");
    const auto r = query(
        "SELECT cast(tabname as char(20)) table, cast(colname as char(20)) column, "
        "cast( cast(nrows as int) as char(20)) rows\n"
        "    FROM \"informix\".systables st, \"informix\".syscolumns sc\n"
        "    WHERE sc.tabid = st.tabid and st.tabid > 99 and st.tabtype='T'\n"
        "    ORDER BY table, column");
    ASSERT_FALSE(r.error.has_value()) << r.error->sqlcode;
    ASSERT_EQ(r.describe.columns.size(), 3u);
    EXPECT_EQ(r.describe.columns[0].name, "table");
    EXPECT_EQ(r.describe.columns[0].type, 0);  // CHAR(20)
    ASSERT_EQ(r.rows.size(), 2u);
    EXPECT_EQ(text_value(r.rows[0], 0, 0, 20), "parts");
    EXPECT_EQ(text_value(r.rows[0], 0, 20, 20), "code");
    EXPECT_EQ(text_value(r.rows[1], 0, 20, 20), "id");
    // The keyword keeps its meaning where it is one.
    EXPECT_EQ(tags_of(command("CREATE TABLE table2 (a INTEGER)")),
              tags({tag::describe, tag::done, tag::cost, tag::eot}));
}

// --- item 3: the DONE answering DBOPEN carries 0x10 as IDS does --------------------------------

TEST_F(wire_fidelity_test, dbopen_warnings_are_0x14_unlogged_0x15_logged_0x17_ansi) {
    const std::pair<ifx::lite::log_mode, std::uint16_t> cases[] = {{ifx::lite::log_mode::unlogged, 0x14},
                                                                   {ifx::lite::log_mode::logged, 0x15},
                                                                   {ifx::lite::log_mode::ansi, 0x17}};
    for (const auto& [mode, warnings] : cases) {
        SetUp();
        connect("");
        ASSERT_FALSE(databases_->create("testdb", mode).has_value());
        EXPECT_EQ(send(dbopen("testdb")), dbopen_reply(warnings)) << "mode " << static_cast<int>(mode);
    }
}

TEST_F(wire_fidelity_test, dbopen_reply_to_the_old_offer_has_14_byte_done) {
    // What nmap (7-byte offer, IDS 11.50) reads: it takes the warnings word as the length of the
    // rest and stays in step only with 0x14/0x15 and COST(1, 1).
    connect("", ifx::lite::log_mode::logged, vec("login.txt", "LOGIN-011"));
    ASSERT_FALSE(databases_->create("testdb", ifx::lite::log_mode::logged).has_value());
    EXPECT_EQ(send(dbopen("testdb")), dbopen_reply(0x15, true));
    EXPECT_EQ(dbopen_reply(0x15, true), vec("messages.txt", "MSG-064"));
}

TEST_F(wire_fidelity_test, database_statement_reports_the_same_warnings) {
    connect("");
    ASSERT_FALSE(databases_->create("testdb", ifx::lite::log_mode::unlogged).has_value());
    const auto g = command("DATABASE testdb");
    ASSERT_GE(g.size(), 2u);
    EXPECT_EQ(g[1].tag, static_cast<std::int16_t>(tag::done));
    EXPECT_EQ(g[1].warnings, 0x14);
}

// --- item 4: no request group waits for bytes that never come ----------------------------------

TEST_F(wire_fidelity_test, malformed_group_is_answered_with_929_and_closed) {
    connect();
    EXPECT_EQ(send(bytes{0x01, 0x2c, 0x00, 0x0c}), protocol_error_reply());
    EXPECT_TRUE(s_->closing());
}

TEST_F(wire_fidelity_test, misread_group_is_answered_with_929_once_input_stalls) {
    connect();
    // SQ_COMMAND with an i16 SQL length to a session that negotiated f62 (i32): the length read
    // as i32 asks for ~545 KB more, which this client never sends (pitfall 5).
    const bytes misread = cat(
        {{0x00, 0x01, 0x00, 0x00}, sqli_char("SELECT 1"), {0x00, 0x16, 0x00, 0x07, 0x00, 0x0b, 0x00, 0x0c}});
    EXPECT_TRUE(send(misread).empty());
    EXPECT_TRUE(s_->awaiting_input());
    EXPECT_TRUE(s_->pending_may_be_complete());
    EXPECT_EQ(s_->on_input_stalled(), protocol_error_reply());
    EXPECT_TRUE(s_->closing());
    EXPECT_FALSE(s_->awaiting_input());
}

TEST_F(wire_fidelity_test, stalled_login_packet_closes_without_reply) {
    const bytes login = login_packet();
    EXPECT_TRUE(send(bytes(login.begin(), login.begin() + 20)).empty());
    EXPECT_TRUE(s_->awaiting_input());
    EXPECT_TRUE(s_->on_input_stalled().empty());
    EXPECT_TRUE(s_->closing());
}

// The property the fuzz target checks too: whatever a client sends, once it stops sending, every
// complete group has had its reply and what is left is answered or the connection closed — the
// session never holds input it will wait on forever.
TEST_F(wire_fidelity_test, every_input_is_answered_or_closed_once_the_client_stops) {
    std::mt19937 rng(1717);
    const bytes valid[] = {
        request().command("SELECT 1 FROM systables").t(tag::ndescribe).t(tag::execute).done(),
        request().t(tag::dblist).done(), dbopen("testdb"),
        request().prepare("SELECT tabid FROM systables").t(tag::ndescribe).done()};
    ASSERT_FALSE(databases_->create("testdb", ifx::lite::log_mode::logged).has_value());
    for (int round = 0; round < 300; ++round) {
        s_ = std::make_unique<ifx::lite::session>(*databases_, config_);
        connect("");
        bytes input;
        for (int i = static_cast<int>(rng() % 4); i >= 0; --i) {
            bytes g = valid[rng() % std::size(valid)];
            if (rng() % 3 == 0) g.resize(rng() % (g.size() + 1));  // a cut group
            if (!g.empty() && rng() % 4 == 0) g[rng() % g.size()] = static_cast<std::uint8_t>(rng());
            input.insert(input.end(), g.begin(), g.end());
        }
        const bytes out = send(input);
        if (s_->awaiting_input()) {
            const bytes last = s_->on_input_stalled();
            EXPECT_EQ(last, protocol_error_reply());
        }
        EXPECT_TRUE(s_->closing() || !s_->awaiting_input()) << "round " << round;
        if (!out.empty() && !s_->closing()) {
            EXPECT_EQ(bytes(out.end() - 2, out.end()), (bytes{0x00, 0x0c})) << "round " << round;
        }
    }
}

TEST(wire_fidelity_process, misread_group_gets_929_and_eof_over_tcp) {
    ifx::test::ifxlite_process server({.extra_args = {"--input-stall-ms", "100"}});
    socket_client c(server.port(), nullptr, 60);
    ASSERT_TRUE(c.handshake());
    c.write(cat(
        {{0x00, 0x01, 0x00, 0x00}, sqli_char("SELECT 1"), {0x00, 0x16, 0x00, 0x07, 0x00, 0x0b, 0x00, 0x0c}}));
    const bytes reply = c.read_exactly(protocol_error_reply().size());
    EXPECT_EQ(reply, protocol_error_reply());
    EXPECT_TRUE(c.at_eof());
}

}  // namespace
}  // namespace ifxlite_test
