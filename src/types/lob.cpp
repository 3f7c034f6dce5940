// Accessors of the large-object value types and the composite text splitter.
#include "ifx/lob.hpp"
#include "ifx/composite.hpp"
#include "types/codeset.hpp"
#include "types/lob_content.hpp"

namespace ifx {

std::int32_t blob_descriptor::size() const noexcept {
    return static_cast<std::int32_t>((std::uint32_t{raw[16]} << 24) | (std::uint32_t{raw[17]} << 16) |
                                     (std::uint32_t{raw[18]} << 8) | raw[19]);
}

std::int16_t blob_descriptor::flags() const noexcept {
    return static_cast<std::int16_t>((raw[38] << 8) | raw[39]);
}

namespace types {

std::error_code blob_content(const column_info& c, const detail::cell& v, const std::uint8_t* data,
                             std::span<const std::uint8_t>& out) noexcept {
    if (c.type != type_code::byte && c.type != type_code::text) return errc::type_mismatch;
    if (!v.content || v.length < blob_descriptor::size_bytes) return errc::not_supported;
    out = std::span(data + v.offset + blob_descriptor::size_bytes, v.length - blob_descriptor::size_bytes);
    return {};
}

std::error_code blob_text(const column_info& c, const detail::cell& v, const std::uint8_t* data, codeset cs,
                          std::string& out) {
    std::span<const std::uint8_t> bytes;
    if (auto ec = blob_content(c, v, data, bytes)) return ec;
    out.clear();
    if (c.type == type_code::byte) {
        out.assign(reinterpret_cast<const char*>(bytes.data()), bytes.size());
        return {};
    }
    return wire_to_utf8(bytes, cs, out) == std::string::npos ? std::error_code{}
                                                             : make_error_code(errc::type_mismatch);
}

}  // namespace types

std::vector<std::string_view> composite::elements() const {
    std::vector<std::string_view> out;
    const std::string_view s = text;
    const auto open = s.find_first_of("({");
    if (open == std::string_view::npos || s.size() < open + 2) return out;
    const char close = s[open] == '(' ? ')' : '}';
    if (s.back() != close) return out;
    int depth = 0;
    bool quoted = false;
    std::size_t start = open + 1;
    for (std::size_t i = open + 1; i + 1 < s.size(); ++i) {
        const char c = s[i];
        if (quoted) {
            if (c == '\'') quoted = i + 1 < s.size() - 1 && s[i + 1] == '\'' ? (++i, true) : false;
            continue;
        }
        if (c == '\'')
            quoted = true;
        else if (c == '(' || c == '{')
            ++depth;
        else if (c == ')' || c == '}')
            --depth;
        else if (c == ',' && depth == 0) {
            out.push_back(s.substr(start, i - start));
            start = i + 1;
        }
    }
    if (s.size() - 1 > start || !out.empty()) out.push_back(s.substr(start, s.size() - 1 - start));
    return out;
}

}  // namespace ifx
