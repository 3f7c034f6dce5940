#pragma once
// Conversions of one column value (its cell bytes) to C++ values. Never throw; callers map the
// returned error to the API's error forms.
#include <cstdint>
#include <span>
#include <string>
#include <system_error>

#include "ifx/column.hpp"

namespace ifx::types {

using value_bytes = std::span<const std::uint8_t>;

/// Integer value of an integer column, or of a DECIMAL/MONEY holding an integral value.
std::error_code to_int64(const column_info& c, value_bytes v, std::int64_t& out) noexcept;
/// Numeric columns as double (DECIMAL/MONEY are rounded: an explicit, lossy conversion).
std::error_code to_double(const column_info& c, value_bytes v, double& out) noexcept;
/// BOOLEAN columns ('t'/'f', 1/0).
std::error_code to_bool(const column_info& c, value_bytes v, bool& out) noexcept;
/// Text of any column: strings as stored (CHAR without its blank padding), numbers in their
/// exact decimal form, DATE as YYYY-MM-DD, DATETIME/INTERVAL in Informix literal form.
std::error_code to_text(const column_info& c, value_bytes v, std::string& out);

/// Packed base-100 decimal (PROTOCOL.md §9.5) to exact text; scale < 0 = as many digits as needed.
bool decimal_to_text(value_bytes v, int scale, std::string& out);
/// Informix day number (0 = 1899-12-31) to YYYY-MM-DD.
std::string date_to_text(std::int32_t day);

}  // namespace ifx::types
