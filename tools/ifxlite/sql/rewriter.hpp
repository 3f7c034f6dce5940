#pragma once
// The SQL rewrite of sql_rewrite.hpp as a class: one pass over the tokens of a statement with the
// Informix types of its tables' columns. sql_rewrite.cpp holds names and types, rewrite_statements.cpp
// the statements (SELECT lists, INSERT, UPDATE), rewrite_expressions.cpp the expressions. Internal to sql/.

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/text.hpp"
#include "sql/sql_expr.hpp"
#include "sql/sql_rewrite.hpp"
#include "sql/sql_text.hpp"
#include "types/date.hpp"
#include "types/datetime.hpp"
#include "types/decimal.hpp"

namespace ifx::lite::rewrite_detail {

using ifx::lite::lower;  // base/text.hpp
using ifx::lite::unquote;

inline std::string quote_identifier(std::string_view name) {
    std::string out = "\"";
    for (char c : name) {
        if (c == '"') out.push_back('"');
        out.push_back(c);
    }
    return out + "\"";
}

inline bool needs_quoting(std::string_view w) {
    return sqlite_reserved_word(w);
}

// Clause words after which a select-list item cannot have an alias.
inline bool ends_select_item(std::string_view w) {
    static constexpr std::string_view words[] = {"from",  "into",   "union",  "intersect", "except", "where",
                                                 "group", "having", "order",  "limit",     "offset", "window",
                                                 "for",   "as",     "values", "returning"};
    const std::string l = lower(w);
    return std::find(std::begin(words), std::end(words), l) != std::end(words);
}

inline bool is_clause_word(std::string_view w) {
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

inline std::string decimal_storage(const column_type& t) {
    const std::string base = t.code == sqltype::money ? "MONEY_TEXT(" : "DECIMAL_TEXT(";
    if (t.scale == decimal_floating_scale) return base + std::to_string(t.precision) + ")";
    return base + std::to_string(t.precision) + "," + std::to_string(t.scale) + ")";
}

// A DECIMAL value SQLite compares, sorts and groups as a number (see the file comment of the header).
inline std::string decimal_value(const std::string& inner, const column_type& t) {
    return "CAST(" + inner + " AS " + decimal_storage(t) + ") COLLATE ifx_decimal";
}

inline std::string word_of(const column_type& t) {
    return std::to_string(t.encoded_length);
}

inline std::uint16_t date_word() {
    qualifier q;
    q.start = unit::year;
    q.end = unit::day;
    return q.word();
}

// Functions whose result for DECIMAL arguments is DECIMAL text.
inline bool returns_decimal_text(std::string_view f) {
    static constexpr std::string_view names[] = {"sum",    "avg",   "round", "trunc",    "abs",
                                                 "ceil",   "floor", "nvl",   "coalesce", "ifnull",
                                                 "decode", "min",   "max"};
    return std::find(std::begin(names), std::end(names), f) != std::end(names);
}

inline bool is_datetime_like(const column_type& t) {
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

    rewritten_statement run();

private:
    // ----- names and types -----

    const std::vector<table_column>& columns_of(const table_ref& r);

    std::optional<column_type> resolve(std::string_view qualifier, std::string_view name);

    // Every table a FROM, JOIN, UPDATE or INSERT INTO names, at any depth (subqueries share one
    // scope: an unqualified name resolves to the first table that has it).
    void collect_tables();

    // ----- text -----

    std::size_t begin_of(std::size_t k) const { return k < t_.size() ? t_[k].offset : sql_.size(); }
    std::size_t end_of(std::size_t k) const { return t_[k].offset + t_[k].text.size(); }
    std::string span(std::size_t first, std::size_t last) const;

    // ----- statements -----

    // Rewrites tokens [first, last) as a statement or a part of one, copying what it does not change.
    // `level`: the outermost statement (its first select list is typed, INSERT/UPDATE store values)
    // or one nested in it (subqueries).
    enum class statement_level { top, nested };
    std::string statement(std::size_t first, std::size_t last, statement_level level);

    // The select list after SELECT [DISTINCT | ALL]: items with their aliases; returns the rewritten
    // text of tokens [first, end).
    std::string select_list(std::size_t first, std::size_t last, std::size_t& end, bool record_types);

    // ----- INSERT and UPDATE -----

    // How a value written to column c is stored: "" (as is) or a wrapper with %s for the value.
    enum class write_kind { insert, update };
    std::string store_wrapper(const std::string& table, const table_column& c,
                              write_kind kind = write_kind::insert) const;

    static std::string apply(const std::string& wrapper, const std::string& value);

    static bool is_serial(const column_type& t);

    // INSERT [OR …] INTO t [(columns)]: the columns written, how each value is stored, the SERIAL
    // columns the statement omits (written as 0, which draws the counter) and the rewritten head.
    struct insert_plan {
        table_ref target;
        std::vector<table_column> targets;
        std::vector<std::string> wrappers;  // store_wrapper of each target
        std::vector<table_column> omitted;
        std::string head;           // INSERT … INTO t (all written columns)
        std::size_t source_at = 0;  // VALUES or the SELECT
    };
    // Nothing when the statement needs no change (or is not one this rewrite understands).
    std::optional<insert_plan> plan_insert(std::size_t first, std::size_t last);
    std::optional<std::string> insert_values(const insert_plan& plan, std::size_t i, std::size_t last);
    std::string insert_select(const insert_plan& plan, std::size_t i, std::size_t last);
    std::optional<std::string> insert_statement(std::size_t first, std::size_t last);

    // UPDATE t SET c = e, (c1, c2) = (e1, e2) …: values for DECIMAL columns are rounded to the
    // column, SERIAL columns move their counter. Returns "" when nothing needs a change.
    std::string update_statement(std::size_t first, std::size_t last, std::size_t& end);
    /// The rewritten values of one SET assignment, from token k (moved past them): a parenthesised
    /// list when `tuple` (several targets set from a list), else one expression. False when one
    /// does not parse.
    bool set_values(std::size_t& k, std::size_t last, bool tuple, std::vector<std::string>& values);

    // ----- expressions -----

    std::string emit_default(const expr& e);
    /// A column reference, its names quoted where SQLite reserves them.
    std::string emit_column(const expr& e);
    /// Unary minus: literals negated in place, INTERVAL and DECIMAL operands through ifx_ functions.
    std::string emit_negation(const expr& e);
    /// a || b, arithmetic operands parenthesised (Informix binds || less tightly than SQLite).
    std::string emit_concatenation(const expr& e);

    std::string emit_args(const expr& e, std::size_t from = 0);

    // A string literal compared with a DATE or DATETIME becomes the stored form (DBDATE's
    // MM/DD/YYYY, any DATETIME text), so that the comparison is the one IDS makes.
    std::string literal_for(const expr& literal, const column_type& against);

    static std::string unquote_string(std::string_view s);

    std::string emit_compare(const expr& e);

    // Decimal literals (a point, or beyond int64) keep their digits as text; integers and FLOAT
    // literals (with an exponent) stay SQLite numbers.
    enum class sign { plus, minus };
    std::string number_literal(const expr& e, sign s);

    std::string emit_arithmetic(const expr& e);

    // CAST(x AS t) and x::t as IDS converts.
    std::string emit_cast(const expr& e);

    std::string emit_call(const expr& e);

    std::string emit(const expr& e);

    std::string_view sql_;
    std::vector<token> t_;
    const table_columns& columns_;
    column_resolver resolve_;
    expr_parser parser_;
    std::vector<table_ref> tables_;
    std::map<std::string, std::vector<table_column>> cache_;
    rewritten_statement out_;
};

}  // namespace ifx::lite::rewrite_detail
