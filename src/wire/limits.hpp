#pragma once
// Hard bounds on everything read off the wire. Exceeding one is a protocol violation, never an
// allocation: a hostile or desynchronised peer must not make us reserve gigabytes.
#include <cstddef>

namespace ifx::wire::limits {

inline constexpr std::size_t max_login_packet = 0xffff;        // the SL length field is 16 bits
inline constexpr std::size_t max_sql_text = 16 * 1024 * 1024;  // SQLTEXT with feature 62
inline constexpr std::size_t max_char = 0x7fff;                // CHAR: i16 length
inline constexpr std::size_t max_tuple = 64 * 1024 * 1024;     // one SQ_TUPLE payload
inline constexpr std::size_t max_columns = 32767;              // DESCRIBE column count
inline constexpr std::size_t max_name_table = 16 * 1024 * 1024;
inline constexpr std::size_t max_bind_values = 32767;
inline constexpr std::size_t max_protocol_bytes = 1024;  // SQ_PROTOCOLS feature mask
inline constexpr std::size_t max_env_entries = 1024;

}  // namespace ifx::wire::limits
