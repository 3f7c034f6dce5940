#pragma once
/// @file
/// `ifx::row_view`: one row of a result, with typed access to its values.
#include <chrono>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <tuple>
#include <vector>

#include "ifx/codeset.hpp"
#include "ifx/column.hpp"
#include "ifx/composite.hpp"
#include "ifx/date.hpp"
#include "ifx/datetime.hpp"
#include "ifx/decimal.hpp"
#include "ifx/detail/cell.hpp"
#include "ifx/error.hpp"
#include "ifx/interval.hpp"
#include "ifx/lob.hpp"

namespace ifx {

class row_view;

namespace detail {
/// Where a row's values live and how its text is encoded.
struct value_source {
    const std::uint8_t* data = nullptr;
    codeset text_codeset = codeset::utf8;
};

// Conversions implemented in the library (src/api/row.cpp); they never throw.
std::error_code read_int64(const column_info& c, const cell& v, const value_source& s, std::int64_t& out);
std::error_code read_double(const column_info& c, const cell& v, const value_source& s, double& out);
std::error_code read_bool(const column_info& c, const cell& v, const value_source& s, bool& out);
std::error_code read_text(const column_info& c, const cell& v, const value_source& s, std::string& out);
std::error_code read_text_view(const column_info& c, const cell& v, const value_source& s,
                               std::string_view& out);
std::error_code read_decimal(const column_info& c, const cell& v, const value_source& s, decimal& out);
std::error_code read_date(const column_info& c, const cell& v, const value_source& s, date& out);
std::error_code read_datetime(const column_info& c, const cell& v, const value_source& s, datetime& out);
std::error_code read_interval(const column_info& c, const cell& v, const value_source& s, interval& out);
std::error_code read_locator(const column_info& c, const cell& v, const value_source& s, lob_locator& out);
std::error_code read_descriptor(const column_info& c, const cell& v, const value_source& s,
                                blob_descriptor& out);
std::error_code read_composite(const column_info& c, const cell& v, const value_source& s, composite& out);
std::error_code read_bytes(const column_info& c, const cell& v, const value_source& s,
                           std::vector<std::byte>& out);
[[noreturn]] void throw_value_error(std::error_code ec, const column_info& c, std::size_t index);

// Fast reads of values the row walker marked (cell::fast), implemented in the library: true with
// `out` set, or false (the value is not such a value, or the fast decoder declines it) for the
// general conversion to decide.
// Preconditions: the cell is not NULL and is marked as that kind.
bool fast_read_decimal(const column_info& c, const cell& v, const value_source& s, decimal& out) noexcept;
bool fast_read_datetime(const column_info& c, const cell& v, const value_source& s, datetime& out) noexcept;

template <class T>
struct value_reader;  // specialised below for every supported C++ type
template <class T>
struct fast_reader;  // the common conversions without the general path's dispatch (below)
}  // namespace detail

/// A non-owning view of one row. Valid while the result or cursor batch that produced it is
/// alive and unchanged (a cursor's next fetch() invalidates the rows of the previous batch).
class row_view {
public:
    row_view() = default;
    row_view(std::span<const column_info> columns, const std::uint8_t* data, const detail::cell* cells,
             codeset text_codeset = codeset::utf8) noexcept
        : columns_(columns), source_{data, text_codeset}, cells_(cells) {}

    std::size_t size() const noexcept { return columns_.size(); }
    std::span<const column_info> columns() const noexcept { return columns_; }
    bool is_null(std::size_t i) const noexcept { return cells_[i].null; }

