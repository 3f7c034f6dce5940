#pragma once
// The synchronous objects of the module: a session (an ifx::connection, owned or borrowed from an
// ifx::pool) with its statement cache, and the cursors reading its results.
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "ifx/connection.hpp"
#include "ifx/cursor.hpp"
#include "ifx/pool.hpp"
#include "module.hpp"

namespace informix_py {

struct cursor_core;

/// Runs f with the GIL released when the calling thread holds it.
template <class F>
decltype(auto) without_gil(F&& f) {
    if (PyGILState_Check()) {
        py::gil_scoped_release nogil;
        return f();
    }
    return f();
}

/// One session. Every use of the connection, of its statements and of its cursors happens under
/// `mu` (taken with gil_safe_lock, or plainly with the GIL released), so Python threads may share
/// a connection: their calls are serialised, a request and its reply never interleave.
/// Recursive: Python's garbage collector may run while rows are converted under the lock and
/// destroy another cursor of the same session on this thread (no exchange is in progress then).
struct session_core {
    std::recursive_mutex mu;
    ifx::connection owned;
    ifx::pooled_connection pooled;
    bool is_pooled = false;
    bool finished = false;  ///< closed, or given back to the pool

    /// Prepared statements for SQL that may return rows, most recently used first.
    std::list<std::pair<std::string, ifx::statement>> lru;
    std::unordered_map<std::string, std::list<std::pair<std::string, ifx::statement>>::iterator> index;
    std::size_t cache_capacity = 32;
    /// Cursors opened on this session, closed before the session closes or goes back to a pool.
    std::vector<std::weak_ptr<cursor_core>> cursors;

    /// The connection; throws (InterfaceError) once the session is closed or given back.
    ifx::connection& conn();
    /// The cached statement for sql, prepared now if missing or no longer valid. Requires mu.
    ifx::statement& statement_for(const std::string& sql);
    /// Releases the cached statements. Requires mu; call without the GIL.
    void drop_statements() noexcept;
    /// Closes the cursors and the cached statements (with the GIL released). Requires mu.
    void close_children() noexcept;
};

/// A result being read: a forward cursor streaming batches, or a scroll cursor.
struct cursor_core {
    std::shared_ptr<session_core> s;
    ifx::cursor forward;
    ifx::scroll_cursor scroll;
    bool scrollable = false;
    std::vector<conv> plan;
    bool lob_locators = false;
    ifx::rows_view batch;
    std::size_t pos = 0;  ///< next row of `batch`
    bool done = false;    ///< forward: every row has been returned
    std::int64_t rows_read = 0;
    /// Scroll cursors: the 0-based index of the row the next fetch returns.
    std::int64_t next_index = 0;
    /// Closes the ifx cursor. Requires the session's mutex; call without the GIL.
    void close_locked() noexcept;
};

}  // namespace informix_py
