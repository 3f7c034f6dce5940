#include "sql_rewrite.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>
#include <optional>

#include "date.hpp"
#include "datetime.hpp"
#include "decimal.hpp"
#include "sql_expr.hpp"
#include "sql_text.hpp"

namespace ifx::lite {
namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string unquote(std::string_view s) {
    if (s.size() >= 2 && (s.front() == '"' || s.front() == '`' || s.front() == '['))
        return std::string(s.substr(1, s.size() - 2));
    return std::string(s);
}

std::string quote_identifier(std::string_view name) {
    std::string out = "\"";
    for (char c : name) {
        if (c == '"') out.push_back('"');
        out.push_back(c);
    }
    return out + "\"";
}

bool needs_quoting(std::string_view w) {
    return sqlite_reserved_word(w);
}

}  // namespace

bool sqlite_reserved_word(std::string_view w) {
    static constexpr std::string_view words[] = {
        "table",      "index",      "transaction", "add",     "alter",  "check",   "foreign",
        "constraint", "references", "create",      "drop",    "commit", "primary", "autoincrement",
        "deferrable", "nothing",    "indexed",     "regexp",  "left",   "right",   "full",
        "inner",      "outer",      "cross",       "natural", "glob",   "match",   "isnull",
        "notnull",    "default",    "returning",   "escape",
    };
    const std::string l = lower(w);
    return std::find(std::begin(words), std::end(words), l) != std::end(words);
}

namespace {

// Clause words after which a select-list item cannot have an alias.
bool ends_select_item(std::string_view w) {
    static constexpr std::string_view words[] = {"from",  "into",   "union",  "intersect", "except", "where",
                                                 "group", "having", "order",  "limit",     "offset", "window",
                                                 "for",   "as",     "values", "returning"};
    const std::string l = lower(w);
    return std::find(std::begin(words), std::end(words), l) != std::end(words);
}

bool is_clause_word(std::string_view w) {
    static constexpr std::string_view words[] = {
        "select", "from",      "where",  "group",     "order",    "by",      "having", "limit",     "offset",
        "union",  "intersect", "except", "all",       "distinct", "on",      "using",  "join",      "left",
        "right",  "inner",     "outer",  "cross",     "natural",  "full",    "asc",    "desc",      "into",
        "values", "set",       "insert", "update",    "delete",   "replace", "with",   "recursive", "as",
        "nulls",  "returning", "window", "partition", "create",   "view",    "temp",   "temporary", "if",
        "not",    "exists",    "unique", "or",        "rows",     "range",   "groups"};
    const std::string l = lower(w);
    return std::find(std::begin(words), std::end(words), l) != std::end(words);
}

std::string decimal_storage(const column_type& t) {
    const std::string base = t.code == sqltype::money ? "MONEY_TEXT(" : "DECIMAL_TEXT(";
    if (t.scale == decimal_floating_scale) return base + std::to_string(t.precision) + ")";
    return base + std::to_string(t.precision) + "," + std::to_string(t.scale) + ")";
}

// A DECIMAL value SQLite compares, sorts and groups as a number (see the file comment of the header).
std::string decimal_value(const std::string& inner, const column_type& t) {
    return "CAST(" + inner + " AS " + decimal_storage(t) + ") COLLATE ifx_decimal";
}

std::string word_of(const column_type& t) {
    return std::to_string(t.encoded_length);
}

std::uint16_t date_word() {
    qualifier q;
    q.start = unit::year;
    q.end = unit::day;
    return q.word();
}

// Functions whose result for DECIMAL arguments is DECIMAL text.
bool returns_decimal_text(std::string_view f) {
    static constexpr std::string_view names[] = {"sum",    "avg",   "round", "trunc",    "abs",
                                                 "ceil",   "floor", "nvl",   "coalesce", "ifnull",
                                                 "decode", "min",   "max"};
    return std::find(std::begin(names), std::end(names), f) != std::end(names);
}

bool is_datetime_like(const column_type& t) {
    return t.code == sqltype::date || t.code == sqltype::datetime;
}

struct table_ref {
    std::string schema, table, alias;
};

class rewriter {
public:
    rewriter(std::string_view sql, const table_columns& columns)
        : sql_(sql), t_(tokenize(sql)), columns_(columns), parser_(t_, sql_, resolve_) {
        collect_tables();
        resolve_ = [this](std::string_view qualifier, std::string_view name) {
            return resolve(qualifier, name);
        };
    }

    rewritten_statement run() {
        out_.sql = statement(0, t_.size(), true);
        return std::move(out_);
    }

private:
    // ----- names and types -----

    const std::vector<table_column>& columns_of(const table_ref& r) {
        const std::string key = r.schema + "." + r.table;
        auto it = cache_.find(key);
        if (it == cache_.end()) it = cache_.emplace(key, columns_(r.schema, r.table)).first;
        return it->second;
    }

