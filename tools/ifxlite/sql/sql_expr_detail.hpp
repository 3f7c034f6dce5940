#pragma once
// Helpers shared by the parts of sql_expr (the parser, its expression forms and the typing):
// Informix type constructors and the word tests the parser stops at. Internal to sql/.

#include <cstdint>
#include <string>
#include <string_view>

#include "base/text.hpp"
#include "types/types.hpp"

namespace ifx::lite::expr_detail {

using ifx::lite::lower;    // base/text.hpp
using ifx::lite::unquote;  // base/text.hpp
/// The column type of an Informix declaration such as "DECIMAL(10,2)".
column_type make(std::string_view declaration);
/// The type of an expression ifxlite cannot type (LVARCHAR).
column_type unknown();
/// CHAR/NCHAR/VARCHAR/NVARCHAR/LVARCHAR of `length` characters, capped as IDS caps them.
column_type char_type(std::int16_t code, std::int32_t length);
/// Numeric promotion order (Informix converts to the wider operand); 0 for non-numeric types.
int numeric_rank(const column_type& t);
/// Characters needed to show a value of type t as text (for || on non-character operands).
std::int32_t display_length(const column_type& t);
column_type nullable(column_type t);
/// The common type of CASE branches and NVL/COALESCE/DECODE results.
column_type unify(const column_type& a, const column_type& b);
/// Words that can never start or continue an operand: clause keywords and operators spelled as words.
bool is_stop_word(std::string_view w);
/// The datetime unit a word names (unit::year ... unit::second, second + 1 for FRACTION), or -1.
int unit_of(std::string_view w);

}  // namespace ifx::lite::expr_detail
