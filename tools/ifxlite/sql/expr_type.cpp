#include "sql/expr_type.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <limits>

#include "base/text.hpp"
#include "sql/sql_expr.hpp"
#include "sql/sql_text.hpp"

namespace ifx::lite {
column_type infer_expression_type(std::string_view expression, const column_resolver& resolve) {
    const auto tokens = tokenize(expression);
    expr_parser parser(tokens, expression, resolve);
    std::size_t end = 0;
    const auto e = parser.parse(0, tokens.size(), end);
    if (!e || end != tokens.size()) return type_from_declaration("LVARCHAR");
    column_type t = e->type;
    t.not_null = false;
    return t;
}

std::vector<from_table> from_tables(std::string_view sql) {
    const auto t = tokenize(sql);
    std::vector<from_table> out;
    int depth = 0;
    std::size_t i = 0;
    for (; i < t.size(); ++i) {
        if (t[i].type == token::kind::punct && t[i].text[0] == '(') ++depth;
        if (t[i].type == token::kind::punct && t[i].text[0] == ')') --depth;
        if (depth == 0 && t[i].type == token::kind::word && lower(t[i].text) == "from") break;
    }
    static const std::vector<std::string> stop = {"where", "group",     "order",  "having", "union", "limit",
                                                  "into",  "intersect", "except", "for",    "offset"};
    static const std::vector<std::string> joins = {"join",  "left",    "right", "inner", "outer",
                                                   "cross", "natural", "full",  "on",    "using"};
    bool expect_table = true;
    for (++i; i < t.size(); ++i) {
        const token& k = t[i];
        if (k.type == token::kind::punct && k.text[0] == '(') {
            int d = 0;
            do {
                if (t[i].type == token::kind::punct && t[i].text[0] == '(') ++d;
                if (t[i].type == token::kind::punct && t[i].text[0] == ')') --d;
                ++i;
            } while (i < t.size() && d > 0);
            --i;
            expect_table = false;
            continue;
        }
        const std::string w = k.type == token::kind::word ? lower(k.text) : std::string{};
        if (std::find(stop.begin(), stop.end(), w) != stop.end()) break;
        if (k.type == token::kind::punct && k.text[0] == ',') {
            expect_table = true;
            continue;
        }
        if (std::find(joins.begin(), joins.end(), w) != joins.end()) {
            if (w == "join") expect_table = true;
            if (w == "on" || w == "using") expect_table = false;
            continue;
        }
        if (k.type != token::kind::word && k.type != token::kind::quoted) continue;
        if (expect_table) {
            from_table f;
            f.table = unquote(k.text);
            if (i + 2 < t.size() && t[i + 1].text == ".") {
                f.schema = lower(f.table);
                f.table = unquote(t[i + 2].text);
                i += 2;
            }
            f.alias = f.table;
            if (i + 1 < t.size() && t[i + 1].type == token::kind::word && lower(t[i + 1].text) == "as") ++i;
            if (i + 1 < t.size() &&
                (t[i + 1].type == token::kind::word || t[i + 1].type == token::kind::quoted)) {
                const std::string next = lower(t[i + 1].text);
                if (std::find(stop.begin(), stop.end(), next) == stop.end() &&
                    std::find(joins.begin(), joins.end(), next) == joins.end()) {
                    f.alias = unquote(t[i + 1].text);
                    ++i;
                }
            }
            out.push_back(std::move(f));
            expect_table = false;
        }
    }
    return out;
}

}  // namespace ifx::lite
