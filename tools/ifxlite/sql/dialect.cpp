#include "sql/dialect.hpp"

#include <algorithm>
#include <cctype>

#include "sql/sql_rewrite.hpp"
#include "sql/sql_text.hpp"
#include "types/datetime.hpp"

namespace ifx::lite {
namespace {

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

bool is_word(const token& t, std::string_view w) {
    return t.type == token::kind::word && iequals(t.text, w);
}

bool is_punct(const token& t, char c) {
    return t.type == token::kind::punct && t.text[0] == c;
}

std::string unquote(std::string_view s) {
    if (s.size() >= 2 && (s.front() == '"' || s.front() == '\''))
        return std::string(s.substr(1, s.size() - 2));
    return std::string(s);
}

bool is_unit(const token& t) {
    for (std::string_view u : {"year", "month", "day", "hour", "minute", "second", "fraction"})
        if (is_word(t, u)) return true;
    return false;
}

// Consumes "UNIT[(n)] [TO UNIT[(n)]]" starting at tokens[i]; returns the index past it.
std::size_t qualifier_end(const std::vector<token>& t, std::size_t i) {
    const auto unit_with_precision = [&](std::size_t k) {
        if (k >= t.size() || !is_unit(t[k])) return k;
        ++k;
        if (k + 2 < t.size() && is_punct(t[k], '(') && is_punct(t[k + 2], ')')) k += 3;
        return k;
    };
    std::size_t k = unit_with_precision(i);
    if (k == i) return i;
    if (k < t.size() && is_word(t[k], "to")) {
        const std::size_t e = unit_with_precision(k + 1);
        if (e != k + 1) k = e;
    }
    return k;
}

std::string sql_string(std::string_view text) {
    std::string out = "'";
    for (char c : text) {
        if (c == '\'') out.push_back('\'');
        out.push_back(c);
    }
    return out + "'";
}

// A select-list alias that SQLite reserves but IDS takes as a name, as nmap's informix-tables
// writes it: `cast(tabname as char(20)) table, ...`. Only after an expression (`)`, a name, a
// number or AS) and before `,` or FROM, so `CREATE TABLE`, `LOCK TABLE` etc. are left alone.
bool is_reserved_alias(const std::vector<token>& t, std::size_t i) {
    if (!is_word(t[i], "table") && !is_word(t[i], "index")) return false;
    if (i == 0 || i + 1 >= t.size() || !(is_punct(t[i + 1], ',') || is_word(t[i + 1], "from"))) return false;
    const token& before = t[i - 1];
    if (is_punct(before, ')') || before.type == token::kind::number || is_word(before, "as")) return true;
    if (before.type != token::kind::word && before.type != token::kind::quoted) return false;
    for (std::string_view w : {"create", "drop", "alter", "lock", "unlock", "truncate", "rename", "temp",
                               "raw", "standard", "external", "unique", "distinct", "select", "on", "to"})
        if (is_word(before, w)) return false;
    return true;
}

struct edit {
    std::size_t first, last;  // token range [first, last) replaced by text
    std::string text;
};

// RENAME TABLE a TO b; RENAME COLUMN t.a TO b: SQLite's ALTER TABLE forms; nothing for other text.
std::optional<std::string> rename_statement(const std::vector<token>& t) {
    if (t.size() == 5 && is_word(t[0], "rename") && is_word(t[1], "table") && is_word(t[3], "to"))
        return "ALTER TABLE " + std::string(t[2].text) + " RENAME TO " + std::string(t[4].text);
    if (t.size() == 7 && is_word(t[0], "rename") && is_word(t[1], "column") && is_punct(t[3], '.') &&
        is_word(t[5], "to")) {
        // Column names SQLite reserves (RENAME COLUMN t.table TO tab) are quoted.
        const auto column = [](const token& k) {
            return sqlite_reserved_word(k.text) ? "\"" + std::string(k.text) + "\"" : std::string(k.text);
        };
        return "ALTER TABLE " + std::string(t[2].text) + " RENAME COLUMN " + column(t[4]) + " TO " +
               column(t[6]);
    }
    return std::nullopt;
}

// The projection clause of the statement's SELECT (also INSERT INTO … SELECT): [SKIP n]
// [FIRST n | LIMIT n] [UNIQUE]. Adds the edits that remove or replace it and returns the LIMIT clause
// to append (before a trailing ';'), empty when there is none.
std::string projection_edits(const std::vector<token>& t, std::vector<edit>& edits) {
    std::size_t select_at = t.size();
    if (!t.empty() && is_word(t[0], "select")) select_at = 0;
    if (t.size() > 3 && is_word(t[0], "insert") && is_word(t[1], "into")) {
        for (std::size_t k = 2; k < t.size(); ++k)
            if (is_word(t[k], "select")) {
                select_at = k;
                break;
            }
    }
    if (select_at >= t.size()) return {};
    std::size_t k = select_at + 1;
    std::string skip, first;
    for (int round = 0; round < 2; ++round) {
        if (k + 1 < t.size() && is_word(t[k], "skip") && t[k + 1].type == token::kind::number) {
            skip = std::string(t[k + 1].text);
            edits.push_back({k, k + 2, ""});
            k += 2;
        } else if (k + 1 < t.size() && (is_word(t[k], "first") || is_word(t[k], "limit")) &&
                   t[k + 1].type == token::kind::number) {
            first = std::string(t[k + 1].text);
            edits.push_back({k, k + 2, ""});
            k += 2;
        }
    }
    if (k < t.size() && is_word(t[k], "unique")) edits.push_back({k, k + 1, "DISTINCT"});
    if (first.empty() && skip.empty()) return {};
    return " LIMIT " + (first.empty() ? std::string("-1") : first) + (skip.empty() ? "" : " OFFSET " + skip);
}

// The prefixes of a name SQLite has no use for: database:table (the current database, or sysmaster
// as attached) and owner.table (Informix owners are not SQLite schemas). True when token i starts
// one; its edit is added and i moves to the prefix's separator.
bool name_prefix_edit(const std::vector<token>& t, std::size_t& i, const dialect_context& ctx,
                      std::vector<edit>& edits) {
    const token& k = t[i];
    if (k.type != token::kind::word && k.type != token::kind::quoted) return false;
    // database:table and database:owner.table
    if (i + 2 < t.size() && is_punct(t[i + 1], ':') && !is_punct(t[i + 2], ':') &&
        t[i + 1].offset == k.offset + k.text.size()) {
        const std::string db = unquote(k.text);
        if (iequals(db, ctx.database)) {
            edits.push_back({i, i + 2, ""});
            i += 1;
            return true;
        }
        if (iequals(db, "sysmaster") && ctx.sysmaster_attached) {
            edits.push_back({i, i + 2, "sysmaster."});
            i += 1;
            return true;
        }
    }
    const bool after_dot = i > 0 && is_punct(t[i - 1], '.');
    if (!after_dot && i + 2 < t.size() && is_punct(t[i + 1], '.') &&
        (t[i + 2].type == token::kind::word || t[i + 2].type == token::kind::quoted)) {
        const std::string owner = unquote(k.text);
        if (iequals(owner, "informix") || (!ctx.user.empty() && iequals(owner, ctx.user))) {
            edits.push_back({i, i + 2, ""});
            i += 1;
            return true;
        }
    }
    return false;
}

sql_error syntax_error_at(std::size_t offset) {
    sql_error e = make_error(code::syntax);
    e.offset = static_cast<std::int32_t>(offset) + 1;
    return e;
}

// CURRENT [qualifier] at token i becomes ifx_current(qualifier word); i moves to its last token.
std::optional<sql_error> current_edit(std::string_view sql, const std::vector<token>& t, std::size_t& i,
                                      std::vector<edit>& edits) {
    const std::size_t end = qualifier_end(t, i + 1);
    std::uint16_t word = 0x110d;  // YEAR TO FRACTION(3)
    if (end > i + 1) {
        const std::size_t from = t[i + 1].offset;
        const std::size_t to = t[end - 1].offset + t[end - 1].text.size();
        const auto q = parse_qualifier(sql.substr(from, to - from), false);
        if (!q) return syntax_error_at(from);
        word = q->word();
    }
    edits.push_back({i, end, "(ifx_current(" + std::to_string(word) + "))"});
    i = end - 1;
    return std::nullopt;
}

// DATETIME(…) qualifier / INTERVAL(…) qualifier at token i becomes its canonical text, typed so that
// arithmetic and comparisons know the qualifier (sql_rewrite.hpp); a plain string in DDL. i moves to
// the literal's last token.
std::optional<sql_error> datetime_literal_edit(std::string_view sql, const std::vector<token>& t,
                                               std::size_t& i, const dialect_context& ctx,
                                               std::vector<edit>& edits) {
    const token& k = t[i];
    std::size_t close = i + 2;
    while (close < t.size() && !is_punct(t[close], ')')) ++close;
    if (close >= t.size()) return std::nullopt;
    const std::size_t body_from = t[i + 1].offset + 1;
    const std::string_view body = sql.substr(body_from, t[close].offset - body_from);
    const std::size_t end = qualifier_end(t, close + 1);
    const bool interval = iequals(k.text, "interval");
    std::optional<qualifier> q;
    if (end > close + 1) {
        const std::size_t from = t[close + 1].offset;
        const std::size_t to = t[end - 1].offset + t[end - 1].text.size();
        q = parse_qualifier(sql.substr(from, to - from), interval);
    }
    if (!q) return syntax_error_at(k.offset);
    const auto value = canonical_datetime(body, *q);
    if (value.code != 0) return make_error(value.code);
    edits.push_back({i, end,
                     ctx.ddl ? sql_string(value.text)
                             : "CAST(" + sql_string(value.text) + " AS " +
                                   (interval ? "IVL_TEXT(" : "DATETIME_TEXT(") + std::to_string(q->word()) +
                                   "))"});
    i = end - 1;
    return std::nullopt;
}

// The edits of single words and names, left to right over the tokens no earlier edit took: name
// prefixes, reserved aliases, TODAY, CURRENT, DATETIME/INTERVAL literals, MATCHES.
std::optional<sql_error> word_edits(std::string_view sql, const std::vector<token>& t,
                                    const dialect_context& ctx, std::vector<edit>& edits) {
    std::vector<bool> taken(t.size(), false);
    for (const edit& e : edits)
        for (std::size_t k = e.first; k < e.last; ++k) taken[k] = true;
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (taken[i]) continue;
        if (name_prefix_edit(t, i, ctx, edits)) continue;
        const token& k = t[i];
        if (k.type != token::kind::word || (i > 0 && is_punct(t[i - 1], '.'))) continue;
        if (is_reserved_alias(t, i)) {
            edits.push_back({i, i + 1, "\"" + std::string(k.text) + "\""});
            continue;
        }
        if (iequals(k.text, "today") && !(i + 1 < t.size() && is_punct(t[i + 1], '('))) {
            edits.push_back({i, i + 1, "(ifx_today())"});
        } else if (iequals(k.text, "current") && !(i + 1 < t.size() && is_word(t[i + 1], "of"))) {
            if (auto e = current_edit(sql, t, i, edits)) return e;
        } else if ((iequals(k.text, "datetime") || iequals(k.text, "interval")) && i + 1 < t.size() &&
                   is_punct(t[i + 1], '(')) {
            if (auto e = datetime_literal_edit(sql, t, i, ctx, edits)) return e;
        } else if (iequals(k.text, "matches")) {
            edits.push_back({i, i + 1, "MATCH"});
        }
    }
    return std::nullopt;
}

// The statement with the edits applied: original spacing between tokens, comments become one blank,
// trailing ';' dropped and `limit` appended.
std::string apply_edits(std::string_view sql, const std::vector<token>& t, std::vector<edit> edits,
                        const std::string& limit) {
    std::sort(edits.begin(), edits.end(), [](const edit& a, const edit& b) { return a.first < b.first; });
    std::string s;
    s.reserve(sql.size() + limit.size() + 16);
    std::size_t prev_end = 0;
    std::size_t e = 0;
    std::size_t end_tokens = t.size();
    while (end_tokens > 0 && is_punct(t[end_tokens - 1], ';')) --end_tokens;
    for (std::size_t i = 0; i < end_tokens; ++i) {
        const std::string_view gap = sql.substr(prev_end, t[i].offset - prev_end);
        const bool only_space = std::all_of(
            gap.begin(), gap.end(), [](char c) { return std::isspace(static_cast<unsigned char>(c)); });
        s += only_space ? std::string(gap) : std::string(" ");
        if (e < edits.size() && edits[e].first == i) {
            s += edits[e].text;
            i = edits[e].last - 1;
            prev_end = t[i].offset + t[i].text.size();
            ++e;
            continue;
        }
        s += t[i].text;
        prev_end = t[i].offset + t[i].text.size();
    }
    s += limit;
    return s;
}

}  // namespace

translation translate(std::string_view sql, const dialect_context& ctx) {
    translation out;
    const auto t = tokenize(sql);
    if (auto renamed = rename_statement(t)) {
        out.sql = std::move(*renamed);
        return out;
    }
    std::vector<edit> edits;
    const std::string limit = projection_edits(t, edits);
    if (t.size() >= 2 && is_word(t[0], "truncate")) {
        const std::size_t name = is_word(t[1], "table") ? 2 : 1;
        edits.push_back({0, name, "DELETE FROM"});
    }
    if (auto e = word_edits(sql, t, ctx, edits)) {
        out.error = std::move(e);
        return out;
    }
    out.sql = apply_edits(sql, t, std::move(edits), limit);
    return out;
}

}  // namespace ifx::lite
