#pragma once
// ifxlite's lock table: what IDS's row locks would be, kept per database at table granularity.
// SQLite gives one write lock per database and lets readers read a committed snapshot; IDS locks
// the rows a transaction writes until it ends, and readers under COMMITTED READ, CURSOR STABILITY
// and REPEATABLE READ that meet such a row wait or fail (SET LOCK MODE). This table records, for
// every session with an open transaction, the tables it holds the SQLite write lock for and the
// tables it has changed rows of, so the engine can decide what IDS would report. Thread-safe.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

struct sqlite3;

namespace ifx::lite {

/// A session's SQLite connection as other sessions may borrow it: DIRTY READ readers run their
/// query on the connection of the transaction whose uncommitted rows they must see. The owner
/// holds `mutex` whenever it uses the connection (a whole request group); `db` is null once the
/// connection is closed.
struct shared_connection {
    std::recursive_timed_mutex mutex;
    sqlite3* db = nullptr;
};

class lock_table {
public:
    /// What one session's open transaction holds in one database. `written` are the tables it has
    /// run writing statements on while holding SQLite's write lock ("*": any, e.g. after DDL);
    /// `rows` are the tables it has changed rows of ("*": unknown table), i.e. holds row locks in.
    struct holding {
        std::set<std::string> written;
        std::set<std::string> rows;
        std::shared_ptr<shared_connection> connection;  ///< where its uncommitted rows can be read
    };

    /// Records what `holder` holds in `database`; nullptr when its transaction ended (or never
    /// wrote). Wakes sessions waiting in wait_readable.
    void set(const std::string& database, const void* holder, const holding* held);

    /// Whether a session other than `self` holds the write lock of `database` in a transaction that
    /// wrote `table` ("*": any), i.e. whether IDS would report a lock conflict for a writer too.
    bool write_conflict(const std::string& database, const void* self, const std::string& table) const;

    /// The first of `tables` (lower case) that another session's open transaction has changed rows
    /// of, or nothing: what a locking reader would meet.
    std::optional<std::string> read_conflict(const std::string& database, const void* self,
                                             const std::vector<std::string>& tables) const;

    /// The connection of another session's open transaction that has changed rows of one of
    /// `tables`, or null: where a DIRTY READ must read them.
    std::shared_ptr<shared_connection> dirty_source(const std::string& database, const void* self,
                                                    const std::vector<std::string>& tables) const;

    /// read_conflict, waiting until it clears: `wait` < 0 forever, 0 not at all, else at most that
    /// long. Returns the table still conflicting when the wait ends (nothing: free to read).
    /// The wait also ends (with the conflict still there) once `interrupt` is set.
    std::optional<std::string> wait_readable(const std::string& database, const void* self,
                                             const std::vector<std::string>& tables,
                                             std::chrono::milliseconds wait,
                                             const std::atomic<bool>* interrupt = nullptr);

private:
    std::optional<std::string> read_conflict_locked(const std::string& database, const void* self,
                                                    const std::vector<std::string>& tables) const;

    mutable std::mutex mutex_;
    std::condition_variable released_;
    std::unordered_map<std::string, std::map<const void*, holding>> holders_;
};

}  // namespace ifx::lite
