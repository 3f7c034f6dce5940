#pragma once
// ASCII case folding and identifier unquoting, shared by ifxlite's SQL, catalog, type and
// protocol code (SQL keywords and identifiers fold in ASCII only).
#include <cctype>
#include <string>
#include <string_view>

namespace ifx::lite {

inline std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

inline std::string upper(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

/// An identifier without its delimiters ("name", `name` or [name]); other text as it is.
inline std::string unquote(std::string_view s) {
    if (s.size() >= 2 && (s.front() == '"' || s.front() == '`' || s.front() == '['))
        return std::string(s.substr(1, s.size() - 2));
    return std::string(s);
}

}  // namespace ifx::lite