    /// The value of column i as T. Supported T (docs/types.md has the full mapping):
    /// - std::optional<U> for nullable columns (NULL → empty), for any U below;
    /// - integral types: integer columns and integral DECIMAL/MONEY values (range checked);
    /// - float/double: any numeric column (DECIMAL/MONEY converted, rounded: you asked);
    /// - bool: BOOLEAN;
    /// - ifx::decimal: DECIMAL, MONEY and integer columns (exact);
    /// - ifx::date / std::chrono::sys_days: DATE; ifx::datetime: DATETIME; ifx::interval: INTERVAL;
    /// - std::string: the text of any column (character data converted to UTF-8, CHAR without
    ///   its blank padding, numbers exact, DATE ISO-8601, DATETIME/INTERVAL in literal form);
    /// - std::string_view: character columns, zero-copy; only when the stored bytes already are
    ///   the UTF-8 text (always for UTF-8 connections; ASCII text otherwise), else type_mismatch;
    /// - BYTE/TEXT content: std::vector<std::byte> (the bytes), std::string (TEXT converted to
    ///   UTF-8, BYTE verbatim); the content is fetched with the row (docs/types.md);
    /// - ifx::lob_locator: BLOB/CLOB; ifx::blob_descriptor: BYTE/TEXT;
    ///   ifx::composite: ROW/SET/MULTISET/LIST.
    /// Throws ifx::error: unexpected_null (NULL into a non-optional T), type_mismatch (T cannot
    /// hold this column's type, or text not valid in the code set), out_of_range,
    /// protocol_violation (a malformed value). Precondition: i < size().
    template <class T>
    T get(std::size_t i) const {
        T out{};
        if (detail::fast_reader<T>::read(columns_[i], cells_[i], source_, out)) return out;
        if (auto ec = detail::value_reader<T>::read(columns_[i], cells_[i], source_, out))
            detail::throw_value_error(ec, columns_[i], i);
        return out;
    }
    /// Non-throwing form: returns the error instead.
    template <class T>
    std::error_code get(std::size_t i, T& out) const {
        if (detail::fast_reader<T>::read(columns_[i], cells_[i], source_, out)) return {};
        return detail::value_reader<T>::read(columns_[i], cells_[i], source_, out);
    }
    /// All columns as a tuple (the row must have exactly sizeof...(T) columns).
    template <class... T>
    std::tuple<T...> as() const {
        if (sizeof...(T) != size()) throw error(make_error_code(errc::type_mismatch), {});
        return as_impl<T...>(std::index_sequence_for<T...>{});
    }

private:
    template <class... T, std::size_t... I>
    std::tuple<T...> as_impl(std::index_sequence<I...>) const {
        return std::tuple<T...>{get<T>(I)...};
    }

    std::span<const column_info> columns_;
    detail::value_source source_;
    const detail::cell* cells_ = nullptr;
};

namespace detail {

template <class T>
struct value_reader<std::optional<T>> {
    static std::error_code read(const column_info& c, const cell& v, const value_source& s,
                                std::optional<T>& out) {
        if (v.null) {
            out.reset();
            return {};
        }
        T value{};
        auto ec = value_reader<T>::read(c, v, s, value);
        if (!ec) out = std::move(value);
        return ec;
    }
};

template <std::integral T>
constexpr bool fits(std::int64_t i) noexcept {
    if constexpr (std::is_unsigned_v<T>)
        return i >= 0 && static_cast<std::uint64_t>(i) <= std::numeric_limits<T>::max();
    else
        return i >= std::numeric_limits<T>::min() && i <= std::numeric_limits<T>::max();
}

template <std::integral T>
requires(!std::same_as<T, bool>) struct value_reader<T> {
    static std::error_code read(const column_info& c, const cell& v, const value_source& s, T& out) {
        if (v.null) return errc::unexpected_null;
        std::int64_t i = 0;
        if (auto ec = read_int64(c, v, s, i)) return ec;
        if (!fits<T>(i)) return errc::out_of_range;
        out = static_cast<T>(i);
        return {};
    }
};

template <std::floating_point T>
struct value_reader<T> {
    static std::error_code read(const column_info& c, const cell& v, const value_source& s, T& out) {
        if (v.null) return errc::unexpected_null;
        double d = 0;
        if (auto ec = read_double(c, v, s, d)) return ec;
        out = static_cast<T>(d);
        return {};
    }
};

/// Readers that map one C++ type onto one library conversion.
template <class T, std::error_code (*Read)(const column_info&, const cell&, const value_source&, T&)>
struct simple_reader {
    static std::error_code read(const column_info& c, const cell& v, const value_source& s, T& out) {
        if (v.null) return errc::unexpected_null;
        return Read(c, v, s, out);
    }
};

template <>
struct value_reader<bool> : simple_reader<bool, read_bool> {};
template <>
struct value_reader<std::string> : simple_reader<std::string, read_text> {};
template <>
struct value_reader<std::string_view> : simple_reader<std::string_view, read_text_view> {};
template <>
struct value_reader<decimal> : simple_reader<decimal, read_decimal> {};
template <>
struct value_reader<date> : simple_reader<date, read_date> {};
template <>
struct value_reader<datetime> : simple_reader<datetime, read_datetime> {};
template <>
struct value_reader<interval> : simple_reader<interval, read_interval> {};
template <>
struct value_reader<lob_locator> : simple_reader<lob_locator, read_locator> {};
template <>
struct value_reader<blob_descriptor> : simple_reader<blob_descriptor, read_descriptor> {};
template <>
struct value_reader<composite> : simple_reader<composite, read_composite> {};
template <>
struct value_reader<std::vector<std::byte>> : simple_reader<std::vector<std::byte>, read_bytes> {};

template <>
struct value_reader<std::chrono::sys_days> {
    static std::error_code read(const column_info& c, const cell& v, const value_source& s,
                                std::chrono::sys_days& out) {
        date d;
        if (auto ec = value_reader<date>::read(c, v, s, d)) return ec;
        out = d.to_sys_days();
        return {};
    }
};

}  // namespace detail
}  // namespace ifx

#include "ifx/detail/fast_read.hpp"  // the fast_reader specialisations row_view::get tries first
