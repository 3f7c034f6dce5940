#pragma once
// Declarations shared by the translation units of the informix_db._ifx extension module: the
// Python objects the package registers at import, error translation, the GIL-aware lock, and the
// conversions between Python values and the ifx API's values (values.cpp).
#include <pybind11/pybind11.h>

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "ifx/connect_params.hpp"
#include "ifx/connection.hpp"
#include "ifx/error.hpp"
#include "ifx/lob.hpp"
#include "ifx/log.hpp"
#include "ifx/param.hpp"
#include "ifx/pool.hpp"
#include "ifx/row.hpp"

namespace informix_py {

namespace py = pybind11;

/// Python objects the package hands over at import (informix_db/_native.py calls
/// _ifx._register). Strong references, kept for the life of the process.
struct registry {
    PyObject* decimal = nullptr;      ///< decimal.Decimal
    PyObject* interval_ym = nullptr;  ///< informix_db.IntervalYM
    PyObject* text = nullptr;         ///< informix_db.Text (binds as TEXT)
    PyObject* blob = nullptr;         ///< informix_db.Blob (content bound as a new BLOB)
    PyObject* clob = nullptr;         ///< informix_db.Clob (content bound as a new CLOB)
    PyObject* make_error = nullptr;   ///< informix_db.exceptions._from_native(info) -> exception
    PyObject* log = nullptr;          ///< informix_db._native._log(logger, level, message)
};
registry& objects();

/// True once the interpreter is shutting down: callbacks from library threads must not take the
/// GIL any more.
bool python_finalizing() noexcept;

/// Sets the Python exception for an ifx failure (the class is chosen by the package from the
/// error's kind, SQLCODE and client code). Requires the GIL.
void set_python_error(const std::error_code& ec, const ifx::diagnostics& diag);
/// The exception object set_python_error raises.
py::object make_python_error(const std::error_code& ec, const ifx::diagnostics& diag);
/// Throws ifx::error for a client-side failure found by the module itself.
[[noreturn]] void throw_client(ifx::errc code, std::string message);
/// Throws ifx::error when ec is set (as ifx::throw_if).
inline void check(const std::error_code& ec, const ifx::diagnostics& diag) {
    if (ec) ifx::throw_if(ec, diag);
}

/// Locks a connection's mutex from a thread that holds the GIL without ever blocking while
/// holding it: an uncontended lock is taken directly, a contended one with the GIL released
/// (another thread may hold the mutex while it waits for the GIL to convert rows). Everything in
/// the module follows the rule "never wait for a mutex while holding the GIL", which is what
/// keeps the GIL and the connection mutexes free of deadlocks.
class gil_safe_lock {
public:
    explicit gil_safe_lock(std::recursive_mutex& m) : m_(m) {
        if (!m_.try_lock()) {
            py::gil_scoped_release nogil;
            m_.lock();
        }
    }
    ~gil_safe_lock() { m_.unlock(); }
    gil_safe_lock(const gil_safe_lock&) = delete;
    gil_safe_lock& operator=(const gil_safe_lock&) = delete;

private:
    std::recursive_mutex& m_;
};

// ---- values (values.cpp) ------------------------------------------------------------------------

/// How a column's values become Python objects, decided once per result from its description.
enum class conv : std::uint8_t {
    integer,      ///< int
    floating,     ///< float
    decimal,      ///< decimal.Decimal (exact)
    text,         ///< str (CHAR without its padding, VARCHAR, NCHAR, LVARCHAR, TEXT)
    bytes,        ///< bytes (BYTE)
    boolean,      ///< bool
    date,         ///< datetime.date (DATE, DATETIME YEAR TO DAY)
    timestamp,    ///< datetime.datetime (DATETIME YEAR TO HOUR … FRACTION)
    time,         ///< datetime.time (DATETIME HOUR … TO …)
    literal,      ///< str: other DATETIME qualifiers, ROW/collections, unknown types
    timedelta,    ///< datetime.timedelta (INTERVAL DAY … FRACTION family)
    interval_ym,  ///< informix_db.IntervalYM (INTERVAL YEAR TO MONTH family)
    blob,         ///< bytes: the BLOB's content (read through the connection)
    clob,         ///< str: the CLOB's content
    locator,      ///< informix_db.LobLocator (BLOB/CLOB with lob_locators=True)
};

/// Conversion plan of a result.
std::vector<conv> plan_columns(std::span<const ifx::column_info> columns, bool lob_locators);
/// PEP 249 description: a list of (name, type_code, display_size, internal_size, precision,
/// scale, null_ok); type_code is the Informix type name ("INTEGER", "DATETIME", "BLOB", …).
py::list describe(std::span<const ifx::column_info> columns);

/// One row as a tuple (a new reference). BLOB/CLOB content is read through `conn` (with the GIL
/// released; the caller holds the connection's lock); nullptr `conn` gives locators instead.
py::object convert_row(const ifx::row_view& row, const std::vector<conv>& plan, ifx::connection* conn);
/// One row as a tuple whose BLOB/CLOB content was read beforehand (informix_db.aio reads it on
/// its I/O thread): `lobs` holds, in column order, one entry per blob/clob column of the plan (a
/// BLOB's bytes, a CLOB's UTF-8 text; empty for a NULL).
py::object convert_row(const ifx::row_view& row, const std::vector<conv>& plan,
                       std::span<const std::string> lobs);

/// Parameters converted from Python values. The ifx::param values are views of text and bytes:
/// `keep` holds the Python objects they view (or `owned` copies of the bytes when `own` is set,
/// for the I/O thread of informix_db.aio, which must not touch Python objects).
struct param_pack {
    /// A Blob/Clob parameter whose object informix_db.aio creates on its I/O thread before the
    /// statement runs (values[index] is a NULL until its locator is bound there).
    struct deferred_lob {
        std::size_t index;
        ifx::lob_locator::kind kind;
        std::string content;  // bytes, or UTF-8 text for a CLOB
    };
    std::vector<ifx::param> values;
    std::vector<py::object> keep;
    std::deque<std::string> owned;
    std::deque<ifx::lob_locator> locators;
    std::vector<deferred_lob> deferred_lobs;
    bool own = false;
};

/// Appends each value of the Python sequence `seq`. Blob/Clob values are created on the server
/// through `conn`; with a nullptr `conn` (informix_db.aio) they are recorded in
/// pack.deferred_lobs. Throws ifx::error for values that cannot be bound.
void add_params(param_pack& pack, py::handle seq, ifx::connection* conn);

/// LOB locators as Python objects (informix_db.LobLocator is this class).
struct lob_locator_box {
    ifx::lob_locator value;
};

// ---- shared by the sync and async halves (session.cpp) ------------------------------------------

/// Seconds (a Python number) as milliseconds. Requires the GIL.
std::chrono::milliseconds millis(const py::handle& seconds);
/// connect_params from the options dict informix_db._connect.options() built. Requires the GIL.
ifx::connect_params make_params(const py::dict& options);
/// pool_params from create_pool()'s options. Requires the GIL.
ifx::pool_params make_pool_params(const py::dict& pool_options);
py::dict pool_stats_dict(const ifx::pool_stats& st);
/// Session.info()'s dict: server_version, database, logged, ansi, locale, codeset.
py::dict session_info_dict(const ifx::session_info& i);
/// The SERIAL/SERIAL8/BIGSERIAL an INSERT assigned, else None.
py::object last_row_id(const ifx::exec_result& r);
/// (None, affected_rows, lastrowid, statement_type): what run() returns for a statement without rows.
py::tuple done_tuple(const ifx::exec_result& r);

// ---- module parts -------------------------------------------------------------------------------

void init_values();
void register_session(py::module_& m);
void register_aio(py::module_& m);
/// Process-wide log handler and per-connection trace bridged to Python logging.
void install_log_bridge();
std::function<void(std::string_view)> make_trace(py::object logger_callable);
ifx::log_handler make_pool_log();

}  // namespace informix_py
