#pragma once
// Informix arithmetic on SQLite values: DECIMAL/MONEY values are exact text in SQLite, and SQLite's
// own operators and aggregates would turn them into doubles. The SQL rewrite (sql_rewrite.hpp)
// routes arithmetic on DECIMAL, MONEY and character operands through these functions:
//   ifx_add/ifx_sub/ifx_mul/ifx_div(a, b [, p, s]), ifx_neg(a [, p, s]): exact when an operand is
//     DECIMAL text, integer arithmetic for integers (a DECIMAL result on overflow), double
//     arithmetic when an operand is a double. With p, s (the Informix result type, s = 255 for a
//     floating DECIMAL(p)) the result is rounded to it, -1226 when it does not fit; / always
//     divides exactly (32 significant digits), -1202 for a zero divisor.
//   ifx_to_decimal(x, p, s): x as a DECIMAL(p, s) value (rounded; -1213 not a number, -1226 too
//     large); ifx_to_integer(x, kind): kind 1 SMALLINT, 2 INTEGER, 3 BIGINT (fraction dropped,
//     -1214/-1215 out of range); ifx_to_float(x).
// and replaces SQLite's sum, avg, round, abs (exact for DECIMAL text) and adds trunc, ceil, floor,
// mod, pow, power, sqrt, root, exp, logn, log10 as Informix defines them.
struct sqlite3;

namespace ifx::lite {

bool register_numeric_functions(sqlite3* db);

/// Replaces SQLite's sum and avg (also as window functions); part of register_numeric_functions.
bool register_numeric_aggregates(sqlite3* db);

}  // namespace ifx::lite
