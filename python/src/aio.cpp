#include "module.hpp"
namespace informix_py {
void register_aio(py::module_&) {}
}
