#include "sql_text.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "datetime.hpp"
#include "functions.hpp"
#include "sql_rewrite.hpp"
#include "types.hpp"

namespace ifx::lite {
namespace {

bool is_word_start(char c) {
    return std::isalpha(static_cast<unsigned char>(c)) || c == '_';
}
bool is_word_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$';
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string upper(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

// A cursor over tokens with keyword matching.
struct token_cursor {
    const std::vector<token>& t;
    std::size_t i = 0;

    bool done() const { return i >= t.size(); }
    bool is(std::string_view word, std::size_t ahead = 0) const {
        return i + ahead < t.size() && t[i + ahead].type == token::kind::word &&
               iequals(t[i + ahead].text, word);
    }
    bool accept(std::string_view word) {
        if (!is(word)) return false;
        ++i;
        return true;
    }
    bool is_punct(char c) const {
        return i < t.size() && t[i].type == token::kind::punct && t[i].text[0] == c;
    }
    // A database or table name: word or quoted identifier, optionally name@server (server dropped).
    std::string name() {
        if (done() || (t[i].type != token::kind::word && t[i].type != token::kind::quoted)) return {};
        std::string_view text = t[i++].text;
        if (text.size() >= 2 && (text.front() == '"' || text.front() == '`' || text.front() == '['))
            text = text.substr(1, text.size() - 2);
        if (i + 1 < t.size() && is_punct('@')) i += 2;
        return lower(text);
    }
    // A table reference: [database:][owner.]table; the table's own name.
    std::string table() {
        std::string n = name();
        while (!n.empty() && (is_punct('.') || is_punct(':'))) {
            ++i;
            n = name();
        }
        return n;
    }
};

bool statement_end_of(const token_cursor& c) {
    return c.done() || (c.is_punct(';') && c.i + 1 == c.t.size());
}

bool has_word(const std::vector<token>& tokens, std::string_view word) {
    return std::any_of(tokens.begin(), tokens.end(),
                       [&](const token& k) { return k.type == token::kind::word && iequals(k.text, word); });
}

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

bool is_qualifier_word(std::string_view w) {
    for (std::string_view u : {"year", "month", "day", "hour", "minute", "second", "fraction", "to"})
        if (iequals(w, u)) return true;
    return false;
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
    return c.done() || (c.is_punct(';') && c.i + 1 == c.t.size());
}

}  // namespace

std::vector<token> tokenize(std::string_view sql) {
    std::vector<token> out;
    std::size_t i = 0;
    const std::size_t n = sql.size();
    while (i < n) {
        const char c = sql[i];
        if (std::isspace(static_cast<unsigned char>(c))) {
            ++i;
        } else if (c == '-' && i + 1 < n && sql[i + 1] == '-') {
            while (i < n && sql[i] != '\n') ++i;
        } else if (c == '/' && i + 1 < n && sql[i + 1] == '*') {
            const auto end = sql.find("*/", i + 2);
            i = end == std::string_view::npos ? n : end + 2;
        } else if (c == '{') {
            const auto end = sql.find('}', i + 1);
            i = end == std::string_view::npos ? n : end + 1;
        } else if (c == '\'' || c == '"' || c == '`') {
            std::size_t j = i + 1;
            while (j < n) {
                if (sql[j] == c) {
                    if (j + 1 < n && sql[j + 1] == c) {
                        j += 2;
                        continue;
                    }
                    break;
                }
                ++j;
            }
            const std::size_t end = std::min(j + 1, n);
            out.push_back({c == '\'' ? token::kind::string : token::kind::quoted, sql.substr(i, end - i), i});
            i = end;
        } else if (is_word_start(c)) {
            std::size_t j = i;
            while (j < n && is_word_char(sql[j])) ++j;
            out.push_back({token::kind::word, sql.substr(i, j - i), i});
            i = j;
        } else if (std::isdigit(static_cast<unsigned char>(c)) ||
                   (c == '.' && i + 1 < n && std::isdigit(static_cast<unsigned char>(sql[i + 1])))) {
            std::size_t j = i;
            const bool hex = c == '0' && i + 1 < n && (sql[i + 1] == 'x' || sql[i + 1] == 'X');
            while (j < n &&
                   (std::isalnum(static_cast<unsigned char>(sql[j])) || sql[j] == '.' ||
                    // an exponent's sign: 1e-5, 2.5E+3
                    (!hex && (sql[j] == '-' || sql[j] == '+') && (sql[j - 1] == 'e' || sql[j - 1] == 'E') &&
                     j + 1 < n && std::isdigit(static_cast<unsigned char>(sql[j + 1])))))
                ++j;
            out.push_back({token::kind::number, sql.substr(i, j - i), i});
            i = j;
        } else {
            out.push_back({token::kind::punct, sql.substr(i, 1), i});
            ++i;
        }
    }
    return out;
}

bool valid_database_name(std::string_view name) {
    if (name.empty() || name.size() > 128 || !is_word_start(name[0])) return false;
    return std::all_of(name.begin(), name.end(), is_word_char);
}

namespace {

bool statement_end(const token_cursor& c) {
    return c.done() || (c.is_punct(';') && c.i + 1 == c.t.size());
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
    s.syntax_ok = s.syntax_ok && statement_end(c);
    return s;
}

// SET TRANSACTION ISOLATION LEVEL READ UNCOMMITTED | READ COMMITTED | REPEATABLE READ |
// SERIALIZABLE (access modes READ WRITE / READ ONLY accepted and ignored).
classified_statement classify_set_transaction(token_cursor& c) {
    classified_statement s;
    s.type = stmt_type::set_isolation;
    s.what = action::no_op;
    c.i += 2;
    while (!statement_end(c) && s.syntax_ok) {
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
    s.syntax_ok = statement_end(c);
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

classified_statement classify(std::string_view sql) {
    const auto tokens = tokenize(sql);
    token_cursor c{tokens};
    classified_statement s;
    if (c.is("with")) {
        // WITH … { SELECT | INSERT | UPDATE | DELETE }: classify by the main statement's verb.
        int depth = 0;
        for (std::size_t i = 1; i < tokens.size(); ++i) {
            const token& k = tokens[i];
            if (k.type == token::kind::punct && k.text[0] == '(') ++depth;
            if (k.type == token::kind::punct && k.text[0] == ')') --depth;
            if (depth == 0 && k.type == token::kind::word &&
                (iequals(k.text, "select") || iequals(k.text, "insert") || iequals(k.text, "update") ||
                 iequals(k.text, "delete") || iequals(k.text, "replace"))) {
                c.i = i;
                break;
            }
        }
    }
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
            s.type = has_word(tokens, "where") ? stmt_type::update_where : stmt_type::update_all;
            ++c.i;
            s.table = c.table();
        }
    } else if (c.is("delete")) {
        s.type = has_word(tokens, "where") ? stmt_type::delete_where : stmt_type::delete_all;
        ++c.i;
        c.accept("from");
        s.table = c.table();
    } else if (c.is("create") && (c.is("procedure", 1) || c.is("function", 1) ||
                                  (c.is("dba", 1) && (c.is("procedure", 2) || c.is("function", 2))))) {
        s.type = stmt_type::create_procedure;
        s.what = action::create_routine;
    } else if (c.is("drop") && (c.is("procedure", 1) || c.is("function", 1))) {
        s.type = stmt_type::drop_procedure;
        s.what = action::drop_routine;
    } else if (c.is("execute") && (c.is("procedure", 1) || c.is("function", 1))) {
        s.type = stmt_type::execute_procedure;
        s.what = action::execute_routine;
    } else if (c.is("create")) {
        s = classify_create(c);
    } else if (c.is("drop")) {
        s = classify_drop(c);
    } else if (c.is("alter")) {
        s.type = stmt_type::alter_table;
        classify_modify_serial(c, s);
        if (c.is("table", 1)) {
            token_cursor t = c;
            t.i += 2;
            s.table = t.table();
        }
    } else if (c.accept("database")) {
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
        s.type = stmt_type::rollback_work;
        s.what = action::rollback_work;
        c.accept("work");
        if (c.accept("to")) {
            s.type = stmt_type::rollback_savepoint;
            s.what = action::rollback_savepoint;
            s.syntax_ok = c.accept("savepoint");
            s.savepoint = c.name();
            s.syntax_ok = s.syntax_ok && (c.done() || (c.is_punct(';') && c.i + 1 == c.t.size()));
        } else {
            s.syntax_ok = transaction_word(c);
        }
    } else if (c.accept("savepoint")) {
        s.type = stmt_type::savepoint;
        s.what = action::savepoint;
        s.savepoint = c.name();
        s.unique = c.accept("unique");
        s.syntax_ok = !s.savepoint.empty() && (c.done() || (c.is_punct(';') && c.i + 1 == c.t.size()));
    } else if (c.is("release") && c.is("savepoint", 1)) {
        c.i += 2;
        s.type = stmt_type::release_savepoint;
        s.what = action::release_savepoint;
        s.savepoint = c.name();
        s.syntax_ok = !s.savepoint.empty() && (c.done() || (c.is_punct(';') && c.i + 1 == c.t.size()));
    } else if (c.is("set") && c.is("isolation", 1)) {
        s = classify_set_isolation(c);
    } else if (c.is("set") && c.is("transaction", 1)) {
        s = classify_set_transaction(c);
    } else if (c.is("set") && c.is("environment", 1)) {
        s = classify_set_environment(c);
    } else if (c.is("set") && c.is("lock", 1)) {
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
    }
    return s;
}

namespace {

// Column lists of keys and indexes — PRIMARY KEY (…), FOREIGN KEY (…), UNIQUE/DISTINCT (…),
// REFERENCES t (…), CREATE INDEX i ON t (…) — with the names SQLite reserves quoted.
std::string quote_key_columns(std::string_view sql, const std::vector<token>& tokens) {
    const bool index = !tokens.empty() && iequals(tokens[0].text, "create") && has_word(tokens, "index");
    std::string out;
    std::size_t copied = 0;
    for (std::size_t i = 1; i < tokens.size(); ++i) {
        if (tokens[i].type != token::kind::punct || tokens[i].text[0] != '(') continue;
        const token& before = tokens[i - 1];
        const bool after_word = before.type == token::kind::word &&
                                (iequals(before.text, "key") || iequals(before.text, "unique") ||
                                 iequals(before.text, "distinct"));
        const bool after_name =
            i >= 2 && tokens[i - 2].type == token::kind::word &&
            (iequals(tokens[i - 2].text, "references") || (index && iequals(tokens[i - 2].text, "on")));
        if (!after_word && !after_name) continue;
        for (std::size_t j = i + 1; j < tokens.size(); ++j) {
            const token& k = tokens[j];
            if (k.type == token::kind::punct && (k.text[0] == ')' || k.text[0] == '(')) break;
            const token& prev = tokens[j - 1];
            const bool item_start =
                prev.type == token::kind::punct && (prev.text[0] == '(' || prev.text[0] == ',');
            if (k.type != token::kind::word || !item_start || !sqlite_reserved_word(k.text)) continue;
            out.append(sql.substr(copied, k.offset - copied));
            out.append("\"" + std::string(k.text) + "\"");
            copied = k.offset + k.text.size();
        }
    }
    if (copied == 0) return std::string(sql);
    out.append(sql.substr(copied));
    return out;
}

}  // namespace

std::string rewrite_ddl(std::string_view original) {
    const std::string quoted = quote_key_columns(original, tokenize(original));
    const std::string_view sql = quoted;
    const auto tokens = tokenize(sql);
    token_cursor c{tokens};
    const bool create = c.is("create") && (c.is("table", 1) || c.is("table", 2));
    const bool alter = c.is("alter") && c.is("table", 1);
    if (!create && !alter) return std::string(sql);
    std::string out;
    std::size_t copied = 0;
    int depth = 0;
    // A type token follows a column name at the start of a column definition: after the opening
    // parenthesis or a comma of a CREATE TABLE, or after ADD [COLUMN] of an ALTER TABLE.
    for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
        const token& k = tokens[i];
        if (k.type == token::kind::punct && k.text[0] == '(') ++depth;
        if (k.type == token::kind::punct && k.text[0] == ')') --depth;
        const bool column_start = (create && depth == 1 && k.type == token::kind::punct &&
                                   (k.text[0] == '(' || k.text[0] == ',')) ||
                                  (alter && k.type == token::kind::word &&
                                   (iequals(k.text, "add") || iequals(k.text, "column")) && depth == 0);
        if (!column_start) continue;
        std::size_t name = i + 1;
        if (alter && iequals(k.text, "add") && name < tokens.size() && iequals(tokens[name].text, "column"))
            continue;
        if (name + 1 >= tokens.size()) break;
        const token& col = tokens[name];
        const token& type = tokens[name + 1];
        if (col.type != token::kind::word && col.type != token::kind::quoted) continue;
        if (type.type != token::kind::word) continue;
        for (std::string_view constraint : {"constraint", "primary", "unique", "check", "foreign"})
            if (iequals(col.text, constraint)) goto next;
        {
            const std::string t = upper(type.text);
            std::size_t type_end = type.offset + type.text.size();
            std::size_t after = name + 2;
            if (t == "DATETIME" || t == "INTERVAL") {
                // The qualifier: unit words, TO, and "(n)" groups.
                while (after < tokens.size()) {
                    const token& q = tokens[after];
                    const bool unit_word = q.type == token::kind::word && is_qualifier_word(q.text);
                    const bool group =
                        q.type == token::kind::punct && q.text[0] == '(' && after + 2 < tokens.size() &&
                        tokens[after + 2].type == token::kind::punct && tokens[after + 2].text[0] == ')';
                    if (unit_word) {
                        type_end = q.offset + q.text.size();
                        ++after;
                    } else if (group) {
                        type_end = tokens[after + 2].offset + 1;
                        after += 3;
                    } else {
                        break;
                    }
                }
            } else if (after < tokens.size() && tokens[after].type == token::kind::punct &&
                       tokens[after].text[0] == '(') {
                while (after < tokens.size() &&
                       !(tokens[after].type == token::kind::punct && tokens[after].text[0] == ')'))
                    ++after;
                if (after < tokens.size()) type_end = tokens[after].offset + 1;
            }
            const std::string declared(sql.substr(type.offset, type_end - type.offset));
            std::string column = std::string(col.text);
            if (col.type == token::kind::word && sqlite_reserved_word(col.text)) {
                // CREATE TABLE t (table INT): a name to Informix, a keyword to SQLite.
                column = "\"" + column + "\"";
                out.append(sql.substr(copied, col.offset - copied));
                out.append(column);
                copied = col.offset + col.text.size();
            }
            out.append(sql.substr(copied, type.offset - copied));
            out.append(storage_type(declared));
            out.append(column_check(column, declared));
            copied = type_end;
        }
    next:;
    }
    out.append(sql.substr(copied));
    return out;
}

std::string storage_type(std::string_view declared) {
    const column_type type = type_from_declaration(declared);
    switch (type.code) {
        case sqltype::decimal:
        case sqltype::money: {
            // Exact text with numeric ordering; the name keeps the declaration for describe.
            const auto paren = declared.find('(');
            const std::string base = upper(declared.substr(0, paren));
            return base + "_TEXT" +
                   std::string(paren == std::string_view::npos ? "" : declared.substr(paren)) +
                   " COLLATE ifx_decimal";
        }
        case sqltype::datetime:
            return "DATETIME_TEXT(" + std::to_string(type.encoded_length) + ")";
        case sqltype::interval:
            // "INT" anywhere in a SQLite type name means integer affinity; the name avoids it.
            return "IVL_TEXT(" + std::to_string(type.encoded_length) + ")";
        case sqltype::serial:
        case sqltype::serial8:
        case sqltype::bigserial:
            return std::string(declared) + " DEFAULT 0";
        case sqltype::byte:
            return "BYTE_BLOB";  // "BYTE" alone would get NUMERIC affinity
        case sqltype::char_:
        case sqltype::nchar:
        case sqltype::varchar:
        case sqltype::nvarchar:
        case sqltype::lvarchar:
            // Informix compares character values as if the shorter were padded with blanks:
            // 'a' = 'a  ' for CHAR and VARCHAR alike. RTRIM is SQLite's collation for exactly that.
            return std::string(declared) + " COLLATE RTRIM";
        case sqltype::integer:
            // SQLite makes an "INTEGER" PRIMARY KEY an alias of the rowid, which turns an inserted
            // NULL into a new key instead of -391; "INT" has the same affinity without the alias.
            return upper(declared) == "INTEGER" ? std::string("INT") : std::string(declared);
        default:
            return std::string(declared);
    }
}

std::string column_check(std::string_view column, std::string_view declared) {
    const column_type type = type_from_declaration(declared);
    int kind = 0;
    int arg = 0;
    switch (type.code) {
        case sqltype::smallint:
            kind = check_kind::smallint;
            break;
        case sqltype::integer:
        case sqltype::serial:
            kind = check_kind::integer;
            break;
        case sqltype::int8:
        case sqltype::serial8:
        case sqltype::bigint:
        case sqltype::bigserial:
            kind = check_kind::bigint;
            break;
        case sqltype::float_:
        case sqltype::smallfloat:
            kind = check_kind::floating;
            break;
        case sqltype::decimal:
        case sqltype::money:
            kind = check_kind::decimal;
            arg = type.encoded_length;
            break;
        case sqltype::date:
            kind = check_kind::date;
            break;
        case sqltype::datetime:
            kind = check_kind::datetime;
            arg = type.encoded_length;
            break;
        case sqltype::interval:
            kind = check_kind::interval;
            arg = type.encoded_length;
            break;
        case sqltype::boolean:
            kind = check_kind::boolean;
            break;
        case sqltype::byte:
        case sqltype::text:
            kind = check_kind::blob;
            break;
        default:
            return {};
    }
    return " CHECK (ifx_valid(" + std::string(column) + ", " + std::to_string(kind) + ", " +
           std::to_string(arg) + "))";
}

std::vector<std::string_view> select_items(std::string_view sql) {
    const auto tokens = tokenize(sql);
    if (tokens.empty() || !iequals(tokens[0].text, "select")) return {};
    std::vector<std::string_view> items;
    std::size_t i = 1;
    if (i < tokens.size() && (iequals(tokens[i].text, "distinct") || iequals(tokens[i].text, "unique") ||
                              iequals(tokens[i].text, "all")))
        ++i;
    if (i >= tokens.size()) return {};
    std::size_t item_start = tokens[i].offset;
    std::size_t item_first = i;
    int depth = 0;
    const auto finish = [&](std::size_t first, std::size_t last_excl, std::size_t end_offset) {
        // Drop "[AS] alias" so the expression text remains.
        std::size_t end = end_offset;
        if (last_excl - first >= 2) {
            const token& last = tokens[last_excl - 1];
            const token& before = tokens[last_excl - 2];
            const bool alias = (last.type == token::kind::word || last.type == token::kind::quoted) &&
                               (iequals(before.text, "as") || before.type == token::kind::word ||
                                before.type == token::kind::quoted || before.type == token::kind::number ||
                                before.type == token::kind::string || before.text == ")");
            if (alias) end = iequals(before.text, "as") ? before.offset : last.offset;
        }
        std::string_view text = sql.substr(item_start, end - item_start);
        while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
        items.push_back(text);
    };
    for (; i < tokens.size(); ++i) {
        const token& k = tokens[i];
        if (k.type == token::kind::punct && k.text[0] == '(')
            ++depth;
        else if (k.type == token::kind::punct && k.text[0] == ')')
            --depth;
        const bool from = depth == 0 && k.type == token::kind::word && iequals(k.text, "from");
        const bool comma = depth == 0 && k.type == token::kind::punct && k.text[0] == ',';
        if (from || comma || (depth == 0 && k.type == token::kind::punct && k.text[0] == ';')) {
            finish(item_first, i, k.offset);
            if (!comma) return items;
            if (i + 1 < tokens.size()) {
                item_start = tokens[i + 1].offset;
                item_first = i + 1;
            }
        }
    }
    finish(item_first, tokens.size(), sql.size());
    return items;
}

}  // namespace ifx::lite
