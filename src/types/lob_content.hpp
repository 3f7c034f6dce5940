#pragma once
// BYTE/TEXT content as rows deliver it (the cell holds [descriptor][content] once the fetch
// operation has fetched it; see proto/lob_fetch.hpp).
#include <cstdint>
#include <span>
#include <string>
#include <system_error>

#include "ifx/codeset.hpp"
#include "ifx/column.hpp"
#include "ifx/detail/cell.hpp"

namespace ifx::types {

/// The content bytes of a BYTE/TEXT value. type_mismatch for other columns; not_supported when
/// the content was not fetched (a row that did not come through a fetch operation).
std::error_code blob_content(const column_info& c, const detail::cell& v, const std::uint8_t* data,
                             std::span<const std::uint8_t>& out) noexcept;
/// The content as text: TEXT converted from cs to UTF-8 (type_mismatch if not valid in cs), BYTE
/// verbatim.
std::error_code blob_text(const column_info& c, const detail::cell& v, const std::uint8_t* data, codeset cs,
                          std::string& out);

}  // namespace ifx::types
