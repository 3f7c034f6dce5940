#pragma once
// Translation of the Informix SQL users write into SQLite SQL: FIRST/SKIP, TODAY, CURRENT,
// DATETIME(…)/INTERVAL(…) literals, MATCHES, owner- and database-qualified names, { } comments,
// SELECT UNIQUE, TRUNCATE. Token based: it never parses whole statements, so anything it does not
// recognise reaches SQLite unchanged (and SQLite's verdict decides).
#include <optional>
#include <string>
#include <string_view>

#include "base/errors.hpp"

namespace ifx::lite {

struct dialect_context {
    std::string user = "informix";    ///< owner names stripped besides "informix"
    std::string database;             ///< "database:" prefixes naming it are stripped
    bool sysmaster_attached = false;  ///< "sysmaster:" becomes the schema "sysmaster."
    bool ddl = false;                 ///< CREATE/ALTER TABLE: DATETIME/INTERVAL literals stay plain strings
};

struct translation {
    std::string sql;
    std::optional<sql_error> error;  ///< a literal that cannot be converted (-1262, -1264, …)
};

translation translate(std::string_view sql, const dialect_context& ctx);

}  // namespace ifx::lite
