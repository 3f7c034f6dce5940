#include "catalog/locale.hpp"
#include "base/text.hpp"

#include <cctype>

namespace ifx::lite {
namespace {

// Length of the UTF-8 character starting at `at`, or 0 if the sequence there is invalid.
std::size_t utf8_length(std::string_view s, std::size_t at) {
    const auto b = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
    const unsigned char c = b(at);
    if (c < 0x80) return 1;
    std::size_t n = 0;
    char32_t cp = 0;
    if (c >= 0xc2 && c <= 0xdf) {
        n = 2;
        cp = c & 0x1f;
    } else if (c >= 0xe0 && c <= 0xef) {
        n = 3;
        cp = c & 0x0f;
    } else if (c >= 0xf0 && c <= 0xf4) {
        n = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if (at + n > s.size()) return 0;
    for (std::size_t i = 1; i < n; ++i) {
        if ((b(at + i) & 0xc0) != 0x80) return 0;
        cp = (cp << 6) | (b(at + i) & 0x3f);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
        (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    return n;
}

}  // namespace

std::optional<std::string> canonical_locale(std::string_view locale) {
    locale = locale.substr(0, locale.find('@'));
    const auto dot = locale.find('.');
    const auto underscore = locale.find('_');
    if (dot == std::string_view::npos || underscore == std::string_view::npos || underscore > dot ||
        underscore == 0 || underscore + 1 == dot)
        return std::nullopt;
    std::string name = lower(locale.substr(0, underscore)) + "_";
    for (char c : locale.substr(underscore + 1, dot - underscore - 1)) {
        if (!std::isalpha(static_cast<unsigned char>(c))) return std::nullopt;
        name.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    }
    for (char c : name.substr(0, underscore))
        if (!std::isalpha(static_cast<unsigned char>(c))) return std::nullopt;
    const std::string cs = lower(locale.substr(dot + 1));
    if (cs == "819" || cs == "8859-1" || cs == "88591" || cs == "iso8859-1") return name + ".819";
    if (cs == "57372" || cs == "utf8" || cs == "utf-8") return name + ".57372";
    return std::nullopt;
}

codeset codeset_of(std::string_view canonical) {
    return canonical.ends_with(".57372") ? codeset::utf8 : codeset::iso_8859_1;
}

std::size_t invalid_at(codeset cs, std::string_view bytes) {
    if (cs == codeset::iso_8859_1) return std::string_view::npos;
    for (std::size_t at = 0; at < bytes.size();) {
        const std::size_t n = utf8_length(bytes, at);
        if (n == 0) return at;
        at += n;
    }
    return std::string_view::npos;
}

std::size_t character_prefix(codeset cs, std::string_view bytes, std::size_t limit) {
    if (bytes.size() <= limit) return bytes.size();
    if (cs == codeset::iso_8859_1) return limit;
    std::size_t at = 0;
    while (at < limit) {
        const std::size_t n = utf8_length(bytes, at);
        if (n == 0) return limit;  // not UTF-8 (stored before validation): cut by bytes
        if (at + n > limit) break;
        at += n;
    }
    return at;
}

}  // namespace ifx::lite
