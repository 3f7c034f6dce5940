#pragma once
// A statement prepared by a session (PROTOCOL.md §7.1) and, for SELECTs, its cursor state.
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "base/errors.hpp"
#include "engine/cursor_census.hpp"
#include "engine/sqlite_util.hpp"
#include "sql/sql_text.hpp"
#include "types/types.hpp"

namespace ifx::lite {

/// BYTE/TEXT content (bound as a SQLite BLOB, the only form BYTE/TEXT columns accept, §7.11).
struct blob_bytes {
    std::string bytes;
};

/// A bound parameter value (§7.5) after conversion from its wire form.
using sql_value = std::variant<std::monostate, std::int64_t, double, std::string, blob_bytes>;

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
    /// Binds of type 11/12 whose content follows in SQ_BBIND + SQ_BLOB chunks (indexes into binds).
    std::vector<std::size_t> blob_slots;
    std::string cursor_name;
    std::string routine_text;  ///< CREATE PROCEDURE / FUNCTION text, stored at execution
    /// Tables of the open database the statement reads (lower case), for lock conflicts.
    std::vector<std::string> read_tables;
    /// The Informix types of the select list as the SQL rewrite typed them (empty: unknown).
    std::vector<column_type> select_types;
    /// INSERT/UPDATE: the target's serial columns the statement draws from or moves (serials.hpp).
    std::vector<std::string> serial_columns;

    bool scroll = false;  ///< SQ_SCROLL before OPEN: the result is materialised (§7.10)
    bool hold = false;    ///< SQ_HOLD before OPEN: survives COMMIT WORK
    std::vector<std::vector<std::uint8_t>> materialised;  ///< scroll cursors: every row's tuple payload
    std::int64_t position = 0;                            ///< scroll cursors: 1-based current row

    /// A non-scroll cursor answered from `materialised` (a DIRTY READ served by another
    /// session's connection, see engine::read_uncommitted).
    bool rows_materialised = false;
    cursor_open_flag open;  ///< cursor opened and not closed (counted for its session)
    bool has_row = false;   ///< stmt is positioned on a row that has not been sent yet
    std::int64_t fetched = 0;
    /// BYTE/TEXT values of the rows sent by this cursor, addressed by the handle in their
    /// descriptors (§7.11); dropped at CLOSE, so SQ_FETCHBLOB after CLOSE is -602.
    std::vector<std::string> blobs;
    std::size_t blob_bytes = 0;       ///< total size of blobs
    std::uint32_t blobs_dropped = 0;  ///< values freed before blobs[0] (descriptors keep counting)
    /// Rows session::fetch_ahead read and encoded while the client was reading the previous
    /// fetch's reply: whole SQ_TUPLE messages from `ahead_at` on, sent before any row of stmt.
    /// `ahead_error`: stepping past the last of them failed (reported by the fetch that sends it).
    std::vector<std::uint8_t> ahead;
    std::size_t ahead_at = 0;
    std::optional<sql_error> ahead_error;

    bool returns_rows() const {
        return info.type == stmt_type::select ||
               (info.type == stmt_type::execute_procedure && !columns.empty());
    }
};

}  // namespace ifx::lite