    std::optional<column_type> resolve(std::string_view qualifier, std::string_view name) {
        const std::string q = lower(qualifier), n = lower(name);
        for (const table_ref& r : tables_) {
            if (!q.empty() && q != lower(r.alias) && q != lower(r.table)) continue;
            for (const table_column& c : columns_of(r))
                if (lower(c.name) == n) return c.type;
        }
        return std::nullopt;
    }

    // Every table a FROM, JOIN, UPDATE or INSERT INTO names, at any depth (subqueries share one
    // scope: an unqualified name resolves to the first table that has it).
    void collect_tables() {
        for (std::size_t k = 0; k + 1 < t_.size(); ++k) {
            if (t_[k].type != token::kind::word) continue;
            const std::string w = lower(t_[k].text);
            if (w != "from" && w != "join" && w != "update" && w != "into") continue;
            std::size_t at = k + 1;
            for (;;) {
                if (at >= t_.size() ||
                    (t_[at].type != token::kind::word && t_[at].type != token::kind::quoted))
                    break;
                if (is_clause_word(t_[at].text) && t_[at].type == token::kind::word) break;
                table_ref r;
                r.table = unquote(t_[at].text);
                ++at;
                if (at + 1 < t_.size() && t_[at].text == "." && t_[at + 1].type != token::kind::punct) {
                    r.schema = lower(r.table);
                    r.table = unquote(t_[at + 1].text);
                    at += 2;
                }
                r.alias = r.table;
                if (at < t_.size() && t_[at].type == token::kind::word && lower(t_[at].text) == "as") ++at;
                if (at < t_.size() &&
                    (t_[at].type == token::kind::word || t_[at].type == token::kind::quoted) &&
                    !(t_[at].type == token::kind::word && is_clause_word(t_[at].text))) {
                    r.alias = unquote(t_[at].text);
                    ++at;
                }
                tables_.push_back(std::move(r));
                if (w == "from" && at + 1 < t_.size() && t_[at].text == "," &&
                    (t_[at + 1].type == token::kind::word || t_[at + 1].type == token::kind::quoted) &&
                    lower(t_[at + 1].text) != "select") {
                    ++at;
                    continue;
                }
                break;
            }
        }
    }

    // ----- text -----

    std::size_t begin_of(std::size_t k) const { return k < t_.size() ? t_[k].offset : sql_.size(); }
    std::size_t end_of(std::size_t k) const { return t_[k].offset + t_[k].text.size(); }
    std::string span(std::size_t first, std::size_t last) const {
        if (first >= last) return {};
        return std::string(sql_.substr(begin_of(first), end_of(last - 1) - begin_of(first)));
    }

    // ----- statements -----

    // Rewrites tokens [first, last) as a statement or a part of one, copying what it does not change.
    // `top`: the outermost statement (its first select list is typed, INSERT/UPDATE store values).
    std::string statement(std::size_t first, std::size_t last, bool top) {
        std::string out;
        if (first >= last) return out;
        std::size_t copied = begin_of(first);
        const auto replace = [&](std::size_t a, std::size_t b, const std::string& text) {
            out.append(sql_.substr(copied, begin_of(a) - copied));
            out += text;
            copied = end_of(b - 1);
        };
        bool typed_select = !top;
        std::size_t i = first;
        while (i < last) {
            const token& k = t_[i];
            if (k.type == token::kind::word) {
                const std::string w = lower(k.text);
                if (w == "select") {
                    std::size_t end = i + 1;
                    const std::string list = select_list(i + 1, last, end, !typed_select);
                    typed_select = true;
                    if (end > i + 1) replace(i + 1, end, list);
                    i = std::max(end, i + 1);
                    continue;
                }
                if (top && i == first && (w == "insert" || w == "replace")) {
                    if (auto text = insert_statement(first, last)) return *text;
                }
                if (top && i == first && w == "update") {
                    std::size_t end = i;
                    const std::string text = update_statement(i, last, end);
                    if (!text.empty()) {
                        replace(i, end, text);
                        i = end;
                        continue;
                    }
                }
                if (is_clause_word(w)) {
                    ++i;
                    continue;
                }
            } else if (k.type == token::kind::punct && k.text[0] != '(' && k.text[0] != '-' &&
                       k.text[0] != '+' && k.text[0] != '?' && k.text[0] != '*' && k.text[0] != '~') {
                ++i;
                continue;
            }
            std::size_t end = i;
            auto e = parser_.parse(i, last, end);
            if (!e || end == i) {
                ++i;
                continue;
            }
            const std::string text = emit(*e);
            if (text != span(e->first, e->last)) replace(e->first, e->last, text);
            i = end;
        }
        out.append(sql_.substr(copied, end_of(last - 1) - copied));
        return out;
    }

