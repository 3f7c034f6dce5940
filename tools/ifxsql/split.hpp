#pragma once
// Splits SQL text into statements at ';' outside quotes and comments.
#include <string>
#include <string_view>
#include <vector>

namespace ifxsql {

/// The statements of `text`, trimmed, without their ';' and without empty ones. Quotes ('…', "…")
/// and comments (-- to end of line, { … }) are respected; comments are dropped.
std::vector<std::string> split_statements(std::string_view text);

/// True when `text` ends with a ';' outside quotes and comments (ignoring trailing blanks and
/// comments): the shell has a complete statement to run.
bool statement_complete(std::string_view text);

}  // namespace ifxsql
