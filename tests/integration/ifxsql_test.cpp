// ifxsql as a user runs it: -c statements, table and CSV output, errors and exit codes.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <string>

#include "server_fixture.hpp"

namespace {

struct run_result {
    int status = -1;
    std::string out;
};

run_result run_ifxsql(const std::string& args) {
    const std::string cmd = std::string(IFXSQL_PATH) + " " + args + " 2>&1";
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

std::string quoted(const std::string& s) { return "'" + s + "'"; }

TEST(ifxsql, runs_statements_and_prints_a_table_and_csv) {
    const auto url = quoted(ifx::test::server_fixture::instance().url());
    auto r = run_ifxsql(url + " -c \"CREATE TABLE shell_t (id INTEGER, name VARCHAR(20)); "
                              "INSERT INTO shell_t VALUES (1, 'a, \\\"b\\\"'); INSERT INTO shell_t VALUES (22, NULL)\"");
    ASSERT_EQ(r.status, 0) << r.out;
    r = run_ifxsql(url + " -c \"SELECT id, name FROM shell_t ORDER BY id\"");
    ASSERT_EQ(r.status, 0) << r.out;
    EXPECT_EQ(r.out,
              " id | name  \n"
              "----+--------\n"
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

}  // namespace
