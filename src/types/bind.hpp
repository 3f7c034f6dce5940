#pragma once
// SQ_BIND: parameter values on the wire (PROTOCOL.md §7.5). Grades per encoding in
// docs/protocol.md ("Binds"); every grade-C choice is one named constant or function here.
#include <cstdint>
#include <span>
#include <string>
#include <system_error>
#include <vector>

#include "ifx/codeset.hpp"
#include "ifx/param.hpp"

namespace ifx::types {

/// Bind type codes.
inline constexpr std::int16_t bind_char = 0;
inline constexpr std::int16_t bind_integer = 2;
inline constexpr std::int16_t bind_float = 3;
inline constexpr std::int16_t bind_decimal = 5;
inline constexpr std::int16_t bind_date = 7;
inline constexpr std::int16_t bind_datetime = 10;
inline constexpr std::int16_t bind_byte = 11;
inline constexpr std::int16_t bind_text = 12;
inline constexpr std::int16_t bind_interval = 14;
inline constexpr std::int16_t bind_boolean = 45;
inline constexpr std::int16_t bind_bigint = 52;

/// Precision words: INTEGER 0x0a00 and BIGINT 0x1300 (B, live).
inline constexpr std::int16_t prec_integer = 0x0a00;
inline constexpr std::int16_t prec_bigint = 0x1300;

/// The prec word of a DECIMAL bind (grade C): (precision << 8) | scale, the describe encoding
/// that INTEGER's 0x0a00 (= 10 << 8 | 0) and BIGINT's 0x1300 (= 19 << 8 | 0) also follow; a
/// floating DECIMAL(p) has scale byte 0xff. ([LG] says JDBC "puts the scale" here; if a capture
/// shows the bare scale, change only this function.)
std::int16_t decimal_prec_word(int precision, int scale) noexcept;

/// Whether a bind of this type carries the owner and type-name CHARs (§7.5: types > 18 other
/// than 52/53). Sent as two empty CHARs (grade C).
bool bind_has_type_names(std::int16_t type) noexcept;

/// BYTE/TEXT upload (§7.11, grade C framing): the bind carries a 56-byte descriptor with the
/// size at offset 16; after the SQ_BIND come SQ_BBIND i16 count (the non-NULL BYTE/TEXT values)
/// and, per value, SQ_BLOB chunks of at most 1024 bytes ended by a zero-length SQ_BLOB. A NULL
/// BYTE/TEXT is the generic NULL bind (type, indicator -1, no descriptor).
inline constexpr std::size_t blob_bind_descriptor_size = 56;
inline constexpr std::size_t blob_chunk_size = 1024;
inline constexpr std::size_t max_blob_bind = 0x7fffffff;  // the descriptor's size field is an i32

/// Why a bind failed: which parameter, and a sentence for the diagnostics.
struct bind_failure {
    std::size_t index = 0;
    std::string reason;
};

/// Appends SQ_BIND with one entry per parameter, text converted to cs, followed by SQ_BBIND and
/// the SQ_BLOB chunks when BYTE/TEXT values are among them. Errors:
/// invalid_argument (text not UTF-8 or not representable in cs; too many parameters),
/// out_of_range (an unsigned beyond INT64_MAX, text longer than a CHAR bind allows, a value
/// Informix cannot store). On error `out` is left as it was and `why` says which parameter.
std::error_code encode_bind(std::span<const param> params, codeset cs, std::vector<std::uint8_t>& out,
                            bind_failure* why = nullptr);

/// Appends one SQ_BIND-style value (type, indicator, prec, data) without the SQ_BIND header, for
/// messages that carry bind values of their own (the fast path's SQ_EXFPROUTINE). BYTE/TEXT
/// content, which travels after the values in SQ_BBIND chunks, is errc::not_supported; other
/// errors as encode_bind. On error `out` is left as it was and `why` says why.
std::error_code encode_bind_value(const param& p, codeset cs, std::vector<std::uint8_t>& out,
                                  std::string* why = nullptr);

}  // namespace ifx::types
