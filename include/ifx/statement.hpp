#pragma once
/// @file
/// `ifx::statement`: a statement prepared once on the server and executed any number of times.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "ifx/column.hpp"
#include "ifx/error.hpp"

namespace ifx {

namespace detail {
struct prepared;
}

/// A prepared statement, created by connection::prepare. Move-only. Destroying or closing it
/// releases the server's statement (errors then are ignored: a broken connection has nothing
/// to release). Valid only with the connection that prepared it; if the server reports the
/// statement stale (-710, its table was altered) the connection re-prepares it transparently.
class statement {
public:
    /// An empty statement (not prepared); assign one from connection::prepare.
    statement() noexcept;
    /// Moves the prepared statement; the source is left empty.
    statement(statement&&) noexcept;
    statement& operator=(statement&&) noexcept;
    ~statement();

    /// The result columns (empty for statements that return no rows).
    const std::vector<column_info>& columns() const noexcept;
    /// Informix statement type code (2 SELECT, 6 INSERT, 4 UPDATE, …).
    std::int16_t statement_type() const noexcept;
    /// True when executing the statement produces rows (a query).
    bool returns_rows() const noexcept;
    /// The SQL text it was prepared from.
    const std::string& sql() const noexcept;
    /// True while the statement is prepared on an open connection.
    bool valid() const noexcept;
    /// Releases the statement on the server now.
    void close() noexcept;

private:
    friend class connection;
    friend class inserter;
    explicit statement(std::shared_ptr<detail::prepared> p) noexcept;
    std::shared_ptr<detail::prepared> p_;
};

}  // namespace ifx
