#pragma once
// Result printing: aligned tables, RFC 4180 CSV and JSON lines, fed one row at a time so that
// cursors can stream straight to the output.
#include <cstddef>
#include <memory>
#include <ostream>
#include <span>
#include <string>
#include <vector>

#include "ifx/column.hpp"
#include "ifx/row.hpp"

namespace ifxsql {

enum class format { table, csv, json };

/// Receives one result: its columns, then each row, then the end. Implementations write to the
/// stream given at construction.
class result_sink {
public:
    virtual ~result_sink() = default;
    virtual void begin(std::span<const ifx::column_info> columns) = 0;
    virtual void row(const ifx::row_view& r) = 0;
    virtual void end(std::size_t rows) = 0;
};

/// The sink for a format:
/// - table: aligned columns (numbers right-aligned), NULL shown as `null_text`, "(n rows)" footer;
///   rows are buffered to compute the widths;
/// - csv: RFC 4180 with a header row and CRLF; NULL is an empty unquoted field, an empty string
///   is written as "";
/// - json: one object per row and line; numbers as JSON numbers, except DECIMAL and MONEY which
///   are strings to stay exact; NULL as null; BOOLEAN as true/false; everything else as strings.
std::unique_ptr<result_sink> make_sink(format f, std::ostream& out, std::string null_text = "NULL");

/// The text of column i of a row as the shell shows it (NULL excluded: check is_null first).
std::string cell_text(const ifx::row_view& row, std::size_t i);

/// True for the numeric types (right-aligned in tables, unquoted in JSON unless exact decimal).
bool is_numeric(ifx::type_code t);

/// Prints two-dimensional text (catalog listings) as an aligned table with a row count.
void print_text_table(std::ostream& out, std::span<const std::string> header,
                      std::span<const std::vector<std::string>> rows);

}  // namespace ifxsql
