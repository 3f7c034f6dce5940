// DDL as SQLite must see it: Informix column types mapped to storage types, CHECK constraints
// that give Informix conversion errors, and the key columns SQLite reserves quoted.

#include "sql/sql_text.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "functions/functions.hpp"
#include "sql/sql_rewrite.hpp"
#include "sql/sql_text_detail.hpp"
#include "types/datetime.hpp"
#include "types/types.hpp"

namespace ifx::lite {

using sql_text_detail::has_word;
using sql_text_detail::iequals;
using sql_text_detail::is_qualifier_word;
using sql_text_detail::token_cursor;
using sql_text_detail::upper;

namespace {

// Column lists of keys and indexes — PRIMARY KEY (…), FOREIGN KEY (…), UNIQUE/DISTINCT (…),
// REFERENCES t (…), CREATE INDEX i ON t (…) — with the names SQLite reserves quoted.
std::string quote_key_columns(std::string_view sql, const std::vector<token>& tokens) {
    const bool index = !tokens.empty() && iequals(tokens[0].text, "create") && has_word(tokens, "index");
    std::string out;
    std::size_t copied = 0;
    for (std::size_t i = 1; i < tokens.size(); ++i) {
        if (tokens[i].type != token::kind::punct || tokens[i].text[0] != '(') continue;
        const token& before = tokens[i - 1];
        const bool after_word = before.type == token::kind::word &&
                                (iequals(before.text, "key") || iequals(before.text, "unique") ||
                                 iequals(before.text, "distinct"));
        const bool after_name =
            i >= 2 && tokens[i - 2].type == token::kind::word &&
            (iequals(tokens[i - 2].text, "references") || (index && iequals(tokens[i - 2].text, "on")));
        if (!after_word && !after_name) continue;
        for (std::size_t j = i + 1; j < tokens.size(); ++j) {
            const token& k = tokens[j];
            if (k.type == token::kind::punct && (k.text[0] == ')' || k.text[0] == '(')) break;
            const token& prev = tokens[j - 1];
            const bool item_start =
                prev.type == token::kind::punct && (prev.text[0] == '(' || prev.text[0] == ',');
            if (k.type != token::kind::word || !item_start || !sqlite_reserved_word(k.text)) continue;
            out.append(sql.substr(copied, k.offset - copied));
            out.append("\"" + std::string(k.text) + "\"");
            copied = k.offset + k.text.size();
        }
    }
    if (copied == 0) return std::string(sql);
    out.append(sql.substr(copied));
    return out;
}

}  // namespace

std::string rewrite_ddl(std::string_view original) {
    const std::string quoted = quote_key_columns(original, tokenize(original));
    const std::string_view sql = quoted;
    const auto tokens = tokenize(sql);
    token_cursor c{tokens};
    const bool create = c.is("create") && (c.is("table", 1) || c.is("table", 2));
    const bool alter = c.is("alter") && c.is("table", 1);
    if (!create && !alter) return std::string(sql);
    std::string out;
    std::size_t copied = 0;
    int depth = 0;
    // A type token follows a column name at the start of a column definition: after the opening
    // parenthesis or a comma of a CREATE TABLE, or after ADD [COLUMN] of an ALTER TABLE.
    for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
        const token& k = tokens[i];
        if (k.type == token::kind::punct && k.text[0] == '(') ++depth;
        if (k.type == token::kind::punct && k.text[0] == ')') --depth;
        const bool column_start = (create && depth == 1 && k.type == token::kind::punct &&
                                   (k.text[0] == '(' || k.text[0] == ',')) ||
                                  (alter && k.type == token::kind::word &&
                                   (iequals(k.text, "add") || iequals(k.text, "column")) && depth == 0);
        if (!column_start) continue;
        std::size_t name = i + 1;
        if (alter && iequals(k.text, "add") && name < tokens.size() && iequals(tokens[name].text, "column"))
            continue;
        if (name + 1 >= tokens.size()) break;
        const token& col = tokens[name];
        const token& type = tokens[name + 1];
        if (col.type != token::kind::word && col.type != token::kind::quoted) continue;
        if (type.type != token::kind::word) continue;
        for (std::string_view constraint : {"constraint", "primary", "unique", "check", "foreign"})
            if (iequals(col.text, constraint)) goto next;
        {
            const std::string t = upper(type.text);
            std::size_t type_end = type.offset + type.text.size();
            std::size_t after = name + 2;
            if (t == "DATETIME" || t == "INTERVAL") {
                // The qualifier: unit words, TO, and "(n)" groups.
                while (after < tokens.size()) {
                    const token& q = tokens[after];
                    const bool unit_word = q.type == token::kind::word && is_qualifier_word(q.text);
                    const bool group =
                        q.type == token::kind::punct && q.text[0] == '(' && after + 2 < tokens.size() &&
                        tokens[after + 2].type == token::kind::punct && tokens[after + 2].text[0] == ')';
                    if (unit_word) {
                        type_end = q.offset + q.text.size();
                        ++after;
                    } else if (group) {
                        type_end = tokens[after + 2].offset + 1;
                        after += 3;
                    } else {
                        break;
                    }
                }
            } else if (after < tokens.size() && tokens[after].type == token::kind::punct &&
                       tokens[after].text[0] == '(') {
                while (after < tokens.size() &&
                       !(tokens[after].type == token::kind::punct && tokens[after].text[0] == ')'))
                    ++after;
                if (after < tokens.size()) type_end = tokens[after].offset + 1;
            }
            const std::string declared(sql.substr(type.offset, type_end - type.offset));
            std::string column = std::string(col.text);
            if (col.type == token::kind::word && sqlite_reserved_word(col.text)) {
                // CREATE TABLE t (table INT): a name to Informix, a keyword to SQLite.
                column = "\"" + column + "\"";
                out.append(sql.substr(copied, col.offset - copied));
                out.append(column);
                copied = col.offset + col.text.size();
            }
            out.append(sql.substr(copied, type.offset - copied));
            out.append(storage_type(declared));
            out.append(column_check(column, declared));
            copied = type_end;
        }
    next:;
    }
    out.append(sql.substr(copied));
    return out;
}

