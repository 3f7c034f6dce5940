#pragma once
// Token helpers shared by the parts of sql_text (tokens, classification, DDL rewrites). Internal to sql/.

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "base/text.hpp"
#include "sql/sql_text.hpp"

namespace ifx::lite::sql_text_detail {

using ifx::lite::lower;  // base/text.hpp
using ifx::lite::upper;

inline bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
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

inline bool statement_end_of(const token_cursor& c) {
    return c.done() || (c.is_punct(';') && c.i + 1 == c.t.size());
}

inline bool has_word(const std::vector<token>& tokens, std::string_view word) {
    return std::any_of(tokens.begin(), tokens.end(),
                       [&](const token& k) { return k.type == token::kind::word && iequals(k.text, word); });
}

inline bool is_qualifier_word(std::string_view w) {
    for (std::string_view u : {"year", "month", "day", "hour", "minute", "second", "fraction", "to"})
        if (iequals(w, u)) return true;
    return false;
}

}  // namespace ifx::lite::sql_text_detail
