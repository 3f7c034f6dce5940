#pragma once
// Conversions of one column value (its cell bytes, NULL already excluded) to C++ values,
// driven by the column's description. Never throw (std::string growth aside); callers map the
// returned error to the API's error forms.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <system_error>

#include "ifx/codeset.hpp"
#include "ifx/column.hpp"
#include "ifx/composite.hpp"
#include "ifx/date.hpp"
#include "ifx/datetime.hpp"
#include "ifx/decimal.hpp"
#include "ifx/interval.hpp"
#include "ifx/lob.hpp"

namespace ifx::types {

using value_bytes = std::span<const std::uint8_t>;

/// Integer value of an integer column, or of a DECIMAL/MONEY holding an integral value.
std::error_code to_int64(const column_info& c, value_bytes v, std::int64_t& out) noexcept;
/// Numeric columns as double (DECIMAL/MONEY are rounded: an explicit, lossy conversion).
std::error_code to_double(const column_info& c, value_bytes v, double& out) noexcept;
/// BOOLEAN columns ('t'/'f', 1/0).
std::error_code to_bool(const column_info& c, value_bytes v, bool& out) noexcept;
/// DECIMAL/MONEY (scale of the column kept) and integer columns.
std::error_code to_decimal(const column_info& c, value_bytes v, decimal& out) noexcept;
std::error_code to_date(const column_info& c, value_bytes v, date& out) noexcept;
std::error_code to_datetime(const column_info& c, value_bytes v, datetime& out) noexcept;
std::error_code to_interval(const column_info& c, value_bytes v, interval& out) noexcept;
std::error_code to_locator(const column_info& c, value_bytes v, lob_locator& out) noexcept;
std::error_code to_descriptor(const column_info& c, value_bytes v, blob_descriptor& out) noexcept;
std::error_code to_composite(const column_info& c, value_bytes v, codeset cs, composite& out);
/// Text of any column: strings converted from cs to UTF-8 (CHAR without its blank padding),
/// numbers in their exact decimal form, DATE as YYYY-MM-DD, DATETIME/INTERVAL in literal form.
/// type_mismatch when character data is not valid in cs.
std::error_code to_text(const column_info& c, value_bytes v, codeset cs, std::string& out);
/// Character columns only: a view of the stored text when it already is UTF-8.
std::error_code to_text_view(const column_info& c, value_bytes v, codeset cs, std::string_view& out) noexcept;

/// True for CHAR, NCHAR, VARCHAR, NVARCHAR, LVARCHAR (including UDT-described LVARCHAR).
bool is_character(const column_info& c) noexcept;

/// Informix day number (0 = 1899-12-31) to YYYY-MM-DD (any int32, even outside DATE's range).
std::string date_to_text(std::int32_t day);

}  // namespace ifx::types
