// PREPARE: classify and translate the SQL, prepare it on SQLite, and describe its columns.

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

namespace {

constexpr std::size_t max_statements = 4096;

// Statements the SQL rewrite (sql_rewrite.hpp) handles: queries, DML and views.
bool rewritable(std::int16_t type) {
    return type == stmt_type::select || type == stmt_type::other || type == stmt_type::create_view ||
           is_dml(type);
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

bool only_separators(std::string_view tail) {
    for (const token& t : tokenize(tail))
        if (!(t.type == token::kind::punct && t.text == ";")) return false;
    return true;
}

}  // namespace

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
        if (auto e = prepare_on_sqlite(*st, sql)) return e;
        if (called) describe_as_routine_call(*st, *called);
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

std::optional<sql_error> engine::sqlite_text(statement& st, std::string_view sql, std::string& text) {
    const std::int16_t type = st.info.type;
    const bool ddl = type == stmt_type::create_table || type == stmt_type::create_temp_table ||
                     type == stmt_type::alter_table || type == stmt_type::create_index;
    translation translated = translate(
        sql, dialect_context{
                 .user = user_, .database = db_name_, .sysmaster_attached = sysmaster_attached_, .ddl = ddl});
    if (translated.error) return translated.error;
    if (ddl) {
        text = rewrite_ddl(quote_decimal_literals(translated.sql));
    } else if (rewritable(type)) {
        auto rewritten =
            rewrite_statement(translated.sql, [this](std::string_view schema, std::string_view table) {
                return table_columns_of(schema, table);
            });
        text = std::move(rewritten.sql);
        st.select_types = std::move(rewritten.select_types);
        st.serial_columns = std::move(rewritten.serial_columns);
    } else {
        text = std::move(translated.sql);
    }
    return std::nullopt;
}

std::optional<sql_error> engine::prepare_on_sqlite(statement& st, std::string_view sql) {
    std::string text;
    if (auto e = sqlite_text(st, sql, text)) return e;
    sqlite3_stmt* raw = nullptr;
    const char* tail = nullptr;
    sqlite3_set_authorizer(db_.get(), &collect_read_tables, &st.read_tables);
    const int rc = sqlite3_prepare_v2(db_.get(), text.c_str(), static_cast<int>(text.size()), &raw, &tail);
    sqlite3_set_authorizer(db_.get(), nullptr, nullptr);
    if (rc != SQLITE_OK) {
        sql_error e = map_sqlite_error(db_.get(), rc);
        locate_object(e, sql);
        return lock_error(std::move(e), st.info.type);
    }
    st.stmt.reset(raw);
    if (!raw) return make_error(code::syntax);
    const std::string_view rest(tail, static_cast<std::size_t>(text.data() + text.size() - tail));
    if (!only_separators(rest)) {
        sql_error e = make_error(code::syntax);
        e.offset = static_cast<std::int32_t>(tail - text.data()) + 1;
        return e;
    }
    describe(st, text);
    return std::nullopt;
}

void engine::describe_as_routine_call(statement& st, const routine& called) {
    if (st.info.type == stmt_type::select && called.returning.size() == st.columns.size()) {
        for (std::size_t i = 0; i < st.columns.size(); ++i) {
            st.columns[i].type = type_from_declaration(called.returning[i]);
            if (!called.result_names[i].empty())
                st.columns[i].name = called.result_names[i];
            else if (called.returns_expression)
                st.columns[i].name = "(expression)";
        }
    }
    st.info.type = stmt_type::execute_procedure;
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

}  // namespace ifx::lite
