// Record → decode → replay, end to end: the ifxcap binary recording ifxsql's session with ifxlite,
// then decoding, checking and replaying the file both ways; the recorder in-process for a PAM
// session (answer masked, replayed), --redact-values, and a client that does not speak SQLI.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "capture_support.hpp"
#include "ifx/ifx.hpp"
#include "recorder.hpp"
#include "session_decoder.hpp"
#include "wire/hex.hpp"

namespace ifx::cap::test {
namespace {

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// The hex form a capture file would show the bytes of `s` in.
std::string hex_of(const std::string& s) {
    return wire::to_hex(std::span(reinterpret_cast<const std::uint8_t*>(s.data()), s.size()));
}

const char* const small_script =
    "CREATE TABLE e2e (a INTEGER, b VARCHAR(10));\n"
    "INSERT INTO e2e VALUES (1, 'one');\n"
    "SELECT * FROM e2e;\n"
    "SELECT * FROM e2e_missing;\n"
    "DROP TABLE e2e;\n";

TEST(record, the_binary_records_ifxsql_then_decode_check_and_both_replays_pass) {
    ifx::test::ifxlite_process lite;
    lite.create_database("capdb", "log");
    temp_file script(small_script);
    temp_file out("");
    background_program rec({IFXCAP_PATH, "record", "--listen", "127.0.0.1:0", "--server",
                            "127.0.0.1:" + std::to_string(lite.port()), "-o", out.path(), "--sessions", "1",
                            "--client", "ifxsql --continue-on-error", "--script", script.path()},
                           {});
    const auto port = rec.port_after("recording on");
    const auto run = run_program(
        {IFXSQL_PATH,
         "informix://informix:in4mix@127.0.0.1:" + std::to_string(port) + "/capdb?server=ifxlite&tls=disable",
         "--continue-on-error", "-f", script.path()},
        {});
    EXPECT_EQ(run.status, 1) << run.output;  // the deliberate error
    const auto recorded = rec.wait(std::chrono::seconds(30));
    ASSERT_EQ(recorded.status, 0) << recorded.output;

    const std::string text = read_text(out.path());
    EXPECT_FALSE(has(text, "in4mix"));
    EXPECT_FALSE(has(text, hex_of("in4mix")));
    EXPECT_TRUE(has(text, "secrets masked"));

    auto r = run_program({IFXCAP_PATH, "check", out.path()}, {});
    EXPECT_EQ(r.status, 0) << r.output;
    r = run_program({IFXCAP_PATH, "decode", out.path()}, {});
    EXPECT_EQ(r.status, 0) << r.output;
    EXPECT_TRUE(has(r.output, "value[1]='one' (b VARCHAR(10))")) << r.output;
    EXPECT_TRUE(has(r.output, "sqlcode=-206")) << r.output;
    r = run_program({IFXCAP_PATH, "decode", "--format", "json", out.path()}, {});
    EXPECT_EQ(r.status, 0);
    EXPECT_TRUE(has(r.output, R"({"name": "SQ_TUPLE")")) << r.output;

    const capture c = load_capture(out.path());
    {
        lite_for_session fresh(c, 1);
        r = run_program({IFXCAP_PATH, "replay-to", out.path(), "--server",
                         "127.0.0.1:" + std::to_string(fresh.process().port())},
                        {});
        EXPECT_EQ(r.status, 0) << r.output;
        EXPECT_TRUE(has(r.output, "0 difference(s)")) << r.output;
    }
    {
        background_program serve({IFXCAP_PATH, "serve", out.path(), "--listen", "127.0.0.1:0"}, {});
        const auto again = rerun_ifxsql(c, 1, serve.port_after("on"));
        EXPECT_EQ(again.status, 1) << again.output;
        const auto served = serve.wait(std::chrono::seconds(30));
        EXPECT_EQ(served.status, 0) << served.output;
        EXPECT_TRUE(has(served.output, "1 of 1 session(s) played to the end as recorded")) << served.output;
    }
    // One byte of a recorded row changed (VARCHAR length 3, 'one'): replay-to fails and names the value.
    std::string changed = text;
    const auto at = changed.find("03 " + hex_of("one"));
    ASSERT_NE(at, std::string::npos);
    changed.replace(at, 11, "03 " + hex_of("onf"));
    temp_file changed_file(changed);
    lite_for_session fresh(c, 1);
    r = run_program({IFXCAP_PATH, "replay-to", changed_file.path(), "--server",
                     "127.0.0.1:" + std::to_string(fresh.process().port())},
                    {});
    EXPECT_EQ(r.status, 1) << r.output;
    EXPECT_TRUE(has(r.output, "SQ_TUPLE: value[1]: recorded 'onf' (b VARCHAR(10)), server 'one'"))
        << r.output;
}

// The recorder in-process, for sessions the library makes.
class recording {
public:
    explicit recording(std::uint16_t server_port, bool redact = false) {
        record_options o;
        o.listen = {"127.0.0.1", 0};
        o.server = {"127.0.0.1", server_port};
        o.output = file_.path();
        o.sessions = 1;
        o.redact_values = redact;
        rec_ = std::make_unique<recorder>(o);
        thread_ = std::thread([this] { rec_->run(); });
    }
    ~recording() { finish(); }
    std::uint16_t port() const { return replay::parse_endpoint(rec_->address())->port; }
    /// Waits for the session to end; returns the file.
    capture finish() {
        if (thread_.joinable()) thread_.join();
        return load_capture(file_.path());
    }
    std::string text() const { return read_text(file_.path()); }

private:
    temp_file file_{""};
    std::unique_ptr<recorder> rec_;
    std::thread thread_;
};

ifx::connect_params params(std::uint16_t port) {
    ifx::connect_params p;
    p.host = "127.0.0.1";
    p.port = port;
    p.server = "ifxlite";
    p.database = "capdb";
    p.user = "informix";
    p.password = "in4mix";
    p.tls = ifx::tls_mode::disable;
    return p;
}

TEST(record, a_pam_session_is_recorded_with_the_answer_masked_and_replays) {
    ifx::test::ifxlite_options o;
    o.extra_args = {"--pam", "--pam-info", "welcome"};
    ifx::test::ifxlite_process lite(o);
    lite.create_database("capdb", "log");
    recording rec(lite.port());
    {
        auto p = params(rec.port());
        p.password.clear();
        p.pam_handler = [](int, std::string_view) -> std::optional<std::string> { return "in4mix"; };
        ifx::connection conn = ifx::connect(p);
        conn.execute("CREATE TABLE pam_t (a INTEGER)");
        conn.execute("INSERT INTO pam_t VALUES (7)");
        EXPECT_EQ(conn.query_value<int>("SELECT a FROM pam_t"), 7);
    }
    const capture c = rec.finish();
    EXPECT_FALSE(has(rec.text(), hex_of("in4mix")));
    const auto decoded = decode_capture(c);
    bool answer_masked = false;
    for (const auto& d : decoded)
        for (const auto& m : d.messages)
            if (m.name == "SQ_RESPONSE") answer_masked = m.find("answer")->value == "********";
    EXPECT_TRUE(answer_masked);
    const auto setup = setup_for(c, 1);
    EXPECT_TRUE(setup.pam);
    EXPECT_EQ(setup.pam_info, "welcome");
    lite_for_session fresh(c, 1);
    const auto r = replay_to_server(c, 1, fresh.endpoint());
    EXPECT_TRUE(r.differences.empty()) << r.differences.front();
}

// A library session with binds, BYTE and TEXT values, a streaming cursor and a transaction,
// recorded against ifxlite, then played back to the same code by the replay server: the client
// must send what it sent (client conformance beyond ifxsql).
void library_session(std::uint16_t port) {
    ifx::connection conn = ifx::connect(params(port));
    conn.execute("CREATE TABLE lib (id INTEGER, name VARCHAR(20), price DECIMAL(8,2), raw BYTE, doc TEXT)");
    conn.begin();
    for (int i = 1; i <= 3; ++i) {
        const std::string name = "item " + std::to_string(i), doc = "text " + std::to_string(i);
        const std::vector<std::byte> raw(static_cast<std::size_t>(700 * i), std::byte{0x5a});
        conn.execute("INSERT INTO lib VALUES (?, ?, ?, ?, ?)", i, name,
                     ifx::decimal::parse("12.5" + std::to_string(i)), raw, ifx::text{doc});
    }
    conn.commit();
    ifx::cursor cur = conn.open_cursor("SELECT id, name, price, raw, doc FROM lib WHERE id > ?", 0);
    int rows = 0;
    while (auto batch = cur.fetch())
        for (ifx::row_view row : batch) rows += row.get<int>(0) > 0;
    EXPECT_EQ(rows, 3);
}

TEST(record, a_library_session_with_binds_plays_back_to_the_same_code) {
    ifx::test::ifxlite_process lite;
    lite.create_database("capdb", "log");
    recording rec(lite.port());
    library_session(rec.port());
    const capture c = rec.finish();
    EXPECT_TRUE(undecodable_records(c).empty());
    std::set<std::string> seen;
    for (const auto& d : decode_capture(c))
        for (const auto& m : d.messages) seen.insert(m.name);
    for (const char* name : {"SQ_BIND", "SQ_BBIND", "SQ_BLOB", "SQ_FETCHBLOB", "SQ_TUPLE", "SQ_CMMTWORK"})
        EXPECT_TRUE(seen.count(name)) << name;
    replay::server server([&](std::size_t n) { return n == 0 ? client_script(c, 1) : nullptr; });
    library_session(server.port());
    const auto report = server.wait_for(1, std::chrono::seconds(30));
    EXPECT_EQ(report.sessions_completed, 1u) << (report.problems.empty() ? "" : report.problems.front());
    lite_for_session fresh(c, 1);
    const auto r = replay_to_server(c, 1, fresh.endpoint());
    EXPECT_TRUE(r.differences.empty()) << r.differences.front();
}

TEST(record, redacted_values_leave_lengths_and_no_data) {
    ifx::test::ifxlite_process lite;
    lite.create_database("capdb", "log");
    recording rec(lite.port(), true);
    {
        ifx::connection conn = ifx::connect(params(rec.port()));
        conn.execute("CREATE TABLE red (v VARCHAR(20), n INTEGER)");
        conn.execute("INSERT INTO red VALUES (?, ?)", "confidential", 987654321);
        auto [v, n] = conn.query<std::string, int>("SELECT v, n FROM red").front();
        EXPECT_EQ(v, "confidential");
        EXPECT_EQ(n, 987654321);
    }
    const capture c = rec.finish();
    EXPECT_EQ(c.values, "redacted");
    const std::string text = rec.text();
    EXPECT_FALSE(has(text, hex_of("confidential")));
    EXPECT_FALSE(has(text, "3a de 68 b1"));  // 987654321
    bool seen = false;
    for (const auto& d : decode_capture(c))
        for (const auto& m : d.messages)
            if (m.name == "SQ_TUPLE" && m.find("value[1]")) {  // not the session's locale lookup
                seen = true;
                EXPECT_EQ(m.find("value[0]")->value, std::string(12, '\0'));
                EXPECT_EQ(m.find("value[1]")->value, "0");
            }
    EXPECT_TRUE(seen);
}

TEST(record, a_client_that_does_not_speak_sqli_is_recorded_raw_and_blanked) {
    ifx::test::ifxlite_process lite;
    recording rec(lite.port());
    {
        const int fd = replay::connect_to({"127.0.0.1", rec.port()});
        std::string junk(100, 'x');
        junk.replace(90, 7, "hunter2");
        replay::send_all(fd, std::span(reinterpret_cast<const std::uint8_t*>(junk.data()), junk.size()));
        replay::close_fd(fd);  // the recorder passes the end on; ifxlite, waiting for the rest, closes
    }
    const capture c = rec.finish();
    ASSERT_FALSE(c.records.empty());
    EXPECT_EQ(c.records[0].kind, record_kind::raw);
    EXPECT_FALSE(has(rec.text(), hex_of("hunter2")));
    EXPECT_TRUE(std::all_of(c.records[0].bytes.begin() + 79, c.records[0].bytes.end(),
                            [](auto b) { return b == 0; }));
}

}  // namespace
}  // namespace ifx::cap::test