    // The select list after SELECT [DISTINCT | ALL]: items with their aliases; returns the rewritten
    // text of tokens [first, end).
    std::string select_list(std::size_t first, std::size_t last, std::size_t& end, bool record_types) {
        std::size_t i = first;
        std::string out;
        std::size_t copied = begin_of(first);
        const auto copy_to = [&](std::size_t offset) {
            out.append(sql_.substr(copied, offset - copied));
            copied = offset;
        };
        while (i < last && t_[i].type == token::kind::word &&
               (lower(t_[i].text) == "distinct" || lower(t_[i].text) == "all"))
            ++i;
        std::vector<column_type> types;
        bool typable = record_types;
        for (;;) {
            if (i >= last) break;
            std::size_t item_end = i;
            auto e = parser_.parse(i, last, item_end);
            if (!e) break;
            std::string text = emit(*e);
            const std::string original = span(e->first, e->last);
            if (e->what == expr::kind::star) typable = false;
            types.push_back(e->type);
            copy_to(begin_of(e->first));
            out += text;
            copied = end_of(e->last - 1);
            i = item_end;
            // Alias: AS name, or a name that is no clause word.
            bool aliased = false;
            std::size_t alias_at = last;
            if (i < last && t_[i].type == token::kind::word && lower(t_[i].text) == "as" && i + 1 < last) {
                alias_at = i + 1;
            } else if (i < last && (t_[i].type == token::kind::quoted ||
                                    (t_[i].type == token::kind::word && !ends_select_item(t_[i].text)))) {
                alias_at = i;
            }
            if (alias_at < last) {
                aliased = true;
                const token& a = t_[alias_at];
                if (a.type == token::kind::word && needs_quoting(a.text)) {
                    copy_to(a.offset);
                    out += quote_identifier(a.text);
                    copied = end_of(alias_at);
                }
                i = alias_at + 1;
            }
            if (!aliased && text != original && e->what != expr::kind::star)
                out += " AS " + quote_identifier(original);
            if (i < last && t_[i].type == token::kind::punct && t_[i].text[0] == ',') {
                ++i;
                continue;
            }
            break;
        }
        copy_to(i > first && i <= t_.size() ? end_of(i - 1) : copied);
        end = i;
        if (typable && !types.empty()) out_.select_types = std::move(types);
        return out;
    }

    // ----- INSERT and UPDATE -----

    // How a value written to column c is stored: "" (as is) or a wrapper with %s for the value.
    std::string store_wrapper(const std::string& table, const table_column& c, bool update = false) const {
        switch (c.type.code) {
            case sqltype::decimal:
            case sqltype::money:
                return "ifx_to_decimal(%s, " + std::to_string(c.type.precision) + ", " +
                       std::to_string(c.type.scale) + ")";
            case sqltype::serial:
            case sqltype::serial8:
            case sqltype::bigserial:
                return "ifx_serial(" + sql_string_literal(table) + ", " + sql_string_literal(c.name) + ", " +
                       std::to_string(c.type.code) + ", %s, " + (update ? "1" : "0") + ")";
            // Dates and times are stored in one form (ISO dates, canonical DATETIME/INTERVAL text), so
            // that they compare and sort right whatever form the value came in.
            case sqltype::date:
                return "date(%s)";
            case sqltype::datetime:
            case sqltype::interval:
                return "ifx_to_datetime(%s, " + std::to_string(c.type.encoded_length) + ", " +
                       (c.type.code == sqltype::interval ? "1" : "0") + ")";
            default:
                return {};
        }
    }

    static std::string apply(const std::string& wrapper, const std::string& value) {
        if (wrapper.empty()) return value;
        const auto at = wrapper.find("%s");
        return wrapper.substr(0, at) + value + wrapper.substr(at + 2);
    }

    static bool is_serial(const column_type& t) {
        return t.code == sqltype::serial || t.code == sqltype::serial8 || t.code == sqltype::bigserial;
    }

