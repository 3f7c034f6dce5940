#pragma once
// SQL functions ifxlite adds to every SQLite connection so that Informix SQL runs: DBINFO, NVL,
// MATCHES (through SQLite's MATCH operator), TODAY / CURRENT, and the value checks that give the
// Informix conversion errors when a column receives a value of the wrong kind.
#include <cstdint>
#include <string>

struct sqlite3;

namespace ifx::lite {

/// Session facts DBINFO reports; owned by the engine and updated after every statement.
struct session_facts {
    std::int64_t serial = 0;     ///< sqlca.sqlerrd1: last SERIAL assigned
    std::int64_t serial8 = 0;    ///< DBINFO('serial8')
    std::int64_t bigserial = 0;  ///< DBINFO('bigserial')
    std::int64_t rows = 0;       ///< sqlca.sqlerrd2: rows processed by the last statement
    std::string database;
    std::int64_t session_id = 0;
};

/// Registers the session-independent functions (every connection to an ifxlite file needs
/// ifx_valid, which the column checks of its tables call).
bool register_functions(sqlite3* db);
/// Registers DBINFO reading `facts`, which must outlive the connection.
bool register_dbinfo(sqlite3* db, const session_facts* facts);

/// Value kinds the column checks know (the argument of ifx_valid()).
namespace check_kind {
inline constexpr int smallint = 1;
inline constexpr int integer = 2;
inline constexpr int bigint = 3;
inline constexpr int floating = 4;
inline constexpr int decimal = 5;  ///< arg = (precision << 8) | scale
inline constexpr int date = 6;
inline constexpr int datetime = 7;  ///< arg = qualifier word
inline constexpr int interval = 8;  ///< arg = qualifier word
inline constexpr int boolean = 9;
inline constexpr int blob = 10;  ///< BYTE/TEXT: only SQLite BLOBs (type-11/12 binds), else -617
}  // namespace check_kind

/// Errors raised by ifxlite's functions carry the Informix code as "ifx:<code>[:<isam>]: text".
inline constexpr const char* function_error_prefix = "ifx:";

/// Informix MATCHES: * any string, ? one character, [set] with ranges and ^, \ escapes.
bool matches(std::string_view value, std::string_view pattern);

}  // namespace ifx::lite
