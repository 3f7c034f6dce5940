#pragma once
// The databases under the data directory: one SQLite file per Informix database (DIR/<name>.db),
// each carrying its logging mode in a small metadata table. Shared by all sessions; thread-safe.
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/errors.hpp"
#include "catalog/locale.hpp"
#include "engine/locks.hpp"
#include "engine/sqlite_util.hpp"
#include "sql/sql_text.hpp"
#include "types/serials.hpp"

namespace ifx::lite {

class catalog {
public:
    explicit catalog(std::filesystem::path data_dir);

    /// Creates the data directory and sysmaster if missing. False with a message on failure.
    bool initialise(std::string& error);

    /// Creates a new database file with its locale (canonical, see locale.hpp); -330 if it exists or
    /// cannot be created.
    std::optional<sql_error> create(const std::string& name, log_mode mode,
                                    const std::string& locale = std::string(default_locale));
    /// Removes a database; -329 if missing, -425 while a session has it open.
    std::optional<sql_error> drop(const std::string& name);

    /// Opens a connection for a session and counts it as a user of the database; -329 if missing.
    /// Every successful open must be paired with release(name).
    std::optional<sql_error> open(const std::string& name, sqlite_db& db, log_mode& mode,
                                  std::string& locale);
    void release(const std::string& name);

    /// The lock table shared by the sessions of every database (locks.hpp).
    lock_table& locks() { return locks_; }
    /// The serial counters of every database (serials.hpp).
    serial_counters& serials() { return serials_; }

    /// Names of the existing databases, sorted.
    std::vector<std::string> list() const;

    std::filesystem::path path_of(const std::string& name) const { return dir_ / (name + ".db"); }

private:
    std::optional<sql_error> create_locked(const std::string& name, log_mode mode, const std::string& locale);
    bool refresh_sysdatabases_locked(std::string& error);

    std::filesystem::path dir_;
    mutable std::mutex mutex_;
    std::unordered_map<std::string, int> users_;
    lock_table locks_;
    serial_counters serials_;
};

/// Reads the logging mode stored in a database file (unlogged when absent).
log_mode read_log_mode(sqlite3* db);
/// Reads the locale stored in a database file (en_US.819 when absent: databases made before
/// ifxlite kept locales held ISO-8859-1 or ASCII text in practice).
std::string read_locale(sqlite3* db);

}  // namespace ifx::lite
