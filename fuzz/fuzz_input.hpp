#pragma once
// The input format every fuzz target shares (and scripts/fuzz seeds from the vectors):
// u8 type code, u16 big-endian encoded length, then the value bytes.
#include <cstddef>
#include <cstdint>
#include <span>

#include "ifx/column.hpp"

namespace ifx::fuzz {

struct input {
    column_info column;
    std::span<const std::uint8_t> value;
};

inline bool parse_input(const std::uint8_t* data, std::size_t size, input& out) {
    if (size < 3) return false;
    out.column.type = static_cast<type_code>(data[0]);
    out.column.type_word = data[0];
    out.column.encoded_length = (data[1] << 8) | data[2];
    out.value = std::span(data + 3, size - 3);
    return true;
}

}  // namespace ifx::fuzz
