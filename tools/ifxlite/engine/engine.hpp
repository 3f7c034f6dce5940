#pragma once
// Per-session SQL execution on SQLite: the current database, the statement table, transactions
// (unlogged / logged / ANSI semantics, PROTOCOL.md §7.9) and streaming cursors. Knows nothing of
// the wire format except the tuple encoding of one row.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/catalog.hpp"
#include "catalog/locale.hpp"
#include "engine/lobs.hpp"
#include "engine/statement.hpp"
#include "functions/functions.hpp"
#include "sql/routines.hpp"
#include "sql/sql_rewrite.hpp"
#include "types/serials.hpp"

namespace ifx::lite {

/// What SQ_DONE (and SQ_INSERTDONE) report for an executed statement (§8.3, §8.6).
struct exec_result {
    std::uint16_t warnings = 0;
    std::int64_t rows = 0;
    std::int64_t rowid = 0;
    std::int32_t serial = 0;
    bool insert_done = false;  ///< send SQ_INSERTDONE (table has a SERIAL8/BIGSERIAL column)
    std::int64_t serial8 = 0;
    std::int64_t bigserial = 0;
};

class engine {
public:
    explicit engine(catalog& databases) : catalog_(databases) {}

    /// The login user (owner of new tables, stripped as an owner prefix) and the session id DBINFO
    /// reports.
    void set_user(std::string user, std::int64_t session_id) {
        user_ = std::move(user);
        facts_.session_id = session_id;
    }
    /// DB_LOCALE as the client sent it at login or in SQ_INFO (empty: not sent). It is the locale of
    /// the databases this session creates, and is compared with the locale of those it opens.
    void set_requested_locale(std::string db_locale) { requested_locale_ = std::move(db_locale); }
    /// Lock wait while SET LOCK MODE has not been given: 0 = NOT WAIT (IDS's default; -244/-271
    /// with ISAM -107 at once), n ms (then ISAM -154), -1 forever.
    void set_default_lock_wait(int milliseconds) { default_lock_wait_ms_ = milliseconds; }
    /// The server's USELASTCOMMITTED setting (IDS's onconfig parameter; default NONE), until SET
    /// ENVIRONMENT USELASTCOMMITTED says otherwise.
    void set_default_last_committed(last_committed_use use) { last_committed_ = use; }
    /// A flag another thread sets when the statement running now must stop (the client went away,
    /// the server shuts down): SQLite's progress handler, busy handler and the lock waits watch it,
    /// and the statement fails with -213. Must outlive the engine.
    void set_interrupt_flag(const std::atomic<bool>* flag) { interrupt_ = flag; }
    ~engine();
    engine(const engine&) = delete;
    engine& operator=(const engine&) = delete;

    /// Held while the session uses its SQLite connection (a request group): DIRTY READ readers of
    /// other sessions borrow the connection of a transaction whose uncommitted rows they read.
    std::unique_lock<std::recursive_timed_mutex> lock_connection() { return std::unique_lock(share_->mutex); }

    bool database_open() const { return db_ != nullptr; }
    bool logged_database() const { return db_ && mode_ != log_mode::unlogged; }
    /// DONE warnings describing the current database (§5.3), 0x40 when the DB_LOCALE the client
    /// sent differs from the database's locale.
    std::uint16_t database_warnings() const;

    /// SQ_DBOPEN and the DATABASE statement.
    std::optional<sql_error> open_database(const std::string& name, exec_result& result);

    /// Prepares a statement and assigns it the lowest free id.
    std::optional<sql_error> prepare(std::string_view sql, std::int16_t& id);
    statement* find(std::int16_t id);
    void release(std::int16_t id);

    /// Runs a non-cursor statement with its bound values.
    std::optional<sql_error> execute(statement& st, exec_result& result);

    /// Cursor operations. open_cursor steps to the first row; encode_row writes the current row's
    /// tuple payload; advance steps to the next row (has_row tells whether one is pending).
    std::optional<sql_error> open_cursor(statement& st);
    std::optional<sql_error> encode_row(statement& st, std::vector<std::uint8_t>& payload);
    std::optional<sql_error> advance(statement& st);
    void close_cursor(statement& st);
    /// Scroll cursors read their whole result at OPEN (bounded by max_scroll_bytes).
    std::optional<sql_error> materialise(statement& st);

