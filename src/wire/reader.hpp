#pragma once
// Big-endian reader over a byte span with the SQLI string and padding rules.
//
// Failures are sticky: once a read runs past the end (need_more) or meets an impossible value
// (malformed), every later read returns zero/empty and status() reports the first failure. A
// decoder therefore reads a whole message straight through and checks status() once; the caller
// consumes position() bytes only when the status is ok, which makes decoding transactional.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "wire/status.hpp"

namespace ifx::wire {

class reader {
public:
    explicit reader(std::span<const std::uint8_t> bytes) noexcept : bytes_(bytes) {}

    std::uint8_t u8() noexcept;
    std::int16_t i16() noexcept;
    std::uint16_t u16() noexcept;
    std::int32_t i32() noexcept;
    std::uint32_t u32() noexcept;
    std::int64_t i64() noexcept;
    double f64() noexcept;
    float f32() noexcept;

    /// The next n raw bytes (a view into the input).
    std::span<const std::uint8_t> bytes(std::size_t n) noexcept;
    void skip(std::size_t n) noexcept { (void)bytes(n); }
    /// Consumes the pad byte that follows a payload of odd length.
    void pad(std::size_t payload_length) noexcept;

    /// SQLI CHAR: i16 length, bytes, pad to even. Lengths < 0 or > max are malformed.
    std::string_view sqli_char(std::size_t max) noexcept;
    /// Long SQLI string: i32 length, bytes, pad to even.
    std::string_view sqli_lchar(std::size_t max) noexcept;
    /// Login-packet string: u16 length counting a trailing NUL, the bytes; never padded.
    /// The returned view excludes the NUL when present.
    std::string_view ascstr() noexcept;
    /// A length field that must be in [0, max]; otherwise the reader becomes malformed.
    std::size_t length16(std::size_t max) noexcept;
    std::size_t length32(std::size_t max) noexcept;

    /// Marks the input incomplete unless at least n more bytes are present, consuming nothing:
    /// lets a decoder refuse a count before allocating for it.
    void require(std::size_t n) noexcept;
    /// Marks the input malformed (used by decoders that find an impossible value).
    void fail() noexcept;

    decode_status status() const noexcept { return status_; }
    bool ok() const noexcept { return status_ == decode_status::ok; }
    std::size_t position() const noexcept { return pos_; }
    std::size_t remaining() const noexcept { return ok() ? bytes_.size() - pos_ : 0; }
    bool at_end() const noexcept { return ok() && pos_ == bytes_.size(); }
    /// The next i16 without consuming it (0 and need_more status untouched if absent).
    bool peek_i16(std::int16_t& out) const noexcept;

private:
    const std::uint8_t* take(std::size_t n) noexcept;

    std::span<const std::uint8_t> bytes_;
    std::size_t pos_ = 0;
    decode_status status_ = decode_status::ok;
};

}  // namespace ifx::wire
