#pragma once
/// @file
/// Result description: the Informix type of each column of a statement's result.
#include <cstdint>
#include <string>

#include "ifx/qualifier.hpp"

namespace ifx {

/// Informix type codes (the low byte of the SQLI type word; IBM sqltypes.h numbering).
enum class type_code : std::uint8_t {
    char_ = 0,
    smallint = 1,
    integer = 2,
    float_ = 3,
    smallfloat = 4,
    decimal = 5,
    serial = 6,
    date = 7,
    money = 8,
    null_ = 9,
    datetime = 10,
    byte = 11,
    text = 12,
    varchar = 13,
    interval = 14,
    nchar = 15,
    nvarchar = 16,
    int8 = 17,
    serial8 = 18,
    set = 19,
    multiset = 20,
    list = 21,
    row = 22,
    collection = 23,
    udt_var = 40,
    udt_fixed = 41,
    lvarchar = 43,
    boolean = 45,
    bigint = 52,
    bigserial = 53,
};

/// Extended ids of the built-in UDTs the server describes as type 40/41 (PROTOCOL.md §9.3).
namespace xid {
inline constexpr std::int32_t lvarchar = 1;
inline constexpr std::int32_t boolean = 5;
inline constexpr std::int32_t blob = 10;
inline constexpr std::int32_t clob = 11;
}  // namespace xid

/// One column of a result (or of a statement's described input), as the server described it.
/// The accessors interpret `encoded_length` per type (PROTOCOL.md §9.4).
struct column_info {
    /// Column name as the server described it (an expression's text or alias).
    std::string name;
    type_code type = type_code::integer;  ///< base type code
    std::uint16_t type_word = 0;          ///< the full 16-bit type word (code | flag bits)
    std::int32_t extended_id = 0;         ///< xid of built-in UDTs (1 lvarchar, 5 boolean, 10 blob, 11 clob)
    std::string extended_owner;           ///< e.g. "informix" for built-in UDTs
    std::string extended_name;            ///< e.g. "lvarchar", "boolean", "blob", "clob"
    std::int32_t encoded_length = 0;      ///< length / (precision<<8 | scale) / qualifier, per type

    /// False when the server marked the column NOT NULL.
    bool nullable() const noexcept { return (type_word & 0x0100) == 0; }
    /// The type as an SQL name with its parameters: "VARCHAR(40)", "DECIMAL(16,2)",
    /// "DATETIME YEAR TO SECOND", "INTERVAL DAY(3) TO FRACTION(5)", "LVARCHAR", "BOOLEAN", …
    std::string type_name() const;
    /// The type code with built-in UDTs resolved: LVARCHAR (UDT xid 1 or flag 0x2000) →
    /// lvarchar, BOOLEAN (xid 5 or flag 0x4000) → boolean; BLOB/CLOB stay udt_fixed (see
    /// is_smart_lob()).
    type_code logical_type() const noexcept;
    /// True for BLOB/CLOB columns (UDT with xid 10/11).
    bool is_smart_lob() const noexcept;

    /// Maximum length in bytes of CHAR/NCHAR/VARCHAR/NVARCHAR/LVARCHAR columns (for VARCHAR(m,r)
    /// this is m); the byte width of other fixed types; 0 if not applicable.
    std::int32_t length() const noexcept;
    /// Decimal digits: p of DECIMAL(p,s)/MONEY(p,s); 5/10/19 for SMALLINT/INTEGER/BIGINT
    /// (INT8 19); total digits of a DATETIME/INTERVAL; 0 otherwise.
    int precision() const noexcept;
    /// s of DECIMAL(p,s)/MONEY(p,s) (-1 for a floating DECIMAL(p)); the FRACTION digits of a
    /// DATETIME/INTERVAL; 0 otherwise.
    int scale() const noexcept;
    /// The qualifier of a DATETIME/INTERVAL column. Precondition: the type is one of them and
    /// has_valid_qualifier(); otherwise the default qualifier is returned.
    ifx::qualifier qualifier() const noexcept;
    /// False when a DATETIME/INTERVAL column's encoded length is not a valid qualifier.
    bool has_valid_qualifier() const noexcept;
};

}  // namespace ifx
