// The walking skeleton end to end: login, DDL, DML with parameters, a SELECT spanning many fetch
// batches, server errors with their SQLCODEs, and disconnect.
#include <gtest/gtest.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <numeric>

#include "server_fixture.hpp"

namespace {

using ifx::test::server_fixture;
using namespace std::chrono_literals;

std::string unique_table(const char* base) {
    static int n = 0;
    return std::string(base) + "_" + std::to_string(::getpid()) + "_" + std::to_string(++n);
}

TEST(skeleton, login_query_and_disconnect) {
    ifx::connection conn(server_fixture::instance().params());
    EXPECT_TRUE(conn.is_open());
    EXPECT_FALSE(conn.info().server_version.empty());
    EXPECT_TRUE(conn.info().logged);
    const auto t = unique_table("skel");
    conn.execute("CREATE TABLE " + t + " (id INTEGER NOT NULL, name VARCHAR(40))");
    conn.execute("INSERT INTO " + t + " VALUES (1, 'one')");
    const auto rows = conn.query<int, std::optional<std::string>>("SELECT id, name FROM " + t);
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(std::get<0>(rows[0]), 1);
    EXPECT_EQ(std::get<1>(rows[0]), "one");
    const auto r = conn.query("SELECT id, name FROM " + t);
    ASSERT_EQ(r.columns().size(), 2u);
    EXPECT_EQ(r.columns()[0].type_name(), "INTEGER");
    EXPECT_FALSE(r.columns()[0].nullable());
    EXPECT_EQ(r.columns()[1].type_name(), "VARCHAR(40)");
    EXPECT_TRUE(r.columns()[1].nullable());
    conn.execute("DROP TABLE " + t);
    conn.close();
    EXPECT_FALSE(conn.is_open());
}

TEST(skeleton, ten_thousand_rows_stream_across_many_fetch_batches) {
    auto p = server_fixture::instance().params();
    p.fetch_buffer_size = 4096;  // about 200 narrow rows per batch, as JDBC's first fetch
    ifx::connection conn(p);
    const auto t = unique_table("many");
    conn.execute("CREATE TABLE " + t + " (id INTEGER, name VARCHAR(40))");
    constexpr int n = 10'000;
    conn.begin();
    for (int i = 1; i <= n; ++i)
        conn.execute("INSERT INTO " + t + " VALUES (?, ?)", i, "row " + std::to_string(i));
    conn.commit();

    // Materialised read: count, sum and content checked.
    const auto all = conn.query<int, std::string>("SELECT id, name FROM " + t + " ORDER BY id");
    ASSERT_EQ(all.size(), static_cast<std::size_t>(n));
    long long sum = 0;
    for (const auto& [id, name] : all) {
        sum += id;
        ASSERT_EQ(name, "row " + std::to_string(id));
    }
    EXPECT_EQ(sum, static_cast<long long>(n) * (n + 1) / 2);

    // Streaming read: several batches, every row seen once.
    ifx::cursor cur = conn.open_cursor("SELECT id FROM " + t + " WHERE id > ?", 0);
    std::size_t batches = 0, count = 0;
    long long streamed = 0;
    while (auto batch = cur.fetch()) {
        ++batches;
        for (ifx::row_view row : batch) {
            streamed += row.get<int>(0);
            ++count;
        }
    }
    EXPECT_TRUE(cur.exhausted());
    EXPECT_EQ(count, static_cast<std::size_t>(n));
    EXPECT_EQ(streamed, sum);
    EXPECT_GT(batches, 10u);
    cur.close();
    EXPECT_EQ(conn.query_value<int>("SELECT COUNT(*) FROM " + t), n);
    conn.execute("DROP TABLE " + t);
}

TEST(skeleton, server_errors_carry_their_sqlcode_and_keep_the_connection) {
    ifx::connection conn(server_fixture::instance().params());
    try {
        conn.execute("CREATE TABLE (oops");
        FAIL() << "no error";
    } catch (const ifx::error& e) {
        EXPECT_EQ(e.sqlcode(), -201);
        EXPECT_EQ(e.code(), ifx::make_server_error(-201));
        EXPECT_EQ(ifx::kind(e.code(), e.diag()), ifx::error_kind::programming);
        EXPECT_FALSE(ifx::is_fatal(e.code()));
    }
    try {
        (void)conn.query("SELECT * FROM no_such_table_here");
        FAIL() << "no error";
    } catch (const ifx::error& e) {
        EXPECT_EQ(e.sqlcode(), -206);
        EXPECT_EQ(e.diag().server_message, "no_such_table_here");
        EXPECT_NE(std::string(e.what()).find("is not in the database"), std::string::npos);
    }
    std::error_code ec;
    ifx::diagnostics diag;
    (void)conn.query("SELECT * FROM no_such_table_here", {}, ec, diag);
    EXPECT_EQ(ec.value(), -206);
    EXPECT_EQ(diag.statement, "SELECT * FROM no_such_table_here");
    EXPECT_TRUE(conn.is_open());
    const auto t = unique_table("after_errors");
    conn.execute("CREATE TABLE " + t + " (v INTEGER)");
    conn.execute("INSERT INTO " + t + " VALUES (41)");
    EXPECT_EQ(conn.query_value<int>("SELECT v FROM " + t) + 1, 42);
    conn.execute("DROP TABLE " + t);
}

TEST(skeleton, reading_null_into_a_plain_type_is_an_error) {
    ifx::connection conn(server_fixture::instance().params());
    const auto t = unique_table("nulls");
    conn.execute("CREATE TABLE " + t + " (v INTEGER)");
    conn.execute("INSERT INTO " + t + " VALUES (?)", ifx::null);
    const auto r = conn.query("SELECT v FROM " + t);
    ASSERT_EQ(r.size(), 1u);
    EXPECT_TRUE(r[0].is_null(0));
    EXPECT_EQ(r[0].get<std::optional<int>>(0), std::nullopt);
    try {
        (void)r[0].get<int>(0);
        FAIL() << "no error";
    } catch (const ifx::error& e) {
        EXPECT_EQ(e.code(), ifx::errc::unexpected_null);
    }
    conn.execute("DROP TABLE " + t);
}

// ---- login failures (ifxlite only: they need control of the server's configuration) ------------

class rejected_login : public ::testing::Test {
protected:
    void SetUp() override {
        if (server_fixture::instance().real_server()) GTEST_SKIP() << "needs ifxlite";
    }
    static int sqlcode_of(const ifx::connect_params& p) {
        try {
            ifx::connection conn(p);
        } catch (const ifx::error& e) {
            EXPECT_TRUE(ifx::is_fatal(e.code())) << e.what();
            return e.sqlcode();
        }
        return 0;
    }
};

TEST_F(rejected_login, wrong_password) {
    auto p = server_fixture::instance().params();
    p.password = "wrong";
    EXPECT_EQ(sqlcode_of(p), -952);
}

TEST_F(rejected_login, unknown_user) {
    auto p = server_fixture::instance().params();
    p.user = "nobody";
    EXPECT_EQ(sqlcode_of(p), -951);
    try {
        ifx::connection conn(p);
    } catch (const ifx::error& e) {  // IBM's text with the user filled in
        EXPECT_NE(
            std::string(e.what()).find("login rejected: User nobody is not known on the database server."),
            std::string::npos)
            << e.what();
        EXPECT_EQ(std::string(e.what()).find("username"), std::string::npos) << e.what();
    }
}

TEST_F(rejected_login, unknown_server_name) {
    auto p = server_fixture::instance().params();
    p.server = "not_this_one";
    EXPECT_EQ(sqlcode_of(p), -761);
}

TEST_F(rejected_login, unknown_database) {
    auto p = server_fixture::instance().params();
    p.database = "no_such_db";
    EXPECT_EQ(sqlcode_of(p), -329);
}

// A server that accepts TCP but never answers gives a timeout error, not a hang.
TEST(timeouts, silent_server_times_out) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    ASSERT_GE(fd, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    ASSERT_EQ(::listen(fd, 4), 0);  // connections complete in the backlog; nobody ever reads
    socklen_t len = sizeof addr;
    ASSERT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);

