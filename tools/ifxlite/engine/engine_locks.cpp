// Lock waits and conflicts: how the engine waits for, and reports, what IDS row locks would block.

#include "engine/engine.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <limits>
#include <thread>

#include "base/log.hpp"
#include "catalog/syscatalog.hpp"
#include "engine/engine_detail.hpp"
#include "functions/text_functions.hpp"
#include "sql/dialect.hpp"
#include "sql/expr_type.hpp"
#include "sql/sql_rewrite.hpp"

namespace ifx::lite {

using engine_detail::iequals;
using engine_detail::is_dml;
using engine_detail::max_scroll_bytes;
using engine_detail::write_target;

namespace {

// SQLite's write lock covers the whole database; IDS's row locks only the rows written. When another
// session holds it without a lock IDS would report (a statement in progress, or a transaction that
// wrote other tables), it is waited for like a latch: at most this long, or as long as SET LOCK MODE
// TO WAIT n allows if that is longer; then the statement fails as on a locked row (-271 / -244,
// ISAM -107 or -154).
constexpr auto latch_wait = std::chrono::milliseconds(250);

enum class access_path { sequential, index, rowid };

// How SQLite's plan reads `table`: a plain SCAN is IDS's sequential scan, anything USING an index
// (or the primary key) an index read, and a lookup by rowid that the statement names itself
// positioning within the table.
access_path plan_access(sqlite3* db, sqlite3_stmt* stmt, const std::string& table) {
    const char* text = sqlite3_sql(stmt);
    if (!text) return access_path::sequential;
    const std::string sql = text;
    std::map<std::string, std::string> alias_of;  // plan name (lower case) → table
    for (const from_table& f : from_tables(sql)) {
        std::string alias = f.alias.empty() ? f.table : f.alias;
        std::transform(alias.begin(), alias.end(), alias.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        alias_of[alias] = f.table;
    }
    bool names_rowid = false;
    for (const token& t : tokenize(sql))
        if (t.type == token::kind::word && iequals(t.text, "rowid")) names_rowid = true;
    sqlite3_stmt* raw = nullptr;
    const std::string explain = "EXPLAIN QUERY PLAN " + sql;
    if (sqlite3_prepare_v2(db, explain.c_str(), -1, &raw, nullptr) != SQLITE_OK)
        return access_path::sequential;
    sqlite_stmt plan(raw);
    while (sqlite3_step(raw) == SQLITE_ROW) {
        const auto* detail = reinterpret_cast<const char*>(sqlite3_column_text(raw, 3));
        if (!detail) continue;
        std::string_view d = detail;
        if (d.starts_with("SCAN "))
            d.remove_prefix(5);
        else if (d.starts_with("SEARCH "))
            d.remove_prefix(7);
        else
            continue;
        std::string name(d.substr(0, d.find(' ')));
        std::transform(name.begin(), name.end(), name.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        if (const auto it = alias_of.find(name); it != alias_of.end()) name = it->second;
        if (!iequals(name, table)) continue;
        if (d.find(" USING INTEGER PRIMARY KEY") != std::string_view::npos)
            return names_rowid ? access_path::rowid : access_path::index;
        return d.find(" USING ") != std::string_view::npos ? access_path::index : access_path::sequential;
    }
    return access_path::sequential;
}

}  // namespace

void engine::apply_lock_wait(int milliseconds) {
    lock_wait_ms_ = milliseconds;
    if (db_) sqlite3_busy_handler(db_.get(), &engine::on_busy, this);
}

int engine::on_busy(void* self, int count) {
    auto* e = static_cast<engine*>(self);
    const auto now = std::chrono::steady_clock::now();
    if (count == 0) e->busy_since_ = now;
    if (e->interrupted()) return 0;
    const auto waited = now - e->busy_since_;
    const bool conflict = e->catalog_.locks().write_conflict(e->db_name_, e, e->busy_table_);
    bool wait = false;
    if (e->lock_wait_ms_ < 0)
        wait = true;  // SET LOCK MODE TO WAIT: until the lock is free
    else if (conflict)
        wait = waited < std::chrono::milliseconds(e->lock_wait_ms_);
    else
        wait = waited <
               std::max<std::chrono::milliseconds>(latch_wait, std::chrono::milliseconds(e->lock_wait_ms_));
    if (wait) std::this_thread::sleep_for(std::chrono::milliseconds(count < 10 ? 1 : 5));
    return wait ? 1 : 0;
}

int engine::on_progress(void* self) {
    return static_cast<engine*>(self)->interrupted() ? 1 : 0;
}

void engine::note_lock_state(const statement* st, std::int64_t rows_changed) {
    if (db_name_.empty()) return;
    const bool holds = db_ && in_tx_ && sqlite3_txn_state(db_.get(), "main") == SQLITE_TXN_WRITE;
    if (!holds) {
        tx_tables_.clear();
        tx_rows_.clear();
        catalog_.locks().set(db_name_, this, nullptr);
        return;
    }
    if (st && st->info.type != stmt_type::select) tx_tables_.insert(write_target(*st));
    // IDS locks the rows a statement changes until the transaction ends (DDL: see README).
    if (st && is_dml(st->info.type) && rows_changed > 0) tx_rows_.insert(write_target(*st));
    if (st && st->info.type == stmt_type::execute_procedure && rows_changed > 0)
        tx_rows_.insert(st->info.table.empty() ? std::string("*") : st->info.table);
    const lock_table::holding held{tx_tables_, tx_rows_, share_};
    catalog_.locks().set(db_name_, this, &held);
}

isolation_level engine::effective_isolation() const {
    return isolation_.value_or(mode_ == log_mode::ansi ? isolation_level::repeatable_read
                                                       : isolation_level::committed_read);
}

// A transaction that has only read holds an SQLite read snapshot (a PREPARE inside BEGIN WORK reads
// the table's columns, so nearly every transaction does). Its first write must upgrade that snapshot,
// and SQLite refuses at once, without the busy handler, while another session writes or after it has
// committed: without this, two sessions running BEGIN / INSERT / COMMIT side by side fail with -271
// even under WAIT n. IDS has row locks, not snapshots: under COMMITTED READ and below, a transaction
// that has written nothing may start again from the latest data without changing what it is allowed
// to see, provided no cursor of the session still reads the old snapshot and no savepoint marks it.
// The retry then waits for the write lock as the lock mode says. REPEATABLE READ keeps its snapshot
// (on IDS the other writer would have met this reader's share locks): the lock error stands.
bool engine::renew_read_snapshot(sqlite3_stmt* current) {
    if (!in_tx_ || !savepoints_.empty() || sqlite3_txn_state(db_.get(), "main") != SQLITE_TXN_READ)
        return false;
    const isolation_level level = effective_isolation();
    if (level == isolation_level::repeatable_read) return false;
    for (sqlite3_stmt* s = sqlite3_next_stmt(db_.get(), nullptr); s; s = sqlite3_next_stmt(db_.get(), s))
        if (s != current && sqlite3_stmt_busy(s)) return false;
    sqlite3_reset(current);
    if (exec_sql(db_.get(), "ROLLBACK; BEGIN")) return true;
    in_tx_ = sqlite3_get_autocommit(db_.get()) == 0;
    return false;
}

bool engine::reads_wait_for_locks() const {
    if (mode_ == log_mode::unlogged) return false;
    const isolation_level level = effective_isolation();
    switch (level) {
        case isolation_level::dirty_read:
        case isolation_level::last_committed:
            return false;
        case isolation_level::committed_read:
            return last_committed_ != last_committed_use::committed_read &&
                   last_committed_ != last_committed_use::all;
        default:
            return true;
    }
}

std::optional<sql_error> engine::await_read_locks(const statement& st) {
    if (st.read_tables.empty() || !st.stmt || !sqlite3_stmt_readonly(st.stmt.get()) ||
        !reads_wait_for_locks())
        return std::nullopt;
    const auto table = catalog_.locks().wait_readable(db_name_, this, st.read_tables,
                                                      std::chrono::milliseconds(lock_wait_ms_), interrupt_);
    if (interrupted()) return make_error(code::interrupted);
    if (!table) return std::nullopt;
    return conflict_error(st, *table);
}

bool engine::reads_uncommitted() const {
    return mode_ != log_mode::unlogged && isolation_ == isolation_level::dirty_read &&
           last_committed_ != last_committed_use::dirty_read && last_committed_ != last_committed_use::all;
}

std::optional<sql_error> engine::read_uncommitted(statement& st, dirty_read_by reader, exec_result* result,
                                                  bool& served) {
    served = false;
    if (st.read_tables.empty() || !st.stmt || !sqlite3_stmt_readonly(st.stmt.get()) || !reads_uncommitted())
        return std::nullopt;
    const auto source = catalog_.locks().dirty_source(db_name_, this, st.read_tables);
    if (!source) return std::nullopt;
    // The owner runs whole request groups under this lock, so its connection is idle here; it
    // cannot be waiting for this session (it holds the write lock, so nobody holds rows it reads).
    // A DIRTY READ never waits for a lock: while the owner runs a statement for longer than a
    // latch wait, the reader reads the committed rows instead (as if it had read before the
    // owner's change).
    std::unique_lock lock(source->mutex, std::defer_lock);
    const auto deadline = std::chrono::steady_clock::now() + latch_wait;
    while (!lock.try_lock_for(std::chrono::milliseconds(20))) {
        if (interrupted()) return make_error(code::interrupted);
        if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    }
    if (!source->db) return std::nullopt;  // ended meanwhile: its rows are committed or gone
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(source->db, sqlite3_sql(st.stmt.get()), -1, &raw, nullptr) != SQLITE_OK)
        return std::nullopt;  // e.g. a temporary table of this session: read what it can see
    sqlite_stmt other(raw);
    if (auto e = bind_all(st, raw)) return e;
    served = true;
    int rc = sqlite3_step(raw);
    if (reader == dirty_read_by::statement) {
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) return map_sqlite_error(source->db, rc);
        if (result && rc == SQLITE_ROW) result->rows = 1;
        return std::nullopt;
    }
    st.open.set(facts_.session_id);
    st.fetched = 0;
    st.rows_materialised = true;
    std::size_t total = 0;
    for (; rc == SQLITE_ROW; rc = sqlite3_step(raw)) {
        std::vector<std::uint8_t> payload;
        if (auto e = encode_columns(st, raw, payload)) return e;
        total += payload.size() + 16;
        if (total > max_scroll_bytes) return make_error(code::out_of_memory);
        st.materialised.push_back(std::move(payload));
    }
    if (rc != SQLITE_DONE) return map_sqlite_error(source->db, rc);
    return std::nullopt;
}

sql_error engine::conflict_error(const statement& st, const std::string& table) const {
    const std::int16_t isam_code = lock_wait_ms_ == 0 ? isam::record_locked : isam::lock_timeout;
    switch (plan_access(db_.get(), st.stmt.get(), table)) {
        case access_path::index:
            return make_error(code::lock_index_read, {}, isam_code);
        case access_path::rowid:
            return make_error(code::lock_position, table, isam_code);
        default:
            return make_error(code::lock_read, {}, isam_code);
    }
}

// SQLite reports a busy database; Informix a locked row: ISAM -107 without waiting, -154 after.
sql_error engine::lock_error(sql_error e, std::int16_t statement_type) const {
    if (e.sqlcode != code::lock_read) return e;
    e.isam = lock_wait_ms_ == 0 ? isam::record_locked : isam::lock_timeout;
    if (statement_type == stmt_type::insert) e.sqlcode = code::insert_failed;
    return e;
}

}  // namespace ifx::lite
