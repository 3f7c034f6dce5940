// Running statements: the ones ifxlite carries out itself, and those SQLite runs (binds, steps,
// SERIAL counters).

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
using engine_detail::write_target;

std::optional<sql_error> engine::execute(statement& st, exec_result& result) {
    busy_table_ = write_target(st);
    auto e = st.info.what == action::sqlite ? run_sqlite(st, result) : run_builtin(st, result);
    std::int64_t changed = e ? 0 : result.rows;
    if (st.info.type == stmt_type::execute_procedure)  // a routine whose body writes (rows not reported)
        changed = !e && st.stmt && !sqlite3_stmt_readonly(st.stmt.get()) ? sqlite3_changes64(db_.get()) : 0;
    note_lock_state(&st, changed);
    busy_table_ = "*";
    return e;
}

std::optional<sql_error> engine::run_builtin(statement& st, exec_result& result) {
    const classified_statement& info = st.info;
    switch (info.what) {
        case action::create_database: {
            if (in_tx_) return make_error(code::close_db_in_tx);
            // The new database takes the creating client's DB_LOCALE (IDS default en_US.819).
            const auto locale =
                canonical_locale(requested_locale_.empty() ? default_locale : requested_locale_);
            if (!locale) return make_error(code::locale_unavailable, requested_locale_);
            if (auto e = catalog_.create(info.database, info.mode, *locale)) return e;
            return open_database(info.database, result);
        }
        case action::open_database:
            return open_database(info.database, result);
        case action::close_database:
            return close_database();
        case action::drop_database:
            if (db_ && db_name_ == info.database) return make_error(code::db_in_use, info.database);
            return catalog_.drop(info.database);
        case action::begin_work:
            return begin_work();
        case action::commit_work:
            return commit_work();
        case action::rollback_work:
            return rollback_work();
        case action::set_lock_mode:
            apply_lock_wait(info.lock_wait_ms);
            return std::nullopt;
        case action::set_isolation:
            isolation_ = info.isolation;
            return std::nullopt;
        case action::set_last_committed:
            last_committed_ = info.last_committed;
            return std::nullopt;
        case action::create_routine:
            return store_routine(st);
        case action::drop_routine:
            return drop_routine(dropped_routine(st.routine_text));
        case action::savepoint:
        case action::release_savepoint:
        case action::rollback_savepoint:
            return run_savepoint(info);
        case action::reset_serial:
            return reset_serials(info);
        default:
            return std::nullopt;
    }
}

std::optional<sql_error> engine::check_characters(std::string_view text) const {
    const std::size_t bad = invalid_at(db_codeset_, text);
    if (bad == std::string_view::npos) return std::nullopt;
    sql_error e = make_error(code::illegal_character);
    e.offset = static_cast<std::int32_t>(bad) + 1;
    return e;
}

std::optional<sql_error> engine::load_routine(const std::string& name, routine& r) {
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db_.get(), "SELECT definition FROM _ifxlite_routines WHERE name = ?1", -1, &raw,
                           nullptr) != SQLITE_OK)
        return make_error(code::routine_unresolved, name);
    sqlite_stmt stmt(raw);
    sqlite3_bind_text(raw, 1, name.c_str(), -1, SQLITE_TRANSIENT);
    if (sqlite3_step(raw) != SQLITE_ROW) return make_error(code::routine_unresolved, name);
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(raw, 0));
    if (auto e = parse_routine(text ? text : "", r)) return e;
    return std::nullopt;
}

std::optional<sql_error> engine::store_routine(const statement& st) {
    routine r;
    if (auto e = parse_routine(st.routine_text, r)) return e;
    if (auto e = implicit_begin()) return e;
    if (!exec_sql(db_.get(),
                  "CREATE TABLE IF NOT EXISTS _ifxlite_routines (name TEXT PRIMARY KEY, definition TEXT)"))
        return map_sqlite_error(db_.get(), SQLITE_ERROR);
    routine existing;
    if (!load_routine(r.name, existing)) return make_error(code::routine_exists, r.name);
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db_.get(), "INSERT INTO _ifxlite_routines VALUES (?1, ?2)", -1, &raw, nullptr) !=
        SQLITE_OK)
        return map_sqlite_error(db_.get(), SQLITE_ERROR);
    sqlite_stmt stmt(raw);
    sqlite3_bind_text(raw, 1, r.name.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(raw, 2, st.routine_text.c_str(), -1, SQLITE_TRANSIENT);
    const int rc = sqlite3_step(raw);
    if (rc != SQLITE_DONE) return step_error(rc, stmt_type::create_procedure);
    return std::nullopt;
}

