#include "values.hpp"

#include <cstdio>

#include "types/decode.hpp"
#include "types/int8.hpp"
#include "types/layout.hpp"
#include "wire/hex.hpp"

namespace ifx::cap {
namespace {

bool is_integer_type(type_code t) {
    switch (t) {
        case type_code::smallint:
        case type_code::integer:
        case type_code::serial:
        case type_code::int8:
        case type_code::serial8:
        case type_code::bigint:
        case type_code::bigserial:
            return true;
        default:
            return false;
    }
}

column_info described(std::int16_t type_word, std::int32_t encoded_length) {
    column_info c;
    c.type_word = static_cast<std::uint16_t>(type_word);
    c.type = static_cast<type_code>(type_word & 0xff);
    c.encoded_length = encoded_length;
    return c;
}

}  // namespace

field value_field(std::string name, const column_info& column, std::span<const std::uint8_t> bytes,
                  bool null) {
    field f{std::move(name), {}, field::kind::token, column.name + " " + column.type_name()};
    if (null) {
        f.value = "NULL";
        return f;
    }
    const std::string hex = wire::to_hex(bytes);
    if (column.type == type_code::byte || column.type == type_code::text) {
        blob_descriptor d;
        if (!types::to_descriptor(column, bytes, d)) {
            f.value = d.is_null() ? "NULL" : "size=" + std::to_string(d.size());
            f.note += " descriptor " + hex;
            return f;
        }
    } else if (column.is_smart_lob()) {
        f.value = "locator(" + std::to_string(bytes.size()) + " bytes)";
        f.note += " " + hex;
        return f;
    } else if (types::is_character(column)) {
        f.type = field::kind::text;
        f.value.assign(bytes.begin(), bytes.end());
        return f;
    } else {
        std::string text;
        std::error_code ec = types::to_text(column, bytes, codeset::utf8, text);
        if (ec) ec = types::to_text(column, bytes, codeset::iso_8859_1, text);
        if (!ec) {
            const bool composite = column.type == type_code::set || column.type == type_code::multiset ||
                                   column.type == type_code::list || column.type == type_code::row;
            f.type = is_integer_type(column.type) ? field::kind::number
                     : composite                  ? field::kind::text
                                                  : field::kind::token;
            f.value = std::move(text);
            return f;
        }
    }
    f.value = "x'" + hex + "'";
    f.note += " (not readable as this type)";
    return f;
}

field bind_value_field(std::string name, std::int16_t type, std::int16_t prec,
                       std::span<const std::uint8_t> bytes) {
    const int base = type & 0xff;
    std::int32_t encoded = prec;
    switch (base) {
        case 5:   // DECIMAL
        case 8:   // MONEY
        case 10:  // DATETIME
        case 14:  // INTERVAL: the precision word is the qualifier (grade C, docs/protocol.md)
            encoded = static_cast<std::uint16_t>(prec);
            break;
        default:
            encoded = static_cast<std::int32_t>(bytes.size());
    }
    column_info c = described(type, encoded);
    if (base == 40 || base == 41 || base == 43 || base == 44) {
        return field{std::move(name), "x'" + wire::to_hex(bytes) + "'", field::kind::token,
                     type_code_name(base)};
    }
    field f = value_field(std::move(name), c, bytes, false);
    f.note = type_code_name(base);
    return f;
}

field type_field(std::string name, const column_info& column) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "0x%04x", column.type_word);
    std::string note = column.type_name();
    if (!column.nullable()) note += " NOT NULL";
    return field{std::move(name), buf, field::kind::token, std::move(note)};
}

