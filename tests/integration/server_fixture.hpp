#pragma once
// Where integration tests connect: a private ifxlite started for the test suite, or the real
// server named by IFX_TEST_URL (then tests that need ifxlite's controls are skipped).
#include <cstdlib>
#include <memory>
#include <string>

#include "ifx/ifx.hpp"
#include "support/ifxlite_process.hpp"

namespace ifx::test {

class server_fixture {
public:
    /// The shared server for this test binary (started on first use).
    static server_fixture& instance() {
        static server_fixture f;
        return f;
    }
    bool real_server() const { return !external_url_.empty(); }
    /// Parameters for the test database ("itest", logged).
    connect_params params() const { return parse_url(url()); }
    /// ifxlite's plain port: TLS is opted out explicitly, as a user must (tls_test.cpp covers TLS).
    std::string url() const { return real_server() ? external_url_ : lite_->url("itest") + "&tls=disable"; }
    ifxlite_process& lite() { return *lite_; }

private:
    server_fixture() {
        if (const char* u = std::getenv("IFX_TEST_URL"); u && *u) {
            external_url_ = u;
            return;
        }
        lite_ = std::make_unique<ifxlite_process>();
        lite_->create_database("itest", "log");
    }
    std::string external_url_;
    std::unique_ptr<ifxlite_process> lite_;
};

}  // namespace ifx::test
