#pragma once
/// @file
/// `ifx::codeset`: the character encoding of text on the wire (the database's code set).
#include <cstdint>
#include <string_view>
#include <system_error>

namespace ifx {

/// Code set of character data exchanged with the server. The server converts nothing, so this is
/// the open database's code set (session_info::text_codeset). Text in the C++ API is always
/// UTF-8; values are converted at the boundary and text that cannot be represented is an error,
/// never a silent '?'.
enum class codeset : std::uint8_t {
    utf8,        ///< UTF-8 (Informix code set 57372; locales "*.utf8", "*.UTF-8", "*.57372")
    iso_8859_1,  ///< ISO-8859-1 (code set 819; "en_US.8859-1", "en_US.819" — the Informix default)
};

/// The code set named by an Informix locale such as "en_US.8859-1", "en_US.819", "de_DE.utf8"
/// or "en_US.57372" (the part after the dot, case-insensitive; a locale without a dot means
/// the Informix default, ISO-8859-1). Returns errc::not_supported for other code sets.
std::error_code codeset_of_locale(std::string_view locale, codeset& out) noexcept;

/// The display name: "UTF-8" or "ISO-8859-1".
std::string_view to_string(codeset cs) noexcept;

}  // namespace ifx