std::string statement_type_name(int code) {
    switch (code) {
        case 1:
            return "DATABASE";
        case 2:
            return "SELECT";
        case 3:
            return "SELECT INTO";
        case 4:
            return "UPDATE WHERE";
        case 5:
            return "DELETE WHERE";
        case 6:
            return "INSERT";
        case 7:
            return "UPDATE WHERE CURRENT OF";
        case 8:
            return "DELETE WHERE CURRENT OF";
        case 10:
            return "LOCK TABLE";
        case 11:
            return "UNLOCK TABLE";
        case 12:
            return "CREATE DATABASE";
        case 13:
            return "DROP DATABASE";
        case 14:
            return "CREATE TABLE";
        case 15:
            return "DROP TABLE";
        case 16:
            return "CREATE INDEX";
        case 17:
            return "DROP INDEX";
        case 18:
            return "GRANT";
        case 19:
            return "REVOKE";
        case 20:
            return "RENAME TABLE";
        case 29:
            return "ALTER TABLE";
        case 30:
            return "UPDATE STATISTICS";
        case 31:
            return "CLOSE DATABASE";
        case 32:
            return "DELETE";
        case 33:
            return "UPDATE";
        case 34:
            return "BEGIN WORK";
        case 35:
            return "COMMIT WORK";
        case 36:
            return "ROLLBACK WORK";
        case 38:
            return "START DATABASE";
        case 40:
            return "CREATE VIEW";
        case 41:
            return "DROP VIEW";
        case 45:
            return "CREATE TEMP TABLE";
        case 46:
            return "SET LOCK MODE";
        case 48:
            return "SET ISOLATION";
        case 56:
            return "EXECUTE PROCEDURE";
        case 70:
            return "CREATE TRIGGER";
        case 71:
            return "DROP TRIGGER";
        case 110:
            return "SET ENVIRONMENT";
        case 122:
            return "TRUNCATE";
        case 123:
            return "implicit transaction";
        case 124:
            return "CREATE SEQUENCE";
        case 125:
            return "DROP SEQUENCE";
        case 126:
            return "ALTER SEQUENCE";
        case 127:
            return "RENAME SEQUENCE";
        case 128:
            return "MERGE";
        case 159:
            return "SAVEPOINT";
        case 160:
            return "RELEASE SAVEPOINT";
        case 161:
            return "ROLLBACK TO SAVEPOINT";
        case 164:
            return "SELECT INTO EXTERNAL";
        default:
            return {};
    }
}

std::string done_warning_names(std::int16_t warnings) {
    static constexpr struct {
        int bit;
        const char* name;
    } bits[] = {{0x01, "logged"}, {0x02, "ANSI"},      {0x04, "Informix"},         {0x08, "float-decimal"},
                {0x10, "0x10"},   {0x20, "secondary"}, {0x40, "DB_LOCALE differs"}};
    std::string out;
    for (const auto& b : bits)
        if (warnings & b.bit) out += (out.empty() ? "" : ", ") + std::string(b.name);
    return out;
}

std::string type_code_name(int code) {
    switch (code) {
        case 0:
            return "CHAR";
        case 1:
            return "SMALLINT";
        case 2:
            return "INTEGER";
        case 3:
            return "FLOAT";
        case 4:
            return "SMALLFLOAT";
        case 5:
            return "DECIMAL";
        case 6:
            return "SERIAL";
        case 7:
            return "DATE";
        case 8:
            return "MONEY";
        case 9:
            return "NULL";
        case 10:
            return "DATETIME";
        case 11:
            return "BYTE";
        case 12:
            return "TEXT";
        case 13:
            return "VARCHAR";
        case 14:
            return "INTERVAL";
        case 15:
            return "NCHAR";
        case 16:
            return "NVARCHAR";
        case 17:
            return "INT8";
        case 18:
            return "SERIAL8";
        case 19:
            return "SET";
        case 20:
            return "MULTISET";
        case 21:
            return "LIST";
        case 22:
            return "ROW";
        case 23:
            return "COLLECTION";
        case 40:
            return "UDT (variable)";
        case 41:
            return "UDT (fixed)";
        case 43:
            return "LVARCHAR";
        case 44:
            return "SENDRECV";
        case 45:
            return "BOOLEAN";
        case 52:
            return "BIGINT";
        case 53:
            return "BIGSERIAL";
        default:
            return "type " + std::to_string(code);
    }
}

}  // namespace ifx::cap