    std::optional<std::string> insert_statement(std::size_t first, std::size_t last) {
        std::size_t i = first + 1;
        const auto is_word = [&](std::size_t k, std::string_view w) {
            return k < last && t_[k].type == token::kind::word && lower(t_[k].text) == w;
        };
        if (is_word(i, "or")) i += 2;
        if (!is_word(i, "into")) return std::nullopt;
        ++i;
        if (i >= last || (t_[i].type != token::kind::word && t_[i].type != token::kind::quoted))
            return std::nullopt;
        table_ref target;
        target.table = unquote(t_[i].text);
        ++i;
        if (i + 1 < last && t_[i].text == "." && t_[i + 1].type != token::kind::punct) {
            target.schema = lower(target.table);
            target.table = unquote(t_[i + 1].text);
            i += 2;
        }
        const std::size_t after_table = i;
        const std::vector<table_column>& all = columns_of(target);
        if (all.empty()) return std::nullopt;
        std::vector<table_column> targets;
        std::size_t list_end = after_table;  // tokens of "(c1, c2)" end here
        if (i < last && t_[i].text == "(" && !(is_word(i + 1, "select") || is_word(i + 1, "with"))) {
            const std::size_t close = parser_.matching(i, last);
            for (std::size_t k = i + 1; k + 1 < close; ++k) {
                if (t_[k].type == token::kind::punct) continue;
                const std::string name = lower(unquote(t_[k].text));
                const auto it = std::find_if(all.begin(), all.end(),
                                             [&](const table_column& c) { return lower(c.name) == name; });
                if (it == all.end()) return std::nullopt;  // SQLite reports the unknown column
                targets.push_back(*it);
            }
            list_end = close;
        } else {
            targets = all;
        }
        std::vector<std::string> wrappers;
        bool any = false;
        for (const table_column& c : targets) {
            wrappers.push_back(store_wrapper(target.table, c));
            any = any || !wrappers.back().empty();
        }
        std::vector<table_column> omitted;
        for (const table_column& c : all)
            if (is_serial(c.type) && std::none_of(targets.begin(), targets.end(), [&](const table_column& t) {
                    return lower(t.name) == lower(c.name);
                }))
                omitted.push_back(c);
        for (const table_column& c : all)
            if (is_serial(c.type)) out_.serial_columns.push_back(c.name);
        if (!any && omitted.empty()) return std::nullopt;

        std::string names;
        for (const table_column& c : targets) names += (names.empty() ? "" : ", ") + quote_identifier(c.name);
        for (const table_column& c : omitted) names += (names.empty() ? "" : ", ") + quote_identifier(c.name);
        const std::string head = span(first, after_table) + " (" + names + ")";
        i = list_end;
        if (is_word(i, "values")) {
            std::string out = head + " VALUES ";
            ++i;
            for (;;) {
                if (i >= last || t_[i].text != "(") return std::nullopt;
                const std::size_t close = parser_.matching(i, last);
                std::vector<std::string> values;
                std::size_t k = i + 1;
                while (k < close - 1) {
                    std::size_t end = k;
                    auto e = parser_.parse(k, close - 1, end);
                    if (!e) return std::nullopt;
                    values.push_back(emit(*e));
                    k = end;
                    if (k < close - 1 && t_[k].text == ",") ++k;
                }
                if (values.size() != targets.size()) return std::nullopt;  // SQLite reports -236
                out += "(";
                for (std::size_t v = 0; v < values.size(); ++v)
                    out += (v ? ", " : "") + apply(wrappers[v], values[v]);
                for (const table_column& c : omitted)
                    out += ", " + apply(store_wrapper(target.table, c), "0");
                out += ")";
                i = close;
                if (i < last && t_[i].text == ",") {
                    out += ", ";
                    ++i;
                    continue;
                }
                break;
            }
            while (i < last && t_[i].text == ";") ++i;
            if (i != last) return std::nullopt;
            return out;
        }
        // INSERT … SELECT: the rows come from a common table expression whose columns are named, so
        // that each can be stored through its wrapper.
        if (!(is_word(i, "select") || is_word(i, "with") || is_word(i, "values") ||
              (i < last && t_[i].text == "(")))
            return std::nullopt;
        std::size_t select_end = last;
        while (select_end > i && t_[select_end - 1].text == ";") --select_end;
        const std::string source = statement(i, select_end, false);
        std::string cte_names, selected;
        for (std::size_t v = 0; v < targets.size(); ++v) {
            const std::string name = "_ifx_" + std::to_string(v + 1);
            cte_names += (v ? ", " : "") + name;
            selected += (v ? ", " : "") + apply(wrappers[v], name);
        }
        for (const table_column& c : omitted) selected += ", " + apply(store_wrapper(target.table, c), "0");
        return "WITH _ifx_rows(" + cte_names + ") AS (" + source + ") " + head + " SELECT " + selected +
               " FROM _ifx_rows";
    }

