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

namespace detail {
struct column_plan_access;

/// How a column's values are laid out in a tuple and decoded, derived from its description once
/// (internal: the library fills it when a description arrives and keeps it in column_info, out of
/// the API's reach). It is trusted only while the description fields it was derived from are
/// unchanged, so a column_info built or edited by hand is still decoded correctly (the slow way).
struct column_plan {
    /// How the row walk finds the value.
    enum class shape : std::uint8_t {
        unsupported,  ///< no known layout: the row cannot be split
        fixed,        ///< `width` bytes
        varchar,      ///< 1-byte length prefix (VARCHAR, NVARCHAR)
        envelope,     ///< flag byte + 4-byte length (LVARCHAR, UDTs, collections)
        smart_lob,    ///< envelope, or a bare 72-byte locator (BLOB, CLOB)
        blob,         ///< a 56- or 68-byte BYTE/TEXT descriptor
    };
    // The description fields the plan was derived from.
    std::int32_t encoded_length = 0;
    std::int32_t extended_id = 0;
    std::uint16_t type_word = 0;
    type_code type = type_code::null_;
    bool ready = false;  ///< false: never derived

    shape layout = shape::unsupported;
    std::uint32_t width = 0;         ///< tuple width of a `fixed` column
    std::int16_t decimal_scale = 0;  ///< DECIMAL/MONEY: the scale values are padded to (-1: floating)
    bool valid_qualifier = false;    ///< DATETIME/INTERVAL: the encoded length is a valid qualifier
    ifx::qualifier time_qualifier;   ///< … and that qualifier
};
}  // namespace detail

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

private:
    friend struct detail::column_plan_access;
    // Decode parameters the library derived from the fields above when the description arrived
    // (a cache: see detail::column_plan).
    detail::column_plan plan_;
};

}  // namespace ifx
