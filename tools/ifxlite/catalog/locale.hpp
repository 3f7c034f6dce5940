#pragma once
// GLS locales as ifxlite supports them (PROTOCOL.md §1.6): a database's locale is fixed when it is
// created (DB_LOCALE of the creating session, default en_US.819 as on IDS) and its code set decides
// which byte sequences character data may hold. IDS does not convert character data between code
// sets: the client converts to the database code set, so every byte on the wire is in it.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace ifx::lite {

enum class codeset { iso_8859_1, utf8 };

/// IDS's default database locale (DB_LOCALE unset).
inline constexpr std::string_view default_locale = "en_US.819";

/// "en_us.8859-1", "en_US.819", "EN_US.utf8", "en_US.57372@mod" → "en_US.819" / "en_US.57372"
/// (language lower case, territory upper case, the code set by number, modifier dropped); nullopt
/// for code sets other than ISO-8859-1 and UTF-8 or a malformed name.
std::optional<std::string> canonical_locale(std::string_view locale);

/// The code set of a canonical locale.
codeset codeset_of(std::string_view canonical);

/// Offset of the first byte sequence that is not a character of `cs` (npos: all valid). Every byte
/// is an ISO-8859-1 character; UTF-8 rejects malformed, overlong and surrogate sequences.
std::size_t invalid_at(codeset cs, std::string_view bytes);

/// The longest prefix of `bytes` of at most `limit` bytes that ends on a character boundary.
std::size_t character_prefix(codeset cs, std::string_view bytes, std::size_t limit);

}  // namespace ifx::lite
