#pragma once
/// @file
/// Internal: query<T...> and query_value<T> for both connections, without exceptions (the sync
/// connection throws what these report).
#include <cstddef>
#include <string_view>
#include <system_error>
#include <tuple>
#include <utility>
#include <vector>

#include "ifx/error.hpp"
#include "ifx/result.hpp"
#include "ifx/row.hpp"

namespace ifx::detail {

/// Fills diag for a value of column `index` that cannot be read as asked (src/api/row.cpp).
void describe_value_error(std::error_code ec, const column_info& c, std::size_t index, diagnostics& diag);
/// query_value's failure for a result that is not one row of one column.
void not_single(std::string_view sql, std::error_code& ec, diagnostics& diag);

template <class V>
bool read_value(const row_view& row, std::size_t i, V& out, std::error_code& ec, diagnostics& diag) {
    if (auto e = row.get(i, out)) {
        ec = e;
        describe_value_error(e, row.columns()[i], i, diag);
        return false;
    }
    return true;
}

template <class... T, std::size_t... I>
bool read_row(const row_view& row, std::tuple<T...>& out, std::index_sequence<I...>, std::error_code& ec,
              diagnostics& diag) {
    return (read_value(row, I, std::get<I>(out), ec, diag) && ...);
}

/// The rows of r as tuples; the first value that does not convert fails the whole (ec, diag).
/// Rows of another width than sizeof...(T) fail with errc::type_mismatch.
template <class... T>
std::vector<std::tuple<T...>> to_tuples(const result& r, std::error_code& ec, diagnostics& diag) {
    std::vector<std::tuple<T...>> out;
    if (r.size() > 0 && r.columns().size() != sizeof...(T)) {
        ec = errc::type_mismatch;
        diag.client_message = "the result has " + std::to_string(r.columns().size()) + " columns, not " +
                              std::to_string(sizeof...(T));
        return out;
    }
    out.reserve(r.size());
    for (row_view row : r.rows()) {
        std::tuple<T...> values;
        if (!read_row(row, values, std::index_sequence_for<T...>{}, ec, diag)) return {};
        out.push_back(std::move(values));
    }
    return out;
}

/// The value of a one-row, one-column result (errc::type_mismatch for any other shape).
template <class T>
T single_value(const result& r, std::string_view sql, std::error_code& ec, diagnostics& diag) {
    T out{};
    if (r.size() != 1 || r.columns().size() != 1)
        not_single(sql, ec, diag);
    else
        (void)read_value(r[0], 0, out, ec, diag);
    return out;
}

}  // namespace ifx::detail