std::string storage_type(std::string_view declared) {
    const column_type type = type_from_declaration(declared);
    switch (type.code) {
        case sqltype::decimal:
        case sqltype::money: {
            // Exact text with numeric ordering; the name keeps the declaration for describe.
            const auto paren = declared.find('(');
            const std::string base = upper(declared.substr(0, paren));
            return base + "_TEXT" +
                   std::string(paren == std::string_view::npos ? "" : declared.substr(paren)) +
                   " COLLATE ifx_decimal";
        }
        case sqltype::datetime:
            return "DATETIME_TEXT(" + std::to_string(type.encoded_length) + ")";
        case sqltype::interval:
            // "INT" anywhere in a SQLite type name means integer affinity; the name avoids it.
            return "IVL_TEXT(" + std::to_string(type.encoded_length) + ")";
        case sqltype::serial:
        case sqltype::serial8:
        case sqltype::bigserial:
            return std::string(declared) + " DEFAULT 0";
        case sqltype::byte:
            return "BYTE_BLOB";  // "BYTE" alone would get NUMERIC affinity
        case sqltype::char_:
        case sqltype::nchar:
        case sqltype::varchar:
        case sqltype::nvarchar:
        case sqltype::lvarchar:
            // Informix compares character values as if the shorter were padded with blanks:
            // 'a' = 'a  ' for CHAR and VARCHAR alike. RTRIM is SQLite's collation for exactly that.
            return std::string(declared) + " COLLATE RTRIM";
        case sqltype::integer:
            // SQLite makes an "INTEGER" PRIMARY KEY an alias of the rowid, which turns an inserted
            // NULL into a new key instead of -391; "INT" has the same affinity without the alias.
            return upper(declared) == "INTEGER" ? std::string("INT") : std::string(declared);
        default:
            return std::string(declared);
    }
}

std::string column_check(std::string_view column, std::string_view declared) {
    const column_type type = type_from_declaration(declared);
    int kind = 0;
    int arg = 0;
    switch (type.code) {
        case sqltype::smallint:
            kind = check_kind::smallint;
            break;
        case sqltype::integer:
        case sqltype::serial:
            kind = check_kind::integer;
            break;
        case sqltype::int8:
        case sqltype::serial8:
        case sqltype::bigint:
        case sqltype::bigserial:
            kind = check_kind::bigint;
            break;
        case sqltype::float_:
        case sqltype::smallfloat:
            kind = check_kind::floating;
            break;
        case sqltype::decimal:
        case sqltype::money:
            kind = check_kind::decimal;
            arg = type.encoded_length;
            break;
        case sqltype::date:
            kind = check_kind::date;
            break;
        case sqltype::datetime:
            kind = check_kind::datetime;
            arg = type.encoded_length;
            break;
        case sqltype::interval:
            kind = check_kind::interval;
            arg = type.encoded_length;
            break;
        case sqltype::boolean:
            kind = check_kind::boolean;
            break;
        case sqltype::byte:
        case sqltype::text:
            kind = check_kind::blob;
            break;
        default:
            return {};
    }
    return " CHECK (ifx_valid(" + std::string(column) + ", " + std::to_string(kind) + ", " +
           std::to_string(arg) + "))";
}

}  // namespace ifx::lite
