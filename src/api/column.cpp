#include <string>

#include "ifx/column.hpp"

namespace ifx {
namespace {

const char* unit_name(unsigned code) {
    static const char* const names[] = {"YEAR", "?", "MONTH", "?", "DAY", "?", "HOUR", "?", "MINUTE", "?", "SECOND"};
    return code <= 10 ? names[code] : "FRACTION";
}

// "YEAR TO SECOND", "DAY(3) TO FRACTION(5)" from a qualifier word (PROTOCOL.md §9.7).
std::string qualifier_text(std::int32_t q, bool interval) {
    const unsigned length = (static_cast<unsigned>(q) >> 8) & 0xff, start = (q >> 4) & 0xf, end = q & 0xf;
    std::string out = unit_name(start);
    if (start > 10) out += "(" + std::to_string(start - 10) + ")";
    if (interval && start <= 10) {
        const unsigned others = end > 10 ? (std::min(end, 10u) - start) + (end - 10) : end - start;
        const unsigned first = length > others ? length - others : 0;
        if (first != 2 || start == 0) out += "(" + std::to_string(first) + ")";
    }
    if (end != start) {
        out += " TO ";
        out += unit_name(end);
        if (end > 10) out += "(" + std::to_string(end - 10) + ")";
    }
    return out;
}

std::string with_length(const char* name, std::int32_t n) { return std::string(name) + "(" + std::to_string(n) + ")"; }

std::string decimal_text(const char* name, std::int32_t enc) {
    const int precision = (enc >> 8) & 0xff, scale = enc & 0xff;
    if (scale == 0xff) return with_length(name, precision);
    return std::string(name) + "(" + std::to_string(precision) + "," + std::to_string(scale) + ")";
}

}  // namespace

std::string column_info::type_name() const {
    switch (type) {
        case type_code::char_: return with_length("CHAR", encoded_length);
        case type_code::smallint: return "SMALLINT";
        case type_code::integer: return "INTEGER";
        case type_code::float_: return "FLOAT";
        case type_code::smallfloat: return "SMALLFLOAT";
        case type_code::decimal: return decimal_text("DECIMAL", encoded_length);
        case type_code::serial: return "SERIAL";
        case type_code::date: return "DATE";
        case type_code::money: return decimal_text("MONEY", encoded_length);
        case type_code::null_: return "NULL";
        case type_code::datetime: return "DATETIME " + qualifier_text(encoded_length, false);
        case type_code::byte: return "BYTE";
        case type_code::text: return "TEXT";
        case type_code::varchar: return with_length("VARCHAR", encoded_length);
        case type_code::interval: return "INTERVAL " + qualifier_text(encoded_length, true);
        case type_code::nchar: return with_length("NCHAR", encoded_length);
        case type_code::nvarchar: return with_length("NVARCHAR", encoded_length);
        case type_code::int8: return "INT8";
        case type_code::serial8: return "SERIAL8";
        case type_code::set: return "SET";
        case type_code::multiset: return "MULTISET";
        case type_code::list: return "LIST";
        case type_code::row: return "ROW";
        case type_code::collection: return "COLLECTION";
        case type_code::lvarchar: return "LVARCHAR";
        case type_code::boolean: return "BOOLEAN";
        case type_code::bigint: return "BIGINT";
        case type_code::bigserial: return "BIGSERIAL";
        case type_code::udt_var:
        case type_code::udt_fixed: {
            switch (extended_id) {
                case 1: return "LVARCHAR";
                case 5: return "BOOLEAN";
                case 10: return "BLOB";
                case 11: return "CLOB";
                default: return extended_name.empty() ? "UDT" : extended_name;
            }
        }
    }
    return "TYPE(" + std::to_string(static_cast<int>(type)) + ")";
}

}  // namespace ifx
