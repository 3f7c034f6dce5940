#pragma once
// What the parts of the engine (engine*.cpp) share: statement-kind tests and the limit on what a
// scroll cursor may hold. Internal to engine/.

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "engine/statement.hpp"
#include "sql/sql_text.hpp"

namespace ifx::lite::engine_detail {

// A scroll cursor holds its whole result; beyond this the OPEN fails with -208 (out of memory).
inline constexpr std::size_t max_scroll_bytes = 256 * 1024 * 1024;

inline bool is_dml(std::int16_t type) {
    return type == stmt_type::insert || type == stmt_type::update_where || type == stmt_type::update_all ||
           type == stmt_type::delete_where || type == stmt_type::delete_all;
}

// The table a statement writes, for lock conflicts: DML names it; anything else may touch any.
inline std::string write_target(const statement& st) {
    return is_dml(st.info.type) && !st.info.table.empty() ? st.info.table : std::string("*");
}

inline bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

}  // namespace ifx::lite::engine_detail