    // UPDATE t SET c = e, (c1, c2) = (e1, e2) …: values for DECIMAL columns are rounded to the
    // column, SERIAL columns move their counter. Returns "" when nothing needs a change.
    std::string update_statement(std::size_t first, std::size_t last, std::size_t& end) {
        std::size_t i = first + 1;
        const auto is_word = [&](std::size_t k, std::string_view w) {
            return k < last && t_[k].type == token::kind::word && lower(t_[k].text) == w;
        };
        if (is_word(i, "or")) i += 2;
        if (i >= last) return {};
        table_ref target;
        target.table = unquote(t_[i].text);
        ++i;
        const std::vector<table_column>& all = columns_of(target);
        const auto column = [&](std::string_view name) -> const table_column* {
            const std::string n = lower(unquote(name));
            for (const table_column& c : all)
                if (lower(c.name) == n) return &c;
            return nullptr;
        };
        while (i < last && !is_word(i, "set")) ++i;
        if (i >= last) return {};
        std::string out = span(first, i + 1) + " ";
        ++i;
        bool changed = false;
        for (;;) {
            if (i >= last) return {};
            std::vector<const table_column*> cols;
            std::size_t eq = i;
            if (t_[i].text == "(") {
                const std::size_t close = parser_.matching(i, last);
                for (std::size_t k = i + 1; k + 1 < close; ++k)
                    if (t_[k].type != token::kind::punct) cols.push_back(column(t_[k].text));
                eq = close;
            } else {
                std::size_t k = i;
                if (k + 2 < last && t_[k + 1].text == ".") k += 2;  // t.c
                cols.push_back(column(t_[k].text));
                eq = k + 1;
            }
            if (eq >= last || t_[eq].text != "=") return {};
            // The target names, quoted where SQLite reserves them (SET table = …).
            for (std::size_t k = i; k <= eq; ++k) {
                if (k > i) out.append(sql_.substr(end_of(k - 1), begin_of(k) - end_of(k - 1)));
                out += t_[k].type == token::kind::word && needs_quoting(t_[k].text)
                           ? quote_identifier(t_[k].text)
                           : std::string(t_[k].text);
            }
            out += " ";
            std::size_t k = eq + 1;
            std::vector<std::string> values;
            bool tuple = false;
            if (cols.size() > 1 && k < last && t_[k].text == "(" && !is_word(k + 1, "select")) {
                tuple = true;
                const std::size_t close = parser_.matching(k, last);
                std::size_t j = k + 1;
                while (j < close - 1) {
                    std::size_t item_end = j;
                    auto e = parser_.parse(j, close - 1, item_end);
                    if (!e) return {};
                    values.push_back(emit(*e));
                    j = item_end;
                    if (j < close - 1 && t_[j].text == ",") ++j;
                }
                k = close;
            } else {
                std::size_t item_end = k;
                auto e = parser_.parse(k, last, item_end);
                if (!e) return {};
                values.push_back(emit(*e));
                k = item_end;
            }
            if (!tuple && cols.size() > 1) {
                out += values[0];  // (c1, c2) = (SELECT …)
            } else {
                if (values.size() != cols.size()) return {};
                if (tuple) out += "(";
                for (std::size_t v = 0; v < values.size(); ++v) {
                    // An UPDATE of a SERIAL column moves its counter (mode 1) but never draws from it.
                    const std::string wrapper =
                        cols[v] ? store_wrapper(target.table, *cols[v], true) : std::string();
                    if (cols[v] && is_serial(cols[v]->type)) out_.serial_columns.push_back(cols[v]->name);
                    changed = changed || !wrapper.empty();
                    out += (v ? ", " : "") + apply(wrapper, values[v]);
                }
                if (tuple) out += ")";
            }
            i = k;
            if (i < last && t_[i].text == ",") {
                out += ", ";
                ++i;
                continue;
            }
            break;
        }
        end = i;
        if (!changed) return {};
        return out;
    }

    // ----- expressions -----

    std::string emit_default(const expr& e) {
        std::string out;
        std::size_t pos = begin_of(e.first);
        for (const expr& a : e.args) {
            if (a.last <= a.first) continue;
            out.append(sql_.substr(pos, begin_of(a.first) - pos));
            out += emit(a);
            pos = end_of(a.last - 1);
        }
        const std::size_t end = end_of(e.last - 1);
        if (pos < end) out.append(sql_.substr(pos, end - pos));
        return out;
    }

    std::string emit_args(const expr& e, std::size_t from = 0) {
        std::string out;
        for (std::size_t k = from; k < e.args.size(); ++k) out += (k > from ? ", " : "") + emit(e.args[k]);
        return out;
    }

    // A string literal compared with a DATE or DATETIME becomes the stored form (DBDATE's
    // MM/DD/YYYY, any DATETIME text), so that the comparison is the one IDS makes.
    std::string literal_for(const expr& literal, const column_type& against) {
        const std::string text = unquote_string(t_[literal.first].text);
        if (against.code == sqltype::date) {
            if (const auto days = parse_date_text(text)) return sql_string_literal(days_to_iso(*days));
        } else if (against.code == sqltype::datetime || against.code == sqltype::interval) {
            if (const auto q = qualifier::from_word(static_cast<std::uint16_t>(against.encoded_length),
                                                    against.code == sqltype::interval)) {
                const auto r = canonical_datetime(text, *q);
                if (r.code == 0) return sql_string_literal(r.text);
            }
        }
        return std::string(t_[literal.first].text);
    }

    static std::string unquote_string(std::string_view s) {
        std::string out;
        for (std::size_t c = 1; c + 1 < s.size(); ++c) {
            if (s[c] == '\'') ++c;
            out.push_back(s[c]);
        }
        return out;
    }

    std::string emit_compare(const expr& e) {
        const bool dated = std::any_of(e.args.begin(), e.args.end(), [](const expr& a) {
            return a.known && (is_datetime_like(a.type) || a.type.code == sqltype::interval);
        });
        if (!dated) return emit_default(e);
        const column_type* against = nullptr;
        for (const expr& a : e.args)
            if (a.known && (is_datetime_like(a.type) || a.type.code == sqltype::interval)) against = &a.type;
        std::string out;
        std::size_t pos = begin_of(e.first);
        for (const expr& a : e.args) {
            out.append(sql_.substr(pos, begin_of(a.first) - pos));
            out += a.what == expr::kind::string ? literal_for(a, *against) : emit(a);
            pos = end_of(a.last - 1);
        }
        out.append(sql_.substr(pos, end_of(e.last - 1) - pos));
        return out;
    }

