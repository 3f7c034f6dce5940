#include "types/codeset.hpp"

#include <cctype>
#include <cstdint>
#include <cstring>

namespace ifx {

std::error_code codeset_of_locale(std::string_view locale, codeset& out) noexcept {
    const auto dot = locale.rfind('.');
    if (dot == std::string_view::npos) {
        out = codeset::iso_8859_1;  // Informix default locale en_US.819
        return {};
    }
    std::string cs;
    for (char c : locale.substr(dot + 1))
        if (c != '-' && c != '_')
            cs.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    if (cs == "utf8" || cs == "57372") {
        out = codeset::utf8;
        return {};
    }
    if (cs == "88591" || cs == "819" || cs == "iso88591") {
        out = codeset::iso_8859_1;
        return {};
    }
    return errc::not_supported;
}

std::string_view to_string(codeset cs) noexcept {
    return cs == codeset::utf8 ? "UTF-8" : "ISO-8859-1";
}

}  // namespace ifx

namespace ifx::types {
namespace {

constexpr std::uint64_t high_bits = 0x8080808080808080u;

// The offset of the first byte at or after i that is not ASCII, or s.size().
std::size_t skip_ascii(std::string_view s, std::size_t i) noexcept {
    for (; i + 8 <= s.size(); i += 8) {
        std::uint64_t word = 0;
        std::memcpy(&word, s.data() + i, sizeof word);
        if ((word & high_bits) != 0) break;
    }
    while (i < s.size() && static_cast<unsigned char>(s[i]) < 0x80) ++i;
    return i;
}

// True when every byte is ASCII: the words OR-ed together, the tail as one more word that
// overlaps the last one (the common case of a text column, tested without a byte loop).
bool all_ascii(const std::uint8_t* p, std::size_t n) noexcept {
    if (n >= 8) {
        std::uint64_t any = 0, word = 0;
        for (std::size_t i = 0; i + 8 <= n; i += 8) {
            std::memcpy(&word, p + i, sizeof word);
            any |= word;
        }
        std::memcpy(&word, p + n - 8, sizeof word);
        return ((any | word) & high_bits) == 0;
    }
    if (n >= 4) {
        std::uint32_t a = 0, b = 0;
        std::memcpy(&a, p, sizeof a);
        std::memcpy(&b, p + n - 4, sizeof b);
        return ((a | b) & 0x80808080u) == 0;
    }
    unsigned any = 0;
    for (std::size_t i = 0; i < n; ++i) any |= p[i];
    return any < 0x80;
}

}  // namespace

std::size_t first_invalid_utf8(std::string_view s) noexcept {
    char32_t cp = 0;
    for (std::size_t i = skip_ascii(s, 0); i < s.size(); i = skip_ascii(s, i)) {
        const std::size_t n = utf8_sequence(s, i, cp);
        if (n == 0) return i;
        i += n;
    }
    return std::string_view::npos;
}

std::size_t utf8_sequence(std::string_view s, std::size_t i, char32_t& cp) noexcept {
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 < 0x80) {
        cp = b0;
        return 1;
    }
    std::size_t n = 0;
    char32_t min = 0;
    if ((b0 & 0xe0) == 0xc0)
        n = 2, cp = b0 & 0x1f, min = 0x80;
    else if ((b0 & 0xf0) == 0xe0)
        n = 3, cp = b0 & 0x0f, min = 0x800;
    else if ((b0 & 0xf8) == 0xf0)
        n = 4, cp = b0 & 0x07, min = 0x10000;
    else
        return 0;
    if (i + n > s.size()) return 0;
    for (std::size_t k = 1; k < n; ++k) {
        const auto b = static_cast<unsigned char>(s[i + k]);
        if ((b & 0xc0) != 0x80) return 0;
        cp = (cp << 6) | (b & 0x3f);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
    return n;
}

std::size_t wire_to_utf8(std::span<const std::uint8_t> bytes, codeset cs, std::string& out) {
    const std::string_view s(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    if (cs == codeset::utf8) {
        if (const std::size_t bad = first_invalid_utf8(s); bad != std::string_view::npos) return bad;
        out.append(s);
        return std::string::npos;
    }
    out.reserve(out.size() + s.size());
    for (unsigned char c : s) {
        if (c < 0x80) {
            out.push_back(static_cast<char>(c));
        } else {
            out.push_back(static_cast<char>(0xc0 | (c >> 6)));
            out.push_back(static_cast<char>(0x80 | (c & 0x3f)));
        }
    }
    return std::string::npos;
}

std::size_t utf8_to_wire(std::string_view text, codeset cs, std::string& out) {
    char32_t cp = 0;
    const std::size_t start = out.size();
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t n = utf8_sequence(text, i, cp);
        if (n == 0 || (cs == codeset::iso_8859_1 && cp > 0xff)) {
            out.resize(start);
            return i;
        }
        if (cs == codeset::utf8)
            out.append(text.substr(i, n));
        else
            out.push_back(static_cast<char>(cp));
        i += n;
    }
    return std::string::npos;
}

bool same_as_utf8(std::span<const std::uint8_t> bytes, codeset cs) noexcept {
    if (all_ascii(bytes.data(), bytes.size())) return true;  // the same text in every code set
    const std::string_view s(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    if (cs == codeset::iso_8859_1) return skip_ascii(s, 0) == s.size();
    return first_invalid_utf8(s) == std::string_view::npos;
}

}  // namespace ifx::types
