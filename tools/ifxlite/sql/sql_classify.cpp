// Statement classification (PROTOCOL.md §6.4): the statement kind of every SQL text, and the
// statements ifxlite runs itself (databases, transactions, SET ISOLATION / LOCK MODE / ENVIRONMENT).

#include "sql/sql_text.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "functions/functions.hpp"
#include "sql/sql_rewrite.hpp"
#include "sql/sql_text_detail.hpp"
#include "types/datetime.hpp"
#include "types/types.hpp"

namespace ifx::lite {

using sql_text_detail::has_word;
using sql_text_detail::iequals;
using sql_text_detail::lower;
using sql_text_detail::statement_end_of;
using sql_text_detail::token_cursor;

namespace {

classified_statement database_statement(token_cursor& c, action what, std::int16_t type) {
    classified_statement s;
    s.type = type;
    s.what = what;
    s.database = c.name();
    s.syntax_ok = valid_database_name(s.database);
    return s;
}

classified_statement classify_create_database(token_cursor& c) {
    classified_statement s = database_statement(c, action::create_database, stmt_type::create_database);
    if (c.accept("in")) c.name();
    if (c.accept("with")) {
        c.accept("buffered");
        if (!c.accept("log")) s.syntax_ok = false;
        s.mode = log_mode::logged;
        if (c.accept("mode")) {
            if (c.accept("ansi"))
                s.mode = log_mode::ansi;
            else
                s.syntax_ok = false;
        }
    }
    if (!c.done() && !c.is_punct(';')) s.syntax_ok = false;
    return s;
}

classified_statement classify_create(token_cursor& c) {
    classified_statement s;
    ++c.i;  // CREATE
    if (c.accept("database")) return classify_create_database(c);
    if (c.accept("temp") || c.accept("temporary")) {
        if (c.accept("table")) {
            s.type = stmt_type::create_temp_table;
            c.accept("if") && c.accept("not") && c.accept("exists");
            s.table = c.name();
        }
        return s;
    }
    if (c.accept("table")) {
        s.type = stmt_type::create_table;
        c.accept("if") && c.accept("not") && c.accept("exists");
        s.table = c.name();
        return s;
    }
    c.accept("unique") || c.accept("distinct");
    c.accept("cluster");
    if (c.is("index"))
        s.type = stmt_type::create_index;
    else if (c.is("view"))
        s.type = stmt_type::create_view;
    else if (c.is("trigger"))
        s.type = stmt_type::create_trigger;
    return s;
}

classified_statement classify_drop(token_cursor& c) {
    classified_statement s;
    ++c.i;  // DROP
    if (c.accept("database")) {
        s = database_statement(c, action::drop_database, stmt_type::drop_database);
        if (!c.done() && !c.is_punct(';')) s.syntax_ok = false;
        return s;
    }
    if (c.accept("table")) {
        s.type = stmt_type::drop_table;
        c.accept("if") && c.accept("exists");
        s.table = c.table();
    } else if (c.is("index"))
        s.type = stmt_type::drop_index;
    else if (c.is("view"))
        s.type = stmt_type::drop_view;
    else if (c.is("trigger"))
        s.type = stmt_type::drop_trigger;
    return s;
}

// ALTER TABLE t MODIFY (c SERIAL(n) [, c2 SERIAL8(n) …]): the only MODIFY ifxlite runs itself (it
// resets serial counters; SQLite cannot change a column's type).
void classify_modify_serial(token_cursor c, classified_statement& s) {
    if (!c.accept("alter") || !c.accept("table")) return;
    const std::string table = c.table();
    if (table.empty() || !c.accept("modify") || !c.is_punct('(')) return;
    ++c.i;
    std::vector<std::pair<std::string, std::int64_t>> starts;
    for (;;) {
        const std::string column = c.name();
        if (column.empty() || !(c.accept("serial") || c.accept("serial8") || c.accept("bigserial"))) return;
        if (!c.is_punct('(') || c.i + 2 >= c.t.size() || c.t[c.i + 1].type != token::kind::number) return;
        std::int64_t start = 0;
        const auto text = c.t[c.i + 1].text;
        const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), start);
        if (ec != std::errc{} || p != text.data() + text.size() || start < 1) return;
        c.i += 2;
        if (!c.is_punct(')')) return;
        ++c.i;
        starts.emplace_back(column, start);
        if (c.is_punct(',')) {
            ++c.i;
            continue;
        }
        break;
    }
    if (!c.is_punct(')')) return;
    ++c.i;
    if (!statement_end_of(c)) return;
    s.what = action::reset_serial;
    s.table = table;
    s.serial_starts = std::move(starts);
}

