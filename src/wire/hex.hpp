#pragma once
// Hex rendering and parsing for diagnostics, traces and the golden-vector loader.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ifx::wire {

/// "00 0c 00 38" style: lowercase, single spaces.
std::string to_hex(std::span<const std::uint8_t> bytes);
/// Parses whitespace-separated (or contiguous) hex digit pairs; nullopt on any other character.
std::optional<std::vector<std::uint8_t>> from_hex(std::string_view text);

}  // namespace ifx::wire
