#include "protocol/replies.hpp"

#include <algorithm>
#include <limits>

#include "wire/limits.hpp"

namespace ifx::lite::reply {
namespace {

// A width that must fit an i16 field in the legacy layouts is clamped rather than wrapped.
std::int16_t clamp16(std::int64_t v) {
    return static_cast<std::int16_t>(
        std::clamp<std::int64_t>(v, 0, std::numeric_limits<std::int16_t>::max()));
}

std::int32_t clamp32(std::int64_t v) {
    return static_cast<std::int32_t>(
        std::clamp<std::int64_t>(v, 0, std::numeric_limits<std::int32_t>::max()));
}

}  // namespace

void describe(wire::writer& w, const widths& f, std::int16_t statement_type, std::int16_t statement_id,
              const std::vector<column_desc>& columns) {
    std::int64_t tuple_size = 0;
    std::int64_t names_size = 0;
    for (const auto& c : columns) {
        tuple_size += c.type.width;
        names_size += static_cast<std::int64_t>(c.name.size()) + 1;
    }
    w.put(wire::tag::describe);
    w.i16(statement_type);
    w.i16(statement_id);
    w.i32(0);  // estimated rows
    if (f.large_tuple)
        w.i32(clamp32(tuple_size));
    else
        w.i16(clamp16(tuple_size));
    w.i16(static_cast<std::int16_t>(columns.size()));
    if (f.ext_describe)
        w.i32(clamp32(names_size));
    else
        w.i16(clamp16(names_size));
    std::int64_t name_offset = 0;
    std::int64_t start = 0;
    for (const auto& c : columns) {
        // Legacy (no f63) prefix is 6 bytes whose split is unknown: i16 field index + i32 start (grade C).
        if (f.ext_describe)
            w.i32(clamp32(name_offset));
        else
            w.i16(clamp16(name_offset));
        w.i32(clamp32(start));
        w.i16(c.type.type_word());
        w.i32(c.type.described_xid());        // extended id (§9.3)
        w.sqli_char(c.type.owner());          // owner
        w.sqli_char(c.type.extended_name());  // extended type name
        w.i16(c.type.smart_lob() ? 1 : 0);    // reference (1 seen for a clob, MSG-031)
        w.i16(c.type.smart_lob() ? 4 : 0);    // alignment (4 seen for a clob)
        w.i32(0);                             // source type
        w.i32(c.type.encoded_length);
        name_offset += static_cast<std::int64_t>(c.name.size()) + 1;
        start += c.type.width;
    }
    for (const auto& c : columns) {
        w.bytes(c.name);
        w.u8(0);
    }
    w.pad(static_cast<std::size_t>(names_size));
}

void done(wire::writer& w, const widths& f, std::uint16_t warnings, std::int64_t rows, std::int64_t rowid,
          std::int32_t serial) {
    w.put(wire::tag::done);
    w.u16(warnings);
    if (f.long_rowid) {
        w.i64(rows);
        w.i64(rowid);
    } else {
        w.i32(static_cast<std::int32_t>(std::clamp<std::int64_t>(
            rows, std::numeric_limits<std::int32_t>::min(), std::numeric_limits<std::int32_t>::max())));
        w.i32(static_cast<std::int32_t>(rowid));
    }
    w.i32(serial);
}

void cost(wire::writer& w, std::int32_t estimated_rows, std::int32_t estimated_cost) {
    w.put(wire::tag::cost);
    w.i32(estimated_rows);
    w.i32(estimated_cost);
}

void error(wire::writer& w, const widths& f, const sql_error& e) {
    w.put(wire::tag::err);
    w.i16(e.sqlcode);
    w.i16(e.isam);
    if (f.long_sql)
        w.i32(e.offset);
    else
        w.i16(clamp16(e.offset));
    w.sqli_char(std::string_view(e.message).substr(0, 255));
}

void tuple_header(std::vector<std::uint8_t>& out) {
    // SQ_TUPLE, i16 0, then the payload's i32 length (set by finish_tuple).
    constexpr auto code = static_cast<std::uint16_t>(wire::tag::tuple);
    static constexpr std::uint8_t header[8] = {
        static_cast<std::uint8_t>(code >> 8), static_cast<std::uint8_t>(code & 0xff), 0, 0, 0, 0, 0, 0};
    out.insert(out.end(), std::begin(header), std::end(header));
}

std::size_t finish_tuple(std::vector<std::uint8_t>& out, std::size_t start) {
    const std::size_t payload = out.size() - start - 8;
    const auto length = static_cast<std::uint32_t>(payload);
    for (int k = 0; k < 4; ++k)
        out[start + 4 + static_cast<std::size_t>(k)] = static_cast<std::uint8_t>(length >> (24 - 8 * k));
    if (payload % 2 != 0) out.push_back(0);
    return tuple_size(payload);
}

void tuple(wire::writer& w, std::span<const std::uint8_t> payload) {
    w.put(wire::tag::tuple);
    w.i16(0);
    w.i32(static_cast<std::int32_t>(payload.size()));
    w.bytes(payload);
    w.pad(payload.size());
}

void insert_done(wire::writer& w, const widths& f, std::int64_t serial8, std::int64_t bigserial) {
    w.put(wire::tag::insertdone);
    const std::uint64_t magnitude =
        serial8 < 0 ? 0 - static_cast<std::uint64_t>(serial8) : static_cast<std::uint64_t>(serial8);
    w.i16(serial8 < 0 ? -1 : 1);
    w.u32(static_cast<std::uint32_t>(magnitude));
    w.u32(static_cast<std::uint32_t>(magnitude >> 32));
    if (f.bigint) w.i64(bigserial);
}

void protocols(wire::writer& w, std::span<const std::uint8_t> mask) {
    w.put(wire::tag::protocols);
    w.i16(static_cast<std::int16_t>(mask.size()));
    w.bytes(mask);
    w.pad(mask.size());
}

void dblist(wire::writer& w, const std::vector<std::string>& names) {
    w.put(wire::tag::dblist);
    for (const auto& n : names) w.sqli_char(n);
    w.i16(0);
}

}  // namespace ifx::lite::reply
