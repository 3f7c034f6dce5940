#pragma once
// Internal: the fast reads row_view::get tries before the general conversion (ifx/row.hpp).
// Every row's values pass here, so the common conversions (integers, text, DATE, DECIMAL, DATETIME
// into their own C++ types) skip the general path: no dispatch on the column's description (the
// row walker recorded the value's kind in its cell) and no std::error_code (each costs a library
// call). A fast reader only ever accepts what the general conversion accepts, with the same
// result; for anything else (NULL, another kind, non-ASCII text, a value its decoder declines) it
// returns false and the general conversion decides, errors included.
#include <bit>
#include <chrono>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "ifx/row.hpp"

namespace ifx::detail {

template <class T>
struct fast_reader {
    static bool read(const column_info&, const cell&, const value_source&, T&) noexcept { return false; }
};

template <class T>
struct fast_reader<std::optional<T>> {
    static bool read(const column_info& c, const cell& v, const value_source& s, std::optional<T>& out) {
        if (v.null) {
            out.reset();
            return true;
        }
        T value{};
        if (!fast_reader<T>::read(c, v, s, value)) return false;
        out = std::move(value);
        return true;
    }
};

/// The big-endian unsigned integer of sizeof(U) bytes at p: one load and a byte swap.
template <std::unsigned_integral U>
U load_big_endian(const std::uint8_t* p) noexcept {
#if defined(__GNUC__) || defined(__clang__)
    if constexpr (std::endian::native == std::endian::little && sizeof(U) > 1) {
        U x = 0;
        std::memcpy(&x, p, sizeof(U));
        if constexpr (sizeof(U) == 2) return __builtin_bswap16(x);
        if constexpr (sizeof(U) == 4) return __builtin_bswap32(x);
        if constexpr (sizeof(U) == 8) return __builtin_bswap64(x);
    }
#endif
    U x = 0;
    for (std::size_t k = 0; k < sizeof(U); ++k) x = static_cast<U>((x << 8) | p[k]);
    return x;
}

template <std::integral T>
requires(!std::same_as<T, bool>) struct fast_reader<T> {
    static bool read(const column_info&, const cell& v, const value_source& s, T& out) noexcept {
        if (v.null) return false;
        const std::uint8_t* p = s.data + v.offset;
        std::int64_t i = 0;
        switch (v.fast) {
            case fast_kind::int32:
                i = static_cast<std::int32_t>(load_big_endian<std::uint32_t>(p));
                break;
            case fast_kind::int16:
                i = static_cast<std::int16_t>(load_big_endian<std::uint16_t>(p));
                break;
            case fast_kind::int64:
                i = static_cast<std::int64_t>(load_big_endian<std::uint64_t>(p));
                break;
            default:
                return false;
        }
        if (!fits<T>(i)) return false;
        out = static_cast<T>(i);
        return true;
    }
};

/// True when the n bytes at p are all ASCII: the same text in every supported code set and UTF-8.
/// Reads words, the last one overlapping the one before, so that no byte loop runs.
inline bool all_ascii(const char* p, std::size_t n) noexcept {
    if (n >= 8) {
        std::uint64_t seen = 0, w = 0;
        for (std::size_t k = 0; k + 8 < n; k += 8) {
            std::memcpy(&w, p + k, 8);
            seen |= w;
        }
        std::memcpy(&w, p + n - 8, 8);
        return ((seen | w) & 0x8080808080808080u) == 0;
    }
    if (n >= 4) {
        std::uint32_t a = 0, b = 0;
        std::memcpy(&a, p, 4);
        std::memcpy(&b, p + n - 4, 4);
        return ((a | b) & 0x80808080u) == 0;
    }
    unsigned seen = 0;
    for (std::size_t k = 0; k < n; ++k) seen |= static_cast<unsigned char>(p[k]);
    return seen < 0x80;
}

/// The text of a character value when it is ASCII (CHAR without its blank padding).
inline bool ascii_text(const cell& v, const value_source& s, std::string_view& out) noexcept {
    if (v.null || (v.fast != fast_kind::text && v.fast != fast_kind::text_pad)) return false;
    const char* p = reinterpret_cast<const char*>(s.data + v.offset);
    std::size_t n = v.length;
    if (v.fast == fast_kind::text_pad)
        while (n > 0 && p[n - 1] == ' ') --n;
    if (!all_ascii(p, n)) return false;
    out = std::string_view(p, n);
    return true;
}

template <>
struct fast_reader<std::string_view> {
    static bool read(const column_info&, const cell& v, const value_source& s,
                     std::string_view& out) noexcept {
        return ascii_text(v, s, out);
    }
};

template <>
struct fast_reader<std::string> {
    static bool read(const column_info&, const cell& v, const value_source& s, std::string& out) {
        std::string_view text;
        if (!ascii_text(v, s, text)) return false;
        out.assign(text);
        return true;
    }
};

template <>
struct fast_reader<date> {
    static bool read(const column_info&, const cell& v, const value_source& s, date& out) noexcept {
        if (v.null || v.fast != fast_kind::date) return false;
        const auto day = static_cast<std::int32_t>(load_big_endian<std::uint32_t>(s.data + v.offset));
        if (day < date::min_day || day > date::max_day) return false;
        out.day_ = day;
        return true;
    }
};

template <>
struct fast_reader<std::chrono::sys_days> {
    static bool read(const column_info& c, const cell& v, const value_source& s,
                     std::chrono::sys_days& out) noexcept {
        date d;
        if (!fast_reader<date>::read(c, v, s, d)) return false;
        out = d.to_sys_days();
        return true;
    }
};

template <>
struct fast_reader<decimal> {
    static bool read(const column_info& c, const cell& v, const value_source& s, decimal& out) noexcept {
        return !v.null && v.fast == fast_kind::decimal && fast_read_decimal(c, v, s, out);
    }
};

template <>
struct fast_reader<datetime> {
    static bool read(const column_info& c, const cell& v, const value_source& s, datetime& out) noexcept {
        return !v.null && v.fast == fast_kind::datetime && fast_read_datetime(c, v, s, out);
    }
};

}  // namespace ifx::detail
