#pragma once
// Informix packed base-100 DECIMAL/MONEY (PROTOCOL.md §9.5). Values travel as exact decimal text
// between SQLite and the wire; nothing here goes through double.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ifx::lite {

inline constexpr int decimal_floating_scale = 0xff;

/// DECLEN(p, s): bytes of a packed DECIMAL(p, s) (s = 0xff for floating DECIMAL(p)).
constexpr std::size_t decimal_width(int precision, int scale) {
    return static_cast<std::size_t>((precision + (scale & 1) + 3) / 2);
}

enum class decimal_status { ok, not_a_number, overflow };

/// Packs decimal text ("-12.5", "1e3", "  7 ") into DECLEN(p, s) bytes, rounding half away from zero
/// to the scale (or to p significant digits when floating).
decimal_status pack_decimal(std::string_view text, int precision, int scale, std::vector<std::uint8_t>& out);

/// Unpacks a packed value into plain decimal text; nullopt if the bytes are not a valid packed
/// decimal. An all-zero head (`00 00`) is reported as nullopt too (it is the NULL pattern).
std::optional<std::string> unpack_decimal(std::span<const std::uint8_t> bytes);

/// Compares two decimal texts numerically; texts that are not numbers sort after numbers, bytewise.
int compare_decimal_text(std::string_view a, std::string_view b);

}  // namespace ifx::lite
