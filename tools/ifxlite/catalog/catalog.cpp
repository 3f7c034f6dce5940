#include "catalog/catalog.hpp"

#include <algorithm>
#include <system_error>

#include "catalog/syscatalog.hpp"

namespace ifx::lite {
namespace {

const char* mode_text(log_mode mode) {
    switch (mode) {
        case log_mode::logged:
            return "logged";
        case log_mode::ansi:
            return "ansi";
        default:
            return "unlogged";
    }
}

}  // namespace

catalog::catalog(std::filesystem::path data_dir) : dir_(std::move(data_dir)) {}

bool catalog::initialise(std::string& error) {
    std::error_code ec;
    std::filesystem::create_directories(dir_, ec);
    if (ec) {
        error = "cannot create data directory " + dir_.string() + ": " + ec.message();
        return false;
    }
    std::lock_guard lock(mutex_);
    if (!std::filesystem::exists(path_of("sysmaster"))) {
        if (auto e = create_locked("sysmaster", log_mode::logged, std::string(default_locale))) {
            error = "cannot create sysmaster";
            return false;
        }
    }
    sqlite_db db = open_sqlite(path_of("sysmaster").string(), false, error);
    if (!db || !init_sysmaster(db.get(), error)) return false;
    return refresh_sysdatabases_locked(error);
}

bool catalog::refresh_sysdatabases_locked(std::string& error) {
    sqlite_db db = open_sqlite(path_of("sysmaster").string(), false, error);
    if (!db) return false;
    std::vector<database_entry> entries;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir_, ec)) {
        const auto& p = entry.path();
        if (p.extension() != ".db" || !valid_database_name(p.stem().string())) continue;
        std::string ignored;
        sqlite_db other = open_sqlite(p.string(), false, ignored);
        if (!other) continue;
        const log_mode mode = read_log_mode(other.get());
        entries.push_back({p.stem().string(),
                           mode == log_mode::unlogged ? 0
                           : mode == log_mode::logged ? 1
                                                      : 2,
                           read_locale(other.get())});
    }
    std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    return write_sysdatabases(db.get(), entries, error);
}

std::optional<sql_error> catalog::create(const std::string& name, log_mode mode, const std::string& locale) {
    std::lock_guard lock(mutex_);
    auto e = create_locked(name, mode, locale);
    std::string ignored;
    if (!e && name != "sysmaster") refresh_sysdatabases_locked(ignored);
    return e;
}

std::optional<sql_error> catalog::create_locked(const std::string& name, log_mode mode,
                                                const std::string& locale) {
    const auto path = path_of(name);
    if (std::filesystem::exists(path)) return make_error(code::create_db_failed, name);
    std::string error;
    sqlite_db db = open_sqlite(path.string(), true, error);
    if (!db) return make_error(code::create_db_failed, name);
    const std::string setup = std::string(
                                  "PRAGMA journal_mode = WAL;"
                                  "CREATE TABLE _ifxlite_meta (key TEXT PRIMARY KEY, value TEXT);"
                                  "INSERT INTO _ifxlite_meta VALUES ('log_mode', '") +
                              mode_text(mode) + "'), ('locale', '" + locale + "');";
    if (!exec_sql(db.get(), setup.c_str(), &error) || !sync_system_catalog(db.get(), "informix", error)) {
        db.reset();
        std::error_code ec;
        std::filesystem::remove(path, ec);
        return make_error(code::create_db_failed, name);
    }
    return std::nullopt;
}

std::optional<sql_error> catalog::drop(const std::string& name) {
    std::lock_guard lock(mutex_);
    const auto path = path_of(name);
    if (!std::filesystem::exists(path)) return make_error(code::no_database, name, isam::no_record);
    if (auto it = users_.find(name); it != users_.end() && it->second > 0)
        return make_error(code::db_in_use, name);
    std::error_code ec;
    std::filesystem::remove(path, ec);
    std::filesystem::remove(path.string() + "-wal", ec);
    std::filesystem::remove(path.string() + "-shm", ec);
    serials_.forget_database(name);
    std::string ignored;
    refresh_sysdatabases_locked(ignored);
    return std::nullopt;
}

std::optional<sql_error> catalog::open(const std::string& name, sqlite_db& db, log_mode& mode,
                                       std::string& locale) {
    std::lock_guard lock(mutex_);
    const auto path = path_of(name);
    if (!valid_database_name(name) || !std::filesystem::exists(path))
        return make_error(code::no_database, name, isam::no_record);
    std::string error;
    db = open_sqlite(path.string(), false, error);
    if (!db) return make_error(code::no_database, name, isam::no_record);
    mode = read_log_mode(db.get());
    locale = read_locale(db.get());
    ++users_[name];
    return std::nullopt;
}

void catalog::release(const std::string& name) {
    std::lock_guard lock(mutex_);
    if (auto it = users_.find(name); it != users_.end() && --it->second <= 0) users_.erase(it);
}

std::vector<std::string> catalog::list() const {
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir_, ec)) {
        const auto& p = entry.path();
        if (p.extension() == ".db" && valid_database_name(p.stem().string()))
            names.push_back(p.stem().string());
    }
    std::sort(names.begin(), names.end());
    return names;
}

log_mode read_log_mode(sqlite3* db) {
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT value FROM _ifxlite_meta WHERE key = 'log_mode'", -1, &raw, nullptr) !=
        SQLITE_OK)
        return log_mode::unlogged;
    sqlite_stmt stmt(raw);
    if (sqlite3_step(raw) != SQLITE_ROW) return log_mode::unlogged;
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(raw, 0));
    const std::string_view value = text ? text : "";
    if (value == "logged") return log_mode::logged;
    if (value == "ansi") return log_mode::ansi;
    return log_mode::unlogged;
}

}  // namespace ifx::lite

namespace ifx::lite {

std::string read_locale(sqlite3* db) {
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT value FROM _ifxlite_meta WHERE key = 'locale'", -1, &raw, nullptr) !=
        SQLITE_OK)
        return std::string(default_locale);
    sqlite_stmt stmt(raw);
    if (sqlite3_step(raw) != SQLITE_ROW) return std::string(default_locale);
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(raw, 0));
    const auto canonical = canonical_locale(text ? text : "");
    return canonical ? *canonical : std::string(default_locale);
}

}  // namespace ifx::lite
