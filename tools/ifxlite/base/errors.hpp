#pragma once
// Informix SQLCODE/ISAM codes that ifxlite emits, and the mapping of SQLite failures onto them.
#include <cstdint>
#include <string>
#include <string_view>

struct sqlite3;

namespace ifx::lite {

/// One SQ_ERR worth of information (PROTOCOL.md §8.5): the message is the parameter substituted
/// into the Informix text (an object name or empty), never the text itself.
struct sql_error {
    std::int16_t sqlcode = 0;
    std::int16_t isam = 0;
    std::int32_t offset = 0;
    std::string message;
};

namespace code {
inline constexpr std::int16_t syntax = -201;
inline constexpr std::int16_t illegal_character = -202;  ///< character not valid in the database code set
inline constexpr std::int16_t no_table = -206;
inline constexpr std::int16_t no_column = -217;
inline constexpr std::int16_t values_mismatch = -236;
inline constexpr std::int16_t dup_index = -239;
inline constexpr std::int16_t lock_position = -243;    ///< could not position within a table
inline constexpr std::int16_t lock_read = -244;        ///< could not do a physical-order read
inline constexpr std::int16_t lock_index_read = -245;  ///< could not position within a file via an index
inline constexpr std::int16_t insert_failed = -271;
inline constexpr std::int16_t host_vars = -254;
inline constexpr std::int16_t not_in_tx = -255;
inline constexpr std::int16_t tx_unavailable = -256;
inline constexpr std::int16_t bad_statement_id = -258;
inline constexpr std::int16_t dup_constraint = -268;
inline constexpr std::int16_t table_exists = -310;
inline constexpr std::int16_t index_exists = -316;
inline constexpr std::int16_t ambiguous_column = -324;
inline constexpr std::int16_t no_database = -329;
inline constexpr std::int16_t create_db_failed = -330;
inline constexpr std::int16_t no_db_selected = -349;
inline constexpr std::int16_t cursor_not_select = -363;
inline constexpr std::int16_t close_db_in_tx = -377;
inline constexpr std::int16_t null_into_not_null = -391;
inline constexpr std::int16_t fetch_unopen = -400;
inline constexpr std::int16_t blob_not_available = -602;
inline constexpr std::int16_t blob_literal = -617;
inline constexpr std::int16_t routine_exists = -673;  ///< grade C
inline constexpr std::int16_t not_implemented = -999;
inline constexpr std::int16_t bad_lob = -9810;  ///< invalid smart-LOB descriptor / locator (grade C)
inline constexpr std::int16_t db_in_use = -425;
inline constexpr std::int16_t non_scroll = -482;
inline constexpr std::int16_t check_failed = -530;
inline constexpr std::int16_t already_in_tx = -535;
inline constexpr std::int16_t routine_unresolved = -674;
inline constexpr std::int16_t missing_parent_key = -691;
inline constexpr std::int16_t explicit_db_connection = -759;
inline constexpr std::int16_t server_name = -761;
inline constexpr std::int16_t protocol_error = -929;  ///< "SQLI Protocol Error. Session terminated."
inline constexpr std::int16_t unknown_user = -951;
inline constexpr std::int16_t bad_password = -952;
inline constexpr std::int16_t char_to_numeric = -1213;
inline constexpr std::int16_t smallint_overflow = -1214;
inline constexpr std::int16_t integer_overflow = -1215;
inline constexpr std::int16_t decimal_overflow = -1226;
inline constexpr std::int16_t bad_date = -1218;
inline constexpr std::int16_t divide_by_zero = -1202;
/// A math function outside its domain or beyond a double (SQRT of a negative, LOGN of 0): IDS's
/// code for it is in no source we have (grade C); ifxlite reports the numeric overflow.
inline constexpr std::int16_t math_domain = -1226;
inline constexpr std::int16_t interrupted = -213;  ///< statement interrupted (client gone, shutdown)
inline constexpr std::int16_t no_conversion = -1260;
inline constexpr std::int16_t out_of_memory = -208;
inline constexpr std::int16_t locale_unavailable =
    -23101;  ///< unsupported DB_LOCALE at CREATE DATABASE (grade C)
}  // namespace code

namespace isam {
inline constexpr std::int16_t duplicate = -100;
inline constexpr std::int16_t no_record = -111;
inline constexpr std::int16_t lock_timeout = -154;
inline constexpr std::int16_t record_locked = -107;
}  // namespace isam

inline sql_error make_error(std::int16_t sqlcode, std::string message = {}, std::int16_t isam_code = 0) {
    return sql_error{sqlcode, isam_code, 0, std::move(message)};
}

/// Maps the last error of `db` (result code `rc` from prepare/step) to an Informix error. Unique
/// violations are -268 for PRIMARY KEY / UNIQUE constraints and -239 for CREATE UNIQUE INDEX
/// indexes (both with ISAM -100), as IDS reports them.
sql_error map_sqlite_error(sqlite3* db, int rc);

/// The same mapping from a result code and message text alone (unit-testable; unique violations
/// are reported as constraint violations, -268).
sql_error map_sqlite_message(int rc, std::string_view message, int error_offset);

/// -206/-217 without an offset: the 1-based position of the object name (whole word, any case) in
/// the client's statement text, as IDS reports it (grade C).
void locate_object(sql_error& e, std::string_view sql);

}  // namespace ifx::lite
