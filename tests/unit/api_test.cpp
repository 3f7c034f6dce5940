#include <gtest/gtest.h>

#include <concepts>

#include "ifx/ifx.hpp"

namespace {

TEST(url, full_form_parses) {
    const auto p = ifx::parse_url(
        "informix://app:s%40cret@db1.example:9089/"
        "stores?server=ol_prod&read_timeout=2500&fetch_buffer_size=4096"
        "&env.DBDATE=Y4MD-&client_locale=en_US.utf8");
    EXPECT_EQ(p.user, "app");
    EXPECT_EQ(p.password, "s@cret");
    EXPECT_EQ(p.host, "db1.example");
    EXPECT_EQ(p.port, 9089);
    EXPECT_EQ(p.database, "stores");
    EXPECT_EQ(p.server, "ol_prod");
    EXPECT_EQ(p.read_timeout.count(), 2500);
    EXPECT_EQ(p.fetch_buffer_size, 4096u);
    EXPECT_EQ(p.client_locale, "en_US.utf8");
    ASSERT_EQ(p.environment.size(), 1u);
    EXPECT_EQ(p.environment[0].first, "DBDATE");
    EXPECT_EQ(p.environment[0].second, "Y4MD-");
}

TEST(url, ipv6_and_defaults) {
    const auto p = ifx::parse_url("informix://[::1]/?server=s");
    EXPECT_EQ(p.host, "::1");
    EXPECT_EQ(p.port, 9088);
    EXPECT_EQ(p.database, "");
    EXPECT_EQ(p.tls, ifx::tls_mode::verify_full);  // TLS and verification are the default
}

TEST(url, bad_input_is_a_clear_error) {
    for (const char* bad :
         {"postgres://x/y", "informix://h:99999/db", "informix://h/db?nosuch=1", "informix://h/db?server",
          "informix://u:%zz@h/db", "informix://h/db?tls=maybe", "informix://h/db?tls=verify_full",
          "informix://h/db?read_timeout=-5", "informix://[::1/db"}) {
        std::error_code ec;
        ifx::diagnostics diag;
        (void)ifx::parse_url(bad, ec, diag);
        EXPECT_EQ(ec, ifx::errc::invalid_argument) << bad;
        EXPECT_NE(diag.client_message.find("invalid connection URL"), std::string::npos) << bad;
        EXPECT_THROW((void)ifx::parse_url(bad), ifx::error) << bad;
    }
}

TEST(errors, classification_uses_sqlcode_and_isam_code) {
    ifx::diagnostics lock;
    lock.isam_code = -107;
    EXPECT_TRUE(ifx::is_retryable(ifx::make_server_error(-244), lock));
    EXPECT_FALSE(ifx::is_retryable(ifx::make_server_error(-244), {}));
    ifx::diagnostics dup;
    dup.isam_code = -100;
    EXPECT_EQ(ifx::kind(ifx::make_server_error(-268), dup), ifx::error_kind::integrity);
    EXPECT_EQ(ifx::kind(ifx::make_server_error(-201), {}), ifx::error_kind::programming);
    EXPECT_EQ(ifx::kind(ifx::make_server_error(-1213), {}), ifx::error_kind::data);
    EXPECT_TRUE(ifx::is_fatal(ifx::make_server_error(-908)));
    EXPECT_TRUE(ifx::is_fatal(ifx::make_server_error(-952)));
    EXPECT_FALSE(ifx::is_fatal(ifx::make_server_error(-206)));
    EXPECT_TRUE(ifx::is_fatal(ifx::errc::timeout));
    EXPECT_FALSE(ifx::is_fatal(ifx::errc::unexpected_null));
    ifx::diagnostics deadlock;
    deadlock.isam_code = -143;
    EXPECT_TRUE(ifx::poisons_transaction(ifx::make_server_error(-244), deadlock));
    EXPECT_EQ(ifx::message_text(-206), "The specified table <table-name> is not in the database.");
    EXPECT_EQ(ifx::message_text(-154, true), "ISAM error: Lock Timeout Expired.");
}

TEST(errors, exception_message_names_code_and_text) {
    ifx::diagnostics d;
    d.sqlcode = -206;
    d.isam_code = -111;
    d.server_message = "t";
    d.client_message = std::string(ifx::message_text(-206));
    const ifx::error e(ifx::make_server_error(-206), d);
    EXPECT_EQ(std::string(e.what()),
              "SQLCODE -206 (ISAM -111): The specified table (t) is not in the database.");
    EXPECT_EQ(e.sqlcode(), -206);
}

TEST(params, cpp_types_map_to_bind_kinds) {
    EXPECT_EQ(ifx::param(1).type(), ifx::param::kind::int32);
    EXPECT_EQ(ifx::param(std::int16_t{1}).type(), ifx::param::kind::int32);
    EXPECT_EQ(ifx::param(std::int64_t{1}).type(), ifx::param::kind::int64);
    EXPECT_EQ(ifx::param(std::uint32_t{1}).type(), ifx::param::kind::int64);
    EXPECT_TRUE(ifx::param(~std::uint64_t{0}).overflow());
    EXPECT_EQ(ifx::param(2.5).type(), ifx::param::kind::float64);
    EXPECT_EQ(ifx::param("x").type(), ifx::param::kind::text);
    EXPECT_TRUE(ifx::param(std::optional<int>{}).is_null());
    EXPECT_EQ(ifx::param(std::optional<int>{3}).as_int(), 3);
    EXPECT_TRUE(ifx::param(ifx::null).is_null());
}

}  // namespace

