#pragma once
// Location of one value inside a fetched row buffer. Internal: used by row_view.
#include <cstdint>

namespace ifx::detail {

struct cell {
    std::uint32_t offset = 0;  ///< first byte of the value (length prefixes excluded)
    std::uint32_t length = 0;
    bool null = false;
};

}  // namespace ifx::detail
