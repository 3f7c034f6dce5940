#include "types/numeric.hpp"

#include <bit>
#include <cstring>
#include <limits>

namespace ifx::types {
namespace {

template <class U>
void store_be(U x, bytes_out out) noexcept {
    for (std::size_t i = 0; i < sizeof(U); ++i)
        out[i] = static_cast<std::uint8_t>(x >> (8 * (sizeof(U) - 1 - i)));
}

template <class S, class U>
bool encode_int(S v, bytes_out out) noexcept {
    if (out.size() != sizeof(S) || v == std::numeric_limits<S>::min()) return false;
    store_be(static_cast<U>(v), out);
    return true;
}

}  // namespace

codec_status decode_f32(bytes_in v, float& out) noexcept {
    if (v.size() != 4) return codec_status::malformed;
    const auto x = load_be<std::uint32_t>(v);
    if (x == 0xffffffffu) return codec_status::null;
    out = std::bit_cast<float>(x);
    return codec_status::ok;
}

codec_status decode_f64(bytes_in v, double& out) noexcept {
    if (v.size() != 8) return codec_status::malformed;
    const auto x = load_be<std::uint64_t>(v);
    if (x == ~std::uint64_t{0}) return codec_status::null;
    out = std::bit_cast<double>(x);
    return codec_status::ok;
}

codec_status decode_boolean(bytes_in v, bool& out) noexcept {
    if (v.empty() || v.size() > 2) return codec_status::malformed;
    switch (v.back()) {
        case 't':
        case 'T':
        case 1:
            out = true;
            return codec_status::ok;
        case 'f':
        case 'F':
        case 0:
            out = false;
            return codec_status::ok;
        case 0xff:
            return codec_status::null;
        default:
            return codec_status::malformed;
    }
}

bool encode_i16(std::int16_t v, bytes_out out) noexcept {
    return encode_int<std::int16_t, std::uint16_t>(v, out);
}
bool encode_i32(std::int32_t v, bytes_out out) noexcept {
    return encode_int<std::int32_t, std::uint32_t>(v, out);
}
bool encode_i64(std::int64_t v, bytes_out out) noexcept {
    return encode_int<std::int64_t, std::uint64_t>(v, out);
}

bool encode_f32(float v, bytes_out out) noexcept {
    const auto x = std::bit_cast<std::uint32_t>(v);
    if (out.size() != 4 || x == 0xffffffffu) return false;
    store_be(x, out);
    return true;
}

bool encode_f64(double v, bytes_out out) noexcept {
    const auto x = std::bit_cast<std::uint64_t>(v);
    if (out.size() != 8 || x == ~std::uint64_t{0}) return false;
    store_be(x, out);
    return true;
}

bool encode_boolean(bool v, bytes_out out) noexcept {
    if (out.size() != 1) return false;
    out[0] = v ? 't' : 'f';
    return true;
}

}  // namespace ifx::types
