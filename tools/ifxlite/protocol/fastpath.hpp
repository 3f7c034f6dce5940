#pragma once
// Fast-path routine calls (PROTOCOL.md §7.13, grade C; docs/protocol.md "Fast-path routine
// calls"): SQ_GETROUTINE resolves a signature to a handle, SQ_EXFPROUTINE runs a handle with
// SQ_BIND-style arguments and is answered by SQ_FPROUTINE. ifxlite offers the smart-LOB routines
// JDBC calls this way (ifx_lo_open, _close, _release, _create, _seek, _tell) and, as IDS resolves
// any routine in sysprocedures, the database's own functions and procedures (CREATE FUNCTION) by
// name and parameter types; any other signature is -674, like a routine IDS cannot resolve.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/errors.hpp"
#include "engine/lobs.hpp"
#include "engine/statement.hpp"
#include "wire/reader.hpp"
#include "wire/writer.hpp"

namespace ifx::lite {

namespace msg {
/// `SQ_GETROUTINE u8 0 i32 len signature [pad] i16 0`.
struct getroutine {
    std::string signature;
};
/// One argument: `i16 type [CHAR owner CHAR name] i16 indicator i16 prec [data]`.
struct fp_arg {
    std::int16_t type = 0;
    std::string type_name;
    bool null = false;
    std::int64_t number = 0;  // SMALLINT, INTEGER, INT8, BIGINT
    std::string bytes;        // UDT content
    sql_value value;          // every type, as an SQ_BIND value converts (NULL: monostate)
};
/// `SQ_EXFPROUTINE CHAR database i32 handle i16 nargs i16 flag [SQ_BIND i16 nargs args]`.
struct exfproutine {
    std::string database;
    std::int32_t handle = 0;
    std::vector<fp_arg> args;
};

/// One SQ_BIND-style value after its type, indicator and prec words (requests.cpp's reading of
/// SQ_BIND; `error` is set for a value the server cannot convert). False when the type's layout is
/// unknown here (BYTE/TEXT, whose content would follow in SQ_BBIND chunks, included).
bool decode_bind_value(wire::reader& r, std::int16_t type, std::int16_t indicator, std::uint16_t prec,
                       sql_value& out, std::optional<sql_error>& error);

/// The bodies after the tag; false (with `why`) when malformed.
bool decode_getroutine(wire::reader& r, getroutine& out, std::string& why);
bool decode_exfproutine(wire::reader& r, exfproutine& out, std::string& why);
}  // namespace msg

/// The handle of a routine ifxlite offers (signatures compare without case, blanks, the
/// FUNCTION/PROCEDURE keyword and the `informix.` owner); nullopt otherwise (-674).
std::optional<std::int32_t> resolve_routine(std::string_view signature);

/// A signature taken apart: `[FUNCTION|PROCEDURE] [owner.]name(type, ...)`, lower case, blanks
/// dropped from the types. nullopt when it is not one.
struct routine_signature {
    std::string kind;  ///< "function", "procedure" or "" (either)
    std::string name;
    std::vector<std::string> types;
};
std::optional<routine_signature> parse_signature(std::string_view signature);

/// Handles of user routines start here (below: the smart-LOB routines).
inline constexpr std::int32_t first_user_routine = 1000;

/// Writes `SQ_FPROUTINE i16 n values` for a user routine's results (tuple-encoded values of
/// `types`, `nulls` marking NULLs); an error for a type the fast path cannot carry.
std::optional<sql_error> write_routine_results(const std::vector<column_type>& types,
                                               const std::vector<std::vector<std::uint8_t>>& values,
                                               const std::vector<bool>& nulls, wire::writer& w);
/// The name a handle executes, for messages ("" if unknown).
std::string_view routine_name(std::int32_t handle);

/// Runs the routine and writes `SQ_FPROUTINE i16 n values` to w, or returns the SQL error (w
/// untouched): -674 for an unknown handle or arguments of the wrong number or type, -9810 for a
/// locator or descriptor the session does not know.
std::optional<sql_error> execute_routine(lob_store& lobs, const msg::exfproutine& m, wire::writer& w);

}  // namespace ifx::lite
