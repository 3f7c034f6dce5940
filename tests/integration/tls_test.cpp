// TLS: verification on by default, every way a certificate can be wrong, and the plain/TLS
// port mix-ups. The server side is a TLS-terminating proxy in front of ifxlite's plain port.
#include <gtest/gtest.h>

#include <chrono>

#include "server_fixture.hpp"
#include "support/time_scale.hpp"
#include "support/tls_fixture.hpp"

namespace {

using namespace std::chrono_literals;
using ifx::test::server_fixture;

class tls : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        if (server_fixture::instance().real_server()) return;
        pki_ = new ifx::test::test_pki(ifx::test::test_pki::create());
    }
    static void TearDownTestSuite() {
        delete pki_;
        pki_ = nullptr;
    }
    void SetUp() override {
        if (server_fixture::instance().real_server()) GTEST_SKIP() << "needs ifxlite";
    }
    // Parameters for a proxy serving cert/key, verifying against our CA by default.
    ifx::connect_params params_for(const ifx::test::tls_proxy& proxy) const {
        auto p = server_fixture::instance().params();
        p.port = proxy.port();
        p.tls = ifx::tls_mode::verify_full;
        p.tls_ca_file = pki_->ca_file;
        p.connect_timeout = ifx::test::scaled(5s);  // loading a CA store is slow under valgrind
        return p;
    }
    static std::error_code connect_error(const ifx::connect_params& p, ifx::diagnostics& diag) {
        std::error_code ec;
        ifx::connection conn;
        conn.connect(p, ec, diag);
        return ec;
    }
    std::uint16_t plain_port() const { return server_fixture::instance().lite().port(); }
    static ifx::test::test_pki* pki_;
};
ifx::test::test_pki* tls::pki_ = nullptr;

TEST_F(tls, verified_connection_runs_queries) {
    ifx::test::tls_proxy proxy(pki_->good_cert, pki_->good_key, plain_port());
    for (const char* host : {"localhost", "127.0.0.1"}) {
        auto p = params_for(proxy);
        p.host = host;
        ifx::connection conn(p);
        conn.execute("CREATE TEMP TABLE tls_t (v INTEGER)");
        conn.execute("INSERT INTO tls_t VALUES (?)", 7);
        EXPECT_EQ(conn.query_value<int>("SELECT v FROM tls_t"), 7) << host;
    }
}

TEST_F(tls, verification_is_the_default_and_the_system_store_does_not_know_our_ca) {
    ifx::test::tls_proxy proxy(pki_->good_cert, pki_->good_key, plain_port());
    auto p = params_for(proxy);
    p.tls_ca_file.clear();
    ifx::diagnostics diag;
    EXPECT_EQ(connect_error(p, diag), ifx::errc::tls_error);
    EXPECT_NE(diag.client_message.find("certificate verification failed"), std::string::npos)
        << diag.client_message;
    EXPECT_EQ(ifx::parse_url("informix://h/db?server=s").tls, ifx::tls_mode::verify_full);
}

TEST_F(tls, wrong_host_name_is_rejected_unless_only_the_chain_is_checked) {
    ifx::test::tls_proxy proxy(pki_->other_host_cert, pki_->other_host_key, plain_port());
    auto p = params_for(proxy);
    ifx::diagnostics diag;
    EXPECT_EQ(connect_error(p, diag), ifx::errc::tls_error);
    EXPECT_NE(diag.client_message.find("mismatch"), std::string::npos) << diag.client_message;
    p.tls = ifx::tls_mode::verify_ca;
    EXPECT_NO_THROW(ifx::connection{p});
    p.tls = ifx::tls_mode::verify_full;
    p.tls_server_name = "other.example";
    EXPECT_NO_THROW(ifx::connection{p});
}

TEST_F(tls, expired_and_untrusted_certificates_are_rejected) {
    {
        ifx::test::tls_proxy proxy(pki_->expired_cert, pki_->expired_key, plain_port());
        ifx::diagnostics diag;
        EXPECT_EQ(connect_error(params_for(proxy), diag), ifx::errc::tls_error);
        EXPECT_NE(diag.client_message.find("expired"), std::string::npos) << diag.client_message;
    }
    ifx::test::tls_proxy proxy(pki_->self_signed_cert, pki_->self_signed_key, plain_port());
    ifx::diagnostics diag;
    EXPECT_EQ(connect_error(params_for(proxy), diag), ifx::errc::tls_error);
    auto p = params_for(proxy);
    p.tls = ifx::tls_mode::insecure;  // the explicit opt-out
    EXPECT_NO_THROW(ifx::connection{p});
}

TEST_F(tls, plain_and_tls_ports_mixed_up_fail_clearly_and_quickly) {
    ifx::test::tls_proxy proxy(pki_->good_cert, pki_->good_key, plain_port());
    auto p = params_for(proxy);
    p.tls = ifx::tls_mode::disable;  // plain login bytes to the TLS port
    p.connect_timeout = 3s;
    ifx::diagnostics diag;
    const auto ec = connect_error(p, diag);
    EXPECT_TRUE(ec == ifx::errc::connection_closed || ec == ifx::errc::protocol_violation ||
                ec == ifx::errc::network_error)
        << ec.message();
    auto q = params_for(proxy);
    q.port = plain_port();  // TLS handshake to the plain port
    q.connect_timeout = 3s;
    ifx::diagnostics diag2;
    const auto ec2 = connect_error(q, diag2);
    EXPECT_TRUE(ec2 == ifx::errc::tls_error || ec2 == ifx::errc::timeout) << ec2.message();
    EXPECT_TRUE(ifx::is_fatal(ec2));
}

}  // namespace
