// informix_db._ifx: the native half of the informix_db package (PEP 249 driver on the ifx C++
// API). The Python package (python/informix_db) is the public face; this module holds the
// sessions, cursors, pools and the asyncio bridge, and converts values.
#include "module.hpp"

namespace informix_py {
namespace {

void register_objects(py::object decimal, py::object interval_ym, py::object text, py::object blob,
                      py::object clob, py::object make_error, py::object log) {
    auto& r = objects();
    // Strong references for the life of the process (library threads may use them until exit).
    r.decimal = decimal.release().ptr();
    r.interval_ym = interval_ym.release().ptr();
    r.text = text.release().ptr();
    r.blob = blob.release().ptr();
    r.clob = clob.release().ptr();
    r.make_error = make_error.release().ptr();
    r.log = log.release().ptr();
}

}  // namespace
}  // namespace informix_py

PYBIND11_MODULE(_ifx, m) {
    using namespace informix_py;
    m.doc() = "Native half of informix_db: sessions, cursors, pools and asyncio bridge over the ifx C++ API";
    init_values();
    py::register_exception_translator([](std::exception_ptr p) {
        try {
            if (p) std::rethrow_exception(p);
        } catch (const ifx::error& e) {
            if (objects().make_error)
                set_python_error(e.code(), e.diag());
            else
                PyErr_SetString(PyExc_RuntimeError, e.what());
        }
    });
    m.def("_register", &register_objects);
    m.def("_install_log_bridge", &install_log_bridge);
    register_session(m);
    register_aio(m);
}
