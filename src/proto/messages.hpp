#pragma once
// Client-side decoding of the messages a server sends after login (PROTOCOL.md §8).
// Decoding is transactional: a message is consumed only when it is whole.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "ifx/column.hpp"
#include "proto/features.hpp"
#include "wire/status.hpp"
#include "wire/tags.hpp"

namespace ifx::proto {

/// A message without a body: SQ_EOT, server-sent SQ_CLOSE, SQ_EXIT.
struct bare_msg {
    wire::tag tag;
};

/// The SQ_DESCRIBE column fields the client reads past (§8.1): kept for tools that show or
/// compare whole messages (ifxcap), never used to slice rows (pitfall 20).
struct column_layout {
    std::int32_t field_index = 0;  ///< offset of the column's name in the name table
    std::int32_t start = 0;        ///< offset of the column in a fixed-layout tuple
    std::int16_t reference = 0;
    std::int16_t alignment = 0;
    std::int32_t source_type = 0;
};

struct describe_msg {
    std::int16_t statement_type = 0;
    std::int16_t statement_id = 0;
    std::int32_t estimated_rows = 0;
    std::int32_t tuple_size = 0;
    std::vector<column_info> columns;
    std::vector<column_layout> layouts;  ///< one per column
};

/// One row; payload points into the decoder's input and is valid until that input changes.
struct tuple_msg {
    std::int16_t warning = 0;
    std::span<const std::uint8_t> payload;
};

struct done_msg {
    std::int16_t warnings = 0;
    std::int64_t rows = 0;
    std::int64_t rowid = 0;
    std::int32_t serial = 0;
};

struct err_msg {
    std::int16_t sqlcode = 0;
    std::int16_t isam_code = 0;
    std::int32_t offset = 0;
    std::string message;
};

struct cost_msg {
    std::int32_t estimated_rows = 0;
    std::int32_t estimated_cost = 0;
};

struct xactstat_msg {
    std::int16_t event = 0;
    std::int16_t new_level = 0;
    std::int16_t old_level = 0;
};

struct insertdone_msg {
    std::int64_t serial8 = 0;
    std::optional<std::int64_t> bigserial;  // present with feature 54
};

struct tupid_msg {
    std::int32_t position = 0;
};

/// SQ_BLOB from the server: one chunk of BYTE/TEXT content (§7.11); empty = end of the value.
/// data points into the decoder's input.
struct blob_msg {
    std::span<const std::uint8_t> data;
};

/// SQ_LODATA from the server (§7.12). op 0 (read): `i32 size` then chunks `i16 len bytes [pad]`
/// summing to size (size 0 is followed by `i16 0`; a negative size is an ISAM error code and
/// carries no chunks). op 2 (write, ifxlite's layout, grade C): `i32 written`. Chunks point into
/// the decoder's input.
struct lodata_msg {
    std::int16_t op = 0;
    std::int32_t size = 0;
    std::vector<std::span<const std::uint8_t>> chunks;
};

/// SQ_GETROUTINE reply (§7.13, grade C): `CHAR dbname i32 handle` — the routine's database and
/// the handle SQ_EXFPROUTINE executes it by.
struct routine_msg {
    std::string database;
    std::int32_t handle = 0;
};

/// One value of an SQ_FPROUTINE reply: `i16 type` [`CHAR owner CHAR name` for extended types]
/// `i16 indicator i16 precision` and, unless NULL, the data: i16 for SMALLINT, i32 for
/// INTEGER/SERIAL/DATE, 10 bytes for INT8/SERIAL8, 8 for BIGINT/BIGSERIAL/FLOAT, 4 for
/// SMALLFLOAT, a byte and its pad for BOOLEAN, `i16 len bytes [pad]` for CHAR, VARCHAR, NCHAR,
/// NVARCHAR and the packed DECIMAL, MONEY, DATETIME and INTERVAL, `i32 len bytes [pad]` for
/// LVARCHAR and UDTs (40, 41, 43, 44). `data` points into the decoder's input (without lengths).
struct fp_value {
    std::int16_t type = 0;  // the whole type word (flags included)
    std::string owner;
    std::string type_name;
    bool null = false;
    std::int16_t precision = 0;
    std::span<const std::uint8_t> data;
};

/// SQ_FPROUTINE (§7.13, grade C): `i16 count` values.
struct fproutine_msg {
    std::vector<fp_value> values;
};

using server_message =
    std::variant<bare_msg, describe_msg, tuple_msg, done_msg, err_msg, cost_msg, xactstat_msg, insertdone_msg,
                 tupid_msg, blob_msg, lodata_msg, routine_msg, fproutine_msg>;

/// Decodes one server message at the start of `bytes`. On ok, `out` holds it and `consumed` its
/// size (pad included); on need_more or malformed nothing is consumed. Unknown tags are malformed.
wire::decode_status decode_server_message(std::span<const std::uint8_t> bytes,
                                          const session_features& features, server_message& out,
                                          std::size_t& consumed);

}  // namespace ifx::proto
