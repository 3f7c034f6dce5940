#include "base/errors.hpp"

#include <sqlite3.h>

#include <cctype>
#include <charconv>
#include <string>
#include <vector>

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

sql_error map_sqlite_message(int rc, std::string_view message, int error_offset) {
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
    if (primary == SQLITE_INTERRUPT) {
        e = make_error(code::interrupted);
    } else if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
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
        // A constraint (PRIMARY KEY / UNIQUE) until map_sqlite_error finds a CREATE UNIQUE INDEX.
        e = make_error(code::dup_constraint, object_after(message, prefix), isam::duplicate);
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

namespace {

std::vector<std::string> column_list(sqlite3* db, const std::string& sql, const std::string& arg) {
    std::vector<std::string> out;
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) return out;
    sqlite3_bind_text(stmt, 1, arg.c_str(), -1, SQLITE_TRANSIENT);
    while (sqlite3_step(stmt) == SQLITE_ROW) {
        std::string row;
        for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
            const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
            if (i > 0) row += '\x1f';
            row += text ? text : "";
        }
        out.push_back(std::move(row));
    }
    sqlite3_finalize(stmt);
    return out;
}

// "t.a, t.b" (the columns of a failed UNIQUE constraint): true when the unique index over exactly
// these columns was made by CREATE UNIQUE INDEX (SQLite origin 'c') rather than by a PRIMARY KEY
// or UNIQUE constraint ('pk' / 'u').
bool plain_unique_index(sqlite3* db, std::string_view failed) {
    std::string table;
    std::vector<std::string> columns;
    while (!failed.empty()) {
        const auto comma = failed.find(", ");
        const std::string_view item = failed.substr(0, comma);
        const auto dot = item.find('.');
        if (dot == std::string_view::npos) return false;
        table = std::string(item.substr(0, dot));
        columns.emplace_back(item.substr(dot + 1));
        if (comma == std::string_view::npos) break;
        failed.remove_prefix(comma + 2);
    }
    if (table.empty()) return false;
    for (const auto& row : column_list(
             db, "SELECT name, origin FROM pragma_index_list(?1) WHERE \"unique\" ORDER BY origin = 'c'",
             table)) {
        const auto sep = row.find('\x1f');
        const std::string index = row.substr(0, sep);
        const std::string origin = sep == std::string::npos ? "" : row.substr(sep + 1);
        if (column_list(db, "SELECT name FROM pragma_index_info(?1) ORDER BY seqno", index) == columns)
            return origin == "c";
    }
    return false;
}

}  // namespace

sql_error map_sqlite_error(sqlite3* db, int rc) {
    const char* msg = db ? sqlite3_errmsg(db) : nullptr;
    const int offset = db ? sqlite3_error_offset(db) : -1;
    const std::string message = msg ? msg : "";
    sql_error e = map_sqlite_message(rc, message, offset);
    constexpr std::string_view unique = "UNIQUE constraint failed: ";
    if (e.sqlcode == code::dup_constraint && starts_with(message, unique) &&
        plain_unique_index(db, std::string_view(message).substr(unique.size())))
        e.sqlcode = code::dup_index;
    return e;
}

void locate_object(sql_error& e, std::string_view sql) {
    if (e.offset != 0 || e.message.empty()) return;
    if (e.sqlcode != code::no_table && e.sqlcode != code::no_column) return;
    const auto lower = [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); };
    const auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
    const std::string_view name = e.message;
    for (std::size_t i = 0; i + name.size() <= sql.size(); ++i) {
        if (i > 0 && word(sql[i - 1])) continue;
        if (i + name.size() < sql.size() && word(sql[i + name.size()])) continue;
        bool same = true;
        for (std::size_t k = 0; k < name.size() && same; ++k) same = lower(sql[i + k]) == lower(name[k]);
        if (same) {
            e.offset = static_cast<std::int32_t>(i) + 1;
            return;
        }
    }
}

}  // namespace ifx::lite
