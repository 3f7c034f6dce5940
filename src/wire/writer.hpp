#pragma once
// Big-endian writer appending to a byte vector, with the SQLI string and padding rules.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "wire/tags.hpp"

namespace ifx::wire {

class writer {
public:
    explicit writer(std::vector<std::uint8_t>& out) noexcept : out_(out) {}

    void u8(std::uint8_t v) { out_.push_back(v); }
    void i16(std::int16_t v) { u16(static_cast<std::uint16_t>(v)); }
    void u16(std::uint16_t v);
    void i32(std::int32_t v) { u32(static_cast<std::uint32_t>(v)); }
    void u32(std::uint32_t v);
    void i64(std::int64_t v);
    void f64(double v);
    void f32(float v);
    void put(tag t) { i16(static_cast<std::int16_t>(t)); }
    void bytes(std::span<const std::uint8_t> b) { out_.insert(out_.end(), b.begin(), b.end()); }
    void bytes(std::string_view s);
    /// One 00 byte when payload_length is odd, so the next tag starts on an even offset.
    void pad(std::size_t payload_length) {
        if (payload_length % 2 != 0) out_.push_back(0);
    }
    void zeros(std::size_t n) { out_.insert(out_.end(), n, 0); }

    /// SQLI CHAR: i16 length, bytes, pad. Precondition: s.size() <= limits::max_char.
    void sqli_char(std::string_view s);
    /// Long SQLI string: i32 length, bytes, pad.
    void sqli_lchar(std::string_view s);
    /// Login-packet string: u16 length including a trailing NUL, the bytes, the NUL; no pad.
    void ascstr(std::string_view s);
    /// Exactly n bytes: s followed by NULs. Precondition: s.size() <= n.
    void fixed(std::size_t n, std::string_view s);

    std::size_t size() const noexcept { return out_.size(); }
    /// Overwrites a u16 previously written at offset (used for the SL length).
    void patch_u16(std::size_t offset, std::uint16_t v);

private:
    std::vector<std::uint8_t>& out_;
};

}  // namespace ifx::wire
