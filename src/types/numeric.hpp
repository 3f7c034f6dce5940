#pragma once
// Fixed-width numeric and BOOLEAN values in tuples (PROTOCOL.md §9.1, §9.10). NULL sentinels:
// SMALLINT/INTEGER/DATE/BIGINT = the type's minimum (A); floats = all bits set, tested before
// the IEEE interpretation (A); BOOLEAN = ff in its last byte (C, project convention).
#include <bit>
#include <cstdint>
#include <cstring>
#include <span>
#include <type_traits>

#include "types/status.hpp"

namespace ifx::types {

using bytes_in = std::span<const std::uint8_t>;
using bytes_out = std::span<std::uint8_t>;

/// The big-endian unsigned integer in v's first sizeof(U) bytes: one load and a byte swap.
template <class U>
U load_be(bytes_in v) noexcept {
    U x = 0;
    std::memcpy(&x, v.data(), sizeof(U));
    if constexpr (std::endian::native == std::endian::little) {
        if constexpr (sizeof(U) == 2) return __builtin_bswap16(x);
        if constexpr (sizeof(U) == 4) return __builtin_bswap32(x);
        if constexpr (sizeof(U) == 8) return __builtin_bswap64(x);
    }
    return x;
}

/// A big-endian signed integer of exactly sizeof(S) bytes; its minimum is NULL. Inline: every
/// integer and DATE value of every row passes here.
template <class S>
codec_status decode_int(bytes_in v, S& out) noexcept {
    using U = std::make_unsigned_t<S>;
    if (v.size() != sizeof(S)) return codec_status::malformed;
    const U x = load_be<U>(v);
    if (x == (U{1} << (8 * sizeof(S) - 1))) return codec_status::null;
    out = static_cast<S>(x);
    return codec_status::ok;
}

inline codec_status decode_i16(bytes_in v, std::int16_t& out) noexcept {  // 2 bytes
    return decode_int(v, out);
}
inline codec_status decode_i32(bytes_in v, std::int32_t& out) noexcept {  // 4 bytes (also DATE)
    return decode_int(v, out);
}
inline codec_status decode_i64(bytes_in v, std::int64_t& out) noexcept {  // 8 bytes (BIGINT/BIGSERIAL)
    return decode_int(v, out);
}
codec_status decode_f32(bytes_in v, float& out) noexcept;   // 4 bytes
codec_status decode_f64(bytes_in v, double& out) noexcept;  // 8 bytes
/// 1 byte ('t'/'T'/1 true, 'f'/'F'/0 false, ff NULL) or the 2-byte form (value in the last byte).
codec_status decode_boolean(bytes_in v, bool& out) noexcept;

/// Encoders write exactly the width; a value equal to the NULL sentinel is rejected (false):
/// it cannot be sent as a value.
bool encode_i16(std::int16_t v, bytes_out out) noexcept;
bool encode_i32(std::int32_t v, bytes_out out) noexcept;
bool encode_i64(std::int64_t v, bytes_out out) noexcept;
bool encode_f32(float v, bytes_out out) noexcept;
bool encode_f64(double v, bytes_out out) noexcept;
/// 1-byte form, 't' / 'f' (what IDS sends, §9.10).
bool encode_boolean(bool v, bytes_out out) noexcept;

}  // namespace ifx::types
