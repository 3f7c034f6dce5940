#include "sql/routines.hpp"

#include <cctype>

#include "base/text.hpp"
#include "sql/sql_text.hpp"

namespace ifx::lite {
namespace {

bool word_is(const token& t, std::string_view w) {
    if (t.type != token::kind::word || t.text.size() != w.size()) return false;
    for (std::size_t i = 0; i < w.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(t.text[i])) != w[i]) return false;
    return true;
}

bool punct_is(const token& t, char c) {
    return t.type == token::kind::punct && t.text[0] == c;
}

std::string trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && (std::isspace(static_cast<unsigned char>(s.back())) || s.back() == ';'))
        s.remove_suffix(1);
    return std::string(s);
}

// Top-level comma-separated slices of sql between tokens [from, to).
std::vector<std::string> split_list(std::string_view sql, const std::vector<token>& t, std::size_t from,
                                    std::size_t to) {
    std::vector<std::string> out;
    if (from >= to) return out;
    int depth = 0;
    std::size_t start = t[from].offset;
    for (std::size_t i = from; i < to; ++i) {
        if (punct_is(t[i], '(')) ++depth;
        if (punct_is(t[i], ')')) --depth;
        if (depth == 0 && punct_is(t[i], ',')) {
            out.push_back(trim(sql.substr(start, t[i].offset - start)));
            start = t[i].offset + 1;
        }
    }
    const std::size_t end = to < t.size() ? t[to].offset : sql.size();
    out.push_back(trim(sql.substr(start, end - start)));
    return out;
}

// Index of the ')' closing the '(' at `open`, or t.size().
std::size_t closing(const std::vector<token>& t, std::size_t open) {
    int depth = 0;
    for (std::size_t i = open; i < t.size(); ++i) {
        if (punct_is(t[i], '(')) ++depth;
        if (punct_is(t[i], ')') && --depth == 0) return i;
    }
    return t.size();
}

sql_error unsupported(std::string reason) {
    return make_error(-999, "ifxlite routines: " + std::move(reason));
}

}  // namespace

std::optional<sql_error> parse_routine(std::string_view sql, routine& out) {
    const auto t = tokenize(sql);
    std::size_t i = 0;
    if (t.size() < 6 || !word_is(t[i++], "create")) return make_error(code::syntax);
    if (word_is(t[i], "dba")) ++i;
    if (word_is(t[i], "function"))
        out.function = true;
    else if (!word_is(t[i], "procedure"))
        return make_error(code::syntax);
    ++i;
    if (t[i].type != token::kind::word) return make_error(code::syntax);
    out.name = lower(t[i++].text);
    if (i >= t.size() || !punct_is(t[i], '(')) return make_error(code::syntax);
    const std::size_t close = closing(t, i);
    if (close >= t.size()) return make_error(code::syntax);
    for (const auto& p : split_list(sql, t, i + 1, close)) {
        const auto words = tokenize(p);
        if (words.size() < 2 || words[0].type != token::kind::word) return make_error(code::syntax);
        out.params.push_back(lower(words[0].text));
        std::string type;
        for (const char c : lower(p.substr(words[1].offset)))
            if (!std::isspace(static_cast<unsigned char>(c))) type += c;
        out.param_types.push_back(std::move(type));
    }
    i = close + 1;
    if (i < t.size() && (word_is(t[i], "returning") || word_is(t[i], "returns"))) {
        std::size_t end = i + 1;
        while (end < t.size() && !punct_is(t[end], ';')) ++end;
        for (const auto& item : split_list(sql, t, i + 1, end)) {
            // "type [AS name]"
            const auto words = tokenize(item);
            std::size_t as = words.size();
            for (std::size_t k = 0; k < words.size(); ++k)
                if (word_is(words[k], "as")) as = k;
            out.returning.push_back(trim(as < words.size() ? item.substr(0, words[as].offset) : item));
            out.result_names.push_back(as + 1 < words.size() ? lower(words[as + 1].text) : "");
        }
        i = end;
    }
    while (i < t.size() && punct_is(t[i], ';')) ++i;
    // The body runs to END PROCEDURE / END FUNCTION.
    std::size_t end = t.size();
    for (std::size_t k = i; k + 1 < t.size(); ++k)
        if (word_is(t[k], "end") && (word_is(t[k + 1], "procedure") || word_is(t[k + 1], "function")))
            end = k;
    if (end == t.size() || i >= end) return make_error(code::syntax);
    std::size_t statements = 0;
    for (std::size_t k = i; k < end; ++k)
        if (punct_is(t[k], ';') && k + 1 < end) ++statements;
    if (statements > 0) return unsupported("only a single RETURN or SQL statement body is supported");
    const std::string body = trim(sql.substr(t[i].offset, t[end].offset - t[i].offset));
    const auto& first = t[i];
    if (word_is(first, "return")) {
        if (!out.function && out.returning.empty()) return make_error(code::syntax);
        out.returns_expression = true;
        std::string expr = trim(std::string_view(body).substr(6));
        // RETURN expr WITH RESUME is a cursor function: not supported.
        if (lower(expr).find("with resume") != std::string::npos)
            return unsupported("RETURN WITH RESUME is not supported");
        out.body_sql = "SELECT " + expr;
        return std::nullopt;
    }
    if (word_is(first, "select") || word_is(first, "insert") || word_is(first, "update") ||
        word_is(first, "delete")) {
        out.body_sql = body;
        return std::nullopt;
    }
    return unsupported("SPL statement '" + std::string(first.text) + "' is not supported");
}

