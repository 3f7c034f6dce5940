// ifxsql as a user runs it: -c/-f/stdin input, table, CSV and JSON output, backslash commands,
// connection settings from flags and the environment, errors and exit codes.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "server_fixture.hpp"

namespace {

struct run_result {
    int status = -1;
    std::string out;
};

// Runs a shell command line, capturing its standard output (and whatever it redirects there).
run_result run_shell(const std::string& cmd) {
    run_result r;
    FILE* p = ::popen(cmd.c_str(), "r");
    if (!p) return r;
    std::array<char, 4096> buf{};
    std::size_t n = 0;
    while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
    const int st = ::pclose(p);
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return r;
}

run_result run_ifxsql(const std::string& args) {
    return run_shell(std::string(IFXSQL_PATH) + " " + args + " 2>&1");
}

// With environment assignments ("NAME=value ...") in front of the command.
run_result run_ifxsql_env(const std::string& env, const std::string& args) {
    return run_shell("env -u IFX_URL -u INFORMIXSERVER " + env + std::string(IFXSQL_PATH) + " " + args +
                     " 2>&1");
}

std::string quoted(const std::string& s) {
    return "'" + s + "'";
}

TEST(ifxsql, runs_statements_and_prints_a_table_and_csv) {
    const auto url = quoted(ifx::test::server_fixture::instance().url());
    auto r =
        run_ifxsql(url +
                   " -c \"CREATE TABLE shell_t (id INTEGER, name VARCHAR(20)); "
                   "INSERT INTO shell_t VALUES (1, 'a, \\\"b\\\"'); INSERT INTO shell_t VALUES (22, NULL)\"");
    ASSERT_EQ(r.status, 0) << r.out;
    r = run_ifxsql(url + " -c \"SELECT id, name FROM shell_t ORDER BY id\"");
    ASSERT_EQ(r.status, 0) << r.out;
    EXPECT_EQ(r.out,
              " id | name  \n"
              "----+-------\n"
              "  1 | a, \"b\"\n"
              " 22 | NULL  \n"
              "(2 rows)\n");
    r = run_ifxsql("--format csv " + url + " -c \"SELECT id, name FROM shell_t ORDER BY id\"");
    ASSERT_EQ(r.status, 0) << r.out;
    EXPECT_EQ(r.out, "id,name\r\n1,\"a, \"\"b\"\"\"\r\n22,\r\n");
    run_ifxsql(url + " -c \"DROP TABLE shell_t\"");
}

TEST(ifxsql, errors_go_to_stderr_with_sqlcode_and_a_nonzero_exit) {
    const auto url = quoted(ifx::test::server_fixture::instance().url());
    const auto r = run_ifxsql(url + " -c \"SELECT * FROM missing_table\"");
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.out.find("-206"), std::string::npos) << r.out;
    const auto bad_url = run_ifxsql("'informix://x/y?bogus=1' -c \"SELECT 1\"");
    EXPECT_EQ(bad_url.status, 2) << bad_url.out;
}

TEST(ifxsql, json_format_keeps_decimals_exact_and_nulls_null) {
    const auto url = quoted(ifx::test::server_fixture::instance().url());
    auto r = run_ifxsql(url +
                        " -c \"CREATE TABLE shell_j (id INTEGER, amount DECIMAL(20,2), note VARCHAR(10)); "
                        "INSERT INTO shell_j VALUES (1, '123456789012345678.05', 'a\\\"b'); "
                        "INSERT INTO shell_j VALUES (2, NULL, NULL)\"");
    ASSERT_EQ(r.status, 0) << r.out;
    r = run_ifxsql("--format json " + url + " -c \"SELECT id, amount, note FROM shell_j ORDER BY id\"");
    ASSERT_EQ(r.status, 0) << r.out;
    EXPECT_EQ(r.out,
              "{\"id\":1,\"amount\":\"123456789012345678.05\",\"note\":\"a\\\"b\"}\n"
              "{\"id\":2,\"amount\":null,\"note\":null}\n");
    run_ifxsql(url + " -c \"DROP TABLE shell_j\"");
}

