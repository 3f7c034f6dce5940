#include "engine/sqlite_util.hpp"

#include <string_view>

#include "functions/functions.hpp"
#include "types/decimal.hpp"
#include "wire/limits.hpp"

namespace ifx::lite {
namespace {

int decimal_collation(void*, int la, const void* a, int lb, const void* b) {
    return compare_decimal_text(std::string_view(static_cast<const char*>(a), static_cast<std::size_t>(la)),
                                std::string_view(static_cast<const char*>(b), static_cast<std::size_t>(lb)));
}

constexpr int busy_timeout_ms = 5000;

}  // namespace

sqlite_db open_sqlite(const std::string& path, bool create, std::string& error) {
    sqlite3* raw = nullptr;
    const int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX;
    const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
    sqlite_db db(raw);
    if (rc != SQLITE_OK) {
        error = raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc);
        return nullptr;
    }
    sqlite3_extended_result_codes(raw, 1);
    sqlite3_busy_timeout(raw, busy_timeout_ms);
    // A single value can never exceed what one SQ_TUPLE may carry.
    sqlite3_limit(raw, SQLITE_LIMIT_LENGTH, static_cast<int>(wire::limits::max_tuple));
    // Clients must not reach other files or corrupt the schema through SQL.
    // One slot: the engine attaches sysmaster to every other database.
    sqlite3_limit(raw, SQLITE_LIMIT_ATTACHED, 1);
    sqlite3_db_config(raw, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
    sqlite3_create_collation(raw, "ifx_decimal", SQLITE_UTF8, nullptr, decimal_collation);
    if (!register_functions(raw)) {
        error = "cannot register the ifxlite SQL functions";
        return nullptr;
    }
    // WAL with synchronous=NORMAL: a test server needs crash safety, not power-loss durability,
    // and a sync per commit makes test suites disk-bound.
    if (!exec_sql(raw, "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL", &error)) return nullptr;
    return db;
}

bool exec_sql(sqlite3* db, const char* sql, std::string* error) {
    char* message = nullptr;
    const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &message);
    if (rc != SQLITE_OK && error) *error = message ? message : sqlite3_errstr(rc);
    sqlite3_free(message);
    return rc == SQLITE_OK;
}

}  // namespace ifx::lite
