#pragma once
// Location of one value inside a fetched row buffer. Internal: used by row_view.
#include <cstdint>

namespace ifx::detail {

struct cell {
    std::uint32_t offset = 0;  ///< first byte of the value (length prefixes excluded)
    std::uint32_t length = 0;
    bool null = false;
    /// BYTE/TEXT whose content was fetched: the value is a copy of the 56-byte descriptor
    /// followed by the content.
    bool content = false;
};

}  // namespace ifx::detail