    ifx::connect_params p;
    p.port = ntohs(addr.sin_port);
    p.server = "silent";
    p.user = "u";
    p.tls = ifx::tls_mode::disable;
    p.connect_timeout = 300ms;
    const auto start = std::chrono::steady_clock::now();
    std::error_code ec;
    ifx::diagnostics diag;
    ifx::connection conn;
    conn.connect(p, ec, diag);
    const auto elapsed = std::chrono::steady_clock::now() - start;
    EXPECT_EQ(ec, ifx::errc::timeout) << ec.message();
    EXPECT_LT(elapsed, 10s);  // generous: a hang is what this guards against, not speed
    EXPECT_FALSE(conn.is_open());
    ::close(fd);
}

TEST(timeouts, refused_connection_is_a_network_error) {
    ifx::connect_params p;
    p.port = 1;  // nothing listens on a privileged port here
    p.server = "x";
    std::error_code ec;
    ifx::diagnostics diag;
    ifx::connection conn;
    conn.connect(p, ec, diag);
    EXPECT_EQ(ec, ifx::errc::network_error);
    EXPECT_NE(diag.client_message.find("cannot connect"), std::string::npos);
}

}  // namespace

namespace {

TEST(trace, a_session_can_be_traced_without_revealing_the_password) {
    auto p = ifx::test::server_fixture::instance().params();
    std::vector<std::string> lines;
    p.trace = [&](std::string_view l) { lines.emplace_back(l); };
    {
        ifx::connection conn(p);
        const auto t = unique_table("traced");
        conn.execute("CREATE TABLE " + t + " (v INTEGER)");
        conn.execute("INSERT INTO " + t + " VALUES (1)");
        (void)conn.query("SELECT v FROM " + t + " WHERE v < ?", 100);
        conn.execute("DROP TABLE " + t);
    }
    std::string all;
    for (const auto& l : lines) all += l + "\n";
    for (const char* name : {"login packet", "login reply", "SQ_PROTOCOLS", "SQ_INFO", "SQ_DBOPEN",
                             "SQ_PREPARE", "SQ_DESCRIBE", "SQ_TUPLE", "SQ_EXIT"})
        EXPECT_NE(all.find(name), std::string::npos) << name << "\n" << all;
    std::string password_hex;
    for (unsigned char c : p.password) {
        char b[4];
        std::snprintf(b, sizeof b, "%02x ", c);
        password_hex += b;
    }
    EXPECT_EQ(all.find(password_hex), std::string::npos);
}

}  // namespace

