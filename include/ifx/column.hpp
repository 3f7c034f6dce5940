#pragma once
/// @file
/// Result description: the Informix type of each column of a statement's result.
#include <cstdint>
#include <string>

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

/// One column of a result (or of a statement's described input), as the server described it.
struct column_info {
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
};

}  // namespace ifx
