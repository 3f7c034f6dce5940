#include "ifx/row.hpp"

#include "ifx/detail/typed.hpp"

#include "types/decimal_codec.hpp"
#include "types/decode.hpp"
#include "types/layout.hpp"
#include "types/lob_content.hpp"
#include "types/time_codec.hpp"

namespace ifx::detail {
namespace {

types::value_bytes bytes_of(const cell& v, const value_source& s) {
    return {s.data + v.offset, v.length};
}

}  // namespace

std::error_code read_int64(const column_info& c, const cell& v, const value_source& s, std::int64_t& out) {
    return types::to_int64(c, bytes_of(v, s), out);
}

std::error_code read_double(const column_info& c, const cell& v, const value_source& s, double& out) {
    return types::to_double(c, bytes_of(v, s), out);
}

std::error_code read_bool(const column_info& c, const cell& v, const value_source& s, bool& out) {
    return types::to_bool(c, bytes_of(v, s), out);
}

std::error_code read_text(const column_info& c, const cell& v, const value_source& s, std::string& out) {
    if (c.type == type_code::byte || c.type == type_code::text)
        return types::blob_text(c, v, s.data, s.text_codeset, out);
    return types::to_text(c, bytes_of(v, s), s.text_codeset, out);
}

std::error_code read_text_view(const column_info& c, const cell& v, const value_source& s,
                               std::string_view& out) {
    return types::to_text_view(c, bytes_of(v, s), s.text_codeset, out);
}

std::error_code read_decimal(const column_info& c, const cell& v, const value_source& s, decimal& out) {
    return types::to_decimal(c, bytes_of(v, s), out);
}

std::error_code read_date(const column_info& c, const cell& v, const value_source& s, date& out) {
    return types::to_date(c, bytes_of(v, s), out);
}

std::error_code read_datetime(const column_info& c, const cell& v, const value_source& s, datetime& out) {
    return types::to_datetime(c, bytes_of(v, s), out);
}

std::error_code read_interval(const column_info& c, const cell& v, const value_source& s, interval& out) {
    return types::to_interval(c, bytes_of(v, s), out);
}

std::error_code read_locator(const column_info& c, const cell& v, const value_source& s, lob_locator& out) {
    return types::to_locator(c, bytes_of(v, s), out);
}

std::error_code read_descriptor(const column_info& c, const cell& v, const value_source& s,
                                blob_descriptor& out) {
    return types::to_descriptor(c, bytes_of(v, s), out);
}

std::error_code read_composite(const column_info& c, const cell& v, const value_source& s, composite& out) {
    return types::to_composite(c, bytes_of(v, s), s.text_codeset, out);
}

std::error_code read_bytes(const column_info& c, const cell& v, const value_source& s,
                           std::vector<std::byte>& out) {
    std::span<const std::uint8_t> bytes;
    if (auto ec = types::blob_content(c, v, s.data, bytes)) return ec;
    const auto* p = reinterpret_cast<const std::byte*>(bytes.data());
    out.assign(p, p + bytes.size());
    return {};
}

bool fast_read_decimal(const column_info& c, const cell& v, const value_source& s, decimal& out) noexcept {
    const int plan_scale = column_plan_access::stored(c).decimal_scale;
    const int scale = plan_scale < 0 ? types::floating_scale : plan_scale;
    // The decoder's fast path alone: what it declines, the general conversion decides.
    return types::decode_decimal_fast(bytes_of(v, s), scale, out);
}

bool fast_read_datetime(const column_info& c, const cell& v, const value_source& s, datetime& out) noexcept {
    return types::decode_datetime_fast(bytes_of(v, s), column_plan_access::stored(c).time_qualifier, out);
}

void describe_value_error(std::error_code ec, const column_info& c, std::size_t index, diagnostics& diag) {
    diag.client_message =
        "column " + std::to_string(index + 1) + " (" + c.name + ", " + c.type_name() + "): " + ec.message();
    if (ec == errc::type_mismatch &&
        (c.type == type_code::char_ || c.type == type_code::varchar || c.type == type_code::nchar ||
         c.type == type_code::nvarchar || c.logical_type() == type_code::lvarchar))
        diag.client_message += " (or the text is not valid in the connection's code set)";
}

void throw_value_error(std::error_code ec, const column_info& c, std::size_t index) {
    diagnostics diag;
    describe_value_error(ec, c, index, diag);
    throw error(ec, std::move(diag));
}

void not_single(std::string_view sql, std::error_code& ec, diagnostics& diag) {
    ec = errc::type_mismatch;
    diag.client_message = "query_value needs a result of one row and one column";
    diag.statement = sql;
}

}  // namespace ifx::detail