    // Decimal literals (a point, or beyond int64) keep their digits as text; integers and FLOAT
    // literals (with an exponent) stay SQLite numbers.
    std::string number_literal(const expr& e, bool negative) {
        std::string text = (negative ? "-" : "") + e.op;
        if (!is_decimal(e.type)) return text;
        if (e.op.find('.') == std::string::npos) {
            long long v = 0;
            const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
            if (ec == std::errc{} && p == text.data() + text.size()) return text;
        }
        return decimal_value(sql_string_literal(text), e.type);
    }

    std::string emit_arithmetic(const expr& e) {
        const expr& l = e.args[0];
        const expr& r = e.args[1];
        const column_type& a = l.type;
        const column_type& b = r.type;
        const char op = e.op[0];
        const auto code = [](const column_type& t) { return t.code; };
        const auto dt_word = [&](const column_type& t) {
            return t.code == sqltype::date ? std::to_string(date_word()) : word_of(t);
        };
        // DATE, DATETIME and INTERVAL arithmetic.
        if (op == '+' || op == '-') {
            if (code(a) == sqltype::date && is_integer(b))
                return "ifx_date_add(" + emit(l) + ", " + (op == '-' ? "-(" + emit(r) + ")" : emit(r)) + ")";
            if (op == '+' && is_integer(a) && code(b) == sqltype::date)
                return "ifx_date_add(" + emit(r) + ", " + emit(l) + ")";
            if (op == '-' && code(a) == sqltype::date && code(b) == sqltype::date)
                return "ifx_date_diff(" + emit(l) + ", " + emit(r) + ")";
            if (is_datetime_like(a) && code(b) == sqltype::interval)
                return "ifx_dt_add(" + emit(l) + ", " + dt_word(a) + ", " + emit(r) + ", " + word_of(b) +
                       ", " + (op == '-' ? "-1" : "1") + ")";
            if (op == '+' && code(a) == sqltype::interval && is_datetime_like(b))
                return "ifx_dt_add(" + emit(r) + ", " + dt_word(b) + ", " + emit(l) + ", " + word_of(a) +
                       ", 1)";
            if (op == '-' && is_datetime_like(a) && is_datetime_like(b))
                return "ifx_dt_diff(" + emit(l) + ", " + dt_word(a) + ", " + emit(r) + ", " + dt_word(b) +
                       ", " + word_of(e.type) + ")";
            if (code(a) == sqltype::interval && code(b) == sqltype::interval)
                return "ifx_iv_add(" + emit(l) + ", " + word_of(a) + ", " + emit(r) + ", " + word_of(b) +
                       ", " + (op == '-' ? "-1" : "1") + ", " + word_of(e.type) + ")";
        }
        if ((op == '*' || op == '/') && code(a) == sqltype::interval)
            return "ifx_iv_scale(" + emit(l) + ", " + word_of(a) + ", " + emit(r) + ", " +
                   (op == '/' ? "1" : "0") + ")";
        if (op == '*' && code(b) == sqltype::interval)
            return "ifx_iv_scale(" + emit(r) + ", " + word_of(b) + ", " + emit(l) + ", 0)";
        if (op == '%') return emit_default(e);
        // Native where SQLite computes what IDS computes: integers (but not /) and doubles.
        const bool known = l.known && r.known;
        const bool native = known && ((is_integer(a) && is_integer(b) && op != '/') ||
                                      ((is_float(a) || is_float(b)) && !is_decimal(a) && !is_decimal(b) &&
                                       !is_character(a) && !is_character(b)));
        if (native) return emit_default(e);
        static constexpr const char* names[] = {"ifx_add", "ifx_sub", "ifx_mul", "ifx_div"};
        const char* name = names[op == '+' ? 0 : op == '-' ? 1 : op == '*' ? 2 : 3];
        std::string call = std::string(name) + "(" + emit(l) + ", " + emit(r);
        // A DECIMAL result is certain when an operand is DECIMAL/MONEY or character data, or for /
        // of numbers; with an operand of unknown type (a CTE column, a parameter) the function
        // keeps integers integers and doubles doubles, and only DECIMAL text comes back as text.
        const auto certain = [](const expr& x) {
            return x.known &&
                   (is_decimal(x.type) || is_character(x.type) || is_integer(x.type) || is_float(x.type));
        };
        if (is_decimal(e.type) && certain(l) && certain(r)) {
            call += ", " + std::to_string(e.type.precision) + ", " + std::to_string(e.type.scale) + ")";
            return decimal_value(call, e.type);
        }
        return call + ")";
    }

