#pragma once
// SQ_PROTOCOLS feature bits (PROTOCOL.md §4.3): feature n is byte n/8, mask 0x80 >> (n % 8).
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace ifx::wire {

/// Feature numbers whose meaning the project relies on (grades in docs/protocol.md).
namespace feature {
inline constexpr int pam = 44;
inline constexpr int bigint = 54;        // SQ_INSERTDONE carries an extra 8-byte BIGSERIAL
inline constexpr int long_sql = 62;      // i32 SQL length and SQ_ERR offset
inline constexpr int ext_describe = 63;  // i32 name-table length in SQ_DESCRIBE
inline constexpr int large_tuple = 69;   // i32 tuple size in SQ_DESCRIBE
inline constexpr int long_rowid = 70;    // i64 rows / rowid in SQ_DONE
}  // namespace feature

inline bool has_feature(std::span<const std::uint8_t> mask, int n) noexcept {
    const auto byte = static_cast<std::size_t>(n / 8);
    return byte < mask.size() && (mask[byte] & (0x80u >> (n % 8))) != 0;
}

inline void set_feature(std::vector<std::uint8_t>& mask, int n, bool on) {
    const auto byte = static_cast<std::size_t>(n / 8);
    if (mask.size() <= byte) mask.resize(byte + 1, 0);
    const auto bit = static_cast<std::uint8_t>(0x80u >> (n % 8));
    mask[byte] =
        on ? static_cast<std::uint8_t>(mask[byte] | bit) : static_cast<std::uint8_t>(mask[byte] & ~bit);
}

}  // namespace ifx::wire
