#pragma once
// Helpers shared by the types_* unit tests: columns, decoding a value as a one-column row.
#include <gtest/gtest.h>

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "ifx/column.hpp"
#include "types/decode.hpp"
#include "types/layout.hpp"

namespace ifx::test {

using bytes = std::vector<std::uint8_t>;

inline column_info col(type_code t, std::int32_t enc, std::int32_t xid = 0) {
    column_info c;
    c.type = t;
    c.type_word = static_cast<std::uint16_t>(t);
    c.encoded_length = enc;
    c.extended_id = xid;
    return c;
}

/// Walks `row` as a one-column tuple; the walk must consume it exactly.
inline std::span<const std::uint8_t> cell_bytes(const column_info& c, const bytes& row, bool& null) {
    types::cell cell;
    EXPECT_TRUE(types::split_tuple(row, std::span(&c, 1), std::span(&cell, 1))) << c.type_name();
    null = cell.null;
    return std::span(row).subspan(cell.offset, cell.length);
}

/// The text of a one-column tuple, or "NULL".
inline std::string text_of(const column_info& c, const bytes& row, codeset cs = codeset::utf8) {
    bool null = false;
    const auto v = cell_bytes(c, row, null);
    if (null) return "NULL";
    std::string out;
    const auto ec = types::to_text(c, v, cs, out);
    EXPECT_FALSE(ec) << c.type_name() << ": " << ec.message();
    return out;
}

}  // namespace ifx::test