std::optional<sql_error> engine::drop_routine(const std::string& name) {
    routine existing;
    if (name.empty()) return make_error(code::syntax);
    if (auto e = load_routine(name, existing)) return e;
    if (auto e = implicit_begin()) return e;
    const std::string sql = "DELETE FROM _ifxlite_routines WHERE name = '" + name + "'";
    if (name.find('\'') != std::string::npos || !exec_sql(db_.get(), sql.c_str()))
        return make_error(code::routine_unresolved, name);
    return std::nullopt;
}

// SAVEPOINT / RELEASE SAVEPOINT / ROLLBACK TO SAVEPOINT (statement types 159–161) map to SQLite
// savepoints inside the current transaction (grade C): unlogged databases -256, outside a
// transaction -255, an unknown name -999 (the IDS code is not in any source), a UNIQUE name set
// twice -999. ROLLBACK TO keeps the savepoint; RELEASE drops it and the later ones.
std::optional<sql_error> engine::run_savepoint(const classified_statement& info) {
    if (mode_ == log_mode::unlogged) return make_error(code::tx_unavailable);
    if (auto e = implicit_begin()) return e;
    if (!in_tx_) return make_error(code::not_in_tx);
    const auto found = std::find(savepoints_.rbegin(), savepoints_.rend(), info.savepoint);
    const std::string quoted = "\"" + info.savepoint + "\"";
    if (info.what == action::savepoint) {
        if (found != savepoints_.rend() && (info.unique || unique_savepoints_.count(info.savepoint)))
            return make_error(code::not_implemented, "savepoint " + info.savepoint + " already exists");
        if (!exec_sql(db_.get(), ("SAVEPOINT " + quoted).c_str()))
            return map_sqlite_error(db_.get(), SQLITE_ERROR);
        savepoints_.push_back(info.savepoint);
        if (info.unique) unique_savepoints_.insert(info.savepoint);
        return std::nullopt;
    }
    if (info.savepoint.empty() && info.what == action::rollback_savepoint && !savepoints_.empty()) {
        classified_statement latest = info;
        latest.savepoint = savepoints_.back();
        return run_savepoint(latest);
    }
    if (found == savepoints_.rend())
        return make_error(code::not_implemented, "savepoint " + info.savepoint + " does not exist");
    const auto keep = static_cast<std::size_t>(savepoints_.rend() - found);  // index of the named one + 1
    if (info.what == action::release_savepoint) {
        if (!exec_sql(db_.get(), ("RELEASE " + quoted).c_str()))
            return map_sqlite_error(db_.get(), SQLITE_ERROR);
        for (std::size_t i = keep - 1; i < savepoints_.size(); ++i) unique_savepoints_.erase(savepoints_[i]);
        savepoints_.resize(keep - 1);
    } else {
        if (!exec_sql(db_.get(), ("ROLLBACK TO " + quoted).c_str()))
            return map_sqlite_error(db_.get(), SQLITE_ERROR);
        for (std::size_t i = keep; i < savepoints_.size(); ++i) unique_savepoints_.erase(savepoints_[i]);
        savepoints_.resize(keep);
    }
    return std::nullopt;
}

std::optional<sql_error> engine::step_error(int rc, std::int16_t statement_type) {
    sql_error e = interrupted() ? make_error(code::interrupted)
                                : lock_error(map_sqlite_error(db_.get(), rc), statement_type);
    // Some failures make SQLite roll the whole transaction back; follow its state.
    if (in_tx_ && sqlite3_get_autocommit(db_.get())) in_tx_ = false;
    return e;
}

std::optional<sql_error> engine::implicit_begin() {
    if (mode_ != log_mode::ansi || in_tx_) return std::nullopt;
    if (!exec_sql(db_.get(), "BEGIN")) return map_sqlite_error(db_.get(), SQLITE_ERROR);
    in_tx_ = true;
    savepoints_.clear();
    unique_savepoints_.clear();
    return std::nullopt;
}

