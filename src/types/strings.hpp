#pragma once
// Character values in tuples (PROTOCOL.md §9.9): CHAR(n) blank-padded to n bytes; VARCHAR =
// u8 length + bytes (NULL 01 00, A); LVARCHAR, UDTs and collections = u8 flag (0 value,
// 1 NULL) + i32 length + bytes (B). The encoders serve tests, fuzzing and benchmarks (and a
// future server-side user); the client itself only decodes these.
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace ifx::types {

/// Blank-pads wire text to out.size() bytes. False when the text is longer.
bool encode_char(std::string_view wire_text, std::span<std::uint8_t> out) noexcept;
/// Appends u8 length + bytes. False when longer than 255 bytes, or when the text is the single
/// byte 00 (indistinguishable from NULL on the wire).
bool encode_varchar(std::string_view wire_text, std::vector<std::uint8_t>& out);
/// Appends u8 flag + i32 length + bytes (NULL: flag 1, length 0).
void encode_envelope(std::span<const std::uint8_t> bytes, bool null, std::vector<std::uint8_t>& out);

}  // namespace ifx::types
