#pragma once
/// @file
/// `ifx::composite`: a ROW, SET, MULTISET or LIST value in the server's text form.
#include <string>
#include <string_view>
#include <vector>

#include "ifx/column.hpp"

namespace ifx {

/// A ROW / SET / MULTISET / LIST value exactly as the server sent it (PROTOCOL.md §9.13: the
/// default text form, e.g. `SET{'red','green','blue'}`, `ROW('Alice',30         )`), converted
/// to UTF-8. Nothing is reinterpreted, so the representation is faithful; elements() offers a
/// top-level split for convenience.
struct composite {
    type_code kind = type_code::row;  ///< row, set, multiset or list
    std::string text;                 ///< the whole value, e.g. "LIST{10         ,20         }"

    /// The top-level elements between the outer brackets, verbatim (quotes and padding kept;
    /// nested ROW/collection values stay whole). Empty for "SET{}" or a text not in that form.
    std::vector<std::string_view> elements() const;
    friend bool operator==(const composite&, const composite&) = default;
};

}  // namespace ifx
