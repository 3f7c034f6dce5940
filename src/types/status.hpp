#pragma once
// Result of decoding one value: decoders never throw, they report one of these.
#include <cstdint>
#include <system_error>

#include "ifx/error.hpp"

namespace ifx::types {

enum class codec_status : std::uint8_t {
    ok,
    null,          // the bytes are the type's NULL sentinel
    malformed,     // the bytes cannot be a value of this type: the peer is broken
    out_of_range,  // well-formed, but the value does not fit the requested C++ type/column
};

/// The API error for a failed decode (NULL is reported separately by the callers).
inline std::error_code to_error(codec_status s) noexcept {
    switch (s) {
        case codec_status::ok:
        case codec_status::null:
            return {};
        case codec_status::malformed:
            return errc::protocol_violation;
        case codec_status::out_of_range:
            return errc::out_of_range;
    }
    return errc::protocol_violation;
}

}  // namespace ifx::types
