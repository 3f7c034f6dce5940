// BOOLEAN inside a row (PROTOCOL.md §8.2, §9.10; issue 17): IDS describes it as UDT 41 xid 5 and
// sends it enveloped; a column described as type 45 is enveloped too when the row has a variable
// column, and read as its bare byte when that does not fit (grade C fallback). Both walks —
// split_tuple and the fetch path's row_splitter — must agree.
#include "types_support.hpp"

namespace {

using ifx::column_info;
using ifx::type_code;
using ifx::test::bytes;
using ifx::test::col;

struct split_result {
    bool ok = false;
    std::vector<ifx::types::cell> cells;
};

split_result split(const std::vector<column_info>& cols, const bytes& row) {
    split_result r;
    r.cells.resize(cols.size());
    r.ok = ifx::types::split_tuple(row, cols, r.cells);
    std::vector<ifx::types::cell> fast(cols.size());
    const ifx::types::row_splitter splitter(cols);
    EXPECT_EQ(splitter.split(row, fast, 0), r.ok) << "row_splitter disagrees";
    for (std::size_t i = 0; r.ok && i < cols.size(); ++i) {
        EXPECT_EQ(fast[i].offset, r.cells[i].offset) << i;
        EXPECT_EQ(fast[i].length, r.cells[i].length) << i;
        EXPECT_EQ(fast[i].null, r.cells[i].null) << i;
    }
    return r;
}

// The boolean value of cell i, or nullopt for NULL.
std::optional<bool> boolean_at(const std::vector<column_info>& cols, const bytes& row, const split_result& r,
                               std::size_t i) {
    if (r.cells[i].null) return std::nullopt;
    bool out = false;
    const auto ec =
        ifx::types::to_bool(cols[i], std::span(row).subspan(r.cells[i].offset, r.cells[i].length), out);
    EXPECT_FALSE(ec) << ec.message();
    return out;
}

const bytes abc{0x03, 'a', 'b', 'c'};  // VARCHAR 'abc'

bytes cat(std::initializer_list<bytes> parts) {
    bytes out;
    for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
    return out;
}

TEST(boolean_row, type_45_next_to_a_varchar_is_read_enveloped) {
    const std::vector<column_info> cols = {col(type_code::varchar, 20), col(type_code::boolean, 1)};
    const bytes t = cat({abc, {0x00, 0x00, 0x00, 0x00, 0x01, 0x01}});
    const auto r = split(cols, t);
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(r.cells[1].offset, 9u);
    EXPECT_EQ(boolean_at(cols, t, r, 1), true);
    const bytes f = cat({abc, {0x00, 0x00, 0x00, 0x00, 0x01, 0x00}});
    EXPECT_EQ(boolean_at(cols, f, split(cols, f), 1), false);
    const bytes null = cat({abc, {0x01, 0x00, 0x00, 0x00, 0x00}});
    const auto rn = split(cols, null);
    ASSERT_TRUE(rn.ok);
    EXPECT_EQ(boolean_at(cols, null, rn, 1), std::nullopt);
}

TEST(boolean_row, type_45_enveloped_before_a_varchar) {
    const std::vector<column_info> cols = {col(type_code::boolean, 1), col(type_code::varchar, 20)};
    const bytes row = cat({{0x00, 0x00, 0x00, 0x00, 0x01, 't'}, abc});
    const auto r = split(cols, row);
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(boolean_at(cols, row, r, 0), true);
    EXPECT_EQ(r.cells[1].offset, 7u);
}

TEST(boolean_row, bare_type_45_byte_in_a_variable_row_is_the_fallback) {
    const std::vector<column_info> cols = {col(type_code::varchar, 20), col(type_code::boolean, 1)};
    const bytes row = cat({abc, {'f'}});
    const auto r = split(cols, row);
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(boolean_at(cols, row, r, 1), false);
}

TEST(boolean_row, type_45_in_a_fixed_row_stays_one_byte) {
    const std::vector<column_info> cols = {col(type_code::integer, 4), col(type_code::boolean, 1)};
    const bytes row = {0x00, 0x00, 0x00, 0x07, 0x01};
    const auto r = split(cols, row);
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(boolean_at(cols, row, r, 1), true);
}

TEST(boolean_row, udt_41_xid_5_is_enveloped_in_any_row) {
    const std::vector<column_info> cols = {col(type_code::integer, 4),
                                           col(type_code::udt_fixed, 1, ifx::xid::boolean),
                                           col(type_code::udt_var, 100, ifx::xid::lvarchar)};
    const bytes row = {0x00, 0x00, 0x00, 0x07,                    // INTEGER 7
                       0x00, 0x00, 0x00, 0x00, 0x01, 0x01,        // BOOLEAN true
                       0x00, 0x00, 0x00, 0x00, 0x02, 'h',  'i'};  // LVARCHAR 'hi'
    const auto r = split(cols, row);
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(boolean_at(cols, row, r, 1), true);
    EXPECT_EQ(r.cells[2].length, 2u);
    const bytes nulls = {0x80, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00};
    const auto rn = split(cols, nulls);
    ASSERT_TRUE(rn.ok);
    EXPECT_TRUE(rn.cells[0].null);
    EXPECT_TRUE(rn.cells[1].null);
    EXPECT_TRUE(rn.cells[2].null);
}

}  // namespace
