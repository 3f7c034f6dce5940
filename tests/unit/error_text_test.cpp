// The text of server errors: IBM's message for the SQLCODE, and a clear word when none is known.
#include <gtest/gtest.h>

#include "ifx/error.hpp"

namespace {

TEST(error_text, memory_allocation_failure_208_has_its_message) {
    ifx::diagnostics diag;
    diag.sqlcode = -208;
    EXPECT_EQ(ifx::message_text(-208), "Memory allocation failed during query processing.");
    EXPECT_EQ(diag.to_string(), "SQLCODE -208: Memory allocation failed during query processing.");
    const ifx::error e(ifx::make_server_error(-208), diag);
    EXPECT_STREQ(e.what(), "SQLCODE -208: Memory allocation failed during query processing.");
}

TEST(error_text, a_code_without_a_known_text_says_so) {
    ifx::diagnostics diag;
    diag.sqlcode = -29999;
    EXPECT_EQ(diag.to_string(), "SQLCODE -29999: no message text is known for this code");
    diag.server_message = "detail";
    EXPECT_EQ(diag.to_string(), "SQLCODE -29999: no message text is known for this code [detail]");
}

}  // namespace