    // CAST(x AS t) and x::t as IDS converts.
    std::string emit_cast(const expr& e) {
        const expr& x = e.args[0];
        const column_type t = e.type;
        const std::string value = emit(x);
        const std::string target = lower(e.target);
        switch (t.code) {
            case sqltype::decimal:
            case sqltype::money:
                return decimal_value("ifx_to_decimal(" + value + ", " + std::to_string(t.precision) + ", " +
                                         std::to_string(t.scale) + ")",
                                     t);
            case sqltype::smallint:
            case sqltype::integer:
            case sqltype::serial:
            case sqltype::int8:
            case sqltype::serial8:
            case sqltype::bigint:
            case sqltype::bigserial: {
                if (x.known && x.type.code == sqltype::date)
                    return "ifx_date_diff(" + value + ", '1899-12-31')";
                const int kind = t.code == sqltype::smallint                                 ? 1
                                 : (t.code == sqltype::integer || t.code == sqltype::serial) ? 2
                                                                                             : 3;
                return "ifx_to_integer(" + value + ", " + std::to_string(kind) + ")";
            }
            case sqltype::float_:
            case sqltype::smallfloat:
                return "ifx_to_float(" + value + ")";
            case sqltype::date:
                return "date(" + value + ")";
            case sqltype::datetime:
            case sqltype::interval: {
                const bool interval = t.code == sqltype::interval;
                if (!interval && x.known && is_datetime_like(x.type))
                    return "ifx_extend(" + value + ", " +
                           (x.type.code == sqltype::date ? std::to_string(date_word()) : word_of(x.type)) +
                           ", " + word_of(t) + ")";
                return "ifx_to_datetime(" + value + ", " + word_of(t) + ", " + (interval ? "1" : "0") + ")";
            }
            case sqltype::char_:
            case sqltype::nchar:
            case sqltype::varchar:
            case sqltype::nvarchar:
            case sqltype::lvarchar:
                if (x.known && x.type.code == sqltype::date) return "to_char(" + value + ")";
                return "CAST(" + value + " AS TEXT)";
            case sqltype::boolean:
                return "CAST(" + value + " AS BOOLEAN)";
            default:
                (void)target;
                return "CAST(" + value + " AS " + e.target + ")";
        }
    }

    std::string emit_call(const expr& e) {
        const std::string& f = e.op;
        const auto char_length_of = [&](const expr& a) -> std::optional<int> {
            if (a.known && (a.type.code == sqltype::char_ || a.type.code == sqltype::nchar))
                return a.type.encoded_length;
            return std::nullopt;
        };
        if ((f == "char_length" || f == "character_length" || f == "octet_length") && e.args.size() == 1)
            if (const auto n = char_length_of(e.args[0]))
                return f + "(" + emit(e.args[0]) + ", " + std::to_string(*n) + ")";
        if (f == "substr" && (e.args.size() == 2 || e.args.size() == 3))
            if (const auto n = char_length_of(e.args[0]))
                return "substr(" + emit(e.args[0]) + ", " + emit(e.args[1]) + ", " +
                       (e.args.size() == 3 ? emit(e.args[2]) : std::string("2147483647")) + ", " +
                       std::to_string(*n) + ")";
        if ((f == "lpad" || f == "rpad") && (e.args.size() == 2 || e.args.size() == 3))
            if (const auto n = char_length_of(e.args[0]))
                return f + "(" + emit(e.args[0]) + ", " + emit(e.args[1]) + ", " +
                       (e.args.size() == 3 ? emit(e.args[2]) : std::string("' '")) + ", " +
                       std::to_string(*n) + ")";
        const bool dt_arg = !e.args.empty() && e.args[0].known && e.args[0].type.code == sqltype::datetime;
        if ((f == "day" || f == "month" || f == "year" || f == "weekday" || f == "quarter") &&
            e.args.size() == 1 && dt_arg)
            return f + "(" + emit(e.args[0]) + ", " + word_of(e.args[0].type) + ")";
        if (f == "to_char" && dt_arg && (e.args.size() == 1 || e.args.size() == 2))
            return "to_char(" + emit(e.args[0]) + ", " +
                   (e.args.size() == 2 ? emit(e.args[1]) : std::string("NULL")) + ", " +
                   word_of(e.args[0].type) + ")";
        return emit_default(e);
    }

