// PAM logins through the driver's callback against ifxlite's PAM listener mode (§7.15).
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "server_fixture.hpp"

namespace {

using ifx::test::server_fixture;

class lite_pam : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        if (server_fixture::instance().real_server()) return;
        ifx::test::ifxlite_options options;
        options.password = "pam-secret";
        options.extra_args = {"--pam", "--pam-info", "Welcome to ifxlite"};
        server_ = new ifx::test::ifxlite_process(options);
        server_->create_database("pamdb", "log");
    }
    static void TearDownTestSuite() {
        delete server_;
        server_ = nullptr;
    }
    void SetUp() override {
        if (server_fixture::instance().real_server()) GTEST_SKIP() << "needs ifxlite's PAM mode";
    }
    static ifx::connect_params params(std::string answer) {
        ifx::connect_params p = ifx::parse_url(server_->url("pamdb") + "&tls=disable");
        p.password = "not-what-pam-checks";
        p.pam_handler = [answer = std::move(answer)](int style,
                                                     std::string_view prompt) -> std::optional<std::string> {
            prompts().emplace_back(style, std::string(prompt));
            return answer;
        };
        return p;
    }
    static std::vector<std::pair<int, std::string>>& prompts() {
        static std::vector<std::pair<int, std::string>> seen;
        return seen;
    }
    static ifx::test::ifxlite_process* server_;
};

ifx::test::ifxlite_process* lite_pam::server_ = nullptr;

TEST_F(lite_pam, the_callback_answers_the_password_prompt) {
    prompts().clear();
    ifx::connection c(params("pam-secret"));
    const std::vector<std::pair<int, std::string>> expected = {{4, "Welcome to ifxlite"}, {1, "Password:"}};
    EXPECT_EQ(prompts(), expected);
    EXPECT_EQ(c.query_value<int>("SELECT tabid FROM systables WHERE tabname = 'systables'"), 1);
}

TEST_F(lite_pam, a_wrong_answer_is_a_rejected_login) {
    std::error_code ec;
    ifx::diagnostics diag;
    ifx::connection c;
    c.connect(params("wrong"), ec, diag);
    EXPECT_EQ(ec, ifx::errc::login_rejected) << diag.to_string();
    EXPECT_FALSE(c.is_open());
    ifx::connection retry(params("pam-secret"));  // the server is unharmed
    EXPECT_TRUE(retry.is_open());
}

TEST_F(lite_pam, without_a_callback_the_login_is_not_supported) {
    auto p = params("pam-secret");
    p.pam_handler = nullptr;
    std::error_code ec;
    ifx::diagnostics diag;
    ifx::connection c;
    c.connect(p, ec, diag);
    EXPECT_EQ(ec, ifx::errc::not_supported) << diag.to_string();
}

}  // namespace
