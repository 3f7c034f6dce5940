#pragma once
// A statement prepared by a session (PROTOCOL.md §7.1) and, for SELECTs, its cursor state.
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "sql_text.hpp"
#include "sqlite_util.hpp"
#include "types.hpp"

namespace ifx::lite {

/// A bound parameter value (§7.5) after conversion from its wire form.
using sql_value = std::variant<std::monostate, std::int64_t, double, std::string>;

struct column_desc {
    std::string name;
    column_type type;
};

struct statement {
    std::int16_t id = 0;
    classified_statement info;
    sqlite_stmt stmt;  ///< null for statements the server runs itself (database, transaction, no-op)
    std::vector<column_desc> columns;
    int param_count = 0;
    std::vector<sql_value> binds;
    std::string cursor_name;

    bool scroll = false;  ///< SQ_SCROLL before OPEN: the result is materialised (§7.10)
    bool hold = false;    ///< SQ_HOLD before OPEN: survives COMMIT WORK
    std::vector<std::vector<std::uint8_t>> materialised;  ///< scroll cursors: every row's tuple payload
    std::int64_t position = 0;                            ///< scroll cursors: 1-based current row

    bool open = false;     ///< cursor opened and not closed
    bool has_row = false;  ///< stmt is positioned on a row that has not been sent yet
    std::int64_t fetched = 0;

    bool returns_rows() const { return info.type == stmt_type::select; }
};

}  // namespace ifx::lite
