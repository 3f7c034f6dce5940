#pragma once
// Stored procedures and functions for simple SPL bodies (ifxlite's mapping, grade C): a routine
// whose body is a single `RETURN expr;` or a single SELECT / INSERT / UPDATE / DELETE that uses the
// parameters by name. CREATE stores the definition text; EXECUTE PROCEDURE / FUNCTION expands the
// call into one SQL statement with the arguments substituted.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/errors.hpp"

namespace ifx::lite {

struct routine {
    std::string name;  ///< lower case
    bool function = false;
    std::vector<std::string> params;       ///< parameter names, lower case
    std::vector<std::string> param_types;  ///< their declared types, lower case, without blanks
    std::vector<std::string> returning;    ///< declared result types
    std::vector<std::string> result_names;
    std::string body_sql;  ///< SELECT expr for RETURN bodies, else the statement
    bool returns_expression = false;
};

/// Parses CREATE PROCEDURE / FUNCTION text; an error (-999 with a reason) for bodies ifxlite
/// cannot map, -201 for bad syntax.
std::optional<sql_error> parse_routine(std::string_view create_sql, routine& out);

/// `name` of DROP PROCEDURE / FUNCTION name (lower case), or empty.
std::string dropped_routine(std::string_view sql);

struct routine_call {
    std::string name;
    std::vector<std::string> args;  ///< argument texts, `?` renumbered `?1`, `?2`, …
};
/// Parses EXECUTE PROCEDURE / FUNCTION name(args); nullopt on bad syntax.
std::optional<routine_call> parse_call(std::string_view sql);

/// The statement that runs `r` with `call`'s arguments; -674 when the argument count differs.
std::optional<sql_error> expand_call(const routine& r, const routine_call& call, std::string& sql);

}  // namespace ifx::lite
