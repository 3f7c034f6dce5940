#include "ifx/row.hpp"

#include "types/decode.hpp"

namespace ifx::detail {
namespace {

types::value_bytes bytes_of(const cell& v, const std::uint8_t* data) { return {data + v.offset, v.length}; }

}  // namespace

std::error_code read_int64(const column_info& c, const cell& v, const std::uint8_t* data, std::int64_t& out) {
    return types::to_int64(c, bytes_of(v, data), out);
}

std::error_code read_double(const column_info& c, const cell& v, const std::uint8_t* data, double& out) {
    return types::to_double(c, bytes_of(v, data), out);
}

std::error_code read_bool(const column_info& c, const cell& v, const std::uint8_t* data, bool& out) {
    return types::to_bool(c, bytes_of(v, data), out);
}

std::error_code read_text(const column_info& c, const cell& v, const std::uint8_t* data, std::string& out) {
    return types::to_text(c, bytes_of(v, data), out);
}

void throw_value_error(std::error_code ec, const column_info& c, std::size_t index) {
    diagnostics diag;
    diag.client_message = "column " + std::to_string(index + 1) + " (" + c.name + ", " + c.type_name() + "): " + ec.message();
    throw error(ec, std::move(diag));
}

}  // namespace ifx::detail
