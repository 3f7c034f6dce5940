#include "engine.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <limits>
#include <thread>

#include "dialect.hpp"
#include "expr_type.hpp"
#include "log.hpp"
#include "sql_rewrite.hpp"
#include "syscatalog.hpp"
#include "text_functions.hpp"

namespace ifx::lite {
namespace {

constexpr std::size_t max_statements = 4096;
// SQLite's write lock covers the whole database; IDS's row locks only the rows written. When another
// session holds it without a lock IDS would report (a statement in progress, or a transaction that
// wrote other tables), it is waited for like a latch: at most this long, or as long as SET LOCK MODE
// TO WAIT n allows if that is longer; then the statement fails as on a locked row (-271 / -244,
// ISAM -107 or -154).
constexpr auto latch_wait = std::chrono::milliseconds(250);
// VM instructions between two looks at the interrupt flag.
constexpr int progress_interval = 1000;
// A scroll cursor holds its whole result; beyond this the OPEN fails with -208 (out of memory).
constexpr std::size_t max_scroll_bytes = 256 * 1024 * 1024;

bool is_dml(std::int16_t type) {
    return type == stmt_type::insert || type == stmt_type::update_where || type == stmt_type::update_all ||
           type == stmt_type::delete_where || type == stmt_type::delete_all;
}

// The table a statement writes, for lock conflicts: DML names it; anything else may touch any.
std::string write_target(const statement& st) {
    return is_dml(st.info.type) && !st.info.table.empty() ? st.info.table : std::string("*");
}

// Statements the SQL rewrite (sql_rewrite.hpp) handles: queries, DML and views.
bool rewritable(std::int16_t type) {
    return type == stmt_type::select || type == stmt_type::other || type == stmt_type::create_view ||
           is_dml(type);
}

bool is_catalog_ddl(std::int16_t type) {
    return type == stmt_type::create_table || type == stmt_type::drop_table ||
           type == stmt_type::alter_table || type == stmt_type::create_index ||
           type == stmt_type::drop_index || type == stmt_type::create_view || type == stmt_type::drop_view ||
           type == stmt_type::rename_table || type == stmt_type::rename_column;
}

// One column of the current row. Through sqlite3_column_value: one API call per column instead of
// three (each sqlite3_column_* call checks the statement and the connection's state again).
value_view column_value(sqlite3_stmt* stmt, int i) {
    sqlite3_value* v = sqlite3_column_value(stmt, i);
    switch (sqlite3_value_type(v)) {
        case SQLITE_INTEGER:
            return sqlite3_value_int64(v);
        case SQLITE_FLOAT:
            return sqlite3_value_double(v);
        case SQLITE_TEXT: {
            const auto* p = reinterpret_cast<const char*>(sqlite3_value_text(v));
            return std::string_view(p ? p : "", static_cast<std::size_t>(sqlite3_value_bytes(v)));
        }
        case SQLITE_BLOB: {
            const auto* p = static_cast<const char*>(sqlite3_value_blob(v));
            return std::string_view(p ? p : "", static_cast<std::size_t>(sqlite3_value_bytes(v)));
        }
        default:
            return std::monostate{};
    }
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

// Collects the tables of the main schema a statement reads while SQLite prepares it.
int collect_read_tables(void* out, int action, const char* table, const char*, const char* schema,
                        const char*) {
    // A table read without naming a column (COUNT(*)) may come without its schema.
    if (action == SQLITE_READ && table && (!schema || std::string_view(schema) == "main")) {
        auto& tables = *static_cast<std::vector<std::string>*>(out);
        std::string name(table);
        std::transform(name.begin(), name.end(), name.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        if (std::find(tables.begin(), tables.end(), name) == tables.end()) tables.push_back(std::move(name));
    }
    return SQLITE_OK;
}

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

bool only_separators(std::string_view tail) {
    for (const token& t : tokenize(tail))
        if (!(t.type == token::kind::punct && t.text == ";")) return false;
    return true;
}

}  // namespace

engine::~engine() {
    close();
}

std::uint16_t engine::database_warnings() const {
    // 0x04: Informix server; 0x10: float-to-decimal, set by IDS (the 7.31 trace's 0x15, and [NM]
    // frames its DBOPEN reply on 0x15/0x14); 0x01: logging; 0x02: ANSI (§5.3).
    std::uint16_t w = 0x04 | 0x10;
    if (mode_ != log_mode::unlogged) w |= 0x01;
    if (mode_ == log_mode::ansi) w |= 0x02;
    if (locale_mismatch_) w |= 0x40;
    return w;
}

void engine::close() {
    std::lock_guard lock(share_->mutex);
    if (db_ && in_tx_) exec_sql(db_.get(), "ROLLBACK");
    in_tx_ = false;
    note_lock_state();
    statements_.clear();
    if (db_) {
        share_->db = nullptr;
        db_.reset();
        catalog_.release(db_name_);
        db_name_.clear();
    }
}

void engine::drop_sqlite_statements() {
    for (auto it = statements_.begin(); it != statements_.end();) {
        if (it->second->stmt)
            it = statements_.erase(it);
        else
            ++it;
    }
}

std::optional<sql_error> engine::open_database(const std::string& name, exec_result& result) {
    if (in_tx_) return make_error(code::close_db_in_tx);
    sqlite_db db;
    log_mode mode = log_mode::unlogged;
    std::string locale;
    if (auto e = catalog_.open(name, db, mode, locale)) return e;
    drop_sqlite_statements();
    std::lock_guard lock(share_->mutex);
    if (db_) {
        share_->db = nullptr;
        db_.reset();
        catalog_.release(db_name_);
    }
    db_ = std::move(db);
    share_->db = db_.get();
    db_name_ = name;
    mode_ = mode;
    in_tx_ = false;
    // IDS compares the DB_LOCALE the client sent with the database's and, if they differ, sets
    // SQLWARN7 and goes on with the database's locale (GLS guide, grade B). Not sent: the server's
    // default DB_LOCALE, en_US.819 (grade C).
    const auto requested = canonical_locale(requested_locale_.empty() ? default_locale : requested_locale_);
    locale_mismatch_ = !requested || *requested != locale;
    db_codeset_ = codeset_of(locale);
    db_locale_ = std::move(locale);
    facts_.database = name;
    register_dbinfo(db_.get(), &facts_);
    register_lob_functions(db_.get(), &lobs_);
    register_text_functions(db_.get(), db_codeset_);
    serials_.counters = &catalog_.serials();
    serials_.database = name;
    serials_.facts = &facts_;
    register_serial_function(db_.get(), &serials_);
    sqlite3_progress_handler(db_.get(), progress_interval, &engine::on_progress, this);
    apply_lock_wait(default_lock_wait_ms_);
    isolation_.reset();  // the new database's default: COMMITTED READ, or REPEATABLE READ if ANSI
    sysmaster_attached_ = false;
    if (name != "sysmaster") {
        const std::string attach =
            "ATTACH DATABASE '" + catalog_.path_of("sysmaster").string() + "' AS sysmaster";
        sysmaster_attached_ = exec_sql(db_.get(), attach.c_str());
    }
    // Databases written by an older ifxlite get their catalog on first use.
    if (!exec_sql(db_.get(), "SELECT 1 FROM main.systables LIMIT 0")) {
        std::string error;
        if (!sync_system_catalog(db_.get(), user_, error)) log(log_level::warn, "catalog: " + error);
    }
    result.warnings = database_warnings();
    return std::nullopt;
}

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

bool engine::reads_wait_for_locks() const {
    if (mode_ == log_mode::unlogged) return false;
    const isolation_level level = isolation_.value_or(
        mode_ == log_mode::ansi ? isolation_level::repeatable_read : isolation_level::committed_read);
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

std::optional<sql_error> engine::read_uncommitted(statement& st, bool cursor, exec_result* result,
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
    if (!cursor) {
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) return map_sqlite_error(source->db, rc);
        if (result && rc == SQLITE_ROW) result->rows = 1;
        return std::nullopt;
    }
    st.open = true;
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

std::optional<sql_error> engine::after_ddl(const classified_statement& info) {
    const std::int16_t statement_type = info.type;
    if (!is_catalog_ddl(statement_type)) return std::nullopt;
    if (!info.table.empty()) {
        bool ok = true;
        if (statement_type == stmt_type::create_table || statement_type == stmt_type::create_temp_table)
            ok = create_serials(db_.get(), serials_, info.table);
        else if (statement_type == stmt_type::drop_table)
            ok = drop_serials(db_.get(), serials_, info.table);
        else
            catalog_.serials().forget(db_name_, info.table);  // ALTER / RENAME: loaded again from the column
        if (!ok) return map_sqlite_error(db_.get(), SQLITE_ERROR);
    }
    std::string error;
    if (sync_system_catalog(db_.get(), user_, error)) return std::nullopt;
    log(log_level::warn, "catalog sync failed: " + error);
    return map_sqlite_error(db_.get(), SQLITE_ERROR);
}

std::optional<sql_error> engine::close_database() {
    if (!db_) return make_error(code::no_db_selected);
    if (in_tx_) return make_error(code::close_db_in_tx);
    drop_sqlite_statements();
    std::lock_guard lock(share_->mutex);
    share_->db = nullptr;
    db_.reset();
    catalog_.release(db_name_);
    db_name_.clear();
    return std::nullopt;
}

std::optional<sql_error> engine::prepare(std::string_view sql, std::int16_t& id) {
    if (statements_.size() >= max_statements) return make_error(code::out_of_memory);
    auto st = std::make_unique<statement>();
    st->info = classify(sql);
    const action what = st->info.what;
    const bool database_statement =
        what == action::create_database || what == action::open_database || what == action::drop_database;
    if (!db_ && !database_statement) return make_error(code::no_db_selected);
    if (!st->info.syntax_ok) return make_error(code::syntax);
    if (db_) {
        if (auto e = check_characters(sql)) return e;
    }
    std::string expanded;
    std::optional<routine> called;
    if (what == action::create_routine) {
        routine r;
        if (auto e = parse_routine(sql, r)) return e;
        st->routine_text = std::string(sql);
    } else if (what == action::drop_routine) {
        st->routine_text = std::string(sql);
    } else if (what == action::execute_routine) {
        // EXECUTE PROCEDURE / FUNCTION: the routine's body with the arguments substituted runs as
        // one SQL statement, described as statement type 56.
        const auto call = parse_call(sql);
        if (!call) return make_error(code::syntax);
        routine r;
        if (auto e = load_routine(call->name, r)) return e;
        if (auto e = expand_call(r, *call, expanded)) return e;
        st->info = classify(expanded);
        if (st->info.what != action::sqlite) return make_error(code::not_implemented, r.name);
        called = std::move(r);
        sql = expanded;
    }
    if (st->info.what == action::sqlite) {
        const std::int16_t type = st->info.type;
        const bool ddl = type == stmt_type::create_table || type == stmt_type::create_temp_table ||
                         type == stmt_type::alter_table || type == stmt_type::create_index;
        translation translated = translate(
            sql,
            dialect_context{
                .user = user_, .database = db_name_, .sysmaster_attached = sysmaster_attached_, .ddl = ddl});
        if (translated.error) return translated.error;
        std::string text;
        if (ddl) {
            text = rewrite_ddl(quote_decimal_literals(translated.sql));
        } else if (rewritable(type)) {
            auto rewritten =
                rewrite_statement(translated.sql, [this](std::string_view schema, std::string_view table) {
                    return table_columns_of(schema, table);
                });
            text = std::move(rewritten.sql);
            st->select_types = std::move(rewritten.select_types);
            st->serial_columns = std::move(rewritten.serial_columns);
        } else {
            text = std::move(translated.sql);
        }
        sqlite3_stmt* raw = nullptr;
        const char* tail = nullptr;
        sqlite3_set_authorizer(db_.get(), &collect_read_tables, &st->read_tables);
        const int rc =
            sqlite3_prepare_v2(db_.get(), text.c_str(), static_cast<int>(text.size()), &raw, &tail);
        sqlite3_set_authorizer(db_.get(), nullptr, nullptr);
        if (rc != SQLITE_OK) {
            sql_error e = map_sqlite_error(db_.get(), rc);
            locate_object(e, sql);
            return lock_error(std::move(e), st->info.type);
        }
        st->stmt.reset(raw);
        if (!raw) return make_error(code::syntax);
        const std::string_view rest(tail, static_cast<std::size_t>(text.data() + text.size() - tail));
        if (!only_separators(rest)) {
            sql_error e = make_error(code::syntax);
            e.offset = static_cast<std::int32_t>(tail - text.data()) + 1;
            return e;
        }
        describe(*st, text);
        if (called) {
            if (st->info.type == stmt_type::select && called->returning.size() == st->columns.size()) {
                for (std::size_t i = 0; i < st->columns.size(); ++i) {
                    st->columns[i].type = type_from_declaration(called->returning[i]);
                    if (!called->result_names[i].empty())
                        st->columns[i].name = called->result_names[i];
                    else if (called->returns_expression)
                        st->columns[i].name = "(expression)";
                }
            }
            st->info.type = stmt_type::execute_procedure;
        }
    }
    std::int16_t free_id = 0;
    for (const auto& [used, _] : statements_) {
        if (used != free_id) break;
        ++free_id;
    }
    st->id = free_id;
    id = free_id;
    statements_.emplace(free_id, std::move(st));
    return std::nullopt;
}

void engine::describe(statement& st, std::string_view sql) {
    sqlite3_stmt* stmt = st.stmt.get();
    const int n = sqlite3_column_count(stmt);
    st.param_count = sqlite3_bind_parameter_count(stmt);
    if (n > 0 && st.info.type == stmt_type::other) st.info.type = stmt_type::select;
    if (n == 0 && st.info.type == stmt_type::select) st.info.type = stmt_type::other;
    if (st.info.type != stmt_type::select) return;
    const auto items = select_items(sql);
    const auto tables = from_tables(sql);
    const column_resolver resolve = [&](std::string_view qualifier,
                                        std::string_view name) -> std::optional<column_type> {
        const std::string column(name);
        for (const from_table& f : tables) {
            if (!qualifier.empty() && !iequals(qualifier, f.alias) && !iequals(qualifier, f.table)) continue;
            const char* declared = nullptr;
            if (sqlite3_table_column_metadata(db_.get(), f.schema.empty() ? nullptr : f.schema.c_str(),
                                              f.table.c_str(), column.c_str(), &declared, nullptr, nullptr,
                                              nullptr, nullptr) == SQLITE_OK &&
                declared)
                return type_from_declaration(declared);
        }
        return std::nullopt;
    };
    for (int i = 0; i < n; ++i) {
        column_desc c;
        const char* name = sqlite3_column_name(stmt, i);
        c.name = name ? name : "";
        if (const char* decl = sqlite3_column_decltype(stmt, i)) {
            c.type = type_from_declaration(decl);
            const char* db = sqlite3_column_database_name(stmt, i);
            const char* table = sqlite3_column_table_name(stmt, i);
            const char* origin = sqlite3_column_origin_name(stmt, i);
            int not_null = 0;
            if (db && table && origin)
                sqlite3_table_column_metadata(db_.get(), db, table, origin, nullptr, nullptr, &not_null,
                                              nullptr, nullptr);
            c.type.not_null = not_null != 0;
        } else if (st.select_types.size() == static_cast<std::size_t>(n)) {
            c.type = st.select_types[static_cast<std::size_t>(i)];
            c.type.not_null = false;
        } else {
            c.type = items.size() == static_cast<std::size_t>(n)
                         ? infer_expression_type(items[static_cast<std::size_t>(i)], resolve)
                         : type_for_expression(c.name);
        }
        st.columns.push_back(std::move(c));
    }
}

statement* engine::find(std::int16_t id) {
    const auto it = statements_.find(id);
    return it == statements_.end() ? nullptr : it->second.get();
}

void engine::release(std::int16_t id) {
    statements_.erase(id);
}

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
    if (auto e = read_uncommitted(st, false, &result, served)) return e;
    if (served) return std::nullopt;
    if (auto e = await_read_locks(st)) return e;
    int rc = SQLITE_OK;
    if (auto e = step_with_serials(st, rc)) return e;
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

std::optional<sql_error> engine::open_cursor(statement& st) {
    if (!st.returns_rows() || !st.stmt) return make_error(code::cursor_not_select);
    if (auto e = implicit_begin()) return e;
    close_cursor(st);
    if (auto e = bind_all(st)) return e;
    bool served = false;
    if (auto e = read_uncommitted(st, true, nullptr, served)) return e;
    if (served) return std::nullopt;
    if (auto e = await_read_locks(st)) return e;
    st.open = true;
    st.fetched = 0;
    if (auto e = advance(st)) return e;
    if (st.scroll) return materialise(st);
    return std::nullopt;
}

std::optional<sql_error> engine::advance(statement& st) {
    const int rc = sqlite3_step(st.stmt.get());
    st.has_row = rc == SQLITE_ROW;
    if (rc == SQLITE_ROW || rc == SQLITE_DONE) return std::nullopt;
    return step_error(rc, st.info.type);
}

namespace {

// §9.11 BYTE/TEXT descriptor (56 bytes, also with f70 — see README): size at 16, NULL flag 0x0001
// at 38; the reserved words at 40..55 carry a marker, the statement id and the value's handle.
void put_blob_descriptor(statement& st, const value_view& value, std::vector<std::uint8_t>& out) {
    std::vector<std::uint8_t> d(blob_descriptor_size, 0);
    const auto put32 = [&](std::size_t at, std::uint32_t v) {
        for (int k = 0; k < 4; ++k)
            d[at + static_cast<std::size_t>(k)] = static_cast<std::uint8_t>(v >> (24 - 8 * k));
    };
    if (std::holds_alternative<std::monostate>(value)) {
        d[39] = 0x01;
    } else {
        std::string content;
        if (const auto* s = std::get_if<std::string_view>(&value))
            content = std::string(*s);
        else if (const auto* i = std::get_if<std::int64_t>(&value))
            content = std::to_string(*i);
        else
            content = std::to_string(std::get<double>(value));
        put32(16, static_cast<std::uint32_t>(content.size()));
        st.blob_bytes += content.size();
        st.blobs.push_back(std::move(content));
        put32(40, blob_descriptor_marker);
        put32(44, static_cast<std::uint32_t>(st.id));
        put32(48, static_cast<std::uint32_t>(st.blobs_dropped + st.blobs.size()));
    }
    out.insert(out.end(), d.begin(), d.end());
}

// §9.12: u8 flag, i32 72, then the 72-byte locator: marker, handle, xid, i64 size, zeros.
void put_locator(lob_store& lobs, const column_type& type, const value_view& value,
                 std::vector<std::uint8_t>& out) {
    const auto put32 = [&](std::uint32_t v) {
        for (int k = 0; k < 4; ++k) out.push_back(static_cast<std::uint8_t>(v >> (24 - 8 * k)));
    };
    if (std::holds_alternative<std::monostate>(value)) {
        out.push_back(1);
        return put32(0);
    }
    std::string content;
    if (const auto* s = std::get_if<std::string_view>(&value))
        content = std::string(*s);
    else if (const auto* i = std::get_if<std::int64_t>(&value))
        content = std::to_string(*i);
    else
        content = std::to_string(std::get<double>(value));
    out.push_back(0);
    put32(smart_lob_locator_size);
    const auto locator = lobs.make_locator(std::move(content), type.xid);
    out.insert(out.end(), locator.begin(), locator.end());
}

// CHAR(n) and VARCHAR(n) hold n bytes of the database code set; a longer stored value is cut on a
// character boundary, never inside a multibyte character.
value_view fit_characters(const column_type& type, const value_view& value, codeset cs) {
    const auto* s = std::get_if<std::string_view>(&value);
    if (!s) return value;
    std::size_t limit = 0;
    if (type.code == sqltype::char_ || type.code == sqltype::nchar)
        limit = static_cast<std::size_t>(type.encoded_length);
    else if (type.code == sqltype::varchar || type.code == sqltype::nvarchar)
        limit = static_cast<std::size_t>(std::min(type.encoded_length, 255));
    else
        return value;
    return s->substr(0, character_prefix(cs, *s, limit));
}

}  // namespace

std::optional<sql_error> engine::encode_row(statement& st, std::vector<std::uint8_t>& payload) {
    return encode_columns(st, st.stmt.get(), payload);
}

std::optional<sql_error> engine::encode_columns(statement& st, sqlite3_stmt* stmt,
                                                std::vector<std::uint8_t>& payload) {
    for (std::size_t i = 0; i < st.columns.size(); ++i) {
        const column_type& type = st.columns[i].type;
        const value_view value = column_value(stmt, static_cast<int>(i));
        if (type.blob_descriptor() || type.smart_lob()) {
            // Values a cursor or the session keeps for SQ_FETCHBLOB / SQ_LODATA are bounded.
            const auto* s = std::get_if<std::string_view>(&value);
            if (lobs_.held() + st.blob_bytes + (s ? s->size() : 0) > lob_store::max_held)
                return make_error(code::out_of_memory);
        }
        if (type.blob_descriptor()) {
            put_blob_descriptor(st, value, payload);
            continue;
        }
        if (type.smart_lob()) {
            put_locator(lobs_, type, value, payload);
            continue;
        }
        if (auto e = encode_value(type, fit_characters(type, value, db_codeset_), payload)) return e;
    }
    return std::nullopt;
}

std::optional<sql_error> engine::fetch_blob(const statement& st, std::span<const std::uint8_t> d,
                                            std::string_view& value) const {
    const auto get32 = [&](std::size_t at) {
        return static_cast<std::uint32_t>(d[at]) << 24 | static_cast<std::uint32_t>(d[at + 1]) << 16 |
               static_cast<std::uint32_t>(d[at + 2]) << 8 | d[at + 3];
    };
    if (d.size() < static_cast<std::size_t>(blob_descriptor_size) || !st.open ||
        get32(40) != blob_descriptor_marker || get32(44) != static_cast<std::uint32_t>(st.id) ||
        get32(48) <= st.blobs_dropped || get32(48) > st.blobs_dropped + st.blobs.size())
        return make_error(code::blob_not_available);
    value = st.blobs[get32(48) - st.blobs_dropped - 1];
    return std::nullopt;
}

void engine::drop_fetched_blobs(statement& st) {
    st.blobs_dropped += static_cast<std::uint32_t>(st.blobs.size());
    st.blobs.clear();
    st.blob_bytes = 0;
}

void engine::close_cursor(statement& st) {
    if (st.stmt) sqlite3_reset(st.stmt.get());
    st.open = false;
    st.has_row = false;
    st.rows_materialised = false;
    st.materialised.clear();
    st.materialised.shrink_to_fit();
    st.position = 0;
    drop_fetched_blobs(st);
    st.blobs.shrink_to_fit();
}

std::optional<sql_error> engine::materialise(statement& st) {
    std::size_t total = 0;
    while (st.has_row) {
        std::vector<std::uint8_t> payload;
        if (auto e = encode_row(st, payload)) return e;
        total += payload.size() + 16;
        if (total > max_scroll_bytes) return make_error(code::out_of_memory);
        st.materialised.push_back(std::move(payload));
        if (auto e = advance(st)) return e;
    }
    return std::nullopt;
}

void engine::close_cursors_at_end_of_transaction(bool rollback) {
    for (auto& [id, st] : statements_)
        if (st->open && (rollback || !st->hold)) close_cursor(*st);
}

std::optional<sql_error> engine::begin_work() {
    if (!db_) return make_error(code::no_db_selected);
    if (mode_ == log_mode::unlogged) return make_error(code::tx_unavailable);
    if (in_tx_) return make_error(code::already_in_tx);
    if (!exec_sql(db_.get(), "BEGIN")) return map_sqlite_error(db_.get(), SQLITE_ERROR);
    in_tx_ = true;
    savepoints_.clear();
    unique_savepoints_.clear();
    return std::nullopt;
}

std::optional<sql_error> engine::commit_work() {
    if (!db_) return make_error(code::no_db_selected);
    if (!in_tx_) {
        // ANSI databases are always in a transaction; an empty one commits trivially.
        if (mode_ == log_mode::ansi) return std::nullopt;
        return make_error(code::not_in_tx);
    }
    close_cursors_at_end_of_transaction(false);
    if (!exec_sql(db_.get(), "COMMIT")) return step_error(sqlite3_errcode(db_.get()), stmt_type::commit_work);
    in_tx_ = false;
    note_lock_state();
    return std::nullopt;
}

std::optional<sql_error> engine::rollback_work() {
    if (!db_) return make_error(code::no_db_selected);
    if (!in_tx_) {
        if (mode_ == log_mode::ansi) return std::nullopt;
        return make_error(code::not_in_tx);
    }
    close_cursors_at_end_of_transaction(true);
    exec_sql(db_.get(), "ROLLBACK");
    in_tx_ = false;
    note_lock_state();
    return std::nullopt;
}

}  // namespace ifx::lite
