#include "wire/writer.hpp"

#include <bit>

namespace ifx::wire {

void writer::u16(std::uint16_t v) {
    out_.push_back(static_cast<std::uint8_t>(v >> 8));
    out_.push_back(static_cast<std::uint8_t>(v));
}

void writer::u32(std::uint32_t v) {
    out_.push_back(static_cast<std::uint8_t>(v >> 24));
    out_.push_back(static_cast<std::uint8_t>(v >> 16));
    out_.push_back(static_cast<std::uint8_t>(v >> 8));
    out_.push_back(static_cast<std::uint8_t>(v));
}

void writer::i64(std::int64_t v) {
    const auto u = static_cast<std::uint64_t>(v);
    u32(static_cast<std::uint32_t>(u >> 32));
    u32(static_cast<std::uint32_t>(u));
}

void writer::f64(double v) {
    i64(static_cast<std::int64_t>(std::bit_cast<std::uint64_t>(v)));
}

void writer::f32(float v) {
    u32(std::bit_cast<std::uint32_t>(v));
}

void writer::bytes(std::string_view s) {
    const auto* p = reinterpret_cast<const std::uint8_t*>(s.data());
    out_.insert(out_.end(), p, p + s.size());
}

void writer::sqli_char(std::string_view s) {
    i16(static_cast<std::int16_t>(s.size()));
    bytes(s);
    pad(s.size());
}

void writer::sqli_lchar(std::string_view s) {
    i32(static_cast<std::int32_t>(s.size()));
    bytes(s);
    pad(s.size());
}

void writer::ascstr(std::string_view s) {
    u16(static_cast<std::uint16_t>(s.size() + 1));
    bytes(s);
    u8(0);
}

void writer::fixed(std::size_t n, std::string_view s) {
    bytes(s);
    zeros(n - s.size());
}

void writer::patch_u16(std::size_t offset, std::uint16_t v) {
    out_[offset] = static_cast<std::uint8_t>(v >> 8);
    out_[offset + 1] = static_cast<std::uint8_t>(v);
}

}  // namespace ifx::wire
