#pragma once
// What the parts of decimal (arithmetic, fixed-point, wire form) share: scanning number text
// without allocating, and digit counts of 128-bit coefficients. Internal to types/.

#include <cstddef>
#include <string_view>

#include "types/decimal.hpp"

namespace ifx::lite::decimal_detail {

/// Drops leading and trailing zero digits (adjusting the point); zero loses its sign.
void trim_zeros(decimal_number& d);

// A number written in text, located without allocating: its significant digits lie in
// [first, last] (skipping a '.'), the first of them `point` places left of the decimal point.
struct text_number {
    bool valid = false;
    bool negative = false;
    bool zero = true;
    std::size_t first = 0, last = 0;
    int point = 0;
};

/// Locates the number in `t` (sign, digits, '.', exponent); invalid when `t` is not a number.
text_number scan(std::string_view t);

/// |v|.
int128 magnitude(int128 v);
/// Digits of |v|, by comparison (128-bit division is a library call).
int digit_count(int128 v);

}  // namespace ifx::lite::decimal_detail
