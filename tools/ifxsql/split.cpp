#include "split.hpp"

namespace ifxsql {
namespace {

bool blank(std::string_view s) { return s.find_first_not_of(" \t\r\n") == std::string_view::npos; }

}  // namespace

std::vector<std::string> split_statements(std::string_view text) {
    std::vector<std::string> out;
    std::string current;
    char quote = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quote) {
            current.push_back(c);
            if (c == quote) quote = 0;  // a doubled quote re-enters the string on the next char
            continue;
        }
        if (c == '\'' || c == '"') {
            quote = c;
        } else if (c == '-' && i + 1 < text.size() && text[i + 1] == '-') {
            while (i < text.size() && text[i] != '\n') ++i;
            current.push_back('\n');
            continue;
        } else if (c == '{') {  // Informix comment
            while (i < text.size() && text[i] != '}') ++i;
            continue;
        } else if (c == ';') {
            if (!blank(current)) out.push_back(current);
            current.clear();
            continue;
        }
        current.push_back(c);
    }
    if (!blank(current)) out.push_back(current);
    for (auto& s : out) {
        const auto first = s.find_first_not_of(" \t\r\n");
        const auto last = s.find_last_not_of(" \t\r\n");
        s = s.substr(first, last - first + 1);
    }
    return out;
}

}  // namespace ifxsql
