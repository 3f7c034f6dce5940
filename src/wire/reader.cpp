#include "wire/reader.hpp"

#include <bit>
#include <cstring>

namespace ifx::wire {

const std::uint8_t* reader::take(std::size_t n) noexcept {
    if (status_ != decode_status::ok) return nullptr;
    if (n > bytes_.size() - pos_) {
        status_ = decode_status::need_more;
        return nullptr;
    }
    const std::uint8_t* p = bytes_.data() + pos_;
    pos_ += n;
    return p;
}

void reader::require(std::size_t n) noexcept {
    if (status_ == decode_status::ok && n > bytes_.size() - pos_) status_ = decode_status::need_more;
}

void reader::fail() noexcept {
    if (status_ == decode_status::ok) status_ = decode_status::malformed;
}

std::uint8_t reader::u8() noexcept {
    const auto* p = take(1);
    return p ? p[0] : 0;
}

std::uint16_t reader::u16() noexcept {
    const auto* p = take(2);
    return p ? static_cast<std::uint16_t>((p[0] << 8) | p[1]) : 0;
}

std::int16_t reader::i16() noexcept {
    return static_cast<std::int16_t>(u16());
}

std::uint32_t reader::u32() noexcept {
    const auto* p = take(4);
    if (!p) return 0;
    return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
           std::uint32_t{p[3]};
}

std::int32_t reader::i32() noexcept {
    return static_cast<std::int32_t>(u32());
}

std::int64_t reader::i64() noexcept {
    const std::uint64_t hi = u32();
    const std::uint64_t lo = u32();
    return static_cast<std::int64_t>((hi << 32) | lo);
}

double reader::f64() noexcept {
    return std::bit_cast<double>(static_cast<std::uint64_t>(i64()));
}

float reader::f32() noexcept {
    return std::bit_cast<float>(u32());
}

std::span<const std::uint8_t> reader::bytes(std::size_t n) noexcept {
    const auto* p = take(n);
    return p ? std::span<const std::uint8_t>(p, n) : std::span<const std::uint8_t>{};
}

void reader::pad(std::size_t payload_length) noexcept {
    if (payload_length % 2 != 0) skip(1);
}

std::size_t reader::length16(std::size_t max) noexcept {
    const std::int16_t n = i16();
    if (!ok()) return 0;
    if (n < 0 || static_cast<std::size_t>(n) > max) {
        fail();
        return 0;
    }
    return static_cast<std::size_t>(n);
}

std::size_t reader::length32(std::size_t max) noexcept {
    const std::int32_t n = i32();
    if (!ok()) return 0;
    if (n < 0 || static_cast<std::size_t>(n) > max) {
        fail();
        return 0;
    }
    return static_cast<std::size_t>(n);
}

static std::string_view as_text(std::span<const std::uint8_t> s) noexcept {
    return {reinterpret_cast<const char*>(s.data()), s.size()};
}

std::string_view reader::sqli_char(std::size_t max) noexcept {
    const std::size_t n = length16(max);
    const auto s = bytes(n);
    pad(n);
    return ok() ? as_text(s) : std::string_view{};
}

std::string_view reader::sqli_lchar(std::size_t max) noexcept {
    const std::size_t n = length32(max);
    const auto s = bytes(n);
    pad(n);
    return ok() ? as_text(s) : std::string_view{};
}

std::string_view reader::ascstr() noexcept {
    const std::size_t n = u16();
    const auto s = bytes(n);
    if (!ok()) return {};
    std::string_view text = as_text(s);
    if (!text.empty() && text.back() == '\0') text.remove_suffix(1);
    return text;
}

bool reader::peek_i16(std::int16_t& out) const noexcept {
    if (status_ != decode_status::ok || bytes_.size() - pos_ < 2) return false;
    out = static_cast<std::int16_t>((bytes_[pos_] << 8) | bytes_[pos_ + 1]);
    return true;
}

}  // namespace ifx::wire
