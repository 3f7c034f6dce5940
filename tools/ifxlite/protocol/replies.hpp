#pragma once
// Encoders for the messages the server sends after login (PROTOCOL.md §8). Widths follow the
// negotiated features.
#include <cstdint>
#include <span>
#include <vector>

#include "base/errors.hpp"
#include "engine/statement.hpp"
#include "protocol/widths.hpp"
#include "wire/writer.hpp"

namespace ifx::lite::reply {

/// SQ_DESCRIBE (§8.1): header, per-column descriptors (f63 or legacy layout), name table.
void describe(wire::writer& w, const widths& f, std::int16_t statement_type, std::int16_t statement_id,
              const std::vector<column_desc>& columns);
/// SQ_DONE (§8.3).
void done(wire::writer& w, const widths& f, std::uint16_t warnings, std::int64_t rows, std::int64_t rowid,
          std::int32_t serial);
/// SQ_COST (§8.4).
void cost(wire::writer& w, std::int32_t estimated_rows, std::int32_t estimated_cost);
/// SQ_ERR, standard layout only (§8.5).
void error(wire::writer& w, const widths& f, const sql_error& e);
/// SQ_TUPLE (§8.2).
void tuple(wire::writer& w, std::span<const std::uint8_t> payload);
/// SQ_TUPLE written in place: tuple_header, then the payload appended to the same buffer, then
/// finish_tuple(out, offset of the header) fills in the length and pads; returns the message's size.
void tuple_header(std::vector<std::uint8_t>& out);
std::size_t finish_tuple(std::vector<std::uint8_t>& out, std::size_t start);
/// Bytes one SQ_TUPLE message takes for a payload of this size.
inline std::size_t tuple_size(std::size_t payload) {
    return 8 + payload + payload % 2;
}
/// SQ_INSERTDONE (§8.6): SERIAL8 as a 10-byte INT8, then BIGSERIAL with f54.
void insert_done(wire::writer& w, const widths& f, std::int64_t serial8, std::int64_t bigserial);
/// SQ_PROTOCOLS (§4.3).
void protocols(wire::writer& w, std::span<const std::uint8_t> mask);
/// SQ_DBLIST reply (§5.4): names, then a zero length.
void dblist(wire::writer& w, const std::vector<std::string>& names);
/// SQ_TUPID (§7.10): 1-based position of the following scroll-fetch tuple.
inline void tupid(wire::writer& w, std::int32_t position) {
    w.put(wire::tag::tupid);
    w.i32(position);
}
/// SQ_XACTSTAT (§8.7): event, new level, old level.
inline void xactstat(wire::writer& w, std::int16_t event, std::int16_t new_level, std::int16_t old_level) {
    w.put(wire::tag::xactstat);
    w.i16(event);
    w.i16(new_level);
    w.i16(old_level);
}
inline void eot(wire::writer& w) {
    w.put(wire::tag::eot);
}
inline void exit(wire::writer& w) {
    w.put(wire::tag::exit);
}

}  // namespace ifx::lite::reply
