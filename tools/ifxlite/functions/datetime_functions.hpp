#pragma once
// Informix DATE, DATETIME and INTERVAL functions and arithmetic on SQLite values (DATEs are ISO
// text 'YYYY-MM-DD', DATETIMEs and INTERVALs the canonical text of their qualifier, datetime.hpp).
// Qualifiers travel as their §9.4 words; the SQL rewrite (sql_rewrite.hpp) supplies them:
//   MDY(m, d, y), DAY(x), MONTH(x), YEAR(x), WEEKDAY(x) (0 = Sunday), DATE(x), QUARTER(x),
//   ifx_extend(x, from_word, to_word) (EXTEND; from_word 0: a DATE or a YEAR-first DATETIME),
//   ifx_units(n, unit) (n UNITS unit: an INTERVAL unit(9) TO unit),
//   ifx_date_add(date, days), ifx_date_diff(date, date) (DATE ± integer, DATE − DATE),
//   ifx_dt_add(dt, dt_word, iv, iv_word, sign) (DATETIME or DATE ± INTERVAL),
//   ifx_dt_diff(a, a_word, b, b_word, result_word) (DATETIME − DATETIME: an INTERVAL),
//   ifx_iv_add(a, a_word, b, b_word, sign, result_word), ifx_iv_scale(iv, word, factor, divide),
//   TO_CHAR(x [, format]), TO_DATE(text, format) (Informix GL_DATETIME directives: %Y %y %m %d
//   %e %H %I %M %S %F[n] %p %b %B %h %a %A %j %% …; numbers take the masks of number_format.hpp),
//   ROUND/TRUNC of DATE and DATETIME values.
#include <sqlite3.h>

#include "types/decimal.hpp"

namespace ifx::lite {

bool register_datetime_functions(sqlite3* db);

/// ROUND / TRUNC (x, 'DD' | 'DAY' | 'MONTH' | 'YEAR' | 'HH' | 'MI') for DATE and DATETIME values:
/// false (nothing done) when the arguments are not of that form, for numeric rounding.
bool round_datetime_value(sqlite3_context* ctx, int argc, sqlite3_value** argv, digit_cut how);

}  // namespace ifx::lite
