#include "errors.hpp"

#include <sqlite3.h>

#include <charconv>

namespace ifx::lite {
namespace {

bool starts_with(std::string_view s, std::string_view prefix) {
    return s.substr(0, prefix.size()) == prefix;
}

// "no such table: main.t" → "t": Informix reports the bare object name.
std::string object_after(std::string_view message, std::string_view prefix) {
    std::string_view name = message.substr(prefix.size());
    if (starts_with(name, "main.")) name.remove_prefix(5);
    return std::string(name);
}

// "table t already exists" → "t"
std::string object_between(std::string_view message, std::string_view prefix, std::string_view suffix) {
    std::string_view name = message.substr(prefix.size());
    const auto end = name.rfind(suffix);
    if (end != std::string_view::npos) name = name.substr(0, end);
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"') name = name.substr(1, name.size() - 2);
    return std::string(name);
}

}  // namespace

sql_error map_sqlite_message(int rc, std::string_view message, int error_offset, bool logged) {
    const int primary = rc & 0xff;
    sql_error e;
    if (starts_with(message, "ifx:")) {
        // Raised by ifxlite's own SQL functions: "ifx:<sqlcode>: <parameter>".
        int sqlcode = 0;
        const auto rest = message.substr(4);
        const auto [p, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), sqlcode);
        if (ec == std::errc{} && sqlcode < 0 && sqlcode >= -32768) {
            std::string_view parameter(p, static_cast<std::size_t>(rest.data() + rest.size() - p));
            if (starts_with(parameter, ": ")) parameter.remove_prefix(2);
            return make_error(static_cast<std::int16_t>(sqlcode), std::string(parameter));
        }
    }
    if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
        e = make_error(code::lock_read, {}, isam::lock_timeout);
    } else if (starts_with(message, "no such table: ")) {
        e = make_error(code::no_table, object_after(message, "no such table: "), isam::no_record);
    } else if (starts_with(message, "no such column: ")) {
        e = make_error(code::no_column, object_after(message, "no such column: "));
    } else if (starts_with(message, "ambiguous column name: ")) {
        e = make_error(code::ambiguous_column, object_after(message, "ambiguous column name: "));
    } else if (starts_with(message, "no such function: ")) {
        e = make_error(code::routine_unresolved, object_after(message, "no such function: "));
    } else if (starts_with(message, "table ") && message.ends_with(" already exists")) {
        e = make_error(code::table_exists, object_between(message, "table ", " already exists"));
    } else if (starts_with(message, "view ") && message.ends_with(" already exists")) {
        e = make_error(code::table_exists, object_between(message, "view ", " already exists"));
    } else if (starts_with(message, "index ") && message.ends_with(" already exists")) {
        e = make_error(code::index_exists, object_between(message, "index ", " already exists"));
    } else if (message.find(" values for ") != std::string_view::npos ||
               message.find(" values were supplied") != std::string_view::npos) {
        e = make_error(code::values_mismatch);
    } else if (starts_with(message, "NOT NULL constraint failed: ")) {
        e = make_error(code::null_into_not_null, object_after(message, "NOT NULL constraint failed: "));
    } else if (starts_with(message, "UNIQUE constraint failed: ") ||
               starts_with(message, "PRIMARY KEY constraint failed")) {
        const std::string_view prefix =
            starts_with(message, "UNIQUE") ? "UNIQUE constraint failed: " : "PRIMARY KEY constraint failed";
        e = make_error(logged ? code::dup_logged : code::dup_unlogged, object_after(message, prefix),
                       isam::duplicate);
    } else if (starts_with(message, "CHECK constraint failed: ")) {
        e = make_error(code::check_failed, object_after(message, "CHECK constraint failed: "));
    } else if (starts_with(message, "FOREIGN KEY constraint failed")) {
        e = make_error(code::missing_parent_key);
    } else if (primary == SQLITE_NOMEM || primary == SQLITE_TOOBIG) {
        e = make_error(code::out_of_memory);
    } else {
        // Syntax errors and everything SQLite rejects at prepare time (unsupported syntax included).
        e = make_error(code::syntax);
    }
    // Informix offsets are 1-based positions in the statement text (grade C).
    if (error_offset >= 0) e.offset = error_offset + 1;
    return e;
}

sql_error map_sqlite_error(sqlite3* db, int rc, bool logged) {
    const char* msg = db ? sqlite3_errmsg(db) : nullptr;
    const int offset = db ? sqlite3_error_offset(db) : -1;
    return map_sqlite_message(rc, msg ? std::string_view(msg) : std::string_view{}, offset, logged);
}

}  // namespace ifx::lite