std::optional<sql_error> engine::bind_all(statement& st, sqlite3_stmt* target) {
    sqlite3_stmt* stmt = target ? target : st.stmt.get();
    if (st.binds.size() != static_cast<std::size_t>(st.param_count)) return make_error(code::host_vars);
    for (std::size_t i = 0; i < st.binds.size(); ++i) {
        const int index = static_cast<int>(i) + 1;
        const sql_value& v = st.binds[i];
        int rc = SQLITE_OK;
        if (const auto* n = std::get_if<std::int64_t>(&v))
            rc = sqlite3_bind_int64(stmt, index, *n);
        else if (const auto* d = std::get_if<double>(&v))
            rc = sqlite3_bind_double(stmt, index, *d);
        else if (const auto* s = std::get_if<std::string>(&v)) {
            // A smart-LOB locator bound into INSERT/UPDATE stores the object it addresses (the
            // client binds locators as their hex text, types/bind.cpp).
            const auto handle =
                is_dml(st.info.type) && lob_store::is_locator(*s) ? lobs_.handle_of(*s) : std::nullopt;
            if (const std::string* content = handle ? lobs_.content(*handle) : nullptr)
                rc = sqlite3_bind_blob64(stmt, index, content->data(), content->size(), SQLITE_TRANSIENT);
            else {
                if (auto e = check_characters(*s)) return e;
                rc = sqlite3_bind_text64(stmt, index, s->data(), s->size(), SQLITE_TRANSIENT, SQLITE_UTF8);
            }
        } else if (const auto* b = std::get_if<blob_bytes>(&v))
            rc = sqlite3_bind_blob64(stmt, index, b->bytes.data(), b->bytes.size(), SQLITE_TRANSIENT);
        else
            rc = sqlite3_bind_null(stmt, index);
        if (rc != SQLITE_OK) return map_sqlite_error(db_.get(), rc);
    }
    return std::nullopt;
}

std::optional<sql_error> engine::run_sqlite(statement& st, exec_result& result) {
    if (auto e = implicit_begin()) return e;
    sqlite3_stmt* stmt = st.stmt.get();
    if (st.open) close_cursor(st);
    sqlite3_reset(stmt);
    if (auto e = bind_all(st)) return e;
    bool served = false;
    if (auto e = read_uncommitted(st, dirty_read_by::statement, &result, served)) return e;
    if (served) return std::nullopt;
    if (auto e = await_read_locks(st)) return e;
    int rc = SQLITE_OK;
    if (auto e = step_with_serials(st, rc)) return e;
    if ((rc & 0xff) == SQLITE_BUSY && renew_read_snapshot(stmt)) {
        sqlite3_reset(stmt);
        if (auto e = step_with_serials(st, rc)) return e;
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        auto e = step_error(rc, st.info.type);
        // A writer meeting another transaction's lock: the code says how it was reading the table.
        if (e && e->sqlcode == code::lock_read && is_dml(st.info.type) && st.info.type != stmt_type::insert &&
            !st.info.table.empty())
            e->sqlcode = conflict_error(st, st.info.table).sqlcode;
        sqlite3_reset(stmt);
        return e;
    }
    if (rc == SQLITE_ROW)
        result.rows = 1;  // a SELECT run without a cursor
    else if (is_dml(st.info.type))
        result.rows = statement_rows_;
    sqlite3_reset(stmt);
    const std::int16_t type = st.info.type;
    if (auto e = after_ddl(st.info)) return e;
    facts_.rows = result.rows;
    if (type == stmt_type::insert && result.rows > 0) result.rowid = statement_rowid_;
    report_serials(result);
    return std::nullopt;
}

