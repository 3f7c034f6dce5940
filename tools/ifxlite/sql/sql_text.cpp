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

using sql_text_detail::iequals;

namespace {

bool is_word_start(char c) {
    return std::isalpha(static_cast<unsigned char>(c)) || c == '_';
}
bool is_word_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$';
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