TEST(ifxsql, runs_files_and_stdin_with_multi_line_statements_and_backslash_commands) {
    const auto url = quoted(ifx::test::server_fixture::instance().url());
    const std::string path = ::testing::TempDir() + "ifxsql_script.sql";
    {
        std::ofstream f(path);
        f << "CREATE TABLE shell_f (id INTEGER NOT NULL,\n"
             "                      name VARCHAR(12)); -- a comment; with a semicolon\n"
             "INSERT INTO shell_f VALUES (1, 'x;y');\n"
             "\\d shell_f\n"
             "SELECT name\n  FROM shell_f;\n";
    }
    auto r = run_ifxsql(url + " -f " + quoted(path));
    ASSERT_EQ(r.status, 0) << r.out;
    EXPECT_NE(r.out.find(" id     | INTEGER     | no"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find(" name\n-----\n x;y \n(1 row)\n"), std::string::npos) << r.out;
    r = run_shell("printf 'SELECT COUNT(*) AS n\\n  FROM shell_f;\\n' | " + std::string(IFXSQL_PATH) + " " +
                  url + " --format csv");
    EXPECT_EQ(r.status, 0) << r.out;
    EXPECT_EQ(r.out, "n\r\n1\r\n");
    run_ifxsql(url + " -c \"DROP TABLE shell_f\"");
    std::remove(path.c_str());
}

// Every line of a table (header, rule, rows) is as wide as the others, whatever the width of the
// last column: `\d` ends in a short "kind" column.
TEST(ifxsql, table_header_rule_and_rows_line_up) {
    const auto url = quoted(ifx::test::server_fixture::instance().url());
    auto r = run_ifxsql(url + " -c \"CREATE TABLE shell_al (id INTEGER)\"");
    ASSERT_EQ(r.status, 0) << r.out;
    r = run_ifxsql(url + " -c '\\d'");
    run_ifxsql(url + " -c \"DROP TABLE shell_al\"");
    ASSERT_EQ(r.status, 0) << r.out;
    std::vector<std::string> lines;
    for (std::size_t at = 0, nl; (nl = r.out.find('\n', at)) != std::string::npos; at = nl + 1)
        lines.push_back(r.out.substr(at, nl - at));
    ASSERT_GE(lines.size(), 4u) << r.out;  // header, rule, at least one row, the row count
    EXPECT_NE(lines[0].find("kind"), std::string::npos) << r.out;
    EXPECT_EQ(lines[1].find_first_not_of("-+"), std::string::npos) << r.out;
    for (std::size_t i = 1; i + 1 < lines.size(); ++i)
        EXPECT_EQ(lines[i].size(), lines[0].size()) << "line " << i << " of\n" << r.out;
}

TEST(ifxsql, stops_at_the_first_error_unless_asked_to_continue) {
    const auto url = quoted(ifx::test::server_fixture::instance().url());
    auto r = run_ifxsql(url +
                        " -c \"CREATE TABLE shell_e (id INTEGER)\" -c \"INSERT INTO nope VALUES (1)\" "
                        "-c \"INSERT INTO shell_e VALUES (1)\"");
    EXPECT_EQ(r.status, 1) << r.out;
    r = run_ifxsql("--format csv " + url + " -c \"SELECT COUNT(*) AS n FROM shell_e\"");
    EXPECT_EQ(r.out, "n\r\n0\r\n");
    r = run_ifxsql(
        url +
        " --continue-on-error -c \"INSERT INTO nope VALUES (1)\" -c \"INSERT INTO shell_e VALUES (1)\"");
    EXPECT_EQ(r.status, 1) << r.out;
    r = run_ifxsql("--format csv " + url + " -c \"SELECT COUNT(*) AS n FROM shell_e\"");
    EXPECT_EQ(r.out, "n\r\n1\r\n");
    run_ifxsql(url + " -c \"DROP TABLE shell_e\"");
}

TEST(ifxsql, connection_and_usage_errors_exit_with_2) {
    EXPECT_EQ(run_ifxsql("--bogus-flag").status, 2);
    EXPECT_EQ(run_ifxsql("'informix://u:p@127.0.0.1:1/db?server=x&tls=disable' -c \"SELECT 1\"").status, 2);
    const auto url = quoted(ifx::test::server_fixture::instance().url());
    EXPECT_EQ(run_ifxsql(url + " -f /nonexistent/file.sql").status, 2);
    const auto r = run_ifxsql(url + " -c \"SELECT 1\" --format yaml");
    EXPECT_EQ(r.status, 2) << r.out;
}

TEST(ifxsql, flags_and_environment_override_the_url) {
    const auto& fx = ifx::test::server_fixture::instance();
    if (fx.real_server()) GTEST_SKIP() << "uses ifxlite's plain listener";
    const auto p = ifx::parse_url(fx.url());
    const std::string env = "IFX_URL=" + quoted(fx.url()) + " ";
    // IFX_URL supplies everything; -d switches the database (a missing one fails to open: exit 2).
    auto r = run_ifxsql_env(env, "--format csv -c \"SELECT 1 AS one FROM sysmaster:sysdual\"");
    EXPECT_EQ(r.status, 0) << r.out;
    EXPECT_EQ(r.out, "one\r\n1\r\n");
    r = run_ifxsql_env(env, "-d no_such_database -c \"SELECT 1\"");
    EXPECT_EQ(r.status, 2) << r.out;
    // Flags alone, with INFORMIXSERVER from the environment.
    r = run_ifxsql_env("INFORMIXSERVER=" + p.server + " IFX_PASSWORD=" + quoted(p.password) + " ",
                       "-H " + p.host + " -p " + std::to_string(p.port) + " -U " + p.user + " -d " +
                           p.database +
                           " --tls disable --format csv -c \"SELECT 2 AS two FROM sysmaster:sysdual\"");
    EXPECT_EQ(r.status, 0) << r.out;
    EXPECT_EQ(r.out, "two\r\n2\r\n");
}

TEST(ifxsql, backslash_commands_describe_switch_databases_and_control_transactions) {
    const auto& fx = ifx::test::server_fixture::instance();
    if (fx.real_server()) GTEST_SKIP() << "expects ifxlite's catalog";
    const auto url = quoted(fx.url());
    auto r = run_ifxsql(url +
                        " -c '\\l' -c '\\desc SELECT tabid, tabname FROM systables' -c '\\timing on' "
                        "-c 'SELECT 1 AS one FROM systables WHERE tabid = 1'");
    ASSERT_EQ(r.status, 0) << r.out;
    EXPECT_NE(r.out.find(" itest"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find(" tabid   | INTEGER      | no"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("Time: "), std::string::npos) << r.out;
    // A transaction rolled back with \rollback leaves nothing behind.
    r = run_ifxsql(
        url +
        " -c 'CREATE TABLE shell_tx (id INTEGER)' -c '\\begin' -c 'INSERT INTO shell_tx VALUES (1)' "
        "-c '\\rollback' --format csv -c 'SELECT COUNT(*) AS n FROM shell_tx' -c 'DROP TABLE shell_tx'");
    ASSERT_EQ(r.status, 0) << r.out;
    EXPECT_NE(r.out.find("ROLLBACK WORK\nn\r\n0\r\n"), std::string::npos) << r.out;
    // \c switches databases; a database that does not exist is a connection error (exit 2).
    r = run_ifxsql(url +
                   " --format csv -c '\\c sysmaster' -c \"SELECT DBINFO('dbname') AS db FROM systables WHERE "
                   "tabid = 1\"");
    ASSERT_EQ(r.status, 0) << r.out;
    EXPECT_NE(r.out.find("db\r\nsysmaster\r\n"), std::string::npos) << r.out;
    r = run_ifxsql(url + " -c '\\c no_such_database' -c 'SELECT 1 FROM systables'");
    EXPECT_EQ(r.status, 2) << r.out;
    EXPECT_EQ(run_ifxsql(url + " -c '\\nonsense'").status, 1);
}

}  // namespace