std::string dropped_routine(std::string_view sql) {
    const auto t = tokenize(sql);
    if (t.size() >= 3 && word_is(t[0], "drop") && (word_is(t[1], "procedure") || word_is(t[1], "function")) &&
        t[2].type == token::kind::word)
        return lower(t[2].text);
    return {};
}

std::optional<routine_call> parse_call(std::string_view sql) {
    const auto t = tokenize(sql);
    if (t.size() < 3 || !word_is(t[0], "execute") ||
        !(word_is(t[1], "procedure") || word_is(t[1], "function")) || t[2].type != token::kind::word)
        return std::nullopt;
    routine_call call;
    call.name = lower(t[2].text);
    if (t.size() == 3) return call;
    if (!punct_is(t[3], '(')) return std::nullopt;
    const std::size_t close = closing(t, 3);
    if (close >= t.size()) return std::nullopt;
    for (std::size_t k = close + 1; k < t.size(); ++k)
        if (!punct_is(t[k], ';')) return std::nullopt;
    // Renumber placeholders so that a parameter used twice keeps its bind.
    int n = 0;
    std::string renumbered;
    std::size_t copied = 0;
    for (std::size_t k = 4; k < close; ++k)
        if (punct_is(t[k], '?')) {
            renumbered.append(sql.substr(copied, t[k].offset - copied));
            renumbered += "?" + std::to_string(++n);
            copied = t[k].offset + 1;
        }
    renumbered.append(sql.substr(copied));
    const auto rt = tokenize(renumbered);
    const std::size_t rclose = closing(rt, 3);
    if (rclose > 4) call.args = split_list(renumbered, rt, 4, rclose);
    return call;
}

std::optional<sql_error> expand_call(const routine& r, const routine_call& call, std::string& sql) {
    if (call.args.size() != r.params.size()) return make_error(code::routine_unresolved, r.name);
    const auto t = tokenize(r.body_sql);
    sql.clear();
    std::size_t copied = 0;
    for (std::size_t k = 0; k < t.size(); ++k) {
        if (t[k].type != token::kind::word) continue;
        if (k > 0 && punct_is(t[k - 1], '.')) continue;  // t.column
        for (std::size_t p = 0; p < r.params.size(); ++p)
            if (lower(t[k].text) == r.params[p]) {
                sql.append(r.body_sql.substr(copied, t[k].offset - copied));
                sql += "(" + call.args[p] + ")";
                copied = t[k].offset + t[k].text.size();
                break;
            }
    }
    sql.append(r.body_sql.substr(copied));
    return std::nullopt;
}

}  // namespace ifx::lite
