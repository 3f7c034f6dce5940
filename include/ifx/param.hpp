#pragma once
/// @file
/// Statement parameters: the values bound to `?` markers.
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "ifx/date.hpp"
#include "ifx/datetime.hpp"
#include "ifx/decimal.hpp"
#include "ifx/interval.hpp"
#include "ifx/lob.hpp"

namespace ifx {

/// A NULL parameter: `conn.execute("… VALUES (?)", ifx::null)`.
struct null_t {
    explicit constexpr null_t() = default;
};
inline constexpr null_t null{};

/// One parameter value. Implicitly constructible from the supported C++ types, so calls read
/// `conn.execute(sql, 42, "text", 2.5, std::optional<int>{})`.
///
/// Mapping (docs/types.md): integers up to 32 bits bind as INTEGER, 64-bit integers as BIGINT,
/// floating point as FLOAT, strings as CHAR (UTF-8, converted to the connection's code set;
/// the server converts to the column type), bool as BOOLEAN, ifx::decimal as DECIMAL,
/// ifx::date as DATE, ifx::datetime as DATETIME and ifx::interval as INTERVAL with their
/// qualifiers. BYTE and TEXT are chosen by the value's C++ type, since the client does not know
/// the target column's type: std::span<const std::byte> and std::vector<std::byte> bind as BYTE,
/// ifx::text as TEXT (both sent as descriptor + SQ_BBIND + SQ_BLOB chunks); an ifx::lob_locator
/// binds the locator itself (e.g. `UPDATE t SET c = locopy(?)`). `ifx::null` binds an untyped
/// NULL (as CHAR); an empty `std::optional<T>` binds a NULL of T's SQL type. String, byte and
/// locator parameters are views: the referenced data must outlive the call (it always does for
/// arguments of a call). Value types are copied.
class param {
public:
    /// The C++ value a param holds, which decides the SQL type it is sent as.
    enum class kind : std::uint8_t {
        null_value,  ///< untyped NULL (ifx::null, std::nullopt)
        boolean,
        int32,
        int64,
        float64,
        text,
        decimal,
        date,
        datetime,
        interval,
        byte_blob,  ///< BYTE content (as_text() holds the bytes)
        text_blob,  ///< TEXT content, UTF-8 (as_text())
        locator,    ///< a BLOB/CLOB locator (as_text() holds its 72 bytes)
    };

    /// An untyped NULL (ifx::null or std::nullopt).
    param(null_t) noexcept {}
    param(std::nullopt_t) noexcept {}
    /// BOOLEAN.
    param(bool v) noexcept : kind_(kind::boolean), int_(v ? 1 : 0) {}
    template <std::integral T>
    requires(!std::same_as<T, bool> && !std::same_as<T, char>) param(T v)
    noexcept : int_(static_cast<std::int64_t>(v)) {
        kind_ = (sizeof(T) <= 4 && (std::is_signed_v<T> || sizeof(T) < 4)) ? kind::int32 : kind::int64;
        if constexpr (std::is_unsigned_v<T> && sizeof(T) >= 8) overflow_ = v > static_cast<T>(INT64_MAX);
    }
    /// FLOAT (also from float).
    param(double v) noexcept : kind_(kind::float64), float_(v) {}
    param(float v) noexcept : kind_(kind::float64), float_(v) {}
    /// Text, sent as CHAR; the view must outlive the call.
    param(std::string_view v) noexcept : kind_(kind::text), text_(v) {}
    param(const char* v) noexcept : kind_(kind::text), text_(v ? std::string_view(v) : std::string_view()) {}
    param(const std::string& v) noexcept : kind_(kind::text), text_(v) {}
    /// A param only views its text, so a temporary string would dangle before the call: refused.
    param(std::string&&) = delete;
    /// BYTE content; the bytes must outlive the call.
    param(std::span<const std::byte> v) noexcept
        : kind_(kind::byte_blob), text_(reinterpret_cast<const char*>(v.data()), v.size()) {}
    param(const std::vector<std::byte>& v) noexcept : param(std::span<const std::byte>(v)) {}
    /// TEXT content (UTF-8, converted to the connection's code set).
    param(ifx::text v) noexcept : kind_(kind::text_blob), text_(v.value) {}
    /// A smart-LOB locator read from a row of this session.
    param(const lob_locator& v) noexcept
        : kind_(kind::locator), text_(reinterpret_cast<const char*>(v.raw.data()), v.raw.size()) {}
    /// DECIMAL, DATE, DATETIME and INTERVAL with their exact values and qualifiers.
    param(const ifx::decimal& v) noexcept : kind_(kind::decimal), decimal_(v) {}
    param(ifx::date v) noexcept : kind_(kind::date), int_(v.day_number()) {}
    param(const ifx::datetime& v) noexcept : kind_(kind::datetime), datetime_(v) {}
    param(const ifx::interval& v) noexcept : kind_(kind::interval), interval_(v) {}
    /// An empty optional is a NULL of T's SQL type (indicator -1 with that type code).
    template <class T>
    param(const std::optional<T>& v) : param(v ? param(*v) : typed_null<T>()) {
        if (!v) null_ = true;
    }

    /// The value's kind; for a typed NULL, the kind of its type (is_null() tells it apart).
    kind type() const noexcept { return kind_; }
    bool is_null() const noexcept { return null_ || kind_ == kind::null_value; }
    /// The stored value, by kind (int32/int64/boolean, float64, text/byte_blob/text_blob/locator,
    /// decimal, date, datetime, interval); only the accessor matching type() is meaningful.
    std::int64_t as_int() const noexcept { return int_; }
    double as_double() const noexcept { return float_; }
    std::string_view as_text() const noexcept { return text_; }
    const ifx::decimal& as_decimal() const noexcept { return decimal_; }
    ifx::date as_date() const noexcept;
    const ifx::datetime& as_datetime() const noexcept { return datetime_; }
    const ifx::interval& as_interval() const noexcept { return interval_; }
    /// True when an unsigned value does not fit the largest SQL integer (binding it fails).
    bool overflow() const noexcept { return overflow_; }

private:
    // The value of an empty optional's NULL: only its kind matters (text needs no temporary).
    template <class T>
    static param typed_null() {
        if constexpr (std::is_same_v<T, std::string>)
            return param(std::string_view());
        else
            return param(T{});
    }

    kind kind_ = kind::null_value;
    bool overflow_ = false;
    bool null_ = false;
    std::int64_t int_ = 0;
    double float_ = 0;
    std::string_view text_;
    ifx::decimal decimal_;
    ifx::datetime datetime_;
    ifx::interval interval_;
};

inline ifx::date param::as_date() const noexcept {
    std::error_code ec;
    return ifx::date::from_day_number(static_cast<std::int32_t>(int_), ec);
}

}  // namespace ifx
