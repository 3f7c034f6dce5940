#include "session/fastpath.hpp"

#include "session/core.hpp"
#include "types/layout.hpp"
#include "wire/limits.hpp"

namespace ifx::detail {
namespace {

std::int32_t extended_id_of(std::string_view name) {
    if (name == "lvarchar") return xid::lvarchar;
    if (name == "boolean") return xid::boolean;
    if (name == "blob") return xid::blob;
    if (name == "clob") return xid::clob;
    return 0;
}

// The description a result column of this value would have.
column_info column_of(const proto::fp_result& v) {
    column_info c;
    int base = v.type & 0xff;
    if (base == 44) base = extended_id_of(v.type_name) == xid::lvarchar ? 40 : 41;  // libsqli's UDT code
    c.type = static_cast<type_code>(base);
    c.type_word = static_cast<std::uint16_t>((static_cast<std::uint16_t>(v.type) & 0xff00) | base);
    switch (c.type) {
        case type_code::decimal:
        case type_code::money:
        case type_code::datetime:
        case type_code::interval:
            c.encoded_length = static_cast<std::uint16_t>(v.precision);
            break;
        case type_code::udt_var:
        case type_code::udt_fixed:
            c.extended_owner = "informix";
            c.extended_name = v.type_name;
            c.extended_id = extended_id_of(v.type_name);
            c.encoded_length = static_cast<std::int32_t>(v.data.size());
            break;
        default:  // the value's own width (CHAR's padding is part of it)
            c.encoded_length = static_cast<std::int32_t>(v.data.size());
            break;
    }
    types::plan_column(c);
    return c;
}

}  // namespace

result fast_path_result(const std::vector<proto::fp_result>& values, codeset text) {
    if (values.empty()) return {};
    std::vector<column_info> columns;
    row_store rows;
    rows.text_codeset = text;
    rows.rows = 1;
    for (const proto::fp_result& v : values) {
        columns.push_back(column_of(v));
        cell c;
        c.null = v.null;
        c.offset = static_cast<std::uint32_t>(rows.data.size());
        c.length = static_cast<std::uint32_t>(v.data.size());
        rows.data.insert(rows.data.end(), v.data.begin(), v.data.end());
        rows.cells.push_back(c);
    }
    return {std::move(columns), std::move(rows), exec_result{}};
}

proto::operation* fast_path_run::start(session_core& s, std::error_code& ec, diagnostics& diag) {
    if (signature_.empty() || signature_.size() > wire::limits::max_char) {
        ec = errc::invalid_argument;
        diag.client_message = "a fast-path routine signature must be 1 to 32767 bytes";
        return nullptr;
    }
    if (params_.size() > wire::limits::max_bind_values) {
        ec = errc::invalid_argument;
        diag.client_message = "too many fast-path arguments";
        return nullptr;
    }
    args_.clear();
    for (const param& p : params_) args_.push_back(proto::fp_arg::of(p));
    op_.emplace(s.state, signature_, args_, results_);
    return &*op_;
}

void fast_path_run::finish(session_core& s, std::error_code& ec, diagnostics&) {
    if (ec) return;
    value = fast_path_result(results_, s.state.text);
}

}  // namespace ifx::detail
