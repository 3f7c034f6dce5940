#include "types/serials.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <limits>

#include "base/errors.hpp"
#include "base/text.hpp"
#include "engine/sqlite_util.hpp"
#include "functions/function_util.hpp"
#include "functions/functions.hpp"
#include "types/types.hpp"

namespace ifx::lite {
namespace {

constexpr const char* schema_sql =
    "CREATE TABLE IF NOT EXISTS _ifxlite_serials (tabname TEXT, colname TEXT, value INTEGER, "
    "PRIMARY KEY (tabname, colname))";

std::string quote_ident(std::string_view name) {
    std::string out = "\"";
    for (char c : name) {
        if (c == '"') out.push_back('"');
        out.push_back(c);
    }
    return out + "\"";
}

// Runs `sql` with text parameters; the first column of the first row as an integer, if any.
std::optional<std::int64_t> query_integer(sqlite3* db, const std::string& sql,
                                          const std::vector<std::string>& params) {
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &raw, nullptr) != SQLITE_OK) return std::nullopt;
    sqlite_stmt stmt(raw);
    for (std::size_t i = 0; i < params.size(); ++i)
        sqlite3_bind_text(raw, static_cast<int>(i) + 1, params[i].c_str(), -1, SQLITE_TRANSIENT);
    if (sqlite3_step(raw) != SQLITE_ROW || sqlite3_column_type(raw, 0) == SQLITE_NULL) return std::nullopt;
    return sqlite3_column_int64(raw, 0);
}

bool write_counter(sqlite3* db, const std::string& table, const std::string& column, std::int64_t value) {
    if (!exec_sql(db, schema_sql)) return false;
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO _ifxlite_serials VALUES (?1, ?2, ?3)", -1, &raw,
                           nullptr) != SQLITE_OK)
        return false;
    sqlite_stmt stmt(raw);
    sqlite3_bind_text(raw, 1, table.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(raw, 2, column.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(raw, 3, value);
    return sqlite3_step(raw) == SQLITE_DONE;
}

// The declared start of a SERIAL(start) column (1 without one).
std::int64_t declared_start(sqlite3* db, const std::string& table, const std::string& column) {
    sqlite3_stmt* raw = nullptr;
    const std::string sql = "SELECT type FROM pragma_table_info(?1) WHERE lower(name) = ?2";
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &raw, nullptr) != SQLITE_OK) return 1;
    sqlite_stmt stmt(raw);
    sqlite3_bind_text(raw, 1, table.c_str(), -1, SQLITE_TRANSIENT);
    const std::string col = lower(column);
    sqlite3_bind_text(raw, 2, col.c_str(), -1, SQLITE_TRANSIENT);
    if (sqlite3_step(raw) != SQLITE_ROW) return 1;
    const auto* decl = reinterpret_cast<const char*>(sqlite3_column_text(raw, 0));
    const std::string_view d = decl ? decl : "";
    std::int64_t start = 1;
    if (const auto open = d.find('('); open != std::string_view::npos)
        std::from_chars(d.data() + open + 1, d.data() + d.size(), start);
    return std::max<std::int64_t>(start, 1);
}

// What a call site of ifx_serial looks up once per statement (auxdata on the constant column
// argument): the counter and the names it is stored under.
struct call_site {
    std::shared_ptr<serial_counters::counter> counter;
    std::string table, column;
};

