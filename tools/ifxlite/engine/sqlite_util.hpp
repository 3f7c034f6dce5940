#pragma once
// RAII owners for SQLite handles and the per-connection setup every ifxlite connection needs.
#include <memory>
#include <string>

#include <sqlite3.h>

namespace ifx::lite {

struct sqlite_closer {
    void operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
};
struct sqlite_finalizer {
    void operator()(sqlite3_stmt* s) const noexcept { sqlite3_finalize(s); }
};
using sqlite_db = std::unique_ptr<sqlite3, sqlite_closer>;
using sqlite_stmt = std::unique_ptr<sqlite3_stmt, sqlite_finalizer>;

/// Opens (or with `create`, creates) a database file and applies the connection settings:
/// busy timeout, foreign keys, the ifx_decimal collation, length limits. Null on failure, with
/// the SQLite message in `error`.
sqlite_db open_sqlite(const std::string& path, bool create, std::string& error);

/// Runs one statement without results; false (and the message in `error`) on failure.
bool exec_sql(sqlite3* db, const char* sql, std::string* error = nullptr);

}  // namespace ifx::lite