namespace {

TEST(url, host_list_for_failover) {
    const auto p = ifx::parse_url("informix://u@db1:9088,db2:9090,[::1]/stores?server=s");
    EXPECT_EQ(p.host, "db1");
    EXPECT_EQ(p.port, 9088);
    ASSERT_EQ(p.failover_hosts.size(), 2u);
    EXPECT_EQ(p.failover_hosts[0].host, "db2");
    EXPECT_EQ(p.failover_hosts[0].port, 9090);
    EXPECT_EQ(p.failover_hosts[1].host, "::1");
    EXPECT_EQ(p.failover_hosts[1].port, 9088);
    EXPECT_THROW((void)ifx::parse_url("informix://db1,/x?server=s"), ifx::error);
}

}  // namespace

namespace {

// The non-throwing forms take a parameter array (as a span) without ambiguity with the variadic
// templates: a compile-time check.
static_assert(requires(ifx::connection & c, ifx::param (&a)[2], std::error_code& ec, ifx::diagnostics& d) {
    c.execute("x", a, ec, d);
    c.query("x", a, ec, d);
    c.open_cursor("x", a, ec, d);
});
// Also const arrays, the prepared-statement forms and the inserter, and each returns the type of
// the span form (not a variadic instantiation binding ec and diag as parameters).
static_assert(requires(ifx::connection & c, const ifx::statement& s, ifx::inserter& ins,
                       const ifx::param (&a)[2], std::error_code& ec, ifx::diagnostics& d) {
    { c.execute("x", a, ec, d) } -> std::same_as<ifx::exec_result>;
    { c.query("x", a, ec, d) } -> std::same_as<ifx::result>;
    { c.open_cursor("x", a, ec, d) } -> std::same_as<ifx::cursor>;
    { c.execute(s, a, ec, d) } -> std::same_as<ifx::exec_result>;
    { c.query(s, a, ec, d) } -> std::same_as<ifx::result>;
    { c.open_cursor(s, a, ec, d) } -> std::same_as<ifx::cursor>;
    { ins.put(a, ec, d) } -> std::same_as<void>;
});
// The variadic forms cannot take the error outputs at all.
static_assert(!ifx::parameters<int, std::error_code>);
static_assert(!ifx::parameters<ifx::diagnostics>);
static_assert(ifx::parameters<int, const char*, ifx::null_t>);

}  // namespace