    std::optional<sql_error> begin_work();
    std::optional<sql_error> commit_work();
    std::optional<sql_error> rollback_work();

    /// SQ_DBCLOSE and CLOSE DATABASE: -349 without a database, -377 inside a transaction.
    std::optional<sql_error> close_database();

    /// Rolls back any open transaction and closes the database (end of session).
    void close();

    std::vector<std::string> databases() const { return catalog_.list(); }

    /// SQ_FETCHBLOB: the BYTE/TEXT value a descriptor sent by `st` addresses; -602 once the cursor
    /// is closed or for a descriptor it did not send.
    std::optional<sql_error> fetch_blob(const statement& st, std::span<const std::uint8_t> descriptor,
                                        std::string_view& value) const;
    /// Frees the BYTE/TEXT values of the rows sent so far (the client reads them with SQ_FETCHBLOB
    /// before it fetches on); their descriptors then get -602.
    void drop_fetched_blobs(statement& st);
    /// Fast path (§7.13): the open database's routine `name` (-674 when there is none).
    std::optional<sql_error> find_routine(const std::string& name, routine& r) {
        if (!db_) return make_error(code::routine_unresolved, name);
        return load_routine(name, r);
    }
    /// Fast path: runs `r` with `args` as EXECUTE FUNCTION / PROCEDURE does and gives its first
    /// row's values in their tuple encoding (`nulls` marks NULLs); no values when it returns none.
    std::optional<sql_error> call_routine(const routine& r, const std::vector<sql_value>& args,
                                          std::vector<column_type>& types,
                                          std::vector<std::vector<std::uint8_t>>& values,
                                          std::vector<bool>& nulls);
    /// Smart-LOB contents and descriptors of this session (§7.12).
    lob_store& lobs() { return lobs_; }
    /// The open database's name ("" if none).
    const std::string& database_name() const { return db_name_; }

private:
    std::optional<sql_error> run_builtin(statement& st, exec_result& result);
    std::optional<sql_error> run_sqlite(statement& st, exec_result& result);
    /// Binds st.binds to st.stmt, or to `target` (the same SQL prepared on another connection).
    std::optional<sql_error> bind_all(statement& st, sqlite3_stmt* target = nullptr);
    /// Encodes the current row of `source` (st.stmt or the same SQL on another connection).
    std::optional<sql_error> encode_columns(statement& st, sqlite3_stmt* source,
                                            std::vector<std::uint8_t>& payload);
    /// DIRTY READ of a table another transaction has changed rows of: IDS shows the uncommitted
    /// rows, which only that transaction's connection can read, so the statement runs there (its
    /// rows materialised). `served` is false when no such transaction holds rows of its tables.
    enum class dirty_read_by { cursor, statement };
    std::optional<sql_error> read_uncommitted(statement& st, dirty_read_by reader, exec_result* result,
                                              bool& served);
    bool reads_uncommitted() const;
    std::optional<sql_error> step_error(int rc, std::int16_t statement_type);
    std::optional<sql_error> implicit_begin();
    void describe(statement& st, std::string_view sql);
    /// The SQL SQLite prepares for `sql`: translated (dialect.hpp), then DDL mapped or the statement
    /// rewritten with its column types (sql_rewrite.hpp); the rewrite's types are kept in st.
    std::optional<sql_error> sqlite_text(statement& st, std::string_view sql, std::string& text);
    /// Prepares st on SQLite (recording the tables it reads) and describes it.
    std::optional<sql_error> prepare_on_sqlite(statement& st, std::string_view sql);
    /// EXECUTE PROCEDURE/FUNCTION: the result columns typed and named by the routine's RETURNING.
    static void describe_as_routine_call(statement& st, const routine& called);
    /// Runs an INSERT/UPDATE that draws or moves serial counters: loads them first and, in the same
    /// transaction (a savepoint when none is open), writes them back after the statement.
    std::optional<sql_error> step_with_serials(statement& st, int& rc);
    /// After a write met SQLite's write lock while the transaction held only a read snapshot:
    /// starts the transaction again when that loses nothing; true if the statement may be retried.
    bool renew_read_snapshot(sqlite3_stmt* current);
    void report_serials(exec_result& result);
    std::optional<sql_error> reset_serials(const classified_statement& info);
    bool interrupted() const { return interrupt_ && interrupt_->load(std::memory_order_relaxed); }
    static int on_progress(void* self);
    /// Column names and types of a table of the open database, for the SQL rewrite.
    std::vector<table_column> table_columns_of(std::string_view schema, std::string_view table) const;
    void drop_sqlite_statements();
    enum class transaction_end { commit, rollback };
    /// COMMIT closes cursors not opened WITH HOLD; ROLLBACK closes every cursor.
    void close_cursors_at_end_of_transaction(transaction_end how);
    bool logged() const { return mode_ != log_mode::unlogged; }
    sql_error lock_error(sql_error e, std::int16_t statement_type) const;
    /// Whether reads wait for (or fail on) rows other transactions have changed: COMMITTED READ
    /// (unless USELASTCOMMITTED covers it), CURSOR STABILITY and REPEATABLE READ in a logged
    /// database; never DIRTY READ or COMMITTED READ LAST COMMITTED.
    bool reads_wait_for_locks() const;
    /// SET ISOLATION's level, or the database's default: COMMITTED READ, REPEATABLE READ if ANSI.
    isolation_level effective_isolation() const;
    /// Before a read-only statement runs: waits as SET LOCK MODE says while another transaction
    /// holds changed rows of a table it reads, then fails as IDS would (-244/-245/-243).
    std::optional<sql_error> await_read_locks(const statement& st);
    /// The lock error IDS reports for `st` meeting a locked row of `table`, by how it reads that
    /// table: -244 sequential scan, -245 through an index, -243 positioning by ROWID; ISAM -107
    /// (NOT WAIT) or -154 (the wait expired).
    sql_error conflict_error(const statement& st, const std::string& table) const;
    void apply_lock_wait(int milliseconds);
    /// SQLite busy handler: waits out a write lock that IDS's row locks would not make a conflict
    /// (another session's single statement, or a transaction that wrote other tables), and one
    /// held by a transaction that wrote the same table as SET LOCK MODE says.
    static int on_busy(void* self, int count);
    /// Records what the statement just run wrote and tells the catalog whether this session's
    /// transaction now holds the database write lock.
    void note_lock_state(const statement* st = nullptr, std::int64_t rows_changed = 0);
    /// Keeps the system catalog and the serial counters in step with CREATE/DROP/ALTER/RENAME.
    std::optional<sql_error> after_ddl(const classified_statement& info);
    std::optional<sql_error> load_routine(const std::string& name, routine& r);
    std::optional<sql_error> store_routine(const statement& st);
    std::optional<sql_error> drop_routine(const std::string& name);
    std::optional<sql_error> run_savepoint(const classified_statement& info);
    /// -202 when character data from the client is not in the database code set (IDS validates
    /// incoming character data unless EILSEQ_COMPAT_MODE is set).
    std::optional<sql_error> check_characters(std::string_view text) const;

