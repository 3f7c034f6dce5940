#pragma once
// Informix numeric-formatting masks (TO_CHAR(number, mask); the masks of ESQL/C's rfmtdec and
// 4GL's USING), applied to exact decimals.
#include <string>
#include <string_view>

#include "types/decimal.hpp"

namespace ifx::lite {

/// `value` formatted by `mask`, with DBMONEY's default symbols ('$' currency, ',' thousands, '.'
/// decimal point):
///   #  a digit, blank where a leading zero would be     &  a digit, 0 for a leading zero
///   *  a digit, '*' for a leading zero                  <  a digit; leading zeros removed (left-justified)
///   ,  a thousands separator, shown only with a digit to its left (else the fill of the digit after it)
///   .  the decimal point (the value is rounded half away from zero to the digit places after it)
///   $  the currency symbol       -  '-' when negative, else blank     +  '-' when negative, else '+'
///   (  ')'  parentheses when negative, else blanks
/// A run of $, -, + or ( floats: one symbol, just left of the first digit, the run's other places
/// holding digits or blanks. Any other character is copied. Digits that do not fit the places left
/// of the point fill the whole result with '*'. Without a sign place a negative value shows no sign.
std::string format_number_mask(const decimal_number& value, std::string_view mask);

}  // namespace ifx::lite
