#pragma once
/// @file
/// `ifx::row_view`: one row of a result, with typed access to its values.
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <system_error>
#include <tuple>

#include "ifx/column.hpp"
#include "ifx/detail/cell.hpp"
#include "ifx/error.hpp"

namespace ifx {

class row_view;

namespace detail {
// Conversions implemented in the library (src/api/row.cpp); they never throw.
std::error_code read_int64(const column_info& c, const cell& v, const std::uint8_t* data, std::int64_t& out);
std::error_code read_double(const column_info& c, const cell& v, const std::uint8_t* data, double& out);
std::error_code read_bool(const column_info& c, const cell& v, const std::uint8_t* data, bool& out);
std::error_code read_text(const column_info& c, const cell& v, const std::uint8_t* data, std::string& out);
[[noreturn]] void throw_value_error(std::error_code ec, const column_info& c, std::size_t index);

template <class T>
struct value_reader;  // specialised below for every supported C++ type
}  // namespace detail

/// A non-owning view of one row. Valid while the result or cursor batch that produced it is
/// alive and unchanged (a cursor's next fetch() invalidates the rows of the previous batch).
class row_view {
public:
    row_view() = default;
    row_view(std::span<const column_info> columns, const std::uint8_t* data, const detail::cell* cells) noexcept
        : columns_(columns), data_(data), cells_(cells) {}

    std::size_t size() const noexcept { return columns_.size(); }
    std::span<const column_info> columns() const noexcept { return columns_; }
    bool is_null(std::size_t i) const noexcept { return cells_[i].null; }

    /// The value of column i as T: std::optional<U> for nullable columns; integral types (range
    /// checked), float/double, bool, std::string (the text form of any column).
    /// Throws ifx::error: unexpected_null (NULL into a non-optional T), type_mismatch,
    /// out_of_range. Precondition: i < size().
    template <class T>
    T get(std::size_t i) const {
        T out{};
        if (auto ec = get(i, out)) detail::throw_value_error(ec, columns_[i], i);
        return out;
    }
    /// Non-throwing form: returns the error instead.
    template <class T>
    std::error_code get(std::size_t i, T& out) const {
        return detail::value_reader<T>::read(columns_[i], cells_[i], data_, out);
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
    const std::uint8_t* data_ = nullptr;
    const detail::cell* cells_ = nullptr;
};

namespace detail {

template <class T>
struct value_reader<std::optional<T>> {
    static std::error_code read(const column_info& c, const cell& v, const std::uint8_t* data, std::optional<T>& out) {
        if (v.null) {
            out.reset();
            return {};
        }
        T value{};
        auto ec = value_reader<T>::read(c, v, data, value);
        if (!ec) out = std::move(value);
        return ec;
    }
};

template <std::integral T>
    requires(!std::same_as<T, bool>)
struct value_reader<T> {
    static std::error_code read(const column_info& c, const cell& v, const std::uint8_t* data, T& out) {
        if (v.null) return errc::unexpected_null;
        std::int64_t i = 0;
        if (auto ec = read_int64(c, v, data, i)) return ec;
        if constexpr (std::is_unsigned_v<T>) {
            if (i < 0 || static_cast<std::uint64_t>(i) > std::numeric_limits<T>::max()) return errc::out_of_range;
        } else {
            if (i < std::numeric_limits<T>::min() || i > std::numeric_limits<T>::max()) return errc::out_of_range;
        }
        out = static_cast<T>(i);
        return {};
    }
};

template <std::floating_point T>
struct value_reader<T> {
    static std::error_code read(const column_info& c, const cell& v, const std::uint8_t* data, T& out) {
        if (v.null) return errc::unexpected_null;
        double d = 0;
        if (auto ec = read_double(c, v, data, d)) return ec;
        out = static_cast<T>(d);
        return {};
    }
};

template <>
struct value_reader<bool> {
    static std::error_code read(const column_info& c, const cell& v, const std::uint8_t* data, bool& out) {
        if (v.null) return errc::unexpected_null;
        return read_bool(c, v, data, out);
    }
};

template <>
struct value_reader<std::string> {
    static std::error_code read(const column_info& c, const cell& v, const std::uint8_t* data, std::string& out) {
        if (v.null) return errc::unexpected_null;
        return read_text(c, v, data, out);
    }
};

}  // namespace detail
}  // namespace ifx
