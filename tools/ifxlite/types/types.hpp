#pragma once
// Informix column types as ifxlite describes them (PROTOCOL.md §8.1, §9), derived from SQLite
// declared column types, and the tuple encoding of SQLite values.
#include <cstdint>
#include <optional>
#include <string_view>
#include <variant>
#include <vector>

#include "base/errors.hpp"

namespace ifx::lite {

inline constexpr std::int32_t blob_descriptor_size = 56;    ///< BYTE/TEXT descriptor (§9.11)
inline constexpr std::int32_t smart_lob_locator_size = 72;  ///< BLOB/CLOB locator (§9.12)
inline constexpr std::uint32_t blob_descriptor_marker =
    0x69666c62;                                                  ///< "iflb" in a descriptor's reserved words
inline constexpr std::uint32_t lob_locator_marker = 0x69666c6c;  ///< "ifll" at the start of a locator

namespace sqltype {
inline constexpr std::int16_t char_ = 0;
inline constexpr std::int16_t smallint = 1;
inline constexpr std::int16_t integer = 2;
inline constexpr std::int16_t float_ = 3;
inline constexpr std::int16_t smallfloat = 4;
inline constexpr std::int16_t decimal = 5;
inline constexpr std::int16_t serial = 6;
inline constexpr std::int16_t date = 7;
inline constexpr std::int16_t money = 8;
inline constexpr std::int16_t datetime = 10;
inline constexpr std::int16_t byte = 11;
inline constexpr std::int16_t text = 12;
inline constexpr std::int16_t varchar = 13;
inline constexpr std::int16_t interval = 14;
inline constexpr std::int16_t nchar = 15;
inline constexpr std::int16_t nvarchar = 16;
inline constexpr std::int16_t int8 = 17;
inline constexpr std::int16_t serial8 = 18;
inline constexpr std::int16_t udt_var = 40;
inline constexpr std::int16_t udt_fixed = 41;
inline constexpr std::int16_t lvarchar = 43;
inline constexpr std::int16_t boolean = 45;
inline constexpr std::int16_t bigint = 52;
inline constexpr std::int16_t bigserial = 53;
inline constexpr std::int16_t not_null_flag = 0x0100;
}  // namespace sqltype

/// Extended ids of the built-in UDTs ifxlite describes (§9.3).
namespace builtin_xid {
inline constexpr std::int32_t lvarchar = 1;
inline constexpr std::int32_t boolean = 5;
inline constexpr std::int32_t blob = 10;
inline constexpr std::int32_t clob = 11;
}  // namespace builtin_xid

struct column_type {
    /// The logical type. LVARCHAR and BOOLEAN keep their front-end codes 43 and 45 here; on the
    /// wire they are described as IDS describes them (described_code).
    std::int16_t code = sqltype::lvarchar;
    bool not_null = false;
    std::int32_t encoded_length = 0;  ///< §9.4
    std::int32_t width = 0;           ///< bytes in the fixed tuple layout (start positions, tuple size)
    int precision = 0;                ///< DECIMAL/MONEY
    int scale = 0;
    std::int32_t xid = 0;  ///< extended id of a smart LOB (§9.3): 10 BLOB, 11 CLOB

    /// The code a DESCRIBE (and syscolumns.coltype) gives the column: IDS describes LVARCHAR as
    /// the built-in UDT 40 and BOOLEAN as 41 — sqltypes.h marks 43 (SQLLVARCHAR) and 45
    /// (SQLBOOL) "used by FE, not real major types in BE" (§9.10).
    std::int16_t described_code() const {
        return code == sqltype::lvarchar  ? sqltype::udt_var
               : code == sqltype::boolean ? sqltype::udt_fixed
                                          : code;
    }
    /// The extended id that goes with described_code(): 1 lvarchar, 5 boolean, 10/11 smart LOBs.
    std::int32_t described_xid() const {
        return code == sqltype::lvarchar  ? builtin_xid::lvarchar
               : code == sqltype::boolean ? builtin_xid::boolean
                                          : xid;
    }
    /// §9.3: built-in UDTs are owned by `informix`.
    std::string_view owner() const { return described_xid() ? "informix" : ""; }
    std::string_view extended_name() const {
        switch (described_xid()) {
            case builtin_xid::lvarchar:
                return "lvarchar";
            case builtin_xid::boolean:
                return "boolean";
            case builtin_xid::blob:
                return "blob";
            case builtin_xid::clob:
                return "clob";
            default:
                return "";
        }
    }
    bool blob_descriptor() const { return code == sqltype::byte || code == sqltype::text; }
    bool smart_lob() const {
        return code == sqltype::udt_fixed && (xid == builtin_xid::blob || xid == builtin_xid::clob);
    }

    std::int16_t type_word() const {
        return static_cast<std::int16_t>(described_code() | (not_null ? sqltype::not_null_flag : 0));
    }
    /// Columns that make a row "variable" (§8.2): their values carry their own length. Every
    /// built-in UDT does (40/41: u8 NULL flag, i32 length, bytes).
    bool variable() const {
        return code == sqltype::varchar || code == sqltype::nvarchar || code == sqltype::lvarchar ||
               code == sqltype::boolean || code == sqltype::udt_fixed;
    }
};

/// Maps a SQLite declared type ("VARCHAR(20)", "DECIMAL_TEXT(10,2)", "SERIAL", …) to an Informix
/// type. Unknown or empty declarations become LVARCHAR (values sent as text).
column_type type_from_declaration(std::string_view declared);

struct qualifier;
/// The DATETIME or INTERVAL type of a qualifier.
column_type datetime_type(const qualifier& q);

/// Type of a result column that has no declared type, chosen from its expression text
/// (COUNT(*) → DECIMAL(15,0), integer literal → INTEGER, …; see README).
column_type type_for_expression(std::string_view expression);

/// A SQLite value as read from a statement column (text and blobs as byte views).
using value_view = std::variant<std::monostate, std::int64_t, double, std::string_view>;

/// Appends the tuple encoding of `value` for a column of type `type` (§9); NULL uses the type's
/// in-band NULL pattern. Returns an error when the stored value cannot be converted.
std::optional<sql_error> encode_value(const column_type& type, const value_view& value,
                                      std::vector<std::uint8_t>& out);

}  // namespace ifx::lite
