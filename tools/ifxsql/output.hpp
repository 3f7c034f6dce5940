#pragma once
// Result printing: aligned tables and RFC 4180 CSV.
#include <ostream>

#include "ifx/result.hpp"

namespace ifxsql {

enum class format { table, csv };

/// Prints a result with its column names. NULL is shown as "NULL" in tables and as an empty
/// unquoted field in CSV (an empty string is written as "").
void print_result(std::ostream& out, const ifx::result& r, format f);

}  // namespace ifxsql