std::optional<sql_error> engine::step_with_serials(statement& st, int& rc) {
    sqlite3_stmt* stmt = st.stmt.get();
    serials_.assigned_serial = serials_.assigned_serial8 = serials_.assigned_bigserial = false;
    const bool counters = !st.serial_columns.empty() && is_dml(st.info.type);
    if (!counters) {
        rc = sqlite3_step(stmt);
        statement_rows_ = sqlite3_changes64(db_.get());
        statement_rowid_ = sqlite3_last_insert_rowid(db_.get());
        return std::nullopt;
    }
    load_serials(db_.get(), serials_, st.info.table, st.serial_columns);
    // Outside a transaction the statement and its counters commit together.
    const bool own = sqlite3_get_autocommit(db_.get()) != 0;
    if (own && !exec_sql(db_.get(), "SAVEPOINT ifxlite_serials"))
        return step_error(sqlite3_errcode(db_.get()), st.info.type);
    rc = sqlite3_step(stmt);
    statement_rows_ = sqlite3_changes64(db_.get());
    statement_rowid_ = sqlite3_last_insert_rowid(db_.get());
    const bool ok = rc == SQLITE_DONE || rc == SQLITE_ROW;
    if (ok && !store_serials(db_.get(), serials_)) {
        if (own) exec_sql(db_.get(), "ROLLBACK TO ifxlite_serials; RELEASE ifxlite_serials");
        rc = sqlite3_errcode(db_.get());
        return step_error(rc, st.info.type);
    }
    if (!ok) {
        serials_.touched.clear();
        serials_.touched_names.clear();
        if (own) {
            // Keep SQLite's error for the caller: read it before the savepoint ends.
            sql_error e = *step_error(rc, st.info.type);
            sqlite3_reset(stmt);
            exec_sql(db_.get(), "ROLLBACK TO ifxlite_serials; RELEASE ifxlite_serials");
            if (e.sqlcode == code::lock_read && st.info.type != stmt_type::insert && !st.info.table.empty())
                e.sqlcode = conflict_error(st, st.info.table).sqlcode;
            return e;
        }
        return std::nullopt;
    }
    sqlite3_reset(stmt);
    if (own && !exec_sql(db_.get(), "RELEASE ifxlite_serials"))
        return step_error(sqlite3_errcode(db_.get()), st.info.type);
    return std::nullopt;
}

// SQ_DONE's serial and SQ_INSERTDONE (§8.6) and DBINFO('sqlca.sqlerrd1' / 'serial8' / 'bigserial')
// report the last value a SERIAL-family column received.
void engine::report_serials(exec_result& result) {
    if (serials_.assigned_serial) {
        result.serial = static_cast<std::int32_t>(serials_.last_serial);
        facts_.serial = serials_.last_serial;
    }
    if (serials_.assigned_serial8) {
        result.insert_done = true;
        result.serial8 = facts_.serial8 = serials_.last_serial8;
    }
    if (serials_.assigned_bigserial) {
        result.insert_done = true;
        result.bigserial = facts_.bigserial = serials_.last_bigserial;
    }
}

std::optional<sql_error> engine::reset_serials(const classified_statement& info) {
    if (auto e = implicit_begin()) return e;
    const auto columns = table_columns_of({}, info.table);
    if (columns.empty()) return make_error(code::no_table, info.table, isam::no_record);
    for (const auto& start : info.serial_starts) {
        const std::string& column = start.first;
        const std::int64_t next = start.second;
        const auto it = std::find_if(columns.begin(), columns.end(),
                                     [&](const table_column& c) { return iequals(c.name, column); });
        if (it == columns.end()) return make_error(code::no_column, column);
        const auto code = it->type.code;
        if (code != sqltype::serial && code != sqltype::serial8 && code != sqltype::bigserial)
            return make_error(code::not_implemented, "ALTER TABLE MODIFY of a column that is no SERIAL");
        if (!reset_serial(db_.get(), serials_, info.table, it->name, next))
            return map_sqlite_error(db_.get(), SQLITE_ERROR);
    }
    return std::nullopt;
}

std::vector<table_column> engine::table_columns_of(std::string_view schema, std::string_view table) const {
    std::vector<table_column> out;
    if (!db_) return out;
    const char* sql = schema.empty() ? "SELECT name, type FROM pragma_table_info(?1)"
                                     : "SELECT name, type FROM pragma_table_info(?1, ?2)";
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db_.get(), sql, -1, &raw, nullptr) != SQLITE_OK) return out;
    sqlite_stmt stmt(raw);
    const std::string t(table), sc(schema);
    sqlite3_bind_text(raw, 1, t.c_str(), -1, SQLITE_TRANSIENT);
    if (!schema.empty()) sqlite3_bind_text(raw, 2, sc.c_str(), -1, SQLITE_TRANSIENT);
    while (sqlite3_step(raw) == SQLITE_ROW) {
        const auto* name = reinterpret_cast<const char*>(sqlite3_column_text(raw, 0));
        const auto* decl = reinterpret_cast<const char*>(sqlite3_column_text(raw, 1));
        out.push_back({name ? name : "", type_from_declaration(decl ? decl : "")});
    }
    return out;
}

}  // namespace ifx::lite
