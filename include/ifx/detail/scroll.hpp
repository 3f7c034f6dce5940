#pragma once
/// @file
/// Internal: the scroll-fetch orientations as the wire carries them in SQ_SFETCH (PROTOCOL.md
/// §6.3: 1, 4, 6 grade B; 2, 3, 5, 7 from ESQL/C, grade C). ifx::scroll_cursor,
/// ifx::async_scroll_cursor and the request encoder all use this one enum.
#include <cstdint>

namespace ifx::detail {

/// Where a scroll fetch moves the cursor; the values are the wire's codes.
enum class scroll_direction : std::int16_t {
    next = 1,
    prior = 2,
    first = 3,
    last = 4,
    current = 5,
    absolute = 6,
    relative = 7
};

}  // namespace ifx::detail