// ifx_serial(table, column, type, value, mode)
void serial_fn(sqlite3_context* ctx, int, sqlite3_value** argv) {
    auto* session = static_cast<serial_session*>(sqlite3_user_data(ctx));
    const int type = sqlite3_value_int(argv[2]);
    const bool update = sqlite3_value_int(argv[4]) != 0;
    // SQLite may drop auxdata at once, so only this shared copy is used below.
    std::shared_ptr<call_site> site;
    if (const auto* cached = static_cast<std::shared_ptr<call_site>*>(sqlite3_get_auxdata(ctx, 1))) {
        site = *cached;
    } else {
        site = std::make_shared<call_site>();
        site->table = lower(text_arg(argv[0]));
        site->column = lower(text_arg(argv[1]));
        site->counter = session->counters->get(session->database, site->table, site->column);
        sqlite3_set_auxdata(ctx, 1, new std::shared_ptr<call_site>(site),
                            [](void* p) { delete static_cast<std::shared_ptr<call_site>*>(p); });
    }
    if (is_null(argv[3])) {
        if (update) return sqlite3_result_null(ctx);  // SQLite's NOT NULL check, if any, reports it
        return raise_error(ctx, code::null_into_not_null, site->table + "." + site->column);
    }
    const std::int64_t limit =
        type == sqltype::serial ? 2147483647 : std::numeric_limits<std::int64_t>::max();
    const int overflow = type == sqltype::serial ? code::integer_overflow : code::decimal_overflow;
    std::int64_t value = 0;
    if (sqlite3_value_type(argv[3]) == SQLITE_INTEGER) {
        value = sqlite3_value_int64(argv[3]);
    } else {
        const numeric n = numeric_arg(argv[3]);
        if (n.what == numeric::kind::invalid) return raise_error(ctx, code::char_to_numeric);
        decimal_number d = n.as_decimal();
        truncate_decimal(d, 0);
        const auto given = decimal_to_integer(d);
        if (!given) return raise_error(ctx, overflow);
        value = *given;
    }
    if (value > limit || value < -limit) return raise_error(ctx, overflow);
    serial_counters::counter& c = *site->counter;
    {
        std::lock_guard lock(c.mutex);
        if (!c.loaded)
            return raise_error(ctx, code::not_implemented,
                               "serial counter of " + site->table + "." + site->column + " not loaded");
        if (value == 0 && !update) {
            if (c.value >= limit) return raise_error(ctx, overflow);
            value = ++c.value;
        } else if (value > c.value) {
            c.value = value;
        }
    }
    if (std::find(session->touched.begin(), session->touched.end(), site->counter) ==
        session->touched.end()) {
        session->touched.push_back(site->counter);
        session->touched_names.emplace_back(site->table, site->column);
    }
    if (!update) {
        if (type == sqltype::serial) {
            session->assigned_serial = true;
            session->last_serial = value;
        } else if (type == sqltype::serial8) {
            session->assigned_serial8 = true;
            session->last_serial8 = value;
        } else {
            session->assigned_bigserial = true;
            session->last_bigserial = value;
        }
    }
    sqlite3_result_int64(ctx, value);
}

}  // namespace

std::shared_ptr<serial_counters::counter> serial_counters::get(const std::string& database,
                                                               const std::string& table,
                                                               const std::string& column) {
    std::lock_guard lock(mutex_);
    auto& slot = counters_[{database, lower(table), lower(column)}];
    if (!slot) slot = std::make_shared<counter>();
    return slot;
}

void serial_counters::forget(const std::string& database, const std::string& table) {
    std::lock_guard lock(mutex_);
    const std::string t = lower(table);
    for (auto it = counters_.begin(); it != counters_.end();) {
        if (std::get<0>(it->first) == database && std::get<1>(it->first) == t)
            it = counters_.erase(it);
        else
            ++it;
    }
}

void serial_counters::forget_database(const std::string& database) {
    std::lock_guard lock(mutex_);
    for (auto it = counters_.begin(); it != counters_.end();) {
        if (std::get<0>(it->first) == database)
            it = counters_.erase(it);
        else
            ++it;
    }
}

bool register_serial_function(sqlite3* db, serial_session* session) {
    return sqlite3_create_function(db, "ifx_serial", 5, SQLITE_UTF8 | SQLITE_DIRECTONLY, session, serial_fn,
                                   nullptr, nullptr) == SQLITE_OK;
}

