// End to end: the real binary on a loopback socket, spoken to with raw bytes.
#include "sqli_client.hpp"

#include <chrono>
#include <stdexcept>
#include <thread>

#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>

#include "socket_client.hpp"
#include "support/ifxlite_process.hpp"

namespace ifxlite_test {
namespace {

TEST(process, raw_login_and_session_over_tcp) {
    ifx::test::ifxlite_process server;
    ASSERT_GT(server.port(), 0);
    EXPECT_EQ(server.url("stores"), "informix://informix:in4mix@127.0.0.1:" + std::to_string(server.port()) +
                                        "/stores?server=ifxlite");
    server.create_database("stores", "log");
    socket_client c(server.port());
    c.write(login_packet());
    const auto accept = c.read_login_reply();
    ASSERT_GE(accept.size(), 6u);
    EXPECT_EQ(accept[2], 2);
    EXPECT_EQ(accept[4], 0x10);
    c.write(vec("login.txt", "LOGIN-010"));
    EXPECT_EQ(c.read_exactly(16), (bytes{0x00, 0x7e, 0x00, 0x09, 0xff, 0xfc, 0x7f, 0xfc, 0x3c, 0x00, 0x02,
                                         0x03, 0x06, 0x00, 0x00, 0x0c}));
    c.write(info_group());
    EXPECT_EQ(c.read_exactly(2), (bytes{0x00, 0x0c}));
    // DBOPEN: DONE (2 + 22) + COST (10) + EOT (2); warnings 0x15 (Informix, 0x10, logged).
    c.write(dbopen("stores"));
    const auto done = c.read_exactly(36);
    ASSERT_EQ(done.size(), 36u);
    EXPECT_EQ(done[1], 0x0f);
    EXPECT_EQ(done[3], 0x15);
    c.write(vec("messages.txt", "MSG-061"));
    EXPECT_EQ(c.read_exactly(2), (bytes{0x00, 0x38}));
    EXPECT_TRUE(c.at_eof());
}

TEST(process, rejects_bad_password_over_tcp) {
    ifx::test::ifxlite_process server(
        {.server_name = "ol_test", .user = "u", .password = "p", .extra_args = {}});
    socket_client c(server.port());
    c.write(login_packet(with([](login_params& lp) {
        lp.server = "ol_test";
        lp.user = "u";
        lp.password = "wrong";
    })));
    const auto reject = c.read_login_reply();
    ASSERT_GE(reject.size(), 6u);
    EXPECT_EQ(reject[2], 3);
    EXPECT_TRUE(c.at_eof());
}

TEST(process, many_concurrent_sessions) {
    ifx::test::ifxlite_process server;
    std::vector<std::unique_ptr<socket_client>> clients;
    for (int i = 0; i < 64; ++i) {
        clients.push_back(std::make_unique<socket_client>(server.port()));
        clients.back()->write(login_packet());
    }
    for (auto& c : clients) {
        const auto accept = c->read_login_reply();
        ASSERT_GE(accept.size(), 3u);
        EXPECT_EQ(accept[2], 2);
    }
}

TEST(process, bad_arguments_fail_to_start) {
    EXPECT_THROW(
        ifx::test::ifxlite_process(
            {.server_name = "x", .user = "u", .password = "p", .extra_args = {"--log-level", "loud"}}),
        std::runtime_error);
}

}  // namespace
}  // namespace ifxlite_test
