#include "types/strings.hpp"

#include <algorithm>

namespace ifx::types {

bool encode_char(std::string_view wire_text, std::span<std::uint8_t> out) noexcept {
    if (wire_text.size() > out.size()) return false;
    std::copy(wire_text.begin(), wire_text.end(), out.begin());
    std::fill(out.begin() + static_cast<std::ptrdiff_t>(wire_text.size()), out.end(), std::uint8_t{' '});
    return true;
}

bool encode_varchar(std::string_view wire_text, std::vector<std::uint8_t>& out) {
    if (wire_text.size() > 255 || wire_text == std::string_view("\0", 1)) return false;
    out.push_back(static_cast<std::uint8_t>(wire_text.size()));
    out.insert(out.end(), wire_text.begin(), wire_text.end());
    return true;
}

void encode_envelope(std::span<const std::uint8_t> bytes, bool null, std::vector<std::uint8_t>& out) {
    const auto n = null ? 0u : static_cast<std::uint32_t>(bytes.size());
    out.push_back(null ? 1 : 0);
    for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(n >> shift));
    if (!null) out.insert(out.end(), bytes.begin(), bytes.end());
}

}  // namespace ifx::types