bool load_serials(sqlite3* db, serial_session& session, const std::string& table,
                  const std::vector<std::string>& columns) {
    for (const std::string& column : columns) {
        const auto c = session.counters->get(session.database, table, column);
        std::lock_guard lock(c->mutex);
        if (c->loaded) continue;
        const auto stored =
            query_integer(db, "SELECT value FROM _ifxlite_serials WHERE tabname = ?1 AND colname = ?2",
                          {lower(table), lower(column)});
        const auto highest =
            query_integer(db, "SELECT max(" + quote_ident(column) + ") FROM " + quote_ident(table), {});
        c->value = std::max({stored.value_or(0), highest.value_or(0), declared_start(db, table, column) - 1});
        c->persisted = stored.value_or(-1);
        c->temporary =
            query_integer(db, "SELECT 1 FROM temp.sqlite_schema WHERE type = 'table' AND name = ?1", {table})
                .has_value();
        c->loaded = true;
    }
    return true;
}

bool store_serials(sqlite3* db, serial_session& session) {
    bool ok = true;
    for (std::size_t i = 0; i < session.touched.size(); ++i) {
        const auto& c = session.touched[i];
        std::int64_t value = 0;
        {
            std::lock_guard lock(c->mutex);
            if (c->value == c->persisted || c->temporary) continue;
            value = c->value;
        }
        if (!write_counter(db, session.touched_names[i].first, session.touched_names[i].second, value)) {
            ok = false;
            continue;
        }
        std::lock_guard lock(c->mutex);
        c->persisted = std::max(c->persisted, value);
    }
    session.touched.clear();
    session.touched_names.clear();
    return ok;
}

bool create_serials(sqlite3* db, serial_session& session, const std::string& table) {
    session.counters->forget(session.database, table);
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT name, type FROM pragma_table_info(?1)", -1, &raw, nullptr) !=
        SQLITE_OK)
        return false;
    sqlite_stmt stmt(raw);
    sqlite3_bind_text(raw, 1, table.c_str(), -1, SQLITE_TRANSIENT);
    std::vector<std::pair<std::string, std::int64_t>> starts;
    while (sqlite3_step(raw) == SQLITE_ROW) {
        const auto* name = reinterpret_cast<const char*>(sqlite3_column_text(raw, 0));
        const auto* decl = reinterpret_cast<const char*>(sqlite3_column_text(raw, 1));
        if (!name || !decl) continue;
        const auto code = type_from_declaration(decl).code;
        if (code != sqltype::serial && code != sqltype::serial8 && code != sqltype::bigserial) continue;
        starts.emplace_back(lower(name), declared_start(db, table, name) - 1);
    }
    stmt.reset();
    if (!exec_sql(db, schema_sql)) return false;
    const std::string t = lower(table);
    for (const auto& [column, value] : starts)
        if (!write_counter(db, t, column, value)) return false;
    return true;
}

bool reset_serial(sqlite3* db, serial_session& session, const std::string& table, const std::string& column,
                  std::int64_t next) {
    const std::vector<std::string> one{column};
    load_serials(db, session, table, one);
    const auto highest =
        query_integer(db, "SELECT max(" + quote_ident(column) + ") FROM " + quote_ident(table), {});
    if (next <= highest.value_or(0)) return true;  // IDS keeps the counter, without an error
    const auto c = session.counters->get(session.database, table, column);
    {
        std::lock_guard lock(c->mutex);
        c->value = next - 1;
    }
    if (!write_counter(db, lower(table), lower(column), next - 1)) return false;
    std::lock_guard lock(c->mutex);
    c->persisted = next - 1;
    return true;
}

bool drop_serials(sqlite3* db, serial_session& session, const std::string& table) {
    session.counters->forget(session.database, table);
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db, "DELETE FROM _ifxlite_serials WHERE tabname = ?1", -1, &raw, nullptr) !=
        SQLITE_OK)
        return true;  // no counters stored yet
    sqlite_stmt stmt(raw);
    const std::string t = lower(table);
    sqlite3_bind_text(raw, 1, t.c_str(), -1, SQLITE_TRANSIENT);
    return sqlite3_step(raw) == SQLITE_DONE;
}

}  // namespace ifx::lite