namespace {

TEST(failover, the_next_host_is_tried_and_every_failure_is_reported) {
    if (server_fixture::instance().real_server()) GTEST_SKIP() << "needs ifxlite";
    auto p = server_fixture::instance().params();
    const ifx::host_port good{p.host, p.port};
    p.host = "127.0.0.1";
    p.port = 1;  // refused
    p.failover_hosts = {good};
    ifx::connection conn(p);
    EXPECT_TRUE(conn.is_open());

    p.failover_hosts = {{"127.0.0.1", 2}};
    std::error_code ec;
    ifx::diagnostics diag;
    ifx::connection failed;
    failed.connect(p, ec, diag);
    EXPECT_EQ(ec, ifx::errc::network_error);
    EXPECT_NE(diag.client_message.find("all 2 hosts failed: 127.0.0.1:1: "), std::string::npos)
        << diag.client_message;
    EXPECT_NE(diag.client_message.find("; 127.0.0.1:2: "), std::string::npos) << diag.client_message;
}

TEST(environment, informixserver_fills_an_empty_server_name) {
    if (server_fixture::instance().real_server()) GTEST_SKIP() << "needs ifxlite";
    auto p = server_fixture::instance().params();
    const std::string name = p.server;
    p.server.clear();
    ::setenv("INFORMIXSERVER", name.c_str(), 1);
    ifx::connection conn(p);
    EXPECT_TRUE(conn.is_open());
    ::unsetenv("INFORMIXSERVER");
    std::error_code ec;
    ifx::diagnostics diag;
    conn.connect(p, ec, diag);
    EXPECT_EQ(ec, ifx::errc::invalid_argument);
}

}  // namespace
