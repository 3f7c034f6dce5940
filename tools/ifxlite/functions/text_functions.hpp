#pragma once
// Informix character functions where SQLite's differ or are missing, counting characters in the
// database code set (ISO-8859-1: one byte each; UTF-8):
//   LENGTH(x) bytes without trailing blanks; CHAR_LENGTH / CHARACTER_LENGTH(x [, n]) characters and
//   OCTET_LENGTH(x [, n]) bytes, both with trailing blanks (n: the declared CHAR(n) length, since
//   ifxlite stores CHAR values without their padding); ifx_trim(x, mode, pad) for TRIM([BOTH |
//   LEADING | TRAILING] [pad] FROM x) (mode 0 both, 1 leading, 2 trailing); ifx_substring(x,
//   start [, length]) for SUBSTRING(x FROM start [FOR length]) (SQL's rule for start < 1);
//   SUBSTR(x, start [, length]) (a negative start counts from the end); INITCAP; REPLACE(x, old
//   [, new]); LPAD / RPAD(x, n [, pad]); DECODE(x, v1, r1, … [, default]) (NULL matches NULL).
#include <sqlite3.h>

#include "catalog/locale.hpp"

namespace ifx::lite {

bool register_text_functions(sqlite3* db, codeset cs);

}  // namespace ifx::lite
