#include "types/layout.hpp"

#include <algorithm>

#include "ifx/lob.hpp"
#include "types/time_codec.hpp"
#include "wire/reader.hpp"

namespace ifx::types {
namespace {

bool all_equal(std::span<const std::uint8_t> bytes, std::uint8_t value) {
    return std::all_of(bytes.begin(), bytes.end(), [value](std::uint8_t b) { return b == value; });
}

// The NULL sentinel of a fixed-width value (PROTOCOL.md §9.1; CHAR and BOOLEAN are grade C).
bool fixed_is_null(const column_info& c, std::span<const std::uint8_t> v) {
    switch (c.type) {
        case type_code::smallint:
        case type_code::integer:
        case type_code::serial:
        case type_code::date:
        case type_code::bigint:
        case type_code::bigserial:
            return v[0] == 0x80 && all_equal(v.subspan(1), 0);
        case type_code::float_:
        case type_code::smallfloat:
            return all_equal(v, 0xff);
        case type_code::decimal:
        case type_code::money:
        case type_code::datetime:
        case type_code::interval:
            return packed_is_null(v);
        case type_code::char_:
        case type_code::nchar:
            return !v.empty() && v[0] == 0;  // ESQL/C convention (C)
        case type_code::int8:
        case type_code::serial8:
            return v[0] == 0 && v[1] == 0;
        case type_code::boolean:
            return v.back() == 0xff;
        case type_code::byte:
        case type_code::text:
            return (v[39] & 0x01) != 0;  // descriptor flags at offset 38 (B)
        default:
            return false;
    }
}

// How the walk treats the two grade-C shapes (see split_tuple).
struct walk_options {
    bool bare_locators = false;
    std::size_t blob_width = blob_descriptor_width;
};

bool walk(std::span<const std::uint8_t> payload, std::span<const column_info> columns, std::span<cell> cells,
          const walk_options& options) noexcept {
    wire::reader r(payload);
    for (std::size_t i = 0; i < columns.size(); ++i) {
        const column_info& c = columns[i];
        cell& out = cells[i];
        if (c.type == type_code::varchar || c.type == type_code::nvarchar) {
            const std::size_t n = r.u8();
            out.offset = static_cast<std::uint32_t>(r.position());
            const auto v = r.bytes(n);
            out.length = static_cast<std::uint32_t>(n);
            out.null = n == 1 && r.ok() && v[0] == 0;  // NULL = 01 00 (A)
        } else if (options.bare_locators && c.is_smart_lob()) {
            out.offset = static_cast<std::uint32_t>(r.position());
            r.skip(lob_locator::size_bytes);
            out.length = static_cast<std::uint32_t>(lob_locator::size_bytes);
            out.null = false;
        } else if (is_variable(c)) {
            const std::uint8_t flag = r.u8();
            const std::size_t n = r.length32(payload.size());
            out.offset = static_cast<std::uint32_t>(r.position());
            r.skip(n);
            out.length = static_cast<std::uint32_t>(n);
            out.null = flag != 0;
        } else {
            std::size_t n = fixed_width(c);
            if (c.type == type_code::byte || c.type == type_code::text) n = options.blob_width;
            if (n == 0) return false;
            out.offset = static_cast<std::uint32_t>(r.position());
            const auto v = r.bytes(n);
            out.length = static_cast<std::uint32_t>(n);
            out.null = r.ok() && fixed_is_null(c, v);
        }
        if (!r.ok()) return false;
    }
    return r.at_end();
}

}  // namespace

bool is_variable(const column_info& c) noexcept {
    switch (c.type) {
        case type_code::varchar:
        case type_code::nvarchar:
        case type_code::udt_var:
        case type_code::udt_fixed:
        case type_code::lvarchar:
        case type_code::set:
        case type_code::multiset:
        case type_code::list:
        case type_code::row:
            return true;
        default:
            return false;
    }
}

std::size_t fixed_width(const column_info& c) noexcept {
    const auto enc = static_cast<std::uint32_t>(c.encoded_length);
    switch (c.type) {
        case type_code::char_:
        case type_code::nchar:
            return enc;
        case type_code::smallint:
            return 2;
        case type_code::integer:
        case type_code::serial:
        case type_code::date:
        case type_code::smallfloat:
            return 4;
        case type_code::float_:
        case type_code::bigint:
        case type_code::bigserial:
            return 8;
        case type_code::int8:
        case type_code::serial8:
            return 10;
        case type_code::decimal:
        case type_code::money: {
            const unsigned precision = (enc >> 8) & 0xff, scale = enc & 0xff;
            if (precision < 1 || precision > 32) return 0;
            return decimal_width(precision, scale);
        }
        case type_code::datetime:
        case type_code::interval: {
            if (!c.has_valid_qualifier()) return 0;
            return time_width(c.qualifier());
        }
        case type_code::boolean:
            return enc == 2 ? 2 : 1;
        case type_code::byte:
        case type_code::text:
            return blob_descriptor_width;
        default:
            return 0;
    }
}

bool split_tuple(std::span<const std::uint8_t> payload, std::span<const column_info> columns,
                 std::span<cell> cells) noexcept {
    if (cells.size() < columns.size()) return false;
    walk_options options;
    if (walk(payload, columns, cells, options)) return true;
    const bool has_lob =
        std::any_of(columns.begin(), columns.end(), [](const column_info& c) { return c.is_smart_lob(); });
    const bool has_blob = std::any_of(columns.begin(), columns.end(), [](const column_info& c) {
        return c.type == type_code::byte || c.type == type_code::text;
    });
    for (int variant = 1; variant < 4; ++variant) {
        options.bare_locators = (variant & 1) != 0;
        options.blob_width = (variant & 2) != 0 ? blob_descriptor_width_f70 : blob_descriptor_width;
        if ((options.bare_locators && !has_lob) || (options.blob_width != blob_descriptor_width && !has_blob))
            continue;
        if (walk(payload, columns, cells, options)) return true;
    }
    return false;
}

}  // namespace ifx::types