    std::string emit(const expr& e) {
        std::string text;
        switch (e.what) {
            case expr::kind::number:
                return number_literal(e, false);
            case expr::kind::column: {
                if (!needs_quoting(e.name) && !needs_quoting(e.qualifier)) return span(e.first, e.last);
                std::string out;
                for (std::size_t k = e.first; k < e.last; ++k) {
                    if (k > e.first) out.append(sql_.substr(end_of(k - 1), begin_of(k) - end_of(k - 1)));
                    out += t_[k].type == token::kind::word && needs_quoting(t_[k].text)
                               ? quote_identifier(t_[k].text)
                               : std::string(t_[k].text);
                }
                return out;
            }
            case expr::kind::unary:
                if (e.op == "-") {
                    const expr& x = e.args[0];
                    if (x.what == expr::kind::number) return number_literal(x, true);
                    if (x.known && (is_integer(x.type) || is_float(x.type))) return emit_default(e);
                    if (x.known && x.type.code == sqltype::interval)
                        return "ifx_iv_scale(" + emit(x) + ", " + word_of(x.type) + ", -1, 0)";
                    if (is_decimal(e.type) && x.known)
                        return decimal_value("ifx_neg(" + emit(x) + ", " + std::to_string(e.type.precision) +
                                                 ", " + std::to_string(e.type.scale) + ")",
                                             e.type);
                    return "ifx_neg(" + emit(x) + ")";
                }
                return emit_default(e);
            case expr::kind::binary:
                if (e.op == "||") {
                    std::string out;
                    for (std::size_t k = 0; k < 2; ++k) {
                        const expr& a = e.args[k];
                        std::string part = emit(a);
                        const bool arithmetic = a.what == expr::kind::binary && a.op != "||";
                        if (arithmetic && part.find('(') != 0) part = "(" + part + ")";
                        out += (k ? " || " : "") + part;
                    }
                    return out;
                }
                if (e.op.size() == 1 && std::string_view("+-*/%").find(e.op[0]) != std::string_view::npos)
                    return emit_arithmetic(e);
                return emit_default(e);
            case expr::kind::compare:
            case expr::kind::predicate:
                return emit_compare(e);
            case expr::kind::cast:
                return emit_cast(e);
            case expr::kind::units:
                return "ifx_units(" + emit(e.args[0]) + ", " + std::to_string(e.unit_code) + ")";
            case expr::kind::extend: {
                const expr& x = e.args[0];
                const std::string from = !x.known                           ? "0"
                                         : x.type.code == sqltype::date     ? std::to_string(date_word())
                                         : x.type.code == sqltype::datetime ? word_of(x.type)
                                                                            : "0";
                return "ifx_extend(" + emit(x) + ", " + from + ", " + word_of(e.type) + ")";
            }
            case expr::kind::trim:
                return "ifx_trim(" + emit(e.args[0]) + ", " + std::to_string(e.trim_mode) + ", " +
                       (e.args.size() > 1 ? emit(e.args[1]) : std::string("' '")) + ")";
            case expr::kind::substring:
                return "ifx_substring(" + emit_args(e) + ")";
            case expr::kind::call:
                text = emit_call(e);
                if (!returns_decimal_text(e.op)) return text;
                break;
            case expr::kind::subquery:
                return span(e.first, e.aux_first + 1) + statement(e.aux_first + 1, e.aux_last - 1, false) +
                       ")";
            case expr::kind::window: {
                // The call itself is not wrapped: CAST(sum(x) …) OVER would not parse.
                std::string out =
                    emit_call(e.args[0]) + " " + span(e.args[0].last, e.aux_first > 0 ? e.aux_first : e.last);
                if (e.aux_first > 0 && e.aux_last > e.aux_first)
                    out += "(" + statement(e.aux_first + 1, e.aux_last - 1, false) + ")";
                text = out;
                break;
            }
            case expr::kind::case_:
                text = emit_default(e);
                break;
            default:
                return emit_default(e);
        }
        // A computed DECIMAL value (aggregates, ROUND, NVL, CASE …) compares and sorts as a number.
        if (is_decimal(e.type) && e.known) return decimal_value(text, e.type);
        return text;
    }

    std::string_view sql_;
    std::vector<token> t_;
    const table_columns& columns_;
    column_resolver resolve_;
    expr_parser parser_;
    std::vector<table_ref> tables_;
    std::map<std::string, std::vector<table_column>> cache_;
    rewritten_statement out_;
};

}  // namespace

std::string sql_string_literal(std::string_view text) {
    std::string out = "'";
    for (char c : text) {
        if (c == '\'') out.push_back('\'');
        out.push_back(c);
    }
    return out + "'";
}

rewritten_statement rewrite_statement(std::string_view sql, const table_columns& columns) {
    return rewriter(sql, columns).run();
}

std::string quote_decimal_literals(std::string_view sql) {
    const auto tokens = tokenize(sql);
    std::string out;
    std::size_t copied = 0;
    for (std::size_t k = 0; k < tokens.size(); ++k) {
        const token& t = tokens[k];
        if (t.type != token::kind::number || t.text.find('.') == std::string_view::npos ||
            t.text.find_first_of("eE") != std::string_view::npos)
            continue;
        std::size_t from = t.offset;
        std::string text(t.text);
        // A minus written right before the number belongs to the literal (DEFAULT -1.5), unless it
        // subtracts (d - 1.5).
        if (k > 0 && tokens[k - 1].type == token::kind::punct && tokens[k - 1].text[0] == '-') {
            const token* before = k > 1 ? &tokens[k - 2] : nullptr;
            const bool operand_before =
                before && (before->type == token::kind::number || before->text == ")" ||
                           before->type == token::kind::quoted ||
                           (before->type == token::kind::word && lower(before->text) != "default"));
            if (!operand_before) {
                from = tokens[k - 1].offset;
                text = "-" + text;
            }
        }
        out.append(sql.substr(copied, from - copied));
        out += sql_string_literal(text);
        copied = t.offset + t.text.size();
    }
    out.append(sql.substr(copied));
    return out;
}

}  // namespace ifx::lite
