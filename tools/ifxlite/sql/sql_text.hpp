#pragma once
// Just enough understanding of Informix SQL text for the server: statement kinds (PROTOCOL.md §6.4),
// the statements ifxlite executes itself (database and transaction control), and the rewrites that
// let SQLite store Informix column types faithfully.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ifx::lite {

struct token {
    enum class kind { word, number, string, quoted, punct } type;
    std::string_view text;
    std::size_t offset = 0;
};

/// Splits SQL into tokens, skipping whitespace and comments (--, /* */, { }).
std::vector<token> tokenize(std::string_view sql);

/// Statement types reported in SQ_DESCRIBE (§6.4).
namespace stmt_type {
inline constexpr std::int16_t database = 1;
inline constexpr std::int16_t select = 2;
inline constexpr std::int16_t update_where = 4;
inline constexpr std::int16_t delete_where = 5;
inline constexpr std::int16_t insert = 6;
inline constexpr std::int16_t lock_table = 10;
inline constexpr std::int16_t unlock_table = 11;
inline constexpr std::int16_t create_database = 12;
inline constexpr std::int16_t drop_database = 13;
inline constexpr std::int16_t create_table = 14;
inline constexpr std::int16_t drop_table = 15;
inline constexpr std::int16_t create_index = 16;
inline constexpr std::int16_t drop_index = 17;
inline constexpr std::int16_t rename_table = 20;
inline constexpr std::int16_t alter_table = 29;
inline constexpr std::int16_t update_statistics = 30;
inline constexpr std::int16_t close_database = 31;
inline constexpr std::int16_t delete_all = 32;
inline constexpr std::int16_t update_all = 33;
inline constexpr std::int16_t begin_work = 34;
inline constexpr std::int16_t commit_work = 35;
inline constexpr std::int16_t rollback_work = 36;
inline constexpr std::int16_t create_view = 40;
inline constexpr std::int16_t drop_view = 41;
inline constexpr std::int16_t create_temp_table = 45;
inline constexpr std::int16_t set_lock_mode = 46;
inline constexpr std::int16_t set_isolation = 48;
inline constexpr std::int16_t create_trigger = 70;
inline constexpr std::int16_t drop_trigger = 71;
inline constexpr std::int16_t other = 72;
inline constexpr std::int16_t rename_column = 89;
inline constexpr std::int16_t set_environment = 110;
inline constexpr std::int16_t execute_procedure = 56;
inline constexpr std::int16_t create_procedure = 53;
inline constexpr std::int16_t drop_procedure = 54;
inline constexpr std::int16_t savepoint = 159;
inline constexpr std::int16_t release_savepoint = 160;
inline constexpr std::int16_t rollback_savepoint = 161;
}  // namespace stmt_type

/// What the server does with a statement.
enum class action {
    sqlite,           ///< hand the (rewritten) text to SQLite
    create_database,  ///< handled by the catalog
    open_database,
    close_database,
    drop_database,
    begin_work,
    commit_work,
    rollback_work,
    set_lock_mode,       ///< SET LOCK MODE TO [NOT] WAIT [n]
    set_isolation,       ///< SET ISOLATION / SET TRANSACTION ISOLATION LEVEL
    set_last_committed,  ///< SET ENVIRONMENT USELASTCOMMITTED '…'
    no_op,               ///< accepted and ignored (SET ISOLATION, UPDATE STATISTICS, …)
    create_routine,      ///< CREATE PROCEDURE / FUNCTION (routines.hpp)
    drop_routine,        ///< DROP PROCEDURE / FUNCTION
    execute_routine,     ///< EXECUTE PROCEDURE / FUNCTION: expanded to SQL at PREPARE
    savepoint,           ///< SAVEPOINT name [UNIQUE]
    release_savepoint,
    rollback_savepoint,
    reset_serial,  ///< ALTER TABLE t MODIFY (c SERIAL(n), …): sets the next serial values
};

enum class log_mode { unlogged, logged, ansi };

/// Informix isolation levels (SET ISOLATION); SET TRANSACTION's READ UNCOMMITTED / READ COMMITTED /
/// REPEATABLE READ / SERIALIZABLE map to dirty_read / committed_read / repeatable_read.
enum class isolation_level { dirty_read, committed_read, last_committed, cursor_stability, repeatable_read };

/// USELASTCOMMITTED ('NONE', 'COMMITTED READ', 'DIRTY READ', 'ALL'): which levels read the last
/// committed version of a locked row instead of waiting for it.
enum class last_committed_use { none, committed_read, dirty_read, all };

/// Parses a USELASTCOMMITTED value (case-insensitive); nothing if it is none of the four.
std::optional<last_committed_use> parse_last_committed(std::string_view value);

struct classified_statement {
    std::int16_t type = stmt_type::other;
    action what = action::sqlite;
    std::string database;                ///< for database statements (lower case)
    log_mode mode = log_mode::unlogged;  ///< for CREATE DATABASE
    bool syntax_ok = true;               ///< false: a database statement with bad syntax (-201)
    std::string table;                   ///< CREATE TABLE / INSERT / UPDATE / DELETE target, lower case
    int lock_wait_ms = 0;                ///< SET LOCK MODE: 0 NOT WAIT, -1 WAIT, else the wait
    std::string savepoint;               ///< savepoint statements (lower case; empty: the latest)
    bool unique = false;                 ///< SAVEPOINT … UNIQUE
    isolation_level isolation = isolation_level::committed_read;      ///< SET ISOLATION
    last_committed_use last_committed = last_committed_use::none;     ///< SET ENVIRONMENT USELASTCOMMITTED
    std::vector<std::pair<std::string, std::int64_t>> serial_starts;  ///< reset_serial: (column, next value)
};

classified_statement classify(std::string_view sql);

/// Rewrites column types of CREATE TABLE / ALTER TABLE ADD so SQLite keeps them faithful:
/// DECIMAL/NUMERIC/MONEY become "<TYPE>_TEXT(p,s) COLLATE ifx_decimal" (exact text with numeric
/// ordering); DATETIME/INTERVAL become DATETIME_TEXT(q) / IVL_TEXT(q) (canonical text, q = the
/// qualifier word); SERIAL/SERIAL8/BIGSERIAL get "DEFAULT 0" (the serial counter replaces it);
/// typed columns get a CHECK calling ifx_valid() for Informix conversion errors. Names SQLite
/// reserves are quoted where they name columns (definitions, key and index column lists; CREATE
/// INDEX goes through here too).
std::string rewrite_ddl(std::string_view sql);

/// The SQLite column type that stores a declared Informix type faithfully (see rewrite_ddl), and
/// the CHECK clause that gives Informix conversion errors for values the type cannot hold.
std::string storage_type(std::string_view declared);
std::string column_check(std::string_view column, std::string_view declared);

/// The top-level items of a SELECT list (expression text), or empty if the statement is not a
/// simple SELECT; used to type expression columns.
std::vector<std::string_view> select_items(std::string_view sql);

/// True for a valid Informix database name (letters, digits, _ and $, starting with a letter or _).
bool valid_database_name(std::string_view name);

}  // namespace ifx::lite