// BEGIN [WORK], COMMIT [WORK], ROLLBACK [WORK]; anything else after them goes to SQLite.
bool transaction_word(token_cursor& c) {
    c.accept("work") || c.accept("transaction");
    return statement_end_of(c);
}

// SET ISOLATION [TO] DIRTY READ [WITH WARNING] | COMMITTED READ [LAST COMMITTED] |
// CURSOR STABILITY | REPEATABLE READ, each optionally followed by RETAIN UPDATE LOCKS.
classified_statement classify_set_isolation(token_cursor& c) {
    classified_statement s;
    s.type = stmt_type::set_isolation;
    s.what = action::set_isolation;
    c.i += 2;
    c.accept("to");
    if (c.accept("dirty") && c.accept("read")) {
        s.isolation = isolation_level::dirty_read;
        if (c.accept("with")) s.syntax_ok = c.accept("warning");
    } else if (c.accept("committed") && c.accept("read")) {
        s.isolation = isolation_level::committed_read;
        if (c.accept("last")) {
            s.syntax_ok = c.accept("committed");
            s.isolation = isolation_level::last_committed;
        }
    } else if (c.accept("cursor") && c.accept("stability")) {
        s.isolation = isolation_level::cursor_stability;
    } else if (c.accept("repeatable") && c.accept("read")) {
        s.isolation = isolation_level::repeatable_read;
    } else {
        s.syntax_ok = false;
    }
    if (c.accept("retain")) s.syntax_ok = s.syntax_ok && c.accept("update") && c.accept("locks");
    s.syntax_ok = s.syntax_ok && statement_end_of(c);
    return s;
}

// SET TRANSACTION ISOLATION LEVEL READ UNCOMMITTED | READ COMMITTED | REPEATABLE READ |
// SERIALIZABLE (access modes READ WRITE / READ ONLY accepted and ignored).
classified_statement classify_set_transaction(token_cursor& c) {
    classified_statement s;
    s.type = stmt_type::set_isolation;
    s.what = action::no_op;
    c.i += 2;
    while (!statement_end_of(c) && s.syntax_ok) {
        if (c.accept("isolation")) {
            s.what = action::set_isolation;
            s.syntax_ok = c.accept("level");
            if (c.accept("read")) {
                if (c.accept("uncommitted"))
                    s.isolation = isolation_level::dirty_read;
                else if (c.accept("committed"))
                    s.isolation = isolation_level::committed_read;
                else
                    s.syntax_ok = false;
            } else if (c.accept("repeatable")) {
                s.syntax_ok = s.syntax_ok && c.accept("read");
                s.isolation = isolation_level::repeatable_read;
            } else if (c.accept("serializable")) {
                s.isolation = isolation_level::repeatable_read;
            } else {
                s.syntax_ok = false;
            }
        } else if (c.accept("read")) {
            s.syntax_ok = c.accept("write") || c.accept("only");
        } else if (c.is_punct(',')) {
            ++c.i;
        } else {
            s.syntax_ok = false;
        }
    }
    return s;
}

// SET ENVIRONMENT name 'value': USELASTCOMMITTED is honoured, other names are accepted and ignored.
classified_statement classify_set_environment(token_cursor& c) {
    classified_statement s;
    s.type = stmt_type::set_environment;
    s.what = action::no_op;
    c.i += 2;
    const bool last_committed = c.accept("uselastcommitted");
    if (!last_committed && !c.done() && c.t[c.i].type == token::kind::word) ++c.i;
    if (c.done() || (c.t[c.i].type != token::kind::string && c.t[c.i].type != token::kind::quoted)) {
        s.syntax_ok = false;
        return s;
    }
    std::string_view value = c.t[c.i++].text;
    if (value.size() >= 2) value = value.substr(1, value.size() - 2);
    s.syntax_ok = statement_end_of(c);
    if (last_committed) {
        const auto use = parse_last_committed(value);
        s.syntax_ok = s.syntax_ok && use.has_value();
        s.what = action::set_last_committed;
        s.last_committed = use.value_or(last_committed_use::none);
    }
    return s;
}

}  // namespace

