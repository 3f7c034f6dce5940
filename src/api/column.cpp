#include <string>

#include "ifx/column.hpp"
#include "types/layout.hpp"

namespace ifx {
namespace {

std::string with_length(const char* name, std::int32_t n) {
    return std::string(name) + "(" + std::to_string(n) + ")";
}

std::string decimal_text(const char* name, std::int32_t enc) {
    const int precision = (enc >> 8) & 0xff, scale = enc & 0xff;
    if (scale == 0xff) return with_length(name, precision);
    return std::string(name) + "(" + std::to_string(precision) + "," + std::to_string(scale) + ")";
}

bool is_udt(type_code t) {
    return t == type_code::udt_var || t == type_code::udt_fixed;
}

}  // namespace

type_code column_info::logical_type() const noexcept {
    if (is_udt(type)) {
        if (extended_id == xid::lvarchar || (type_word & 0x2000) != 0) return type_code::lvarchar;
        if (extended_id == xid::boolean || (type_word & 0x4000) != 0) return type_code::boolean;
    }
    return type;
}

bool column_info::is_smart_lob() const noexcept {
    return is_udt(type) && (extended_id == xid::blob || extended_id == xid::clob);
}

std::int32_t column_info::length() const noexcept {
    switch (logical_type()) {
        case type_code::varchar:
        case type_code::nvarchar:
            // VARCHAR(m,r) may carry r in the high byte (§9.4, C); m is at most 255.
            return encoded_length > 255 ? encoded_length & 0xff : encoded_length;
        case type_code::char_:
        case type_code::nchar:
        case type_code::lvarchar:
        case type_code::udt_var:
        case type_code::udt_fixed:
            return encoded_length;
        case type_code::smallint:
        case type_code::integer:
        case type_code::serial:
        case type_code::date:
        case type_code::smallfloat:
        case type_code::float_:
        case type_code::bigint:
        case type_code::bigserial:
        case type_code::int8:
        case type_code::serial8:
            return static_cast<std::int32_t>(types::fixed_width(*this));  // the byte width in a tuple
        case type_code::boolean:
            return 1;
        default:
            return 0;
    }
}

int column_info::precision() const noexcept {
    switch (type) {
        case type_code::decimal:
        case type_code::money:
            return (encoded_length >> 8) & 0xff;
        case type_code::smallint:
            return 5;
        case type_code::integer:
        case type_code::serial:
            return 10;
        case type_code::bigint:
        case type_code::bigserial:
        case type_code::int8:
        case type_code::serial8:
            return 19;
        case type_code::datetime:
        case type_code::interval:
            return (encoded_length >> 8) & 0xff;
        default:
            return 0;
    }
}

int column_info::scale() const noexcept {
    switch (type) {
        case type_code::decimal:
        case type_code::money:
            return (encoded_length & 0xff) == 0xff ? -1 : encoded_length & 0xff;
        case type_code::datetime:
        case type_code::interval:
            return (encoded_length & 0xf) > 10 ? (encoded_length & 0xf) - 10 : 0;
        default:
            return 0;
    }
}

bool column_info::has_valid_qualifier() const noexcept {
    ifx::qualifier q;
    return (type == type_code::datetime || type == type_code::interval) &&
           !ifx::qualifier::from_word(static_cast<std::uint16_t>(encoded_length), type == type_code::interval,
                                      q);
}

ifx::qualifier column_info::qualifier() const noexcept {
    ifx::qualifier q;
    (void)ifx::qualifier::from_word(static_cast<std::uint16_t>(encoded_length), type == type_code::interval,
                                    q);
    return q;
}

std::string column_info::type_name() const {
    switch (type) {
        case type_code::char_:
            return with_length("CHAR", encoded_length);
        case type_code::smallint:
            return "SMALLINT";
        case type_code::integer:
            return "INTEGER";
        case type_code::float_:
            return "FLOAT";
        case type_code::smallfloat:
            return "SMALLFLOAT";
        case type_code::decimal:
            return decimal_text("DECIMAL", encoded_length);
        case type_code::serial:
            return "SERIAL";
        case type_code::date:
            return "DATE";
        case type_code::money:
            return decimal_text("MONEY", encoded_length);
        case type_code::null_:
            return "NULL";
        case type_code::datetime:
        case type_code::interval: {
            const char* kind = type == type_code::datetime ? "DATETIME " : "INTERVAL ";
            if (!has_valid_qualifier())
                return std::string(kind) + "(qualifier " + std::to_string(encoded_length) + ")";
            return kind + qualifier().to_string();
        }
        case type_code::byte:
            return "BYTE";
        case type_code::text:
            return "TEXT";
        case type_code::varchar:
            return with_length("VARCHAR", length());
        case type_code::nchar:
            return with_length("NCHAR", encoded_length);
        case type_code::nvarchar:
            return with_length("NVARCHAR", length());
        case type_code::int8:
            return "INT8";
        case type_code::serial8:
            return "SERIAL8";
        case type_code::set:
            return "SET";
        case type_code::multiset:
            return "MULTISET";
        case type_code::list:
            return "LIST";
        case type_code::row:
            return "ROW";
        case type_code::collection:
            return "COLLECTION";
        case type_code::lvarchar:
            return "LVARCHAR";
        case type_code::boolean:
            return "BOOLEAN";
        case type_code::bigint:
            return "BIGINT";
        case type_code::bigserial:
            return "BIGSERIAL";
        case type_code::udt_var:
        case type_code::udt_fixed: {
            switch (extended_id) {
                case xid::lvarchar:
                    return "LVARCHAR";
                case xid::boolean:
                    return "BOOLEAN";
                case xid::blob:
                    return "BLOB";
                case xid::clob:
                    return "CLOB";
                default:
                    return extended_name.empty() ? "UDT" : extended_name;
            }
        }
    }
    return "TYPE(" + std::to_string(static_cast<int>(type)) + ")";
}

}  // namespace ifx
