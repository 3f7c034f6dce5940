#include "sql/sql_rewrite.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>
#include <optional>

#include "sql/rewriter.hpp"
#include "sql/sql_expr.hpp"
#include "sql/sql_text.hpp"
#include "types/date.hpp"
#include "types/datetime.hpp"
#include "types/decimal.hpp"

namespace ifx::lite {

using rewrite_detail::lower;

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

namespace rewrite_detail {

rewritten_statement rewriter::run() {
    out_.sql = statement(0, t_.size(), statement_level::top);
    return std::move(out_);
}

const std::vector<table_column>& rewriter::columns_of(const table_ref& r) {
    const std::string key = r.schema + "." + r.table;
    auto it = cache_.find(key);
    if (it == cache_.end()) it = cache_.emplace(key, columns_(r.schema, r.table)).first;
    return it->second;
}

std::optional<column_type> rewriter::resolve(std::string_view qualifier, std::string_view name) {
    const std::string q = lower(qualifier), n = lower(name);
    for (const table_ref& r : tables_) {
        if (!q.empty() && q != lower(r.alias) && q != lower(r.table)) continue;
        for (const table_column& c : columns_of(r))
            if (lower(c.name) == n) return c.type;
    }
    return std::nullopt;
}

void rewriter::collect_tables() {
    for (std::size_t k = 0; k + 1 < t_.size(); ++k) {
        if (t_[k].type != token::kind::word) continue;
        const std::string w = lower(t_[k].text);
        if (w != "from" && w != "join" && w != "update" && w != "into") continue;
        std::size_t at = k + 1;
        for (;;) {
            if (at >= t_.size() || (t_[at].type != token::kind::word && t_[at].type != token::kind::quoted))
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
            if (at < t_.size() && (t_[at].type == token::kind::word || t_[at].type == token::kind::quoted) &&
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

std::string rewriter::span(std::size_t first, std::size_t last) const {
    if (first >= last) return {};
    return std::string(sql_.substr(begin_of(first), end_of(last - 1) - begin_of(first)));
}

}  // namespace rewrite_detail

using rewrite_detail::rewriter;

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