    catalog& catalog_;
    sqlite_db db_;
    std::string db_name_;
    log_mode mode_ = log_mode::unlogged;
    std::string requested_locale_;
    std::string db_locale_{default_locale};
    codeset db_codeset_ = codeset::iso_8859_1;
    bool locale_mismatch_ = false;
    bool in_tx_ = false;
    std::map<std::int16_t, std::unique_ptr<statement>> statements_;
    std::string user_ = "informix";
    session_facts facts_;
    int default_lock_wait_ms_ = 0;
    int lock_wait_ms_ = 0;
    std::chrono::steady_clock::time_point busy_since_;
    std::string busy_table_ = "*";     ///< the table the running statement writes ("*": unknown)
    std::set<std::string> tx_tables_;  ///< tables the open transaction has written ("*": any)
    std::set<std::string> tx_rows_;    ///< tables the open transaction has changed rows of
    std::shared_ptr<shared_connection> share_ = std::make_shared<shared_connection>();
    std::optional<isolation_level> isolation_;  ///< SET ISOLATION; the database's default if unset
    last_committed_use last_committed_ = last_committed_use::none;
    bool sysmaster_attached_ = false;
    lob_store lobs_;
    std::vector<std::string> savepoints_;  ///< open savepoints of the transaction, oldest first
    std::set<std::string> unique_savepoints_;
    serial_session serials_;
    const std::atomic<bool>* interrupt_ = nullptr;
    std::int64_t statement_rows_ = 0;   ///< rows the last step changed (read before counters are stored)
    std::int64_t statement_rowid_ = 0;  ///< the last inserted rowid then
};

}  // namespace ifx::lite
