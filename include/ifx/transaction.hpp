#pragma once
/// @file
/// `ifx::transaction`: an RAII guard that begins a transaction and rolls it back unless committed.
#include "ifx/connection.hpp"

namespace ifx {

/// Begins a transaction on construction (BEGIN WORK; in an ANSI database, where a transaction is
/// always open, nothing is sent). commit() ends it; if the guard is destroyed without commit(),
/// it rolls back (errors during that rollback are swallowed: the connection then reports them).
/// Not copyable or movable: it lives in one scope, like a lock guard.
class transaction {
public:
    explicit transaction(connection& conn) : conn_(conn) {
        if (!conn_.info().ansi) conn_.begin();
    }
    transaction(const transaction&) = delete;
    transaction& operator=(const transaction&) = delete;
    ~transaction() {
        if (done_) return;
        std::error_code ec;
        diagnostics diag;
        conn_.rollback(ec, diag);
    }

    /// Commits. Throws ifx::error (the transaction is then finished either way: a failed COMMIT
    /// is not retried by the destructor).
    void commit() {
        done_ = true;
        conn_.commit();
    }
    /// Rolls back now.
    void rollback() {
        done_ = true;
        conn_.rollback();
    }

private:
    connection& conn_;
    bool done_ = false;
};

}  // namespace ifx
