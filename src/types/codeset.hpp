#pragma once
// Text conversion at the wire boundary: wire code set ⇄ UTF-8 (the API's text encoding).
#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "ifx/codeset.hpp"
#include "types/status.hpp"

namespace ifx::types {

/// Appends the UTF-8 form of wire bytes in code set cs. Returns the offset of the first byte
/// that is not valid in cs (UTF-8 only: ISO-8859-1 maps every byte), or npos on success.
std::size_t wire_to_utf8(std::span<const std::uint8_t> bytes, codeset cs, std::string& out);
/// Appends the cs form of UTF-8 text. Returns the offset of the first character that is not
/// valid UTF-8 or has no representation in cs, or npos on success.
std::size_t utf8_to_wire(std::string_view text, codeset cs, std::string& out);
/// True when the bytes are the same text in cs and in UTF-8 (so a view can be handed out).
bool same_as_utf8(std::span<const std::uint8_t> bytes, codeset cs) noexcept;
/// Offset of the first byte of s that does not start a valid UTF-8 sequence, or npos when all
/// of s is valid UTF-8. Runs of ASCII are skipped 8 bytes at a time.
std::size_t first_invalid_utf8(std::string_view s) noexcept;
/// Length of the valid UTF-8 sequence at s[i], or 0 if invalid; decodes the code point.
std::size_t utf8_sequence(std::string_view s, std::size_t i, char32_t& cp) noexcept;

}  // namespace ifx::types
