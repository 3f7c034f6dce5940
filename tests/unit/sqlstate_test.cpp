// SQLSTATE: the project's mapping from SQLCODE/ISAM code and client errors (docs/errors.md).
#include <gtest/gtest.h>

#include <cctype>

#include "ifx/error.hpp"
#include "proto/operation.hpp"
#include "support/vectors.hpp"

namespace {

using ifx::sqlstate_for_code;
using ifx::sqlstate_of;

bool well_formed(std::string_view s) {
    if (s.size() != 5) return false;
    for (char c : s)
        if (!std::isdigit(static_cast<unsigned char>(c)) && !std::isupper(static_cast<unsigned char>(c)))
            return false;
    return true;
}

TEST(sqlstate, documented_values) {
    EXPECT_EQ(sqlstate_for_code(0), "00000");
    EXPECT_EQ(sqlstate_for_code(100), "02000");
    EXPECT_EQ(sqlstate_for_code(-937), "U0001");    // user-defined routine error
    EXPECT_EQ(sqlstate_for_code(-99999), "IX000");  // not in the table: Informix-specific
    EXPECT_EQ(sqlstate_for_code(-555), "IX000");    // in the table, no ANSI equivalent
}

TEST(sqlstate, x_open_classes_by_sqlcode) {
    for (int code : {-239, -268, -292, -391, -703, -530, -525, -691, -692, -11030})
        EXPECT_EQ(sqlstate_for_code(code), "23000") << code;
    for (int code : {-201, -202, -206, -217, -236, -674, -272, -274, -388})
        EXPECT_EQ(sqlstate_for_code(code), "42000") << code;
    EXPECT_EQ(sqlstate_for_code(-1202), "22012");
    EXPECT_EQ(sqlstate_for_code(-1213), "22018");
    EXPECT_EQ(sqlstate_for_code(-1215), "22003");
    EXPECT_EQ(sqlstate_for_code(-1262), "22007");
    EXPECT_EQ(sqlstate_for_code(-1264), "22007");
    EXPECT_EQ(sqlstate_for_code(-1263), "22008");
    EXPECT_EQ(sqlstate_for_code(-1279), "22001");
    EXPECT_EQ(sqlstate_for_code(-1266), "22000");
    EXPECT_EQ(sqlstate_for_code(-284), "21000");
    EXPECT_EQ(sqlstate_for_code(-908), "08001");
    EXPECT_EQ(sqlstate_for_code(-25582), "08006");
    EXPECT_EQ(sqlstate_for_code(-408), "08006");
    EXPECT_EQ(sqlstate_for_code(-329), "08004");
    EXPECT_EQ(sqlstate_for_code(-952), "28000");
    EXPECT_EQ(sqlstate_for_code(-387), "28000");
    EXPECT_EQ(sqlstate_for_code(-458), "40000");
    EXPECT_EQ(sqlstate_for_code(-255), "25000");
    EXPECT_EQ(sqlstate_for_code(-535), "25001");
    EXPECT_EQ(sqlstate_for_code(-400), "24000");
    EXPECT_EQ(sqlstate_for_code(-481), "26000");
    EXPECT_EQ(sqlstate_for_code(-363), "07005");
}

TEST(sqlstate, isam_code_refines_only_an_informix_specific_sqlcode) {
    EXPECT_EQ(sqlstate_for_code(-244, -143), "40001");  // deadlock
    EXPECT_EQ(sqlstate_for_code(-233, -154), "40001");  // lock timeout
    EXPECT_EQ(sqlstate_for_code(-271, -100), "23000");  // duplicate key
    EXPECT_EQ(sqlstate_for_code(-244, -107), "IX000");  // record locked: no ANSI equivalent
    EXPECT_EQ(sqlstate_for_code(-244), "IX000");
    EXPECT_EQ(sqlstate_for_code(-268, -100), "23000");
    EXPECT_EQ(sqlstate_for_code(-201, -143), "42000");  // the SQLCODE decides
    EXPECT_EQ(sqlstate_for_code(100, -111), "02000");
}

TEST(sqlstate, every_code_of_the_reference_table_maps_to_a_well_formed_sqlstate) {
    int codes = 0;
    for (const auto& v : ifx::test::load_vectors("errors.txt")) {
        if (v.id.rfind("CODE:", 0) != 0) continue;
        const int code = std::stoi(v.id.substr(5));
        const auto state = sqlstate_for_code(code);
        EXPECT_TRUE(well_formed(state)) << code << " → " << state;
        // Where the reference documents a value, the table reproduces it.
        if (const auto at = v.meaning.find("sqlstate="); at != std::string::npos) {
            EXPECT_EQ(state, v.meaning.substr(at + 9, 5)) << code;
        }
        ++codes;
    }
    EXPECT_GT(codes, 100);
}

TEST(sqlstate, client_errors_map_by_errc) {
    const ifx::diagnostics none;
    EXPECT_EQ(sqlstate_of({}, none), "00000");
    EXPECT_EQ(sqlstate_of(ifx::errc::connection_closed, none), "08006");
    EXPECT_EQ(sqlstate_of(ifx::errc::network_error, none), "08006");
    ifx::diagnostics refused;
    refused.sqlcode = -908;  // a failed connect (connect_errors_test)
    EXPECT_EQ(sqlstate_of(ifx::errc::network_error, refused), "08001");
    EXPECT_EQ(sqlstate_of(ifx::errc::timeout, none), "08006");
    EXPECT_EQ(sqlstate_of(ifx::errc::protocol_violation, none), "08006");
    EXPECT_EQ(sqlstate_of(ifx::errc::tls_error, none), "08001");
    EXPECT_EQ(sqlstate_of(ifx::errc::not_connected, none), "08003");
    EXPECT_EQ(sqlstate_of(ifx::errc::unexpected_null, none), "22002");
    EXPECT_EQ(sqlstate_of(ifx::errc::out_of_range, none), "22003");
    EXPECT_EQ(sqlstate_of(ifx::errc::type_mismatch, none), "07006");
    EXPECT_EQ(sqlstate_of(ifx::errc::cursor_closed, none), "24000");
    EXPECT_EQ(sqlstate_of(ifx::errc::not_supported, none), "0A000");
    EXPECT_EQ(sqlstate_of(ifx::errc::invalid_argument, none), "HY000");
    EXPECT_EQ(sqlstate_of(ifx::errc::login_rejected, none), "08004");
    ifx::diagnostics bad_password;
    bad_password.sqlcode = -952;
    EXPECT_EQ(sqlstate_of(ifx::errc::login_rejected, bad_password), "28000");
    for (int v = 1; v <= static_cast<int>(ifx::errc::pool_closed); ++v)
        EXPECT_TRUE(well_formed(sqlstate_of(static_cast<ifx::errc>(v), none))) << v;
    // Server errors use the table with the diagnostics' ISAM code.
    ifx::diagnostics deadlock;
    deadlock.isam_code = -143;
    EXPECT_EQ(sqlstate_of(ifx::make_server_error(-244), deadlock), "40001");
}

TEST(sqlstate, server_errors_and_exceptions_carry_it) {
    ifx::diagnostics diag;
    const auto ec = ifx::proto::server_error({-268, -100, 0, "u_pk"}, diag);
    EXPECT_EQ(ec, ifx::make_server_error(-268));
    EXPECT_EQ(diag.sqlstate, "23000");
    const ifx::error e(ifx::errc::unexpected_null, {});
    EXPECT_EQ(e.diag().sqlstate, "22002");
    ifx::diagnostics kept;
    kept.sqlstate = "01I01";  // a value the caller already set is not replaced
    EXPECT_EQ(ifx::error(ifx::errc::invalid_argument, kept).diag().sqlstate, "01I01");
}

}  // namespace
