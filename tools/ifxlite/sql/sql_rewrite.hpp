#pragma once
// The second pass of ifxlite's SQL translation (after dialect.hpp): with the Informix type of every
// expression (sql_expr.hpp) it rewrites what SQLite would evaluate differently from IDS.
//  * DECIMAL/MONEY stay exact: decimal literals become text, arithmetic on DECIMAL, MONEY,
//    character and untyped operands and every division go through ifx_add/ifx_sub/ifx_mul/ifx_div/
//    ifx_neg (numeric_functions.hpp) with the Informix result type, and a computed DECIMAL value is
//    written CAST(… AS DECIMAL_TEXT(p,s)) COLLATE ifx_decimal so that SQLite compares, sorts and
//    groups it as a number (TEXT affinity + the numeric collation), as it does DECIMAL columns.
//  * DATE, DATETIME and INTERVAL arithmetic, UNITS, EXTEND, CAST / :: to Informix types, TRIM …
//    FROM, SUBSTRING … FROM … FOR map to the functions of datetime_functions.hpp / text_functions.hpp.
//  * Words SQLite reserves but Informix allows as names (table, index, …) are quoted where they are
//    identifiers or select-list aliases.
//  * INSERT and UPDATE store what IDS stores: values for DECIMAL/MONEY columns are rounded to the
//    column (ifx_to_decimal: -1226 when too large), SERIAL/SERIAL8/BIGSERIAL values come from the
//    table's counter (ifx_serial, serials.hpp), also when the column is omitted.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "types/types.hpp"

namespace ifx::lite {

struct table_column {
    std::string name;
    column_type type;
};

/// The columns of a table of the open database in declaration order (empty: not a table).
using table_columns =
    std::function<std::vector<table_column>(std::string_view schema, std::string_view table)>;

struct rewritten_statement {
    std::string sql;
    /// The Informix types of the outermost select list (empty when the statement is no SELECT or the
    /// list has items the rewrite could not follow, such as *).
    std::vector<column_type> select_types;
    /// INSERT / UPDATE: the target's SERIAL-family columns the statement assigns through counters.
    std::vector<std::string> serial_columns;
};

/// Rewrites one translated SELECT / INSERT / UPDATE / DELETE / CREATE VIEW statement.
rewritten_statement rewrite_statement(std::string_view sql, const table_columns& columns);

/// CREATE / ALTER TABLE text: decimal literals (DEFAULT 12.50, CHECK (d > 0.5)) become strings so
/// that SQLite keeps their digits.
std::string quote_decimal_literals(std::string_view sql);

/// Words SQLite reserves that Informix accepts as table, column or alias names (table, index, …):
/// ifxlite quotes them where they are names.
bool sqlite_reserved_word(std::string_view word);

/// Keeps `text` as an SQL string literal.
std::string sql_string_literal(std::string_view text);

}  // namespace ifx::lite
