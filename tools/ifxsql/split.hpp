#pragma once
// Splits SQL text into statements at ';' outside quotes and comments.
#include <string>
#include <string_view>
#include <vector>

namespace ifxsql {

std::vector<std::string> split_statements(std::string_view text);

}  // namespace ifxsql
