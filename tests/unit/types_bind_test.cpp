// SQ_BIND encodings of every parameter kind (PROTOCOL.md §7.5), typed NULLs, code sets.
#include <gtest/gtest.h>

#include "ifx/codeset.hpp"
#include "ifx/param.hpp"
#include "support/bytes.hpp"
#include "support/vectors.hpp"
#include "types/bind.hpp"
#include "types/codeset.hpp"
#include "types_support.hpp"
#include "wire/hex.hpp"

namespace {

using ifx::test::bytes;
using ifx::test::cat;
using ifx::test::vector_by_id;

bytes bind(std::initializer_list<ifx::param> ps, ifx::codeset cs = ifx::codeset::utf8) {
    bytes out;
    const std::vector<ifx::param> v(ps);
    EXPECT_FALSE(ifx::types::encode_bind(v, cs, out));
    return out;
}

const bytes& vec(const char* id) {
    return vector_by_id("types.txt", id).bytes;
}

TEST(bind, decimal_uses_type_5_and_the_packed_value_with_its_length) {
    // 12345.6789 is DECIMAL(9,4): prec word 0x0904 (C), 6 bytes = TYPE-001 without its column fill.
    const bytes packed(vec("TYPE-001").begin(), vec("TYPE-001").end() - 1);
    EXPECT_EQ(bind({ifx::decimal::parse("12345.6789")}),
              cat({{0x00, 0x05, 0x00, 0x01, 0x00, 0x05, 0x00, 0x00, 0x09, 0x04, 0x00, 0x06}, packed}));
    // -12.34 = TYPE-005 (DECIMAL(4,2), 3 bytes: odd, so one pad byte).
    EXPECT_EQ(bind({ifx::decimal::parse("-12.34")}),
              cat({{0x00, 0x05, 0x00, 0x01, 0x00, 0x05, 0x00, 0x00, 0x04, 0x02, 0x00, 0x03},
                   vec("TYPE-005"),
                   {0x00}}));
    EXPECT_EQ(ifx::types::decimal_prec_word(16, -1), 0x10ff);
}

TEST(bind, datetime_and_interval_carry_the_qualifier_word) {
    const auto dt = ifx::datetime::parse(
        "2026-06-20 12:34:56", ifx::qualifier::datetime(ifx::time_unit::year, ifx::time_unit::second));
    EXPECT_EQ(bind({dt}), cat({{0x00, 0x05, 0x00, 0x01, 0x00, 0x0a, 0x00, 0x00, 0x0e, 0x0a, 0x00, 0x08},
                               vec("TYPE-023")}));
    const auto iv = ifx::interval::parse(
        "12 03:04:05", ifx::qualifier::interval(ifx::time_unit::day, ifx::time_unit::second, 2));
    EXPECT_EQ(bind({iv}), cat({{0x00, 0x05, 0x00, 0x01, 0x00, 0x0e, 0x00, 0x00, 0x08, 0x4a, 0x00, 0x05},
                               vec("TYPE-026"),
                               {0x00}}));
    const auto big =
        ifx::interval::parse("-999999999 23:59:59.99999",
                             ifx::qualifier::interval(ifx::time_unit::day, ifx::time_unit::fraction5, 9));
    const auto out = bind({big});
    EXPECT_EQ(out[8], 0x14);  // prec = 0x144f, as [IDB] binds DAY(9) TO FRACTION(5)
    EXPECT_EQ(out[9], 0x4f);
}

TEST(bind, date_boolean_and_integers) {
    EXPECT_EQ(bind({ifx::date::parse("1970-01-01")}),
              cat({{0x00, 0x05, 0x00, 0x01, 0x00, 0x07, 0x00, 0x00, 0x00, 0x00}, vec("TYPE-031")}));
    // BOOLEAN is type 45 > 18: the envelope carries empty owner and type-name CHARs (C).
    EXPECT_EQ(ifx::wire::to_hex(bind({true})), "00 05 00 01 00 2d 00 00 00 00 00 00 00 00 01 00");
    EXPECT_EQ(ifx::wire::to_hex(bind({std::int16_t{-2}})), "00 05 00 01 00 02 00 00 0a 00 ff ff ff fe");
    EXPECT_EQ(ifx::wire::to_hex(bind({std::int64_t{-7}})),
              "00 05 00 01 00 34 00 00 13 00 ff ff ff ff ff ff ff f9");
    EXPECT_EQ(ifx::wire::to_hex(bind({2.5f})), "00 05 00 01 00 03 00 00 00 00 40 04 00 00 00 00 00 00");
}

TEST(bind, nulls_carry_their_type) {
    EXPECT_EQ(ifx::wire::to_hex(bind({ifx::null})), "00 05 00 01 00 00 ff ff 00 00");
    EXPECT_EQ(ifx::wire::to_hex(bind({std::optional<int>{}})), "00 05 00 01 00 02 ff ff 00 00");
    EXPECT_EQ(ifx::wire::to_hex(bind({std::optional<std::int64_t>{}})), "00 05 00 01 00 34 ff ff 00 00");
    EXPECT_EQ(ifx::wire::to_hex(bind({std::optional<double>{}})), "00 05 00 01 00 03 ff ff 00 00");
    EXPECT_EQ(ifx::wire::to_hex(bind({std::optional<ifx::decimal>{}})), "00 05 00 01 00 05 ff ff 00 00");
    EXPECT_EQ(ifx::wire::to_hex(bind({std::optional<ifx::date>{}})), "00 05 00 01 00 07 ff ff 00 00");
    EXPECT_EQ(ifx::wire::to_hex(bind({std::optional<ifx::datetime>{}})), "00 05 00 01 00 0a ff ff 00 00");
    EXPECT_EQ(ifx::wire::to_hex(bind({std::optional<ifx::interval>{}})), "00 05 00 01 00 0e ff ff 00 00");
    EXPECT_EQ(ifx::wire::to_hex(bind({std::optional<std::string>{}})), "00 05 00 01 00 00 ff ff 00 00");
    EXPECT_EQ(ifx::wire::to_hex(bind({std::optional<bool>{}})), "00 05 00 01 00 2d 00 00 00 00 ff ff 00 00");
    EXPECT_TRUE(ifx::param(std::optional<ifx::decimal>{}).is_null());
    EXPECT_EQ(ifx::param(std::optional<ifx::decimal>{}).type(), ifx::param::kind::decimal);
}

TEST(bind, text_is_converted_to_the_connection_code_set) {
    // "é" is c3 a9 in UTF-8 and e9 in ISO-8859-1.
    EXPECT_EQ(ifx::wire::to_hex(bind({"caf\xc3\xa9"}, ifx::codeset::utf8)),
              "00 05 00 01 00 00 00 00 00 00 00 05 63 61 66 c3 a9 00");
    EXPECT_EQ(ifx::wire::to_hex(bind({"caf\xc3\xa9"}, ifx::codeset::iso_8859_1)),
              "00 05 00 01 00 00 00 00 00 00 00 04 63 61 66 e9");
    bytes out{0xaa};
    ifx::types::bind_failure why;
    const std::vector<ifx::param> euro = {1, "\xe2\x82\xac"};  // U+20AC has no ISO-8859-1 form
    EXPECT_EQ(ifx::types::encode_bind(euro, ifx::codeset::iso_8859_1, out, &why),
              ifx::errc::invalid_argument);
    EXPECT_EQ(out, bytes{0xaa});  // untouched on failure
    EXPECT_EQ(why.index, 1u);
    EXPECT_NE(why.reason.find("ISO-8859-1"), std::string::npos);
    const std::vector<ifx::param> broken = {"\xc3"};
    EXPECT_EQ(ifx::types::encode_bind(broken, ifx::codeset::utf8, out, &why), ifx::errc::invalid_argument);
    const std::vector<ifx::param> huge = {~std::uint64_t{0}};
    EXPECT_EQ(ifx::types::encode_bind(huge, ifx::codeset::utf8, out, &why), ifx::errc::out_of_range);
}

TEST(codeset, locales_and_column_text) {
    ifx::codeset cs{};
    EXPECT_FALSE(ifx::codeset_of_locale("en_US.8859-1", cs));
    EXPECT_EQ(cs, ifx::codeset::iso_8859_1);
    EXPECT_FALSE(ifx::codeset_of_locale("en_US.819", cs));
    EXPECT_EQ(cs, ifx::codeset::iso_8859_1);
    EXPECT_FALSE(ifx::codeset_of_locale("de_DE.UTF8", cs));
    EXPECT_EQ(cs, ifx::codeset::utf8);
    EXPECT_FALSE(ifx::codeset_of_locale("en_US.57372", cs));
    EXPECT_EQ(cs, ifx::codeset::utf8);
    EXPECT_EQ(ifx::codeset_of_locale("ja_JP.sjis", cs), ifx::errc::not_supported);

    using ifx::type_code;
    const bytes latin1 = {0x04, 'c', 'a', 'f', 0xe9};
    const auto vc = ifx::test::col(type_code::varchar, 10);
    EXPECT_EQ(ifx::test::text_of(vc, latin1, ifx::codeset::iso_8859_1), "caf\xc3\xa9");
    // The same byte is not UTF-8: a clear error, never a '?'.
    bool null = false;
    const auto v = ifx::test::cell_bytes(vc, latin1, null);
    std::string out;
    EXPECT_EQ(ifx::types::to_text(vc, v, ifx::codeset::utf8, out), ifx::errc::type_mismatch);
    std::string_view view;
    EXPECT_EQ(ifx::types::to_text_view(vc, v, ifx::codeset::iso_8859_1, view), ifx::errc::type_mismatch);
    const bytes ascii = {0x04, 'c', 'a', 'f', 'e'};
    EXPECT_FALSE(
        ifx::types::to_text_view(vc, ifx::test::cell_bytes(vc, ascii, null), ifx::codeset::iso_8859_1, view));
    EXPECT_EQ(view, "cafe");
    // Overlong and surrogate forms are rejected as UTF-8.
    for (const char* bad : {"\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80"}) {
        std::string o;
        EXPECT_NE(ifx::types::utf8_to_wire(bad, ifx::codeset::utf8, o), std::string::npos) << bad;
    }
}

}  // namespace
