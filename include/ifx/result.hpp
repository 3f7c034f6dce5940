#pragma once
/// @file
/// `ifx::exec_result` (what a statement reports) and `ifx::result` (a fully read result set).
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "ifx/codeset.hpp"
#include "ifx/column.hpp"
#include "ifx/detail/cell.hpp"
#include "ifx/row.hpp"

namespace ifx {

/// Completion report of a statement (from SQ_DONE / SQ_INSERTDONE).
struct exec_result {
    std::int64_t affected_rows = 0;         ///< rows inserted, updated, deleted (or fetched)
    std::int32_t serial = 0;                ///< SERIAL value assigned by an INSERT, 0 if none
    std::int64_t serial8 = 0;               ///< SERIAL8 value assigned by an INSERT, 0 if none
    std::optional<std::int64_t> bigserial;  ///< BIGSERIAL value, when the server reports it
    std::int16_t statement_type = 0;        ///< Informix statement type code (2 SELECT, 6 INSERT, …)
};

namespace detail {
/// Rows stored back to back with one cell per value; shared by result and cursor batches.
struct row_store {
    std::vector<std::uint8_t> data;
    std::vector<cell> cells;
    std::size_t rows = 0;
    /// Code set of the rows' character data (the connection's CLIENT_LOCALE code set).
    codeset text_codeset = codeset::utf8;
};
}  // namespace detail

/// A view of rows (a whole result, or one cursor batch). Iterable; rows are row_view.
class rows_view {
public:
    /// Random-access iterator over the rows; dereferences to a row_view.
    class iterator {
    public:
        using iterator_category = std::random_access_iterator_tag;
        using value_type = row_view;
        using difference_type = std::ptrdiff_t;
        iterator() = default;
        iterator(std::span<const column_info> columns, const detail::row_store* store, std::size_t i)
            : columns_(columns), store_(store), i_(i) {}
        row_view operator*() const {
            return {columns_, store_->data.data(), store_->cells.data() + i_ * columns_.size(),
                    store_->text_codeset};
        }
        iterator& operator++() {
            ++i_;
            return *this;
        }
        iterator operator++(int) {
            auto t = *this;
            ++i_;
            return t;
        }
        bool operator==(const iterator& o) const { return i_ == o.i_; }

    private:
        std::span<const column_info> columns_;
        const detail::row_store* store_ = nullptr;
        std::size_t i_ = 0;
    };

    /// An empty view.
    rows_view() = default;
    /// A view of `store`, whose rows have `columns` (used by result and cursor).
    rows_view(std::span<const column_info> columns, const detail::row_store* store)
        : columns_(columns), store_(store) {}

    /// Number of rows; empty() and the bool conversion test for none.
    std::size_t size() const noexcept { return store_ ? store_->rows : 0; }
    bool empty() const noexcept { return size() == 0; }
    explicit operator bool() const noexcept { return !empty(); }
    /// Row i. Precondition: i < size().
    row_view operator[](std::size_t i) const noexcept {
        return {columns_, store_->data.data(), store_->cells.data() + i * columns_.size(),
                store_->text_codeset};
    }
    /// Iteration over the rows, in the order the server sent them.
    iterator begin() const { return {columns_, store_, 0}; }
    iterator end() const { return {columns_, store_, size()}; }
    /// The columns every row has.
    std::span<const column_info> columns() const noexcept { return columns_; }

private:
    std::span<const column_info> columns_;
    const detail::row_store* store_ = nullptr;
};

/// A result read completely into memory: its columns, rows and completion report.
/// For large results prefer ifx::cursor, which streams with bounded memory.
class result {
public:
    /// An empty result (no columns, no rows).
    result() = default;
    /// Built by the connection from a completed query.
    result(std::vector<column_info> columns, detail::row_store rows, exec_result summary)
        : columns_(std::move(columns)), rows_(std::move(rows)), summary_(summary) {}

    /// The result columns (empty for statements that return no rows).
    const std::vector<column_info>& columns() const noexcept { return columns_; }
    /// True when the statement produces rows (even zero of them), i.e. it was a query.
    bool has_rows() const noexcept { return !columns_.empty(); }
    /// Number of rows.
    std::size_t size() const noexcept { return rows_.rows; }
    bool empty() const noexcept { return rows_.rows == 0; }
    /// The rows, valid while this result lives; also reachable by index and by iteration.
    rows_view rows() const noexcept { return {columns_, &rows_}; }
    row_view operator[](std::size_t i) const noexcept { return rows()[i]; }
    rows_view::iterator begin() const { return rows().begin(); }
    rows_view::iterator end() const { return rows().end(); }
    /// The completion report; affected_rows() is its affected_rows.
    const exec_result& summary() const noexcept { return summary_; }
    std::int64_t affected_rows() const noexcept { return summary_.affected_rows; }

private:
    std::vector<column_info> columns_;
    detail::row_store rows_;
    exec_result summary_;
};

}  // namespace ifx
