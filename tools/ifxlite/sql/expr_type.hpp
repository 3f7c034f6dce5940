#pragma once
// Informix result types of select-list expressions (the rules are listed in README.md, "Expression
// typing"). SQLite only knows the declared type of plain column references; everything else is
// typed here from the expression text and the types of the columns it references.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sql/sql_expr.hpp"
#include "types/types.hpp"

namespace ifx::lite {

/// The Informix type of one select-list expression (sql_expr.hpp's parser; LVARCHAR when it does not
/// parse as one expression).
column_type infer_expression_type(std::string_view expression, const column_resolver& resolve);

/// Tables of the statement's top-level FROM clause: (table, alias-or-table) pairs.
struct from_table {
    std::string schema;  ///< "sysmaster" or empty
    std::string table;
    std::string alias;
};
std::vector<from_table> from_tables(std::string_view select_sql);

}  // namespace ifx::lite
