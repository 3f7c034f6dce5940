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
namespace {

// VM instructions between two looks at the interrupt flag.
constexpr int progress_interval = 1000;

bool is_catalog_ddl(std::int16_t type) {
    return type == stmt_type::create_table || type == stmt_type::drop_table ||
           type == stmt_type::alter_table || type == stmt_type::create_index ||
           type == stmt_type::drop_index || type == stmt_type::create_view || type == stmt_type::drop_view ||
           type == stmt_type::rename_table || type == stmt_type::rename_column;
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

void engine::close_cursors_at_end_of_transaction(transaction_end how) {
    const bool rollback = how == transaction_end::rollback;
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
    close_cursors_at_end_of_transaction(transaction_end::commit);
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
    close_cursors_at_end_of_transaction(transaction_end::rollback);
    exec_sql(db_.get(), "ROLLBACK");
    in_tx_ = false;
    note_lock_state();
    return std::nullopt;
}

}  // namespace ifx::lite
