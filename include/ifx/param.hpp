#pragma once
/// @file
/// Statement parameters: the values bound to `?` markers.
#include <concepts>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>

namespace ifx {

/// A NULL parameter: `conn.execute("… VALUES (?)", ifx::null)`.
struct null_t {
    explicit constexpr null_t() = default;
};
inline constexpr null_t null{};

/// One parameter value. Implicitly constructible from the supported C++ types, so calls read
/// `conn.execute(sql, 42, "text", 2.5, std::optional<int>{})`.
///
/// Mapping: integers up to 32 bits bind as INTEGER, 64-bit integers as BIGINT, floating point as
/// FLOAT, strings as CHAR (the server converts to the column type), bool as BOOLEAN,
/// `ifx::null` / `std::nullopt` / an empty optional as NULL. String parameters are views: the
/// referenced text must outlive the call (it always does for arguments of a call).
class param {
public:
    enum class kind : std::uint8_t { null_value, boolean, int32, int64, float64, text };

    param(null_t) noexcept {}
    param(std::nullopt_t) noexcept {}
    param(bool v) noexcept : kind_(kind::boolean), int_(v ? 1 : 0) {}
    template <std::integral T>
        requires(!std::same_as<T, bool> && !std::same_as<T, char>)
    param(T v) noexcept : int_(static_cast<std::int64_t>(v)) {
        kind_ = (sizeof(T) <= 4 && (std::is_signed_v<T> || sizeof(T) < 4)) ? kind::int32 : kind::int64;
        if constexpr (std::is_unsigned_v<T> && sizeof(T) >= 8) overflow_ = v > static_cast<T>(INT64_MAX);
    }
    param(double v) noexcept : kind_(kind::float64), float_(v) {}
    param(float v) noexcept : kind_(kind::float64), float_(v) {}
    param(std::string_view v) noexcept : kind_(kind::text), text_(v) {}
    param(const char* v) noexcept : kind_(kind::text), text_(v) {}
    param(const std::string& v) noexcept : kind_(kind::text), text_(v) {}
    template <class T>
    param(const std::optional<T>& v) : param(v ? param(*v) : param(null)) {}

    kind type() const noexcept { return kind_; }
    bool is_null() const noexcept { return kind_ == kind::null_value; }
    std::int64_t as_int() const noexcept { return int_; }
    double as_double() const noexcept { return float_; }
    std::string_view as_text() const noexcept { return text_; }
    /// True when an unsigned value does not fit the largest SQL integer (binding it fails).
    bool overflow() const noexcept { return overflow_; }

private:
    kind kind_ = kind::null_value;
    bool overflow_ = false;
    std::int64_t int_ = 0;
    double float_ = 0;
    std::string_view text_;
};

}  // namespace ifx
