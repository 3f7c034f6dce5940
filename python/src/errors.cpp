// ifx failures as Python exceptions, and the library's log and protocol trace as Python logging.
#include <functional>
#include <string>

#include "ifx/log.hpp"
#include "module.hpp"

namespace informix_py {

registry& objects() {
    static registry r;
    return r;
}

bool python_finalizing() noexcept {
#if PY_VERSION_HEX >= 0x030D0000
    return Py_IsFinalizing() != 0;
#else
    return _Py_IsFinalizing() != 0;
#endif
}

namespace {

const char* kind_name(ifx::error_kind k) {
    switch (k) {
        case ifx::error_kind::interface:
            return "interface";
        case ifx::error_kind::operational:
            return "operational";
        case ifx::error_kind::integrity:
            return "integrity";
        case ifx::error_kind::programming:
            return "programming";
        case ifx::error_kind::data:
            return "data";
        case ifx::error_kind::not_supported:
            return "not_supported";
        case ifx::error_kind::internal:
            return "internal";
        case ifx::error_kind::none:
            break;
    }
    return "operational";
}

const char* client_code_name(const std::error_code& ec) {
    if (ec.category() != ifx::client_category()) return nullptr;
    switch (static_cast<ifx::errc>(ec.value())) {
        case ifx::errc::protocol_violation:
            return "protocol_violation";
        case ifx::errc::connection_closed:
            return "connection_closed";
        case ifx::errc::timeout:
            return "timeout";
        case ifx::errc::operation_in_progress:
            return "operation_in_progress";
        case ifx::errc::unexpected_null:
            return "unexpected_null";
        case ifx::errc::type_mismatch:
            return "type_mismatch";
        case ifx::errc::out_of_range:
            return "out_of_range";
        case ifx::errc::invalid_argument:
            return "invalid_argument";
        case ifx::errc::not_connected:
            return "not_connected";
        case ifx::errc::network_error:
            return "network_error";
        case ifx::errc::login_rejected:
            return "login_rejected";
        case ifx::errc::tls_error:
            return "tls_error";
        case ifx::errc::not_supported:
            return "not_supported";
        case ifx::errc::cursor_closed:
            return "cursor_closed";
        case ifx::errc::pool_timeout:
            return "pool_timeout";
        case ifx::errc::pool_closed:
            return "pool_closed";
    }
    return "client";
}

}  // namespace

py::object make_python_error(const std::error_code& ec, const ifx::diagnostics& diag) {
    const ifx::error e(ec, diag);  // its what() is the one-line summary users see elsewhere
    py::dict info;
    info["message"] = py::str(e.what());
    info["kind"] = kind_name(ifx::kind(ec, diag));
    const char* client = client_code_name(ec);
    info["client_code"] = client ? py::object(py::str(client)) : py::none();
    info["sqlcode"] = diag.sqlcode != 0                         ? diag.sqlcode
                      : ec.category() == ifx::server_category() ? ec.value()
                                                                : 0;
    info["isam_code"] = diag.isam_code;
    info["sqlstate"] = std::string(ifx::sqlstate_of(ec, diag));
    info["statement"] = diag.statement.empty() ? py::object(py::none()) : py::object(py::str(diag.statement));
    info["offset"] = diag.offset;
    info["server_message"] = diag.server_message;
    info["batch_row"] = diag.batch_row >= 0 ? py::object(py::int_(diag.batch_row)) : py::none();
    return py::reinterpret_borrow<py::object>(objects().make_error)(info);
}

void set_python_error(const std::error_code& ec, const ifx::diagnostics& diag) {
    py::object exc = make_python_error(ec, diag);
    PyErr_SetObject(reinterpret_cast<PyObject*>(Py_TYPE(exc.ptr())), exc.ptr());
}

void throw_client(ifx::errc code, std::string message) {
    ifx::diagnostics d;
    d.client_message = std::move(message);
    throw ifx::error(ifx::make_error_code(code), d);
}

// ---- logging ------------------------------------------------------------------------------------

namespace {

int level_number(ifx::log_level l) {
    switch (l) {
        case ifx::log_level::debug:
            return 10;
        case ifx::log_level::info:
            return 20;
        case ifx::log_level::warning:
            return 30;
        case ifx::log_level::error:
            return 40;
    }
    return 30;
}

// Calls informix_db._native._log(logger, level, message) from any thread. Never throws: a failing
// handler must not break the library thread that logs.
void to_python(const char* logger, int level, std::string_view message) noexcept {
    if (!Py_IsInitialized() || python_finalizing() || !objects().log) return;
    PyGILState_STATE g = PyGILState_Ensure();
    PyObject* text = PyUnicode_DecodeUTF8(message.data(), static_cast<Py_ssize_t>(message.size()), "replace");
    if (text) {
        PyObject* r = PyObject_CallFunction(objects().log, "siO", logger, level, text);
        Py_XDECREF(r);
        Py_DECREF(text);
    }
    if (PyErr_Occurred()) PyErr_Clear();
    PyGILState_Release(g);
}

}  // namespace

void install_log_bridge() {
    ifx::set_log_handler(
        [](ifx::log_level l, std::string_view m) { to_python("informix_db", level_number(l), m); });
}

ifx::log_handler make_pool_log() {
    return [](ifx::log_level l, std::string_view m) { to_python("informix_db.pool", level_number(l), m); };
}

std::function<void(std::string_view)> make_trace(py::object /*enabled*/) {
    return [](std::string_view line) { to_python("informix_db", 10, line); };
}

}  // namespace informix_py
