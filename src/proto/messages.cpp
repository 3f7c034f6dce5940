#include "proto/messages.hpp"

#include <algorithm>

#include "types/int8.hpp"
#include "types/layout.hpp"
#include "wire/limits.hpp"
#include "wire/reader.hpp"

namespace ifx::proto {
namespace {

using wire::reader;

// Column names are NUL-terminated inside the name table; a column's field index is the byte
// offset of its name. An index outside the table, or a name without NUL, is malformed.
bool name_at(std::span<const std::uint8_t> table, std::int32_t index, std::string& out) {
    if (index < 0 || static_cast<std::size_t>(index) >= table.size()) return table.empty() && index == 0;
    const auto begin = table.begin() + index;
    const auto nul = std::find(begin, table.end(), std::uint8_t{0});
    if (nul == table.end()) return false;
    out.assign(begin, nul);
    return true;
}

void read_describe(reader& r, const session_features& f, describe_msg& m) {
    m.statement_type = r.i16();
    m.statement_id = r.i16();
    m.estimated_rows = r.i32();
    m.tuple_size = f.large_tuple ? r.i32() : r.u16();
    const std::size_t ncols = r.length16(wire::limits::max_columns);
    const std::size_t table_len =
        f.ext_describe ? r.length32(wire::limits::max_name_table) : r.length16(wire::limits::max_name_table);
    // Every column descriptor takes at least 28 bytes (30 with f63): a count the message cannot
    // hold waits for bytes before anything is allocated for it.
    r.require(ncols * (f.ext_describe ? 30 : 28));
    if (!r.ok()) return;
    m.columns.resize(ncols);
    m.layouts.resize(ncols);
    for (std::size_t i = 0; i < ncols && r.ok(); ++i) {
        column_info& c = m.columns[i];
        column_layout& l = m.layouts[i];
        // Without f63 the prefix is 6 bytes whose split is unknown (grade C): i16 index assumed.
        l.field_index = f.ext_describe ? r.i32() : r.i16();
        l.start = r.i32();  // position in a fixed-layout tuple: never used to slice rows
        c.type_word = r.u16();
        c.type = static_cast<type_code>(c.type_word & 0xff);
        c.extended_id = r.i32();
        c.extended_owner = r.sqli_char(wire::limits::max_char);
        c.extended_name = r.sqli_char(wire::limits::max_char);
        l.reference = r.i16();
        l.alignment = r.i16();
        l.source_type = r.i32();
        c.encoded_length = r.i32();
        types::plan_column(c);
    }
    const auto table = r.bytes(table_len);
    r.pad(table_len);
    if (!r.ok()) return;
    for (std::size_t i = 0; i < ncols; ++i) {
        if (!name_at(table, m.layouts[i].field_index, m.columns[i].name)) return r.fail();
    }
}

void read_err(reader& r, const session_features& f, err_msg& m) {
    m.sqlcode = r.i16();
    m.isam_code = r.i16();
    m.offset = f.long_sql ? r.i32() : r.i16();
    if (m.sqlcode == -368) return;  // carries no message field (PROTOCOL.md §8.5)
    m.message = r.sqli_char(wire::limits::max_char);
}

void read_insertdone(reader& r, const session_features& f, insertdone_msg& m) {
    const auto int8 = r.bytes(types::int8_width);
    if (!r.ok()) return;
    std::int64_t v = 0;
    switch (types::decode_int8(int8, v)) {
        case types::int8_status::value:
            m.serial8 = v;
            break;
        case types::int8_status::null:
            m.serial8 = 0;
            break;
        case types::int8_status::malformed:
            return r.fail();
    }
    if (f.bigint) m.bigserial = r.i64();
}

void read_lodata(reader& r, lodata_msg& m) {
    m.op = r.i16();
    m.size = r.i32();
    if (!r.ok() || m.op != 0 || m.size < 0) return;  // op 2 and errors carry only the i32
    if (static_cast<std::size_t>(m.size) > wire::limits::max_tuple) return r.fail();
    if (m.size == 0) {
        if (r.i16() != 0) r.fail();
        return;
    }
    std::size_t remaining = static_cast<std::size_t>(m.size);
    while (remaining > 0 && r.ok()) {
        const std::size_t n = r.length16(wire::limits::max_char);
        if (r.ok() && (n == 0 || n > remaining)) return r.fail();
        const auto chunk = r.bytes(n);
        r.pad(n);
        if (!r.ok()) return;
        m.chunks.push_back(chunk);
        remaining -= n;
    }
}

// Extended types carry owner and type names (libsqli's rule: base type ≥ 18 except BIGINT and
// BIGSERIAL, or the distinct flag 0x800).
bool fp_has_names(std::int16_t type) {
    const int base = type & 0xff;
    return (base >= 18 && base != 52 && base != 53) || (type & 0x800) != 0;
}

void read_fp_value(reader& r, fp_value& v) {
    v.type = r.i16();
    if (r.ok() && fp_has_names(v.type)) {
        v.owner = r.sqli_char(wire::limits::max_char);
        v.type_name = r.sqli_char(wire::limits::max_char);
    }
    const std::int16_t indicator = r.i16();
    v.precision = r.i16();
    if (!r.ok()) return;
    v.null = indicator == -1;
    if (v.null) return;
    switch (v.type & 0xff) {
        case 1:  // SMALLINT
            v.data = r.bytes(2);
            break;
        case 2:  // INTEGER
        case 6:  // SERIAL
            v.data = r.bytes(4);
            break;
        case 17:  // INT8
        case 18:  // SERIAL8
            v.data = r.bytes(types::int8_width);
            break;
        case 52:  // BIGINT
        case 53:  // BIGSERIAL
        case 3:   // FLOAT
            v.data = r.bytes(8);
            break;
        case 4:  // SMALLFLOAT
        case 7:  // DATE
            v.data = r.bytes(4);
            break;
        case 45:  // BOOLEAN: one byte and its pad, as bound
            v.data = r.bytes(1);
            r.pad(1);
            break;
        case 0:     // CHAR
        case 13:    // VARCHAR
        case 15:    // NCHAR
        case 16:    // NVARCHAR
        case 5:     // DECIMAL: packed, at the prec word's precision and scale
        case 8:     // MONEY
        case 10:    // DATETIME: packed, qualifier in the prec word
        case 14: {  // INTERVAL
            // As SQ_BIND sends these: i16 length, the bytes, pad (grade C: inferred from §7.13's
            // "SQ_BIND-style values").
            const std::size_t n = r.length16(wire::limits::max_char);
            v.data = r.bytes(n);
            r.pad(n);
            break;
        }
        case 40:  // UDT, variable (LVARCHAR is the built-in UDT `lvarchar`)
        case 41:  // UDT, fixed
        case 43:  // LVARCHAR
        case 44: {
            const std::size_t n = r.length32(wire::limits::max_tuple);
            v.data = r.bytes(n);
            r.pad(n);
            break;
        }
        default:
            r.fail();  // a return type whose encoding is not known here
    }
}

}  // namespace

wire::decode_status decode_server_message(std::span<const std::uint8_t> bytes, const session_features& f,
                                          server_message& out, std::size_t& consumed) {
    reader r(bytes);
    const auto t = static_cast<wire::tag>(r.i16());
    if (!r.ok()) return r.status();
    switch (t) {
        case wire::tag::eot:
        case wire::tag::close:
        case wire::tag::exit:
            out = bare_msg{t};
            break;
        case wire::tag::describe:
            read_describe(r, f, out.emplace<describe_msg>());
            break;
        case wire::tag::tuple: {
            auto& m = out.emplace<tuple_msg>();
            m.warning = r.i16();
            const std::size_t n = r.length32(wire::limits::max_tuple);
            m.payload = r.bytes(n);
            r.pad(n);
            break;
        }
        case wire::tag::done: {
            auto& m = out.emplace<done_msg>();
            m.warnings = r.i16();
            m.rows = f.long_rowid ? r.i64() : r.i32();
            m.rowid = f.long_rowid ? r.i64() : r.i32();
            m.serial = r.i32();
            break;
        }
        case wire::tag::err:
            read_err(r, f, out.emplace<err_msg>());
            break;
        case wire::tag::cost: {
            auto& m = out.emplace<cost_msg>();
            m.estimated_rows = r.i32();
            m.estimated_cost = r.i32();
            break;
        }
        case wire::tag::xactstat: {
            auto& m = out.emplace<xactstat_msg>();
            m.event = r.i16();
            m.new_level = r.i16();
            m.old_level = r.i16();
            break;
        }
        case wire::tag::insertdone:
            read_insertdone(r, f, out.emplace<insertdone_msg>());
            break;
        case wire::tag::tupid:
            out.emplace<tupid_msg>().position = r.i32();
            break;
        case wire::tag::blob: {
            const std::size_t n = r.length16(wire::limits::max_char);
            out.emplace<blob_msg>().data = r.bytes(n);
            r.pad(n);
            break;
        }
        case wire::tag::lodata:
            read_lodata(r, out.emplace<lodata_msg>());
            break;
        case wire::tag::getroutine: {
            auto& m = out.emplace<routine_msg>();
            m.database = r.sqli_char(wire::limits::max_char);
            m.handle = r.i32();
            break;
        }
        case wire::tag::fproutine: {
            auto& m = out.emplace<fproutine_msg>();
            const std::int16_t n = r.i16();
            if (r.ok() && n < 0) r.fail();
            for (std::int16_t i = 0; i < n && r.ok(); ++i) read_fp_value(r, m.values.emplace_back());
            break;
        }
        default:
            return wire::decode_status::malformed;
    }
    if (r.ok()) consumed = r.position();
    return r.status();
}

}  // namespace ifx::proto