std::optional<last_committed_use> parse_last_committed(std::string_view value) {
    const std::string v = lower(value);
    if (v == "none") return last_committed_use::none;
    if (v == "committed read") return last_committed_use::committed_read;
    if (v == "dirty read") return last_committed_use::dirty_read;
    if (v == "all") return last_committed_use::all;
    return std::nullopt;
}

namespace {

// WITH … { SELECT | INSERT | UPDATE | DELETE }: moves the cursor to the main statement's verb (or
// leaves it on WITH when there is none).
void skip_with_clause(token_cursor& c) {
    int depth = 0;
    for (std::size_t i = 1; i < c.t.size(); ++i) {
        const token& k = c.t[i];
        if (k.type == token::kind::punct && k.text[0] == '(') ++depth;
        if (k.type == token::kind::punct && k.text[0] == ')') --depth;
        if (depth == 0 && k.type == token::kind::word &&
            (iequals(k.text, "select") || iequals(k.text, "insert") || iequals(k.text, "update") ||
             iequals(k.text, "delete") || iequals(k.text, "replace"))) {
            c.i = i;
            return;
        }
    }
}

// SELECT (WITH, VALUES), INSERT (REPLACE), UPDATE [STATISTICS], DELETE.
std::optional<classified_statement> classify_dml(token_cursor& c) {
    classified_statement s;
    if (c.is("select") || c.is("with") || c.is("values")) {
        s.type = stmt_type::select;
    } else if (c.is("insert") || c.is("replace")) {
        s.type = stmt_type::insert;
        ++c.i;
        c.accept("or") && (++c.i, true);
        c.accept("into");
        s.table = c.table();
    } else if (c.is("update")) {
        if (c.is("statistics", 1)) {
            s.type = stmt_type::update_statistics;
            s.what = action::no_op;
        } else {
            s.type = has_word(c.t, "where") ? stmt_type::update_where : stmt_type::update_all;
            ++c.i;
            s.table = c.table();
        }
    } else if (c.is("delete")) {
        s.type = has_word(c.t, "where") ? stmt_type::delete_where : stmt_type::delete_all;
        ++c.i;
        c.accept("from");
        s.table = c.table();
    } else {
        return std::nullopt;
    }
    return s;
}

// CREATE [DBA] PROCEDURE|FUNCTION, DROP PROCEDURE|FUNCTION, EXECUTE PROCEDURE|FUNCTION.
std::optional<classified_statement> classify_routine_statement(const token_cursor& c) {
    classified_statement s;
    if (c.is("create") && (c.is("procedure", 1) || c.is("function", 1) ||
                           (c.is("dba", 1) && (c.is("procedure", 2) || c.is("function", 2))))) {
        s.type = stmt_type::create_procedure;
        s.what = action::create_routine;
    } else if (c.is("drop") && (c.is("procedure", 1) || c.is("function", 1))) {
        s.type = stmt_type::drop_procedure;
        s.what = action::drop_routine;
    } else if (c.is("execute") && (c.is("procedure", 1) || c.is("function", 1))) {
        s.type = stmt_type::execute_procedure;
        s.what = action::execute_routine;
    } else {
        return std::nullopt;
    }
    return s;
}

// CREATE, DROP, ALTER, RENAME TABLE|COLUMN, LOCK TABLE, UNLOCK TABLE.
std::optional<classified_statement> classify_schema_statement(token_cursor& c) {
    classified_statement s;
    if (c.is("create")) return classify_create(c);
    if (c.is("drop")) return classify_drop(c);
    if (c.is("alter")) {
        s.type = stmt_type::alter_table;
        classify_modify_serial(c, s);
        if (c.is("table", 1)) {
            token_cursor t = c;
            t.i += 2;
            s.table = t.table();
        }
    } else if (c.is("rename") && c.is("table", 1)) {
        s.type = stmt_type::rename_table;
        c.i += 2;
        s.table = c.table();
    } else if (c.is("rename") && c.is("column", 1)) {
        s.type = stmt_type::rename_column;
        c.i += 2;
        s.table = c.name();
    } else if (c.is("lock") && c.is("table", 1)) {
        s.type = stmt_type::lock_table;
        s.what = action::no_op;
    } else if (c.is("unlock") && c.is("table", 1)) {
        s.type = stmt_type::unlock_table;
        s.what = action::no_op;
    } else {
        return std::nullopt;
    }
    return s;
}

// ROLLBACK [WORK] [TO SAVEPOINT name].
classified_statement classify_rollback(token_cursor& c) {
    classified_statement s;
    s.type = stmt_type::rollback_work;
    s.what = action::rollback_work;
    c.accept("work");
    if (c.accept("to")) {
        s.type = stmt_type::rollback_savepoint;
        s.what = action::rollback_savepoint;
        s.syntax_ok = c.accept("savepoint");
        s.savepoint = c.name();
        s.syntax_ok = s.syntax_ok && statement_end_of(c);
    } else {
        s.syntax_ok = transaction_word(c);
    }
    return s;
}

// DATABASE, CLOSE DATABASE, BEGIN, COMMIT, ROLLBACK, SAVEPOINT, RELEASE SAVEPOINT: the statements
// ifxlite runs itself.
std::optional<classified_statement> classify_session_statement(token_cursor& c) {
    classified_statement s;
    if (c.accept("database")) {
        s = database_statement(c, action::open_database, stmt_type::database);
        c.accept("exclusive");
        if (!c.done() && !c.is_punct(';')) s.syntax_ok = false;
    } else if (c.is("close") && c.is("database", 1)) {
        s.type = stmt_type::close_database;
        s.what = action::close_database;
    } else if (c.accept("begin")) {
        s.type = stmt_type::begin_work;
        s.what = action::begin_work;
        s.syntax_ok = transaction_word(c);
    } else if (c.accept("commit")) {
        s.type = stmt_type::commit_work;
        s.what = action::commit_work;
        s.syntax_ok = transaction_word(c);
    } else if (c.accept("rollback")) {
        s = classify_rollback(c);
    } else if (c.accept("savepoint")) {
        s.type = stmt_type::savepoint;
        s.what = action::savepoint;
        s.savepoint = c.name();
        s.unique = c.accept("unique");
        s.syntax_ok = !s.savepoint.empty() && statement_end_of(c);
    } else if (c.is("release") && c.is("savepoint", 1)) {
        c.i += 2;
        s.type = stmt_type::release_savepoint;
        s.what = action::release_savepoint;
        s.savepoint = c.name();
        s.syntax_ok = !s.savepoint.empty() && statement_end_of(c);
    } else {
        return std::nullopt;
    }
    return s;
}

// SET LOCK MODE TO { NOT WAIT | WAIT [seconds] }.
classified_statement classify_set_lock_mode(token_cursor& c) {
    classified_statement s;
    s.type = stmt_type::set_lock_mode;
    s.what = action::set_lock_mode;
    c.i += 2;
    s.syntax_ok = c.accept("mode") && c.accept("to");
    if (c.accept("not")) {
        s.syntax_ok = s.syntax_ok && c.accept("wait");
        s.lock_wait_ms = 0;
    } else if (c.accept("wait")) {
        s.lock_wait_ms = -1;
        if (!c.done() && c.t[c.i].type == token::kind::number) {
            int seconds = 0;
            const auto text = c.t[c.i].text;
            std::from_chars(text.data(), text.data() + text.size(), seconds);
            s.lock_wait_ms = std::min(seconds, 86400) * 1000;
            ++c.i;
        }
    } else {
        s.syntax_ok = false;
    }
    if (!c.done() && !c.is_punct(';')) s.syntax_ok = false;
    return s;
}

// SET ISOLATION, SET TRANSACTION, SET ENVIRONMENT, SET LOCK MODE.
std::optional<classified_statement> classify_set(token_cursor& c) {
    if (!c.is("set")) return std::nullopt;
    if (c.is("isolation", 1)) return classify_set_isolation(c);
    if (c.is("transaction", 1)) return classify_set_transaction(c);
    if (c.is("environment", 1)) return classify_set_environment(c);
    if (c.is("lock", 1)) return classify_set_lock_mode(c);
    return std::nullopt;
}

}  // namespace

classified_statement classify(std::string_view sql) {
    const auto tokens = tokenize(sql);
    token_cursor c{tokens};
    if (c.is("with")) skip_with_clause(c);
    if (auto s = classify_dml(c)) return *s;
    if (auto s = classify_routine_statement(c)) return *s;
    if (auto s = classify_schema_statement(c)) return *s;
    if (auto s = classify_session_statement(c)) return *s;
    if (auto s = classify_set(c)) return *s;
    return {};
}

}  // namespace ifx::lite
