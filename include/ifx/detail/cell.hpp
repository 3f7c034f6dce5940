#pragma once
// Location of one value inside a fetched row buffer. Internal: used by row_view.
#include <cstdint>

namespace ifx::detail {

/// What the row walker knows about a value that row_view can read without the general
/// conversion: set only from a column plan that was current when the row was split, so the
/// reader need not look at the column's description again.
enum class fast_kind : std::uint8_t {
    none,      ///< read through the general conversion
    int16,     ///< SMALLINT, 2 bytes big-endian
    int32,     ///< INTEGER/SERIAL, 4 bytes big-endian
    int64,     ///< BIGINT/BIGSERIAL, 8 bytes big-endian
    date,      ///< DATE, a 4-byte day number
    text,      ///< VARCHAR/NVARCHAR: the bytes are the text
    text_pad,  ///< CHAR/NCHAR: the text with its blank padding
    decimal,   ///< DECIMAL/MONEY at the plan's scale
    datetime,  ///< DATETIME with the plan's (valid) qualifier
};

struct cell {
    std::uint32_t offset = 0;  ///< first byte of the value (length prefixes excluded)
    std::uint32_t length = 0;
    bool null = false;
    /// BYTE/TEXT whose content was fetched: the value is a copy of the 56-byte descriptor
    /// followed by the content.
    bool content = false;
    fast_kind fast = fast_kind::none;
};

}  // namespace ifx::detail
