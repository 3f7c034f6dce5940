#pragma once
// SERIAL, SERIAL8 and BIGSERIAL counters as IDS keeps them: one per column, the next value is
// counter + 1 (0 or an omitted column draws it), an explicit value above the counter moves the
// counter, DELETE never lowers it, SERIAL(n) / ALTER TABLE … MODIFY (c SERIAL(n)) set where it
// starts. The counters live in memory (shared by every session of the server, O(1) per row) and
// are written to the table _ifxlite_serials of the database with every statement that moved
// them, in that statement's transaction, so they survive a restart. Loading takes the larger of the
// stored value and the column's maximum (a database written before the table existed).
//
// SQL: ifx_serial(table, column, type, value, mode) is registered per session connection
// (register_serial_function); mode 0 stores an INSERT's value (0 draws the next one), mode 1 an
// UPDATE's (moves the counter only). The SQL rewrite (sql_rewrite.hpp) wraps the values.
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

struct sqlite3;

namespace ifx::lite {

struct session_facts;

class serial_counters {
public:
    struct counter {
        std::mutex mutex;
        bool loaded = false;
        std::int64_t value = 0;      ///< the last value drawn or seen
        std::int64_t persisted = 0;  ///< what _ifxlite_serials holds (as far as this process knows)
        bool temporary = false;      ///< a TEMP table's: kept in memory only
    };

    /// The counter of database.table.column (names compared in lower case); never null.
    std::shared_ptr<counter> get(const std::string& database, const std::string& table,
                                 const std::string& column);
    /// Forgets the counters of a table (DDL changed or dropped it; they are loaded again).
    void forget(const std::string& database, const std::string& table);
    void forget_database(const std::string& database);

private:
    std::mutex mutex_;
    std::map<std::tuple<std::string, std::string, std::string>, std::shared_ptr<counter>> counters_;
};

/// The session side of the counters: what ifx_serial needs, owned by the engine.
struct serial_session {
    serial_counters* counters = nullptr;
    std::string database;
    session_facts* facts = nullptr;
    /// Set by ifx_serial when it stores an INSERT's value; the engine resets them before each statement.
    bool assigned_serial = false, assigned_serial8 = false, assigned_bigserial = false;
    std::int64_t last_serial = 0, last_serial8 = 0, last_bigserial = 0;
    /// Counters the running statement moved (written back after it).
    std::vector<std::shared_ptr<serial_counters::counter>> touched;
    std::vector<std::pair<std::string, std::string>> touched_names;  ///< (table, column) of touched
};

/// Registers ifx_serial on a session's connection; `session` must outlive the connection.
bool register_serial_function(sqlite3* db, serial_session* session);

/// Loads the counters of `table`'s `columns` (a no-op for loaded ones) through `db`: the stored
/// value or the column's maximum, whichever is larger (at least `start` - 1 from SERIAL(start)).
bool load_serials(sqlite3* db, serial_session& session, const std::string& table,
                  const std::vector<std::string>& columns);

/// Writes the counters the last statement moved to _ifxlite_serials (in the current transaction).
bool store_serials(sqlite3* db, serial_session& session);

/// CREATE TABLE with SERIAL(start) columns: records start - 1 as the stored counter.
bool create_serials(sqlite3* db, serial_session& session, const std::string& table);

/// ALTER TABLE t MODIFY (c SERIAL(n)): the next value becomes n when n exceeds the column's current
/// maximum (otherwise nothing changes, as on IDS).
bool reset_serial(sqlite3* db, serial_session& session, const std::string& table, const std::string& column,
                  std::int64_t next);

/// DROP TABLE: its stored counters go too.
bool drop_serials(sqlite3* db, serial_session& session, const std::string& table);

}  // namespace ifx::lite
