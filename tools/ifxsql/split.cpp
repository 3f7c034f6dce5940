#include "split.hpp"

namespace ifxsql {
namespace {

bool blank(std::string_view s) {
    return s.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

// Where scan found a character: inside a quoted string or in the statement's text.
enum class place { text, quoted };

// Walks `text` and calls on_char(c, place) for every character outside comments. Returns true
// when the text ends inside a quote or comment.
template <class F>
bool scan(std::string_view text, F on_char) {
    char quote = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quote) {
            on_char(c, place::quoted);
            if (c == quote) quote = 0;  // a doubled quote re-enters the string on the next char
            continue;
        }
        if (c == '\'' || c == '"') {
            quote = c;
        } else if (c == '-' && i + 1 < text.size() && text[i + 1] == '-') {
            while (i < text.size() && text[i] != '\n') ++i;
            on_char('\n', place::text);
            continue;
        } else if (c == '{') {  // Informix comment
            while (i < text.size() && text[i] != '}') ++i;
            if (i == text.size()) return true;
            continue;
        }
        on_char(c, quote != 0 ? place::quoted : place::text);
    }
    return quote != 0;
}

}  // namespace

std::vector<std::string> split_statements(std::string_view text) {
    std::vector<std::string> out;
    std::string current;
    scan(text, [&](char c, place where) {
        if (c == ';' && where == place::text) {
            if (!blank(current)) out.push_back(current);
            current.clear();
        } else {
            current.push_back(c);
        }
    });
    if (!blank(current)) out.push_back(current);
    for (auto& s : out) {
        const auto first = s.find_first_not_of(" \t\r\n");
        const auto last = s.find_last_not_of(" \t\r\n");
        s = s.substr(first, last - first + 1);
    }
    return out;
}

bool statement_complete(std::string_view text) {
    char last = 0;
    const bool open = scan(text, [&](char c, place where) {
        const bool quoted = where == place::quoted;
        if (quoted || (c != ' ' && c != '\t' && c != '\r' && c != '\n')) last = quoted ? 'x' : c;
    });
    return !open && last == ';';
}

}  // namespace ifxsql
